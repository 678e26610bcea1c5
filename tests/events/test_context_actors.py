"""Actors from the transcript's own context: who speaks, to whom, for which state (issue 13)."""

from __future__ import annotations

from pathlib import Path

from communique.model import Document, Event
from communique.pipeline import Pipeline


def countries(actors: list) -> list[str | None]:
    return [a.country for a in actors]


def event(doc: Document, words: str) -> Event:
    [found] = [e for e in doc.events if words in e.text]
    return found


def page(pipeline: Pipeline, path: str, text: str) -> Document:
    return pipeline.parse_bytes(text.encode("utf-8"), path=path)


def test_we_of_an_official_without_an_affiliation_is_the_publishers_state(nlp_pipeline: Pipeline) -> None:
    """A White House label gives no country ("THE PRESIDENT:"): the site's state is the speaker's."""
    doc = page(
        nlp_pipeline,
        "whitehouse.gov/briefing-1.txt",
        "Remarks by the President in Press Briefing\n\n"
        "THE PRESIDENT: Good afternoon. We imposed new sanctions on Venezuela this morning.\n",
    )
    sanctions = event(doc, "sanctions")
    assert countries(sanctions.source) == ["USA"] and countries(sanctions.target) == ["VEN"]


def test_a_site_without_a_profile_is_known_by_its_folder(nlp_pipeline: Pipeline, tmp_path: Path) -> None:
    """A transcript of the Australian Prime Minister's office, filed under the site's folder."""
    folder = tmp_path / "pmtranscripts.pmc.gov.au"
    folder.mkdir()
    path = folder / "transcript-1.txt"
    path.write_text(
        "Press Conference, Canberra\n\nPRIME MINISTER: We will provide flood relief to Fiji.\n", encoding="utf-8"
    )
    doc = nlp_pipeline.parse_path(path)
    relief = event(doc, "flood relief")
    assert countries(relief.source) == ["AUS"] and countries(relief.target) == ["FJI"]


def test_the_guest_speaks_for_the_state_the_title_gives_them(nlp_pipeline: Pipeline) -> None:
    """At a bilateral meeting, "we" of each leader is their own state, and "you" the other party,
    even where no one was addressed by name before it."""
    doc = page(
        nlp_pipeline,
        "whitehouse.gov/remarks-2.txt",
        "Remarks by President Biden and President Mwangi of the Republic of Kenya Before Bilateral Meeting\n\n"
        "PRESIDENT BIDEN: We signed a health agreement with Tanzania last year.\n\n"
        "PRESIDENT MWANGI: I want to thank you for your support to our farmers.\n",
    )
    signed = event(doc, "health agreement")
    assert countries(signed.source) == ["USA"] and countries(signed.target) == ["TZA"]
    thanks = event(doc, "thank you")
    assert countries(thanks.source) == ["KEN"] and countries(thanks.target) == ["USA"]


def test_the_journalists_interlocutor_is_no_actor(nlp_pipeline: Pipeline) -> None:
    doc = page(
        nlp_pipeline,
        "whitehouse.gov/gaggle-2.txt",
        "Press Gaggle by Press Secretary Jane Roe En Route Denver, CO\n\n"
        "MS. ROE: Good morning.\n\nQ: Does the White House support the plan?\n\n"
        "MS. ROE: We support you in this.\n",
    )
    assert not [e for e in doc.events if "support you" in e.text and e.target]


def test_the_president_is_the_publishers_office_holder(nlp_pipeline: Pipeline) -> None:
    doc = page(
        nlp_pipeline,
        "whitehouse.gov/gaggle-3.txt",
        "Press Gaggle by Press Secretary Jane Roe En Route Denver, CO, June 2, 2022\n\n"
        "MS. ROE: The President will meet with Prime Minister Boris Johnson on Tuesday.\n",
    )
    meeting = event(doc, "will meet")
    assert countries(meeting.source) == ["USA"] and countries(meeting.target) == ["GBR"]


def test_the_parties_are_the_pair_named_before_not_the_talks_participants(nlp_pipeline: Pipeline) -> None:
    text = (
        "Foreign Minister Sergey Lavrov’s statement following talks with Foreign Minister of Turkey Mevlut "
        "Cavusoglu, Moscow, June 24, 2022\n\n1-24-06-2022\n\n"
        "Chile and Peru met at the fisheries commission last week. The parties agreed to meet again in Lima.\n\n"
        "We discussed Syria and Libya with our guests. The parties agreed to continue consultations.\n"
    )
    doc = page(nlp_pipeline, "mid.ru/1-24-06-2022.txt", text)
    again = event(doc, "meet again")
    assert sorted(countries(again.source)) == ["CHL", "PER"]
    consultations = event(doc, "continue consultations")
    assert sorted(countries(consultations.source)) == ["RUS", "TUR"]


