"""Head and closing lines of a transcript body are metadata (issue 14)."""

from __future__ import annotations

from communique.sources.head import take_head, take_tail


def test_head_lines_give_place_date_and_start_time() -> None:
    head, body = take_head(["Parliament House, Canberra", "19 August 1997", "E & OE....", "PRIME MINISTER:", "Thanks."])
    assert head == {"place": "Parliament House, Canberra", "date_line": "19 August 1997"}
    assert body == ["PRIME MINISTER:", "Thanks."]
    head, body = take_head(["East Room", "April 4, 2020", "4:15 P.M. EDT", "THE PRESIDENT: Thank you."])
    assert head == {"place": "East Room", "date_line": "April 4, 2020", "time": "16:15"}


def test_a_heading_line_with_a_number_heads_but_is_no_place() -> None:
    head, body = take_head(["APEC 2007", "Phillip Street, Sydney", "PRIME MINISTER:", "Welcome."])
    assert head == {"place": "Phillip Street, Sydney"} and body == ["PRIME MINISTER:", "Welcome."]


def test_an_article_keeps_its_first_lines() -> None:
    lines = ["A short opening line", "Another line of the article that goes on", "It ends here."]
    assert take_head(lines) == ({}, lines)


def test_closing_marks_leave_the_last_turn() -> None:
    for mark in ("[ends]", "[ENDS]", "END", "###", "●", "5:59 P.M. EDT"):
        assert take_tail(["MS. ROE: Thank you.", mark]) == (["MS. ROE: Thank you."], [])
    assert take_tail(["Q That is all?", "END", "5:59 P.M. EDT", "Slides at x.gov"]) == (
        ["Q That is all?"],
        ["Slides at x.gov"],
    )
