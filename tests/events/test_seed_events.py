"""Entities and events of the seed, the mid.ru statement after talks in Baku, as a reader would check them."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.model import Document, Event
from communique.pipeline import Pipeline

SEED = Path(__file__).resolve().parents[2] / "examples" / "mid.ru" / "1331-24-06-2022.txt"


@pytest.fixture(scope="module")
def seed(nlp_pipeline: Pipeline) -> Document:
    return nlp_pipeline.parse_path(SEED)


def _countries(actors: list) -> set[str | None]:
    return {a.country for a in actors}


def _sentence(doc: Document, words: str) -> list[Event]:
    return [e for e in doc.events if words in e.text]


def test_seed_names_its_states_and_organisations(seed: Document) -> None:
    by_text = {(m.text, m.actor.country if m.actor else None) for m in seed.mentions}
    for text, country in [
        ("Russia", "RUS"), ("the Russian Federation", "RUS"), ("Russian", "RUS"),
        ("Azerbaijan", "AZE"), ("Azerbaijani", "AZE"), ("Baku", "AZE"), ("Yerevan", "ARM"),
        ("Iran", "IRN"), ("Turkey", "TUR"), ("UN", "UN"), ("OSCE", "OSCE"),
    ]:  # fmt: skip
        assert (text, country) in by_text, text
    found = {m.actor.country for m in seed.mentions if m.actor}
    assert {"EU", "NATO", "OSCE", "UN", "RUS", "AZE"} <= found


def test_seed_capital_used_for_a_government_is_that_government(seed: Document) -> None:
    moscow = [m for m in seed.mentions if m.text == "Moscow"]
    assert moscow and all(m.actor and (m.actor.country, m.actor.sector) == ("RUS", "GOV") for m in moscow)


def test_seed_hostile_adjective_and_document_number_are_no_entities(seed: Document) -> None:
    texts = {m.text for m in seed.mentions}
    assert not any("Russophobic" in t for t in texts)
    assert not any("1331" in t for t in texts)


def test_seed_spans_point_into_the_text(seed: Document) -> None:
    for span in [*seed.mentions, *seed.events]:
        assert seed.text[span.start : span.end] == span.text


def test_seed_relative_dates_resolve_against_the_page_date(seed: Document) -> None:
    values = {m.text.lower(): m.value for m in seed.mentions if m.label == "DATE"}
    assert values["yesterday"] == "2022-06-23"
    assert values["today"] == "2022-06-24"
    assert values["june 29, 2022"] == "2022-06-29"


def test_seed_signing_is_an_agreement_of_both_states_today(seed: Document) -> None:
    [signed] = [e for e in _sentence(seed, "Today, we have signed yet another document") if e.type == "AGREE"]
    assert signed.status == "asserted"
    assert signed.date == "2022-06-24"
    assert _countries(signed.source) == {"RUS", "AZE"}
    assert _countries(signed.target) == {"RUS", "AZE"}
    assert "signed" in (signed.trigger or "")
    assert signed.speaker == "Sergey Lavrov"


def test_seed_talks_with_aliyev_yesterday_are_a_meeting_of_the_day_before(seed: Document) -> None:
    [received] = [e for e in _sentence(seed, "who received us yesterday") if e.trigger == "received"]
    assert received.type == "CONSULT"
    assert received.date == "2022-06-23" and received.date_text == "yesterday"
    assert any(a.name == "Ilham Aliyev" and a.country == "AZE" for a in received.source)
    assert _countries(received.target) == {"RUS"}


def test_seed_caspian_summit_is_planned_for_june_29_in_ashgabat(seed: Document) -> None:
    summit = [e for e in _sentence(seed, "June 29, 2022 meeting in Ashgabat") if e.type == "CONSULT"]
    assert [(e.status, e.date, e.place) for e in summit] == [("planned", "2022-06-29", "Ashgabat")]


def test_seed_russophobic_eu_is_an_accusation_by_russia(seed: Document) -> None:
    [accusation] = _sentence(seed, "primarily Russophobic, undertone")
    assert accusation.type == "ACCUSE"
    assert _countries(accusation.source) == {"RUS"}
    assert _countries(accusation.target) == {"EU"}


def test_seed_undiscussed_minsk_group_is_no_asserted_meeting(seed: Document) -> None:
    events = _sentence(seed, "We did not discuss the Minsk Group")
    assert all(e.status == "negated" for e in events if e.type == "CONSULT")
    assert not [e for e in events if e.type == "CONSULT" and e.status == "asserted"]


def test_seed_agreement_to_meet_in_moscow_is_an_agreement_made(seed: Document) -> None:
    # EVENTS.md: a completed act of agreeing ("we agreed to ...") is asserted; what was agreed is yet to happen
    [meet] = _sentence(seed, "The parties agreed to meet in Moscow")
    assert (meet.type, meet.status, meet.place) == ("AGREE", "asserted", "Moscow")
    assert _countries(meet.source) == {"RUS", "AZE"}


def test_seed_question_turns_are_coded_with_their_turn(seed: Document) -> None:
    asked = [e for e in seed.events if e.role == "journalist"]
    assert asked, "the journalists' questions report events too"
    assert all(seed.turns[e.turn or 0].role == e.role for e in seed.events)
    assert all(seed.turns[e.turn or 0].kind == "question" for e in asked)
    assert any(e.type == "AGREE" and e.date == "2022-06-24" for e in asked)  # "... was signed during the meeting today"