def test_treaties_venues_topics_and_weapon_makers_are_no_parties(nlp_pipeline: Pipeline) -> None:
    def code(text: str) -> Event:
        [found] = nlp_pipeline.parse_text(text, date="2024-03-01").events
        return found

    assert countries(code("Armenia ratified the Rome Statute.").target) == []
    assert countries(code("Ukraine welcomed the ratification of the Rome Statute by Armenia.").target) == ["ARM"]
    assert countries(code("Kenya criticised the Moscow Declaration.").target) == []
    assert countries(code("Norway discussed Syria with Turkey.").target) == ["TUR"]
    assert countries(code("India fired Israeli-made missiles at Pakistani posts.").target) == ["PAK"]
    assert "ISR" not in countries(code("Indian troops attacked militants with Israeli missiles.").target)


def test_a_states_embassy_abroad_is_its_own(nlp_pipeline: Pipeline) -> None:
    [asked] = nlp_pipeline.parse_text(
        "The Chinese embassy in Nigeria has asked the Nigerian side to free the sailors.", date="2024-03-01"
    ).events
    assert countries(asked.source) == ["CHN"] and countries(asked.target) == ["NGA"]


def test_you_among_one_states_officials_is_that_state(nlp_pipeline: Pipeline) -> None:
    """A minister reporting to their president, with no press present: "you" is their own state."""
    doc = page(
        nlp_pipeline,
        "kremlin.ru/12345.txt",
        "Meeting with Minister of Energy Ivan Petrov\n\n"
        "President of Russia Vladimir Putin: Good afternoon. How is the heating season going?\n\n"
        "Minister of Energy Ivan Petrov: Mr President, everything is on schedule. "
        "I ask that you support our plan for the northern regions.\n",
    )
    asked = event(doc, "I ask")
    assert countries(asked.source) == ["RUS"] and countries(asked.target) == ["RUS"]


def test_a_party_at_home_is_the_sources_own_country(nlp_pipeline: Pipeline) -> None:
    """A partner named that is no foreign actor is of the source's country; a thing or an unnamed one is no party."""
    doc = page(
        nlp_pipeline,
        "whitehouse.gov/briefing-4.txt",
        "Press Briefing by Press Secretary Jane Roe, May 3, 2023\n\n"
        "MS. ROE: We are cooperating closely with the governors on the recovery.\n\n"
        "MS. ROE: We strongly support it.\n",
    )
    working = event(doc, "governors")
    assert countries(working.source) == ["USA"] and countries(working.target) == ["USA"]
    assert not [e for e in doc.events if "support it" in e.text and e.target]


def test_a_body_of_no_named_country_is_the_speakers_when_nothing_foreign_is_named(nlp_pipeline: Pipeline) -> None:
    """ "The Transport Ministry" is a body of the speaker's state, unless the sentence names another."""
    doc = page(
        nlp_pipeline,
        "whitehouse.gov/briefing-7.txt",
        "Press Briefing by Press Secretary Jane Roe, May 3, 2023\n\n"
        "MS. ROE: We are working closely with the Transport Ministry on the new rail line.\n\n"
        "MS. ROE: We are working closely with the Transport Ministry in Peru on the new rail line.\n",
    )
    home, abroad = [e for e in doc.events if "Transport Ministry" in e.text]
    assert countries(home.source) == ["USA"] and countries(home.target) == ["USA"]
    assert countries(abroad.target) == ["PER"]


def test_what_a_question_asks_is_no_event_but_what_it_states_is(nlp_pipeline: Pipeline) -> None:
    doc = page(
        nlp_pipeline,
        "whitehouse.gov/gaggle-5.txt",
        "Press Gaggle by Press Secretary Jane Roe En Route Denver, CO, June 2, 2022\n\n"
        "Q: Did Japan and China agree on a new fishing quota?\n\n"
        "Q: After Japan sanctioned Russian banks in May, what comes next?\n\n"
        "Q: I want to ask you about the visit to Brazil.\n\n"
        "MS. ROE: Japan and China agreed on a fishing quota last week.\n",
    )
    assert [e.type for e in doc.events if "fishing quota" in e.text] == ["AGREE"]
    assert [e.text for e in doc.events if e.type == "AGREE"] == ["Japan and China agreed on a fishing quota last week."]
    assert [(e.type, countries(e.source)) for e in doc.events if "comes next" in e.text] == [("SANCTION", ["JPN"])]
    assert not [e for e in doc.events if "ask you" in e.text]


def test_he_and_she_stand_for_the_person_named_before(nlp_pipeline: Pipeline) -> None:
    doc = nlp_pipeline.parse_text(
        "Sergey Lavrov arrived in Ankara on Monday. He criticised Washington for its new tariffs.", date="2022-03-01"
    )
    criticism = event(doc, "criticised")
    assert countries(criticism.source) == ["RUS"] and countries(criticism.target) == ["USA"]


def test_a_un_mission_is_the_un(nlp_pipeline: Pipeline) -> None:
    doc = nlp_pipeline.parse_text("Belgium praised UNOWAS for its mediation in the region.", date="2020-01-08")
    praise = event(doc, "praised")
    assert countries(praise.source) == ["BEL"] and countries(praise.target) == ["UN"]
