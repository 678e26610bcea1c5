"""An event's date and status come from its own sentence: tense, time expressions, hopes and conditions
(EVENTS.md "Status" and "Dates"). The sentences are made up; the document is dated 25 October 2024."""

from __future__ import annotations

import pytest

from communique.model import Document, Event
from communique.pipeline import Pipeline

DAY = "2024-10-25"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _only(pipeline: Pipeline, text: str, type_: str) -> Event:
    events = [e for e in pipeline.parse_text(text, date=DAY).events if e.type == type_]
    assert len(events) == 1, (text, events)
    return events[0]


def _statement(pipeline: Pipeline, body: str) -> Document:
    """A minister's statement after talks, dated 24 June 2022: a speaker's turn, not the publisher's account."""
    page = (
        "15:00\n\nForeign Minister Sergey Lavrov’s statement following talks with Foreign Minister of the "
        "Republic of Azerbaijan Jeyhun Bayramov, Baku, June 24, 2022\n\n1331-24-06-2022\n\n" + body + "\n"
    )
    return pipeline.parse_bytes(page.encode("utf-8"), path="mid.ru/1331-24-06-2022.txt")


def test_a_past_attack_without_a_date_of_its_own_has_none(pipeline: Pipeline) -> None:
    attack = _only(pipeline, "Iran attacked Israel with ballistic missiles.", "ASSAULT")
    assert (attack.status, attack.date) == ("asserted", None)


def test_a_past_act_told_by_a_speaker_has_no_date_but_the_speakers_own_act_has_the_days(pipeline: Pipeline) -> None:
    doc = _statement(pipeline, "Germany condemned the decision of Lithuania. We condemn the shelling of Donetsk.")
    dates = {e.text: e.date for e in doc.events if e.type == "ACCUSE"}
    assert dates["Germany condemned the decision of Lithuania."] is None
    assert dates["We condemn the shelling of Donetsk."] == "2022-06-24"


@pytest.mark.parametrize(
    ("text", "type_", "date"),
    [
        ("Yesterday Russia and China held talks in Beijing.", "CONSULT", "2024-10-24"),
        ("Last week Brazil and Argentina signed a trade agreement.", "AGREE", "2024-10-14/2024-10-20"),
        ("On Tuesday Turkey and Greece held talks.", "CONSULT", "2024-10-22"),
        ("Earlier today Israeli soldiers arrested a Palestinian journalist.", "COERCE", DAY),
    ],
)
def test_a_relative_time_expression_resolves_against_the_document_date(
    pipeline: Pipeline, text: str, type_: str, date: str
) -> None:
    event = _only(pipeline, text, type_)
    assert (event.status, event.date) == ("asserted", date)


def test_a_past_narrative_the_following_week_is_asserted_and_not_dated_from_the_page(pipeline: Pipeline) -> None:
    sanctions = _only(pipeline, "The following week Canada imposed sanctions on Belarus.", "SANCTION")
    assert (sanctions.status, sanctions.date) == ("asserted", None)


def test_the_next_sentence_of_a_dated_story_keeps_its_date(pipeline: Pipeline) -> None:
    doc = pipeline.parse_text(
        "Yesterday Chile and Peru held talks in Lima. Chile thanked Peru for its help after the floods.", date=DAY
    )
    [thanks] = [e for e in doc.events if e.type == "SUPPORT"]
    assert thanks.date == "2024-10-24"


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Chile hopes to expand its cooperation with Peru.", "COOPERATE"),
        ("Kenya expressed hope for closer cooperation with Ethiopia.", "COOPERATE"),
        ("Russia will hold talks with China.", "CONSULT"),
    ],
)
def test_a_hope_or_intention_is_planned_and_undated(pipeline: Pipeline, text: str, type_: str) -> None:
    event = _only(pipeline, text, type_)
    assert (event.status, event.date) == ("planned", None)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Russia will hold talks with China in April.", "2025-04"),  # next April, said in October
        ("Russia will hold talks with China on Tuesday.", "2024-10-29"),
    ],
)
def test_a_planned_event_takes_its_own_date_read_forward(pipeline: Pipeline, text: str, date: str) -> None:
    talks = _only(pipeline, text, "CONSULT")
    assert (talks.status, talks.date) == ("planned", date)


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Norway will send aid to Chile if the earthquake worsens.", "AID"),
        ("Japan will help defend the Philippines should China attack them.", "AID"),
        ("Germany and France should deepen their cooperation and expand trade.", "COOPERATE"),
    ],
)
def test_a_conditional_or_proposal_is_hypothetical(pipeline: Pipeline, text: str, type_: str) -> None:
    assert _only(pipeline, text, type_).status == "hypothetical"


def test_a_conditional_warning_stays_a_threat(pipeline: Pipeline) -> None:
    threat = _only(pipeline, "Poland will impose sanctions on Belarus if it closes the border.", "THREATEN")
    assert threat.status == "planned"


def test_wanting_to_thank_is_the_thanks_itself(pipeline: Pipeline) -> None:
    thanks = _only(pipeline, "I want to thank Japan for its help.", "SUPPORT")
    assert (thanks.status, thanks.date) == ("asserted", DAY)


def test_an_agreement_made_is_asserted(pipeline: Pipeline) -> None:
    agreed = _only(pipeline, "Both sides agreed to expand trade between China and Brazil.", "AGREE")
    assert agreed.status == "asserted"


@pytest.mark.parametrize(
    ("text", "type_", "date"),
    [
        ("Brazil and Germany are holding talks in Berlin.", "CONSULT", DAY),  # the meeting of the day
        ("Spain is helping Morocco.", "AID", None),  # help that goes on has no day
    ],
)
def test_the_present_is_the_day_for_meetings_and_speech_but_not_for_ongoing_help(
    pipeline: Pipeline, text: str, type_: str, date: str | None
) -> None:
    event = _only(pipeline, text, type_)
    assert (event.status, event.date) == ("asserted", date)


def test_an_event_noun_said_to_be_over_took_place_and_has_no_date(pipeline: Pipeline) -> None:
    meeting = _only(pipeline, "You may refer to the recent meeting between China and India.", "CONSULT")
    assert (meeting.status, meeting.date) == ("asserted", None)
