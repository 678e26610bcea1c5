"""The HTML reader: site profiles (kremlin.ru, fmprc.gov.cn, mid.ru), labels from bold, generic pages."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from communique.errors import BinaryInput, EmptyInput, NoBody
from communique.model import RawDocument
from communique.settings import Settings
from communique.sources import html
from communique.sources.base import ReadContext

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "tests" / "documents"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD = SHARED / "gold" / "structure-dev.jsonl"
SETTINGS = Settings.load()


def read(data: bytes | str, source: str | None = None, path: str | None = None) -> RawDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return html.read(data, ReadContext(settings=SETTINGS, path=path, source=source))


def read_file(path: Path, source: str) -> RawDocument:
    return read(path.read_bytes(), source, str(path))


def inline(raw: RawDocument) -> list[str]:
    """Blocks as the txt renderings write them: ``Label: text``."""
    return [f"{b.label}: {b.text}" if b.label else b.text for b in raw.blocks]


def txt_body(path: Path) -> list[str]:
    """A txt rendering's body lines: without its time line and title line."""
    lines = [line for line in path.read_text("utf-8").split("\n") if line.strip()]
    start = 2 if len(lines[0]) == 5 and lines[0][2] == ":" else 1
    return lines[start:]


def kremlin_page(body: str, head: str = "") -> str:
    """A page in kremlin.ru's layout around the given article text."""
    return f"""<!doctype html><html><head><title>T • President of Russia</title>
    <meta property="og:url" content="http://en.kremlin.ru/events/president/news/99999"></head>
    <body><article><h1 class="entry-title p-name">Meeting with&nbsp;students</h1>
    <div class="read__lead"><p>Lead that is not body.</p></div>
    <div class="read__meta"><time class="read__published" datetime="2019-05-07">May 7, 2019</time>
    <div class="read__time">14:05</div><div class="read__place p-location"><i></i>The Kremlin, Moscow</div></div>
    {head}<div class="entry-content e-content">{body}</div></article></body></html>"""


def labels_of(body: str) -> list[tuple[str | None, str]]:
    return [(b.label, b.text) for b in read(kremlin_page(body), "kremlin.ru").blocks]


def shared_records(source: str) -> list[dict]:
    if not GOLD.exists():
        pytest.skip(f"the shared development gold is not at {GOLD}; this test needs ../shared")
    records = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines()]
    return [r for r in records if r["source"] == source and r.get("html")]


