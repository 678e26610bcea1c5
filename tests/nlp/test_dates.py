"""Date expressions resolved against the document date, and found in running text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from communique.nlp.dates import ResolvedDate, ahead, find_dates, names_period, resolve_date

SEED = Path(__file__).resolve().parents[2] / "examples" / "mid.ru" / "1331-24-06-2022.txt"
ANCHOR = "2022-06-24"  # the seed's date, a Friday


def value(text: str, anchor: dt.date | str | None = ANCHOR) -> str | None:
    resolved = resolve_date(text, anchor)
    return resolved.value if resolved else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", "2022-06-23"),
        ("today", "2022-06-24"),
        ("Today", "2022-06-24"),
        ("tomorrow", "2022-06-25"),
        ("the day before yesterday", "2022-06-22"),
        ("the day after tomorrow", "2022-06-26"),
        ("last night", "2022-06-23"),
        ("this morning", "2022-06-24"),
        ("yesterday evening", "2022-06-23"),
    ],
)
def test_dates_resolve_days_relative_to_the_anchor(text: str, expected: str) -> None:
    resolved = resolve_date(text, ANCHOR)
    assert resolved is not None
    assert (resolved.value, resolved.start, resolved.end, resolved.granularity) == (expected, expected, expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 29", "2022-06-29"),
        ("on June 29", "2022-06-29"),
        ("June 29th", "2022-06-29"),
        ("on June 29, 2022", "2022-06-29"),
        ("29 June 2022", "2022-06-29"),
        ("the 29th of June", "2022-06-29"),
        ("2022-06-29", "2022-06-29"),
        ("Wednesday, June 29", "2022-06-29"),
        ("Sept. 11, 2001", "2001-09-11"),
        ("February 22, 2022", "2022-02-22"),
    ],
)
def test_dates_resolve_written_days(text: str, expected: str) -> None:
    assert value(text) == expected


def test_dates_keep_only_the_date_words_of_a_longer_phrase() -> None:
    resolved = resolve_date("at their June 29, 2022 meeting", ANCHOR)
    assert resolved == ResolvedDate("June 29, 2022", "2022-06-29", "2022-06-29", "2022-06-29", "day")


def test_dates_drop_a_leading_preposition_from_the_text() -> None:
    resolved = resolve_date("on June 29, 2022", ANCHOR)
    assert resolved is not None and resolved.text == "June 29, 2022"


@pytest.mark.parametrize(
    ("text", "expected", "start", "end"),
    [
        ("in April", "2022-04", "2022-04-01", "2022-04-30"),
        ("April", "2022-04", "2022-04-01", "2022-04-30"),
        ("May", "2022-05", "2022-05-01", "2022-05-31"),
        ("early June", "2022-06", "2022-06-01", "2022-06-30"),
        ("the end of May", "2022-05", "2022-05-01", "2022-05-31"),
        ("mid-February", "2022-02", "2022-02-01", "2022-02-28"),
        ("June 2022", "2022-06", "2022-06-01", "2022-06-30"),
        ("April of 2020", "2020-04", "2020-04-01", "2020-04-30"),
        ("February this year", "2022-02", "2022-02-01", "2022-02-28"),
        ("December last year", "2021-12", "2021-12-01", "2021-12-31"),
        ("last November", "2021-11", "2021-11-01", "2021-11-30"),
        ("last March", "2022-03", "2022-03-01", "2022-03-31"),
        ("next January", "2023-01", "2023-01-01", "2023-01-31"),
        ("this month", "2022-06", "2022-06-01", "2022-06-30"),
        ("next month", "2022-07", "2022-07-01", "2022-07-31"),
        ("last month", "2022-05", "2022-05-01", "2022-05-31"),
        ("earlier this month", "2022-06", "2022-06-01", "2022-06-30"),
    ],
)
def test_dates_resolve_months(text: str, expected: str, start: str, end: str) -> None:
    resolved = resolve_date(text, ANCHOR)
    assert resolved is not None
    assert (resolved.value, resolved.start, resolved.end, resolved.granularity) == (expected, start, end, "month")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this year", "2022"),
        ("This year", "2022"),
        ("last year", "2021"),
        ("last year's", "2021"),
        ("next year", "2023"),
        ("2019", "2019"),
        ("in 2021", "2021"),
        ("the year 2012", "2012"),
        ("late 2008", "2008"),
        ("the end of the year", "2022"),
        ("the end of last year", "2021"),
        ("the beginning of next year", "2023"),
    ],
)
def test_dates_resolve_years(text: str, expected: str) -> None:
    resolved = resolve_date(text, ANCHOR)
    assert resolved is not None
    assert (resolved.value, resolved.granularity) == (expected, "year")
    assert (resolved.start, resolved.end) == (f"{expected}-01-01", f"{expected}-12-31")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", "2022-06-13/2022-06-19"),
        ("Last week", "2022-06-13/2022-06-19"),
        ("this week", "2022-06-20/2022-06-26"),
        ("earlier this week", "2022-06-20/2022-06-26"),
        ("next week", "2022-06-27/2022-07-03"),
        ("the previous week", "2022-06-13/2022-06-19"),
    ],
)
def test_dates_resolve_weeks_as_iso_weeks_monday_to_sunday(text: str, expected: str) -> None:
    resolved = resolve_date(text, ANCHOR)
    assert resolved is not None
    assert (resolved.value, resolved.granularity) == (expected, "week")
    assert f"{resolved.start}/{resolved.end}" == expected


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        ("10 days ago", "2022-06-14", "day"),
        ("two days ago", "2022-06-22", "day"),
        ("a week ago", "2022-06-17", "week"),
        ("a couple of weeks ago", "2022-06-10", "week"),
        ("just a few weeks ago", "2022-06-03", "week"),
        ("two weeks later", "2022-07-08", "week"),
        ("a month ago", "2022-05", "month"),
        ("18 months ago", "2020-12", "month"),
        ("two years ago", "2020", "year"),
        ("about a year ago", "2021", "year"),
        ("twenty-five years ago", "1997", "year"),
        ("a year earlier", "2021", "year"),
        ("a decade ago", "2012", "year"),
        ("three days from now", "2022-06-27", "day"),
    ],
)
def test_dates_shift_the_anchor_by_counted_units(text: str, expected: str, granularity: str) -> None:
    resolved = resolve_date(text, ANCHOR)
    assert resolved is not None
    assert (resolved.value, resolved.granularity) == (expected, granularity)


def test_dates_counted_weeks_give_a_day_inside_a_week_wide_window() -> None:
    resolved = resolve_date("a couple of weeks ago", ANCHOR)
    assert resolved == ResolvedDate("a couple of weeks ago", "2022-06-10", "2022-06-07", "2022-06-13", "week")


def test_dates_later_counts_from_whatever_anchor_the_caller_passes() -> None:
    # "They met in Moscow on June 3 and ... two weeks later": the caller knows the previous event.
    assert value("two weeks later", "2022-06-03") == "2022-06-17"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", "2022-06-20"),
        ("on Wednesday", "2022-06-22"),
        ("last Monday", "2022-06-20"),
        ("this past Friday", "2022-06-17"),
        ("Friday", "2022-06-17"),
        ("next Monday", "2022-06-27"),
        ("this coming Tuesday", "2022-06-28"),
        ("this Monday", "2022-06-20"),
        ("Tuesday last week", "2022-06-14"),
        ("Monday next week", "2022-06-27"),
        ("Sunday morning", "2022-06-19"),
    ],
)
def test_dates_put_a_bare_weekday_before_the_anchor(text: str, expected: str) -> None:
    resolved = resolve_date(text, ANCHOR)
    assert resolved is not None
    assert (resolved.value, resolved.granularity) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the past three years", "2019-06-24/2022-06-24"),
        ("over the past 30 years", "1992-06-24/2022-06-24"),
        ("the last year", "2021-06-24/2022-06-24"),
        ("the past week", "2022-06-17/2022-06-24"),
        ("the last couple of days", "2022-06-22/2022-06-24"),
        ("the next two weeks", "2022-06-24/2022-07-08"),
        ("the coming year", "2022-06-24/2023-06-24"),
        ("since 2014", "2014-01-01/2022-06-24"),
        ("since last year", "2021-01-01/2022-06-24"),
        ("since June 3", "2022-06-03/2022-06-24"),
        ("between June 1 and 5", "2022-06-01/2022-06-05"),
        ("September 12 to 15", "2022-09-12/2022-09-15"),
        ("June 19 to June 20", "2022-06-19/2022-06-20"),
        ("December 28 to January 3", "2021-12-28/2022-01-03"),
        ("12–15 June 2022", "2022-06-12/2022-06-15"),
        ("January-October 2012", "2012-01-01/2012-10-31"),
        ("between February and April of 2020", "2020-02-01/2020-04-30"),
        ("from 2013 to 2017", "2013-01-01/2017-12-31"),
        ("2019–2020", "2019-01-01/2020-12-31"),
        ("1964-65", "1964-01-01/1965-12-31"),
        ("the first quarter of 2013", "2013-01-01/2013-03-31"),
        ("the first quarter of next year", "2023-01-01/2023-03-31"),
        ("the second half of the year", "2022-07-01/2022-12-31"),
        ("Q4 2021", "2021-10-01/2021-12-31"),
        ("this autumn", "2022-09-01/2022-11-30"),
        ("last summer", "2021-06-01/2021-08-31"),
        ("the spring of 2004", "2004-03-01/2004-05-31"),
        ("this weekend", "2022-06-25/2022-06-26"),
        ("last weekend", "2022-06-18/2022-06-19"),
        ("the 1990s", "1990-01-01/1999-12-31"),
        ("the early 2000s", "2000-01-01/2009-12-31"),
        ("the ’90s", "1990-01-01/1999-12-31"),
    ],
)
def test_dates_resolve_ranges_as_iso_intervals(text: str, expected: str) -> None:
    resolved = resolve_date(text, ANCHOR)
    assert resolved is not None
    assert resolved.value == expected
    assert f"{resolved.start}/{resolved.end}" == expected
    assert resolved.granularity == "range"


def test_dates_since_keeps_the_word_since() -> None:
    resolved = resolve_date("since 2014", ANCHOR)
    assert resolved is not None and resolved.text == "since 2014"


@pytest.mark.parametrize(
    "text",
    [
        "recently",
        "soon",
        "two hours",
        "three years",
        "years",
        "the 20th century",
        "Russophobic",
        "the coming weeks",
        "recent years",
        "more than ten years ago",
        "daily",
        "every year",
        "the day",
        "February 30, 2022",
        "June 31",
        "",
        "1,453 days",
        "$3.5 billion",
    ],
)
def test_dates_reject_what_is_not_a_date(text: str) -> None:
    assert resolve_date(text, ANCHOR) is None


class TestYearBoundaries:
    """A day or month without a year goes in the anchor's year unless that puts it over six months ahead."""

    def test_last_month_in_january_is_last_december(self) -> None:
        assert value("last month", "2022-01-03") == "2021-12"

    def test_last_week_crosses_into_the_previous_year(self) -> None:
        assert value("last week", "2022-01-03") == "2021-12-27/2022-01-02"

    def test_a_december_day_in_early_january_is_last_years(self) -> None:
        assert value("December 28", "2022-01-03") == "2021-12-28"

    def test_a_month_under_six_months_ahead_stays_in_the_anchor_year(self) -> None:
        assert value("in July", "2022-01-03") == "2022-07"

    def test_a_month_over_six_months_ahead_goes_to_the_previous_year(self) -> None:
        assert value("in August", "2022-01-03") == "2021-08"

    def test_a_past_month_of_the_same_year_stays(self) -> None:
        assert value("in April", ANCHOR) == "2022-04"

    def test_a_near_future_day_stays(self) -> None:
        assert value("on June 29", ANCHOR) == "2022-06-29"
        assert value("October 1", ANCHOR) == "2022-10-01"

    def test_this_winter_in_january_is_the_winter_under_way(self) -> None:
        assert value("this winter", "2022-01-15") == "2021-12-01/2022-02-28"

    def test_this_season_is_the_nearest_one_past_or_future(self) -> None:
        assert value("this winter", "2021-03-15") == "2020-12-01/2021-02-28"
        assert value("this winter", "2022-10-15") == "2022-12-01/2023-02-28"
        assert value("last summer", "2022-09-15") == "2022-06-01/2022-08-31"

    def test_a_quarter_without_a_year_is_placed_like_a_month(self) -> None:
        assert value("the first quarter", ANCHOR) == "2022-01-01/2022-03-31"
        assert value("the fourth quarter", "2022-01-10") == "2021-10-01/2021-12-31"
        assert value("the second half", ANCHOR) is None


