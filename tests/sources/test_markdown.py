"""The Markdown reader: front matter, briefing head and tail, paragraphs without Markdown syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import EmptyInput
from communique.model import RawDocument
from communique.settings import Settings
from communique.sources import markdown
from communique.sources.base import ReadContext
from communique.sources.head import clock_time

DOCUMENTS = Path(__file__).resolve().parents[2] / "tests" / "documents"
SAMPLE = DOCUMENTS / "whitehouse.gov" / "2021-01-22-press-briefing.md"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SETTINGS = Settings.load()

FRONT = """---
date: '2022-03-01'
source_url: https://www.whitehouse.gov/briefing-room/press-briefings/2022/03/01/press-briefing/
title: "Press Briefing by Press Secretary Jen\\_Psaki"
---
"""


def read(data: bytes | str, path: str | None = None, source: str | None = None) -> RawDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return markdown.read(data, ReadContext(settings=SETTINGS, path=path, source=source))


def texts(raw: RawDocument) -> list[str]:
    return [b.text for b in raw.blocks]


def test_markdown_front_matter_gives_metadata() -> None:
    raw = read(SAMPLE.read_bytes(), str(SAMPLE))
    assert raw.title == "Press Briefing by Press Secretary Jen Psaki and National Economic Director Brian Deese"
    assert (raw.date, raw.time) == ("2021-01-22", "13:03")  # the start time, not the publication's
    assert raw.url == (
        "https://bidenwhitehouse.archives.gov/briefing-room/press-briefings/2021/01/22/"
        "press-briefing-by-press-secretary-jen-psaki-and-national-economic-director-brian-deese/"
    )
    assert (raw.source, raw.doc_id) == ("whitehouse.gov", "whitehouse.gov/2021-01-22-press-briefing")
    assert (raw.format, raw.labels_marked, raw.header_in_text) == ("markdown", False, False)
    assert raw.content_hash and len(raw.content_hash) == 64


def test_markdown_place_and_times_are_metadata_not_body() -> None:
    raw = read(SAMPLE.read_bytes(), str(SAMPLE))
    assert raw.place == "James S. Brady Press Briefing Room"
    assert raw.extra["start_time"] == "13:03"
    assert raw.blocks[0].text.startswith("MS. PSAKI: Good afternoon, everyone. Happy Friday.")
    assert raw.blocks[-1].text == "Thank you everyone. Let’s do this again on Monday."
    assert not any(clock_time(t) for t in texts(raw))


def test_markdown_wrapped_lines_join_and_labels_stay_in_the_text() -> None:
    raw = read(SAMPLE.read_bytes(), str(SAMPLE))
    first = raw.blocks[0].text
    assert "Today, we are joined by National Economic Council Director Brian Deese, who will highlight" in first
    assert "\n" not in first and "  " not in first
    assert all(b.label is None for b in raw.blocks)
    assert any(t.startswith("Q ") for t in texts(raw))
    assert any(t.startswith("MR. DEESE: Thanks, Jen.") for t in texts(raw))


def test_markdown_start_line_gives_the_time_without_published_time() -> None:
    raw = read(FRONT + "\nVia Teleconference\n\n(March 1, 2022)\n\n9:05 A.M. EST\n\nMODERATOR:  Hi.\n\nEND\n")
    assert (raw.place, raw.time, raw.date) == ("Via Teleconference", "09:05", "2022-03-01")
    assert texts(raw) == ["MODERATOR: Hi."]


def test_markdown_closing_lines_and_postscript() -> None:
    body = "\n2:00 P.M. EDT\n\nMS. PSAKI:  Hi.\n\nQ    Thanks.\n\nEND 2:45 P.M. EDT\n\nTo view the slides, visit <https://x.gov/s.pdf>\n"
    raw = read(FRONT + body)
    assert texts(raw) == ["MS. PSAKI: Hi.", "Q Thanks."]
    assert raw.time == "14:00"
    assert raw.extra["postscript"] == ["To view the slides, visit https://x.gov/s.pdf"]


def test_markdown_speaker_after_place_without_time() -> None:
    raw = read(FRONT + "\nRio de Janeiro, Brazil\n\nMR. FINER:  (In progress.)\n\nWe expect more.\n")
    assert raw.place == "Rio de Janeiro, Brazil"
    assert texts(raw) == ["MR. FINER: (In progress.)", "We expect more."]


def test_markdown_article_keeps_its_first_lines() -> None:
    raw = read("A short opening line\n\nThe text of an ordinary article. It says things.\n")
    assert raw.place is None
    assert texts(raw) == ["A short opening line", "The text of an ordinary article. It says things."]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "MS. PSAKI:  I’m grateful to \\[moderator\\] and her team.",
            ["MS. PSAKI: I’m grateful to [moderator] and her team."],
        ),
        ("It’s “*Loo-uh-vul*,” not **Loo-ee-vil** or __that__.", ["It’s “Loo-uh-vul,” not Loo-ee-vil or that."]),
        ("*Via Teleconference*** **", ["Via Teleconference"]),
        (
            "Visit [WeCanDoThis.HHS.gov](mailto:WeCanDoThis@HHS.gov).  That’s\nit.",
            ["Visit WeCanDoThis.HHS.gov. That’s it."],
        ),
        ("See <https://x.gov/a_b_c.pdf> and ![chart](c.png)", ["See https://x.gov/a_b_c.pdf and"]),
        ("## A heading ##", ["A heading"]),
        ("> quoted\n> words", ["quoted words"]),
        ("you might have to push \\*6 and file\\_name_x", ["you might have to push *6 and file_name_x"]),
        ("Executive Order <s>1417</s> 14017", ["Executive Order 1417 14017"]),
        ('<figure>\n<img\nsrc="x.gif" />\n</figure>', []),
        (
            "including:\n\n-   $2.7 billion for\n    relief\n\n<!-- -->\n\n-   $1 billion\n-   $500 million",
            ["including:", "$2.7 billion for relief", "$1 billion", "$500 million"],
        ),
        (
            "Now let’s move to kids ages 5 through\n11. We expect the decision.",
            ["Now let’s move to kids ages 5 through 11. We expect the decision."],
        ),
        ("A hard\\\nbreak and a soft  \nbreak", ["A hard break and a soft break"]),
    ],
)
def test_markdown_syntax_is_stripped(source: str, expected: list[str]) -> None:
    assert markdown.markdown_paragraphs(source) == expected


def test_markdown_without_or_with_broken_front_matter_reads_the_body() -> None:
    assert texts(read("MS. PSAKI:  Hi.\n\nQ    Why?\n")) == ["MS. PSAKI: Hi.", "Q Why?"]
    raw = read("---\ntitle: [unclosed\n---\nMS. PSAKI:  Hi.\n")
    assert raw.title is None and texts(raw) == ["MS. PSAKI: Hi."]


def test_markdown_title_heading_repeating_the_title_is_dropped() -> None:
    raw = read(FRONT + "\n# Press Briefing by Press Secretary Jen Psaki\n\nMS. PSAKI:  Hi.\n")
    assert raw.title == "Press Briefing by Press Secretary Jen Psaki"
    assert texts(raw) == ["MS. PSAKI: Hi."]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1:03 P.M. EST", "13:03"),
        ("12:09 P.M. EDT", "12:09"),
        ("12:30 A.M. EDT", "00:30"),
        ("END 2:05 P.M. EST", "14:05"),
        ("11:45 A.M. CEST", "11:45"),
        ("13:03 P.M. EST", None),
        ("It was 1:03 P.M. EST", None),
    ],
)
def test_markdown_clock_time(line: str, expected: str | None) -> None:
    assert clock_time(line) == expected


def test_markdown_empty_input_raises_a_typed_error() -> None:
    with pytest.raises(EmptyInput):
        read(b"\n  \n")


def test_markdown_every_whitehouse_briefing_reads_cleanly() -> None:
    folder = SHARED / "corpus" / "whitehouse.gov" / "md"
    if not folder.is_dir():
        pytest.skip(f"the shared development corpus is not at {folder}; this test needs ../shared")
    files = sorted(folder.glob("*.md"))
    assert len(files) >= 300
    for path in files:
        raw = read(path.read_bytes(), str(path))
        assert raw.title and raw.date and raw.time and raw.url and raw.source == "whitehouse.gov", path.name
        assert raw.blocks, path.name
        assert not any(clock_time(t) or t == "END" for t in texts(raw)[-3:]), path.name
        assert not any(t.startswith(("---", "title:", "date:")) for t in texts(raw)[:2]), path.name


def test_markdown_a_label_after_a_hard_line_break_opens_its_own_paragraph() -> None:
    raw = read(FRONT + "\nMS. ROE:  Go ahead, Jim.  \nMR. DOE:  Thank you. On the port deal?\n")
    assert texts(raw) == ["MS. ROE: Go ahead, Jim.", "MR. DOE: Thank you. On the port deal?"]