def benchmark() -> ModuleType:
    """benchmarks/html_labels.py: the one definition of the label agreement figure."""
    spec = importlib.util.spec_from_file_location("benchmarks_html_labels", ROOT / "benchmarks" / "html_labels.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up by name while being built.
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------
# kremlin.ru
# --------------------------------------------------------------------------


def test_html_kremlin_sample_metadata() -> None:
    raw = read_file(DOCUMENTS / "kremlin.ru" / "17173.html", "kremlin.ru")
    assert raw.title == "News conference of Vladimir Putin"
    assert (raw.date, raw.time, raw.place) == ("2012-12-20", "16:40", "Moscow")
    assert raw.url == "http://en.kremlin.ru/events/president/news/17173"
    assert raw.doc_id == "kremlin.ru/17173"
    assert (raw.format, raw.source, raw.labels_marked, raw.header_in_text) == ("html", "kremlin.ru", True, False)
    assert raw.content_hash and len(raw.content_hash) == 64


def test_html_kremlin_sample_paragraphs_equal_the_text_rendering() -> None:
    raw = read_file(DOCUMENTS / "kremlin.ru" / "17173.html", "kremlin.ru")
    assert inline(raw) == txt_body(DOCUMENTS / "kremlin.ru" / "17173.txt")


def test_html_kremlin_sample_labels_come_from_bold() -> None:
    raw = read_file(DOCUMENTS / "kremlin.ru" / "17173.html", "kremlin.ru")
    assert raw.blocks[0].label is None
    assert raw.blocks[3].label == "President of Russia Vladimir Putin"
    assert raw.blocks[3].text == "Good afternoon, ladies and gentlemen,"
    labels = {b.label for b in raw.blocks if b.label}
    assert {"Vladimir Putin", "Dmitry Peskov"} <= labels
    assert not any(label.endswith(":") for label in labels)


@pytest.mark.parametrize(
    ("body", "label", "text"),
    [
        ("<p><b>Vladimir Putin:</b> Good afternoon.</p>", "Vladimir Putin", "Good afternoon."),
        ("<p><b>Vladimir Putin</b>: Good afternoon.</p>", "Vladimir Putin", "Good afternoon."),
        ("<p><strong>Question:</strong> Why?</p>", "Question", "Why?"),
        (
            "<p><b>President of Finland Sauli Niinisto</b> (<i>retranslated</i>): Thank you.</p>",
            "President of Finland Sauli Niinisto (retranslated)",
            "Thank you.",
        ),
        (
            "<p><b>Federal Chancellor Christian Kern</b> <i>(retranslated)</i><b>:</b> Thank you.</p>",
            "Federal Chancellor Christian Kern (retranslated)",
            "Thank you.",
        ),
        ("<p><b>Alpha Conde</b>(retranslated): Thank you.</p>", "Alpha Conde(retranslated)", "Thank you."),
        ("<p><b>Dmitry Pesko</b><b>V:</b> Next question.</p>", "Dmitry PeskoV", "Next question."),
        ("<p><b>Vladimir Putin: I</b>t is so.</p>", "Vladimir Putin", "It is so."),
        ("<p><b>President of&nbsp;Russia\n Vladimir Putin:</b> Yes.</p>", "President of Russia Vladimir Putin", "Yes."),
    ],
)
def test_html_kremlin_label_forms(body: str, label: str, text: str) -> None:
    assert labels_of(body) == [(label, text)]


@pytest.mark.parametrize(
    "body",
    [
        "<p><b>Meeting points:</b> Red Square, the Spasskaya Tower.</p>",
        "<p><b>Contact telephone numbers:</b> 910-00-00.</p>",
        "<p><b>The document reads, in full:</b></p>",
        "<p><b>Entry from 10.00 am to 11.00 am:</b> through the Kutafya Tower.</p>",
        "<p><b>* * *</b></p>",
        "<p><b>Speeches at the opening of the Imperial Capitals: St Petersburg – Vienna exhibition</b></p>",
        "<p>Second: we agreed on the schedule.</p>",
        "<p>He said <b>Vladimir Putin:</b> nothing.</p>",
    ],
)
def test_html_kremlin_headings_and_plain_colons_are_not_labels(body: str) -> None:
    assert all(label is None for label, _ in labels_of(body))


def test_html_kremlin_label_alone_in_its_paragraph_heads_the_next() -> None:
    body = "<p><b>Director-General Guy Ryder:</b></p><p>Thank you very much.</p><p>We agree.</p>"
    assert labels_of(body) == [("Director-General Guy Ryder", "Thank you very much."), (None, "We agree.")]


def test_html_kremlin_plain_type_label_the_page_uses_in_bold_is_a_label() -> None:
    body = "<p><b>Question:</b> One?</p><p><b>Vladimir Putin:</b> Yes.</p><p>Question: Two?</p><p>Answer: no.</p>"
    assert labels_of(body) == [
        ("Question", "One?"),
        ("Vladimir Putin", "Yes."),
        ("Question", "Two?"),
        (None, "Answer: no."),
    ]


def test_html_kremlin_drops_media_tooltips_see_also_status_and_pull_quotes() -> None:
    body = """<div class="media__container media__container_video"><video></video><p>Video text</p></div>
    <p><b><a class="person_tag read__tag">Alexander Tkachev<span class="read__tooltip tooltip_person hidden">
    <span class="tooltip__text">Tkachev Alexander, Minister</span></span></a></b>: Prices went up.</p>
    <blockquote><p>A pull quote repeating the text.</p></blockquote>
    <div class="media masha-ignore"><figure class="media__pic"><span>Photo caption</span></figure></div>
    <div class="slider masha-ignore"><div class="slider_caption">Slides</div></div>
    <div class="read__cut masha-ignore"><div class="cut"><h3 class="cut__title">See also</h3></div></div>
    <p>Last paragraph.</p>
    <div class="read__bottommeta hidden-copy"><div class="read__status"><h3>Publication status</h3></div></div>"""
    assert labels_of(body) == [("Alexander Tkachev", "Prices went up."), (None, "Last paragraph.")]


def test_html_kremlin_br_splits_a_paragraph_and_whitespace_collapses() -> None:
    body = "<p>First&nbsp;&nbsp;line &amp; more<br>Second\u200bline<br/><br/>  </p><p>soft\u00adhyphen</p>"
    assert labels_of(body) == [(None, "First line & more"), (None, "Second\u200bline"), (None, "soft\u00adhyphen")]


def test_html_kremlin_metadata_from_markup() -> None:
    raw = read(kremlin_page("<p>Text.</p>"), "kremlin.ru")
    assert (raw.title, raw.date, raw.time, raw.place) == (
        "Meeting with students",
        "2019-05-07",
        "14:05",
        "The Kremlin, Moscow",
    )
    assert (raw.url, raw.doc_id) == ("http://en.kremlin.ru/events/president/news/99999", "kremlin.ru/99999")
    assert inline(raw) == ["Text."]  # the lead is not body


def test_html_kremlin_labels_agree_with_gold_on_every_page() -> None:
    records = shared_records("kremlin.ru")
    bench = benchmark()
    agreeing = total = 0
    for record in records:
        raw = read_file(SHARED / record["html"], "kremlin.ru")
        predicted = bench.turns_of(raw)
        gold = [(t["speaker_label"], t["text"]) for t in record["turns"]]
        agreeing += bench.label_agreement(predicted, gold)
        total += max(len(gold), len(predicted))
    assert len(records) >= 500
    assert agreeing / total >= 0.995, f"labels agree on {agreeing}/{total} turns"


def test_html_kremlin_metadata_equals_gold_on_every_page() -> None:
    wrong = []
    for record in shared_records("kremlin.ru"):
        raw = read_file(SHARED / record["html"], "kremlin.ru")
        for name in ("title", "date", "time", "place", "url"):
            expected = record[name]
            if name in ("title", "place") and expected:
                expected = " ".join(expected.split())
            if getattr(raw, name) != expected:
                wrong.append((record["id"], name, getattr(raw, name), expected))
        if raw.doc_id != record["id"]:
            wrong.append((record["id"], "id", raw.doc_id, record["id"]))
    assert wrong == []


def test_html_kremlin_text_equals_the_text_renderings_on_every_page() -> None:
    def flat(lines: list[str]) -> str:
        # The renderings keep a label alone on its line (the reader joins it to the
        # paragraph after) and `Name:text` where the page has no space after a label.
        return re.sub(r":\s*", ": ", " ".join(" ".join(lines).split()))

    differing = [
        r["id"]
        for r in shared_records("kremlin.ru")
        if flat(inline(read_file(SHARED / r["html"], "kremlin.ru"))) != flat(txt_body(SHARED / r["input"]))
    ]
    assert differing == []


# --------------------------------------------------------------------------
# fmprc.gov.cn
# --------------------------------------------------------------------------


def test_html_fmprc_sample_metadata_and_text() -> None:
    raw = read_file(DOCUMENTS / "fmprc.gov.cn" / "t1560672.html", "fmprc.gov.cn")
    assert raw.title == "Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on May 18, 2018"
    assert (raw.date, raw.time, raw.place) == ("2018-05-18", None, None)
    assert raw.doc_id == "fmprc.gov.cn/t1560672"
    assert raw.url == "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/t1560672.shtml"
    assert inline(raw) == txt_body(DOCUMENTS / "fmprc.gov.cn" / "t1560672.txt")


def test_html_fmprc_leaves_labels_in_the_text() -> None:
    raw = read_file(DOCUMENTS / "fmprc.gov.cn" / "t1560672.html", "fmprc.gov.cn")
    assert raw.labels_marked is False and raw.header_in_text is False
    assert all(b.label is None for b in raw.blocks)
    assert raw.blocks[1].text.startswith("Q: According to reports")
    assert raw.blocks[2].text.startswith("A: I am not sure")


@pytest.mark.parametrize(
    ("title", "date"),
    [
        ("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on June11, 2018", "2018-06-11"),
        ("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on September 10", None),
        ("Foreign Ministry Spokesperson Hua Chunying's Remarks on US House Speaker Nancy Pelosi", None),
    ],
)
def test_html_fmprc_date_comes_from_the_title(title: str, date: str | None) -> None:
    page = f"<html><head><title>{title}</title></head><body><div class='content'><p>Q: x?</p></div></body></html>"
    assert read(page, "fmprc.gov.cn").date == date


def test_html_fmprc_titles_and_dates_equal_gold_on_every_page() -> None:
    wrong = []
    for record in shared_records("fmprc.gov.cn"):
        raw = read_file(SHARED / record["html"], "fmprc.gov.cn")
        if (raw.title, raw.date, raw.doc_id) != (" ".join(record["title"].split()), record["date"], record["id"]):
            wrong.append((record["id"], raw.title, raw.date))
        if inline(raw) != txt_body(SHARED / record["input"]):
            wrong.append((record["id"], "text"))
    assert wrong == []


# --------------------------------------------------------------------------
# mid.ru (no saved page in the corpus: a page made in the article layout)
# --------------------------------------------------------------------------

MID_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Statement • The Ministry of Foreign Affairs</title>
<link rel="canonical" href="https://mid.ru/en/foreign_policy/news/1819414/">
<meta property="og:title" content="Foreign Minister Sergey Lavrov’s statement"></head><body>
<header><nav><a href="/en/">Home</a></nav></header>
<main><div class="page__content">
<h1 class="title">Foreign Minister Sergey Lavrov’s statement and answers to media questions following talks with
Foreign Minister of the Republic of Azerbaijan Jeyhun Bayramov, Baku, June 24, 2022</h1>
<div class="article__meta"><time datetime="2022-06-24T16:35:00+03:00">24 June 2022 16:35</time></div>
<div class="text article-content">
<p>1331-24-06-2022</p>
<p>Mr Bayramov,</p><p>Ladies and gentlemen,</p>
<p>Today, we have signed yet another document.</p>
<p><strong>Question:</strong> What about the peace treaty?</p>
<p><strong>Sergey Lavrov:</strong> We are working on it.</p>
<p>Additional materials</p><p>• Photos</p><p>Photo album</p><p>1 of 1 photos in album</p>
</div></div></main><footer>© Ministry</footer></body></html>"""


def test_html_mid_article_page_layout() -> None:
    raw = read(MID_PAGE, "mid.ru")
    assert raw.title == (
        "Foreign Minister Sergey Lavrov’s statement and answers to media questions following talks with "
        "Foreign Minister of the Republic of Azerbaijan Jeyhun Bayramov"
    )
    assert (raw.place, raw.date, raw.time) == ("Baku", "2022-06-24", "16:35")
    assert (raw.number, raw.doc_id) == ("1331-24-06-2022", "mid.ru/1331-24-06-2022")
    assert raw.url == "https://mid.ru/en/foreign_policy/news/1819414/"
    assert raw.labels_marked is True
    assert [(b.label, b.text) for b in raw.blocks] == [
        (None, "Mr Bayramov,"),
        (None, "Ladies and gentlemen,"),
        (None, "Today, we have signed yet another document."),
        ("Question", "What about the peace treaty?"),
        ("Sergey Lavrov", "We are working on it."),
    ]


def test_html_mid_number_shown_beside_the_title() -> None:
    page = MID_PAGE.replace("<p>1331-24-06-2022</p>", "").replace(
        '<div class="article__meta">', '<div class="article__number">1331-24-06-2022</div><div class="article__meta">'
    )
    raw = read(page, "mid.ru")
    assert (raw.number, raw.doc_id) == ("1331-24-06-2022", "mid.ru/1331-24-06-2022")
    assert raw.blocks[0].text == "Mr Bayramov,"


def test_html_mid_page_in_another_layout_falls_back_to_generic() -> None:
    page = """<html><head><title>Briefing by Maria Zakharova</title></head><body><section class="other">
    <p>Maria Zakharova held a briefing on the situation in the region and answered many questions.</p>
    <p><b>Question:</b> What is the ministry's position on the talks scheduled for next week in Geneva?</p>
    <p><b>Maria Zakharova:</b> We have stated our position many times, and it has not changed at all.</p>
    </section></body></html>"""
    raw = read(page, "mid.ru")
    assert raw.source == "mid.ru" and raw.title == "Briefing by Maria Zakharova"
    assert [b.label for b in raw.blocks] == [None, "Question", "Maria Zakharova"]


# --------------------------------------------------------------------------
# Any other page
# --------------------------------------------------------------------------

GENERIC_PAGE = """<html><head><title>Press briefing by the spokesperson</title>
<meta property="og:url" content="https://example.org/briefings/1"></head><body>
<nav>Home | About | Contact</nav><article><h1>Press briefing by the spokesperson</h1>
<p class="date">Published 3 March 2021</p>
<p>The spokesperson opened the briefing with a statement on the situation in the region.</p>
<p><b>Spokesperson:</b> Good afternoon. We continue to follow the developments closely and call on all sides
to exercise restraint.</p>
<p><strong>Question</strong>: Can you tell us more about the humanitarian convoy stopped at the border?</p>
<p><b>Spokesperson</b> (<i>in French</i>): The convoy is expected to cross tomorrow, once the paperwork is done.</p>
</article><footer>Copyright</footer><script>var x = "<p><b>Evil:</b> injected</p>";</script></body></html>"""


def test_html_generic_page_labels_from_bold() -> None:
    raw = read(GENERIC_PAGE)
    assert raw.title == "Press briefing by the spokesperson"
    assert raw.url == "https://example.org/briefings/1"
    assert raw.labels_marked is True and raw.header_in_text is False
    assert [b.label for b in raw.blocks if b.label] == ["Spokesperson", "Question", "Spokesperson (in French)"]
    assert not any("Evil" in b.text or "Home | About" in b.text for b in raw.blocks)


def test_html_generic_page_without_trafilatura_reads_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "_trafilatura_xml", lambda text, url: None)
    raw = read(GENERIC_PAGE)
    assert raw.title == "Press briefing by the spokesperson"
    assert [b.label for b in raw.blocks if b.label] == ["Spokesperson", "Question", "Spokesperson (in French)"]
    assert not any("Evil" in b.text for b in raw.blocks)


def test_html_generic_single_bold_heading_leaves_labels_to_the_structure_stage() -> None:
    page = "<html><body><p><b>Note:</b> the text below is unedited.</p><p>Q: Why?</p><p>A: Because.</p></body></html>"
    raw = read(page)
    assert raw.labels_marked is False
    assert [b.text for b in raw.blocks] == ["Note: the text below is unedited.", "Q: Why?", "A: Because."]


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Only a title</title><script>alert(1)</script></head></html>",
        b"<html><body><script>document.write('<p>hi</p>')</script><style>p{}</style></body></html>",
        b"<html><body><img src='x.png'><!-- a comment --></body></html>",
    ],
)
def test_html_page_without_text_raises_no_body(page: bytes) -> None:
    with pytest.raises(NoBody):
        read(page)


@pytest.mark.parametrize(
    ("page", "texts"),
    [
        (b"<p>One &amp; two&nbsp;three\xe2\x80\x8b.</p>", ["One & two three\u200b."]),
        (b"<html><body><p>Text <script>var a='</p><p>';</script> more<p>Next", ["Text more", "Next"]),
        (b"<div>" * 5000 + b"<p>Deep text.</p>" + b"</div>" * 5000, ["Deep text."]),
        (b"<p>Broken \xff byte</p>", ["Broken \ufffd byte"]),
    ],
)
def test_html_hostile_markup_gives_a_clean_document(page: bytes, texts: list[str]) -> None:
    assert [b.text for b in read(page).blocks] == texts


def test_html_empty_and_binary_input_raise_typed_errors() -> None:
    with pytest.raises(EmptyInput):
        read(b"  \n ")
    with pytest.raises(BinaryInput):
        read(b"<html>\x00\x01\x02</html>")


# --------------------------------------------------------------------------
# Dates and times
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2012-12-20", "2012-12-20"),
        ("2022-06-24T16:35:00+03:00", "2022-06-24"),
        ("December 20, 2012", "2012-12-20"),
        ("24 June 2022 16:35", "2022-06-24"),
        ("24.06.2022", "2022-06-24"),
        ("Press Conference on November 29, 2018", "2018-11-29"),
        ("February 30, 2020", None),
        ("on September 10", None),
        (None, None),
    ],
)
def test_html_parse_date(value: str | None, expected: str | None) -> None:
    assert html.parse_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("16:40", "16:40"), ("9:05", "09:05"), ("24:10", None), ("", None)])
def test_html_parse_time(value: str, expected: str | None) -> None:
    assert html.parse_time(value) == expected
