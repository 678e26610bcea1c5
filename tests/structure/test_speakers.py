"""Labels resolved to the people a document introduces, with role and turn kind."""

from __future__ import annotations

from communique.pipeline import Pipeline


def parse(pipeline: Pipeline, body: str, path: str = "briefing.txt"):
    return pipeline.parse_bytes(body.encode("utf-8"), path=path)


def test_speakers_capitalised_surname_resolves_to_the_full_name(pipeline: Pipeline) -> None:
    doc = parse(
        pipeline,
        "Press Briefing by Press Secretary Karine Jean-Pierre\n\n"
        "MS. JEAN-PIERRE:  Good afternoon, everyone.\n\nQ    Thanks, Karine. Any update?\n\n"
        "MS. JEAN-PIERRE:  Not today.",
    )
    assert [t.speaker for t in doc.turns] == ["Karine Jean-Pierre", None, "Karine Jean-Pierre"]
    assert [t.role for t in doc.turns] == ["official", "journalist", "official"]
    assert [t.kind for t in doc.turns] == ["statement", "question", "answer"]
    assert doc.exchanges[0].answerer == "Karine Jean-Pierre"


def test_speakers_short_label_resolves_to_the_designated_person(pipeline: Pipeline) -> None:
    doc = parse(
        pipeline,
        "Meeting with students, Moscow, May 5, 2019\n\n"
        "President of Russia Vladimir Putin: Good afternoon, friends.\n\n"
        "Alisa Shmelyova, metrology engineer: Mr President, may I ask a question?\n\n"
        "Vladimir Putin: Of course.",
    )
    assert [t.speaker for t in doc.turns] == ["Vladimir Putin", "Alisa Shmelyova", "Vladimir Putin"]
    putin = next(p for p in doc.participants if p.name == "Vladimir Putin")
    assert (putin.role, putin.affiliation) == ("President", "RUS")
    assert doc.turns[1].role == "other" and doc.turns[1].kind == "question"
    assert doc.turns[2].kind == "answer"


def test_speakers_un_delegate_country_becomes_affiliation(pipeline: Pipeline) -> None:
    doc = parse(
        pipeline,
        "The President: I give the floor to the representative of the Russian Federation.\n\n"
        "Mr. Nebenzia (Russian Federation): I thank the President.\n\n"
        "Mrs. Gueguen (France) (spoke in French): France welcomes the report.",
    )
    assert [(t.speaker, t.affiliation, t.role) for t in doc.turns[1:]] == [
        ("Mr. Nebenzia", "RUS", "official"),
        ("Mrs. Gueguen", "FRA", "official"),
    ]


def test_speakers_outlet_in_label_makes_a_journalist(pipeline: Pipeline) -> None:
    doc = parse(
        pipeline,
        "Vladimir Putin: Please, go ahead.\n\nAnna Smirnova (Channel One): What will the budget be?\n\n"
        "Vladimir Putin: Balanced.",
    )
    asker = doc.turns[1]
    assert (asker.speaker, asker.role, asker.kind) == ("Anna Smirnova", "journalist", "question")
    assert doc.exchanges[0].asker == "Anna Smirnova"
    assert doc.exchanges[0].answerer == "Vladimir Putin"


def test_speakers_spokesperson_answers_q_a_briefings(pipeline: Pipeline) -> None:
    doc = parse(
        pipeline,
        "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on March 1, 2019\n\n"
        "Q: Can you confirm the visit?\n\nFollow-up: When?\n\nA: I have no information.",
        path="fmprc.gov.cn/t1.txt",
    )
    assert doc.date == "2019-03-01"
    assert [t.speaker for t in doc.turns] == [None, None, "Hua Chunying"]
    assert [(e.question, e.answer, e.answerer) for e in doc.exchanges] == [([0, 1], [2], "Hua Chunying")]
    spokesperson = doc.participants[0]
    assert (spokesperson.name, spokesperson.affiliation) == ("Hua Chunying", "CHN")


def test_speakers_third_person_lead_is_narration(pipeline: Pipeline) -> None:
    doc = parse(
        pipeline,
        "News conference of Vladimir Putin, Moscow, December 20, 2012\n\n"
        "Over 1,000 journalists were accredited to cover the news conference.\n\n"
        "Vladimir Putin: Good afternoon.",
    )
    assert (doc.turns[0].speaker, doc.turns[0].role, doc.turns[0].kind) == (None, "other", "narration")


def test_speakers_an_interviewer_is_a_journalist_in_every_turn_and_pm_is_the_prime_minister(
    pipeline: Pipeline,
) -> None:
    doc = parse(
        pipeline,
        "ROE: Prime Minister, good morning.\n\nPM: Good morning, Jane.\n\n"
        "ROE: Will the budget be in surplus this year?\n\nPM: Yes, it will be, and next year too.\n\n"
        "ROE: And the tax cuts?\n\nPM: They come in July.\n\n"
        "ROE: What about the pension changes?\n\nPM: Those are for the Treasurer to announce.\n\n"
        "ROE: Thanks for your time.\n\nPM: Thank you.",
    )
    assert {t.role for t in doc.turns if t.speaker_label == "ROE"} == {"journalist"}
    assert {t.role for t in doc.turns if t.speaker_label == "PM"} == {"official"}
    assert len(doc.exchanges) == 3
    assert ("Roe", "Journalist") in {(p.name, p.role) for p in doc.participants}


def test_speakers_an_aide_who_calls_on_reporters_chairs(pipeline: Pipeline) -> None:
    doc = parse(
        pipeline,
        "PRESIDENT DOE: Thank you all.\n\nWHITE HOUSE AIDE: First question, Reuters.\n\n"
        "Q    Will you meet the Chancellor?\n\nPRESIDENT DOE: Next week, in Berlin.",
    )
    assert doc.turns[1].role == "moderator"
    assert [(e.question, e.answer) for e in doc.exchanges] == [([2], [3])]


def test_participants_are_people_with_the_state_their_title_gives(pipeline: Pipeline) -> None:
    """No "Before Bilateral Meeting" for a name; a guest's state from "of Ireland"; an official who speaks
    and is known by surname and date from the actor data (Joe Biden, President, 2023)."""
    doc = pipeline.parse_bytes(
        (
            b"---\ntitle: Remarks by President Biden and Prime Minister Martin of Ireland Before Bilateral Meeting\n"
            b"date: '2023-03-17'\n---\n\nOval Office\n\n10:01 A.M. EDT\n\n"
            b"PRESIDENT BIDEN: Welcome, Taoiseach.\n\nPRIME MINISTER MARTIN: Thank you, Mr. President.\n"
        ),
        path="whitehouse.gov/remarks.md",
    )
    people = {(p.name, p.affiliation) for p in doc.participants}
    assert ("Martin", "IRL") in people and ("Joe Biden", "USA") in people
    assert not any("Meeting" in p.name for p in doc.participants)


def test_participants_take_the_office_and_state_written_after_the_name(pipeline: Pipeline) -> None:
    from communique.structure.participants import designations

    [person] = designations(
        "Joint Press Conference with the Rt Hon Jane Roe, Prime Minister of Fiji", pipeline.lexicon, "AUS"
    )
    assert (person.name, person.role, person.affiliation) == ("Jane Roe", "Prime Minister", "FJI")