class TestAnchors:
    def test_without_an_anchor_only_absolute_dates_resolve(self) -> None:
        assert value("June 29, 2022", None) == "2022-06-29"
        assert value("2019", None) == "2019"
        assert value("June 2022", None) == "2022-06"
        assert value("the 1990s", None) == "1990-01-01/1999-12-31"
        assert value("January-October 2012", None) == "2012-01-01/2012-10-31"

    @pytest.mark.parametrize(
        "text",
        [
            "yesterday",
            "June 29",
            "in April",
            "last week",
            "Monday",
            "since 2014",
            "two weeks later",
            "the past three years",
            "this year",
            "the ’90s",
        ],
    )
    def test_without_an_anchor_relative_dates_do_not_resolve(self, text: str) -> None:
        assert resolve_date(text, None) is None

    def test_an_anchor_may_be_a_date_a_datetime_or_an_iso_string(self) -> None:
        assert value("yesterday", dt.date(2022, 6, 24)) == "2022-06-23"
        assert value("yesterday", dt.datetime(2022, 6, 24, 16, 35)) == "2022-06-23"
        assert value("yesterday", "2022-06-24T16:35") == "2022-06-23"
        assert value("yesterday", "") is None

    def test_a_malformed_anchor_is_an_error(self) -> None:
        with pytest.raises(ValueError):
            resolve_date("yesterday", "24/06/2022")


