"""A page of the 2017-2021 whitehouse.gov theme: the profile's [html] rules and the transcript's head lines."""

from __future__ import annotations

from pathlib import Path

from communique.pipeline import Pipeline

PAGE = Path(__file__).resolve().parents[1] / "documents" / "whitehouse.gov" / "white_house_briefing_April-24-2020.html"


def test_the_2020_theme_gives_title_date_time_and_place_and_a_clean_body(pipeline: Pipeline) -> None:
    doc = pipeline.parse_path(PAGE)
    assert doc.title == (
        "Remarks by President Trump, Vice President Pence, and Members of the Coronavirus Task Force in Press Briefing"
    )
    assert (doc.date, doc.time, doc.place) == ("2020-04-24", "17:39", "James S. Brady Press Briefing Room")
    assert doc.turns[0].speaker_label == "THE PRESIDENT"
    assert not doc.turns[-1].text.rstrip().endswith(("END", "EDT"))
    assert "Share this page" not in doc.text
    # "THE PRESIDENT:" on the day is the office-holder the actor data knows
    assert ("Donald Trump", "USA") in {(p.name, p.affiliation) for p in doc.participants}
