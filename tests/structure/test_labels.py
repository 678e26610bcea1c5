"""Speaker labels told from prose in plain text, for every label style of the corpus."""

from __future__ import annotations

import pytest

from communique.pipeline import Pipeline


def turns_of(pipeline: Pipeline, body: str) -> list[tuple[str | None, str]]:
    doc = pipeline.parse_bytes(body.encode("utf-8"), path="transcript.txt")
    return [(t.speaker_label, t.text) for t in doc.turns]


OPENING = "Thank you all for coming today. We will start with a short statement."


@pytest.mark.parametrize(
    ("paragraph", "label", "text"),
    [
        ("Sergey Lavrov: We did not discuss it.", "Sergey Lavrov", "We did not discuss it."),
        ("Question: What about the border?", "Question", "What about the border?"),
        ("Q: What about the border?", "Q", "What about the border?"),
        ("A: We have said so before.", "A", "We have said so before."),
        ("MS. JEAN-PIERRE:  Good afternoon, everyone.", "MS. JEAN-PIERRE", "Good afternoon, everyone."),
        ("Q    Thanks, Karine. On Ukraine?", "Q", "Thanks, Karine. On Ukraine?"),
        ("Q    — and on the tariffs, too?", "Q", "— and on the tariffs, too?"),
        ("Q    Two things: the port and the tariffs.", "Q", "Two things: the port and the tariffs."),
        (
            "The President: I now give the floor to Mr. Chambas.",
            "The President",
            "I now give the floor to Mr. Chambas.",
        ),
        (
            "Mr. Nebenzia (Russian Federation): I thank the briefers.",
            "Mr. Nebenzia (Russian Federation)",
            "I thank the briefers.",
        ),
        ("Anna Smirnova (Channel One): Good evening.", "Anna Smirnova (Channel One)", "Good evening."),
        (
            "President of Russia Vladimir Putin (retranslated): Good afternoon.",
            "President of Russia Vladimir Putin (retranslated)",
            "Good afternoon.",
        ),
        (
            "Yury Kulinkov, ship fitter, mechanical adjustment shop: Hello.",
            "Yury Kulinkov, ship fitter, mechanical adjustment shop",
            "Hello.",
        ),
        (
            "President of Syria Bashar al-Assad (retranslated): Thank you.",
            "President of Syria Bashar al-Assad (retranslated)",
            "Thank you.",
        ),
        ("Reuters: Do you have a comment?", "Reuters", "Do you have a comment?"),
        ("Jane Roe — Reuters: And the port?", "Jane Roe — Reuters", "And the port?"),
        ("Jane Roe / Kyodo: And the port?", "Jane Roe / Kyodo", "And the port?"),
        ("Jane Doe, for Reuters: And the port?", "Jane Doe, for Reuters", "And the port?"),
        ("MINISTER:: We will see.", "MINISTER", "We will see."),
        ("Follow-up: And the second point?", "Follow-up", "And the second point?"),
        ("Question from Izhevsk: Good afternoon.", "Question from Izhevsk", "Good afternoon."),
        (
            "The following question was raised after the press conference: Any comment on the talks?",
            "The following question was raised after the press conference",
            "Any comment on the talks?",
        ),
        ("Zhao Lijian：We have noted the reports.", "Zhao Lijian", "We have noted the reports."),
    ],
)
def test_labels_open_a_turn(pipeline: Pipeline, paragraph: str, label: str, text: str) -> None:
    turns = turns_of(pipeline, f"{OPENING}\n\n{paragraph}\n\nThis paragraph continues the turn.")
    assert turns[1] == (label, f"{text}\nThis paragraph continues the turn.")


@pytest.mark.parametrize(
    "paragraph",
    [
        "The answer is simple: we will not accept it.",
        "Note: the figures are preliminary.",
        "The following issues were discussed:",
        "Second: I did not throw anybody out.",
        "My question is: when will the prices go down?",
        "Mr President, my question is as follows: when will we have affordable mortgages?",
        "I repeat: the party supports all of these candidates.",
        "Lipetsk, Yevgeny Zaitsev: “About 1,500 defrauded housing equity holders are waiting.”",
        "Meeting points: the main entrance of the building.",
        "Contact telephone numbers: 123 45 67.",
        "The document reads, in full: Article 1.",
        "Entry from 10.00 am to 11.00 am: at the north gate.",
        "China's position is clear: we oppose interference.",
        "At 10:00 a.m. tomorrow, the Foreign Ministry will hold a briefing.",
        "(Addressing Presidential Aide Andrei Belousov): Andrei, is it 180?",
    ],
)
def test_labels_colon_in_prose_is_not_a_label(pipeline: Pipeline, paragraph: str) -> None:
    turns = turns_of(pipeline, f"Vladimir Putin: {OPENING}\n\n{paragraph}")
    assert [label for label, _ in turns] == ["Vladimir Putin"]
    assert turns[0][1].endswith(paragraph)


def test_labels_plain_paragraph_repeating_a_page_label_is_a_label(pipeline: Pipeline) -> None:
    body = (
        "Vladimir Putin: Good afternoon.\n\nQuestion: What next?\n\n"
        "Vladimir Putin: we will see, as always.\n\nQuestion: Thank you."
    )
    assert [label for label, _ in turns_of(pipeline, body)] == ["Vladimir Putin", "Question"] * 2


def test_labels_text_without_labels_is_one_unlabelled_turn(pipeline: Pipeline) -> None:
    body = "The talks took place in Baku.\n\nBoth sides praised the results.\n\nA joint statement was adopted."
    turns = turns_of(pipeline, body)
    assert turns == [
        (
            None,
            "The talks took place in Baku.\nBoth sides praised the results.\nA joint statement was adopted.",
        )
    ]


def test_labels_note_heading_without_text_before_a_label_opens_no_turn(pipeline: Pipeline) -> None:
    body = (
        "A: That concludes the briefing.\n\n"
        "The following questions were posed after the regular press conference:\n\n"
        "Q: Any comment on the vote?\n\nA: None."
    )
    assert [label for label, _ in turns_of(pipeline, body)] == ["A", "Q", "A"]


def test_a_title_loses_the_sites_name_and_gives_up_the_place_appended_to_it(pipeline: Pipeline) -> None:
    from communique.structure.header import clean_title

    lexicon = pipeline.lexicon
    assert clean_title("Remarks by the President in Press Briefing | The White House", lexicon) == (
        "Remarks by the President in Press Briefing",
        None,
    )
    assert clean_title("Doorstop Interview, Treasury Place, Melbourne", lexicon) == (
        "Doorstop Interview",
        "Treasury Place, Melbourne",
    )
    assert clean_title("Joint press conference with the President of Nauru - Brisbane", lexicon)[1] == "Brisbane"
    assert clean_title("Interview with Jane Roe, Today Show, Channel Nine", lexicon)[1] is None
    assert clean_title("Press Conference on Trade, Investment and Jobs", lexicon)[1] is None
    assert clean_title("Statement on the Situation in the Sahel, Mali", lexicon)[1] is None  # a topic
    assert clean_title(
        "Joint Press Conference with the Prime Minister of Fiji Parliament House, Canberra", lexicon
    ) == (
        "Joint Press Conference with the Prime Minister of Fiji",
        "Parliament House, Canberra",
    )


def test_labels_a_comma_then_a_clause_is_no_designation(pipeline: Pipeline) -> None:
    from communique.structure.labels import Candidate, judge

    verdict = judge(Candidate("First, to Prime Minister", "what comes after the summit?"), pipeline.lexicon, 40)
    assert not verdict.is_label and verdict.reason == "a clause after a comma"