PARAGRAPH = (
    "We have confirmed that there is no alternative to implementing all the agreements fixed in the three "
    "statements by the leaders of Azerbaijan, Armenia, and Russia, signed on November 9, 2020, and January 11 "
    "and November 26, 2021, which are related to most aspects of the post-conflict settlement in the region. "
    "We expressed satisfaction with the Deputy Prime Ministers’ work in the Trilateral Working Group tasked with "
    "unblocking the transport and economic connections in the South Caucasus. They met in Moscow on June 3 and "
    "held yet another informal meeting on the sidelines of the 25th St Petersburg International Economic Forum "
    "two weeks later."
)


class TestFindDates:
    def test_spans_index_the_text_and_come_in_order(self) -> None:
        found = find_dates(PARAGRAPH, ANCHOR)
        assert [(PARAGRAPH[s:e], r.value) for s, e, r in found] == [
            ("November 9, 2020", "2020-11-09"),
            ("January 11", "2021-01-11"),  # the year written once for the pair
            ("November 26, 2021", "2021-11-26"),
            ("June 3", "2022-06-03"),
            ("two weeks later", "2022-07-08"),
        ]
        assert all(r.text == PARAGRAPH[s:e] for s, e, r in found)
        assert [s for s, _, _ in found] == sorted(s for s, _, _ in found)

    def test_offsets_point_at_the_words(self) -> None:
        start, end, _ = find_dates(PARAGRAPH, ANCHOR)[0]
        assert (start, end) == (PARAGRAPH.index("November 9, 2020"), PARAGRAPH.index("November 9, 2020") + 16)

    def test_the_seed_document_dates_resolve_against_its_date(self) -> None:
        text = SEED.read_text("utf-8")
        found = {(text[s:e], r.value) for s, e, r in find_dates(text, ANCHOR)}
        expected = {
            ("June 24, 2022", "2022-06-24"),
            ("yesterday", "2022-06-23"),
            ("Today", "2022-06-24"),
            ("February 22, 2022", "2022-02-22"),
            ("this year", "2022"),
            ("April", "2022-04"),
            ("2021", "2021"),
            ("this autumn", "2022-09-01/2022-11-30"),
            ("the past 30 years", "1992-06-24/2022-06-24"),
            ("June 29, 2022", "2022-06-29"),
            ("September", "2020-09"),
            ("October", "2020-10"),
            ("November 2020", "2020-11"),
            ("a couple of weeks ago", "2022-06-10"),
            ("the past 20 years", "2002-06-24/2022-06-24"),
        }
        assert expected <= found

    def test_spans_leave_out_prepositions(self) -> None:
        text = "We will meet in April and on June 29."
        assert [text[s:e] for s, e, _ in find_dates(text, ANCHOR)] == ["April", "June 29"]

    @pytest.mark.parametrize(
        "text",
        [
            "May I ask you a question?",
            "Prime Minister Theresa May said so.",
            "Resolution 1540 was adopted.",
            "The border is more than 1000 kilometres long.",
            "We saw the fall in oil prices.",
            "The country continues to fall apart.",
            "This happened in the Arab Spring.",
            "It has been a long three years.",
            "We will march on.",
        ],
    )
    def test_words_that_only_look_like_dates_are_skipped(self, text: str) -> None:
        assert find_dates(text, ANCHOR) == []

    def test_an_ambiguous_month_counts_beside_a_preposition_or_a_day(self) -> None:
        text = "In May, we met. On March 8 we spoke."
        assert [r.value for _, _, r in find_dates(text, ANCHOR)] == ["2022-05", "2022-03-08"]

    def test_a_quarter_without_a_year_needs_a_preposition(self) -> None:
        text = "Growth was 3% in the first quarter. The first quarter of the match was dull."
        assert [(text[s:e], r.value) for s, e, r in find_dates(text, ANCHOR)] == [
            ("the first quarter", "2022-01-01/2022-03-31")
        ]

    def test_a_bound_is_not_retried_as_a_shorter_date(self) -> None:
        assert find_dates("It happened more than ten years ago.", ANCHOR) == []

    def test_without_an_anchor_only_absolute_dates_are_found(self) -> None:
        found = find_dates(PARAGRAPH, None)
        assert [r.value for _, _, r in found] == ["2020-11-09", "2021-01-11", "2021-11-26"]

    def test_text_without_dates_gives_nothing(self) -> None:
        assert find_dates("", ANCHOR) == []
        assert find_dates("Thank you for the invitation.", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("June 29, 2022", True),
        ("in 2019", True),
        ("April", True),
        ("Sept. 11", True),
        ("last summer", True),
        ("the following week", False),
        ("two days later", False),
        ("tomorrow", False),
        ("on Monday", False),
    ],
)
def test_names_period_tells_calendar_names_from_expressions_counted_from_the_anchor(text: str, named: bool) -> None:
    assert names_period(text) is named


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in April", "2025-04"),  # said in October of a future event: next April
        ("April 9", "2025-04-09"),
        ("on Tuesday", "2024-10-29"),  # the coming Tuesday, not the last one
        ("next week", "2024-10-28/2024-11-03"),  # already ahead
        ("last April", "2024-04"),  # says which
        ("April 2024", "2024-04"),
        ("yesterday", "2024-10-24"),
    ],
)
def test_ahead_reads_a_future_events_date_forward(text: str, expected: str) -> None:
    resolved = resolve_date(text, "2024-10-25")
    assert resolved is not None
    assert ahead(resolved, "2024-10-25").value == expected
