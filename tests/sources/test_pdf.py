"""The PDF reader on UN Security Council verbatim records: turns, metadata, furniture, broken files."""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfWriter

from communique.errors import EmptyInput, InputError, NoBody, UndecodableInput
from communique.model import RawDocument
from communique.settings import Settings
from communique.sources import pdf
from communique.sources.base import ReadContext

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents" / "un.org"
RECORD = DOCUMENTS / "S_PV.8698_E.pdf"
SPEECHES = sorted((DOCUMENTS / "speeches" / "8698").glob("*.txt"))
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS_PDFS = SHARED / "corpus" / "un.org" / "pdf"


def _corpus_params() -> list[object]:
    if not CORPUS_PDFS.is_dir():
        reason = f"the shared development corpus is not at {CORPUS_PDFS}; this test needs ../shared/corpus"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason))]
    return [pytest.param(p, id=p.name) for p in sorted(CORPUS_PDFS.glob("*.pdf"))]


def _read(data: bytes, path: str | None = "S_PV.8698_E.pdf", source: str | None = "un.org") -> RawDocument:
    return pdf.read(data, ReadContext(settings=Settings.load(), path=path, source=source))


def _loose(text: str) -> str:
    """Letters and digits only, accents dropped: the speech files come from a flawed extraction."""
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def _speech(path: Path) -> tuple[str, str]:
    label, _, text = path.read_text("utf-8").partition(":")
    return label.strip(), text.strip()


def _blank_pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password is not None:
        writer.encrypt(password, algorithm="RC4-128")  # RC4 needs no cryptography package
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def record() -> RawDocument:
    return _read(RECORD.read_bytes())


@pytest.fixture(scope="module")
def turns(record: RawDocument) -> list[tuple[str, str]]:
    return [(b.label, b.text) for b in record.blocks if b.label]


def test_pdf_sample_is_small() -> None:
    assert RECORD.stat().st_size < 1_000_000
    assert len(SPEECHES) == 20


def test_pdf_speakers_follow_the_record_in_order(turns: list[tuple[str, str]]) -> None:
    expected = [_loose(_speech(p)[0]) for p in SPEECHES]
    assert [_loose(label) for label, _ in turns] == expected


@pytest.mark.parametrize("speech", SPEECHES, ids=[p.stem for p in SPEECHES])
def test_pdf_turn_text_begins_like_the_speech(turns: list[tuple[str, str]], speech: Path) -> None:
    label, text = _speech(speech)
    index = SPEECHES.index(speech)
    got = _loose(turns[index][1])[:40]
    want = _loose(text)[:40]
    # The speech files shuffle a word here and there ("Mr. Chambas his briefing. for").
    assert difflib.SequenceMatcher(None, got, want).ratio() >= 0.75, (label, got, want)


def test_pdf_label_is_the_whole_designation_without_colon(turns: list[tuple[str, str]]) -> None:
    labels = [label for label, _ in turns]
    assert "Mr. Abarry (Niger) (spoke in French)" in labels
    assert "Mr. Polyanskiy (Russian Federation) (spoke in Russian)" in labels
    assert "Ms. DeShong (Saint Vincent and the Grenadines)" in labels
    assert not any(label.endswith(":") or "( " in label for label in labels)


def test_pdf_metadata_from_the_cover(record: RawDocument) -> None:
    assert (record.date, record.time, record.place) == ("2020-01-08", "10:00", "New York")
    assert record.number == "S/PV.8698"
    assert record.doc_id == "un.org/S_PV.8698"
    assert record.url == "https://undocs.org/S/PV.8698"
    assert record.title == "Security Council 8698th meeting: Peace consolidation in West Africa"
    assert (record.kind, record.language, record.format, record.source) == ("meeting_record", "en", "pdf", "un.org")
    assert record.labels_marked is True
    assert record.header_in_text is False
    assert record.extra["agenda"][0] == "Peace consolidation in West Africa"


def test_pdf_participants_from_the_cover(record: RawDocument) -> None:
    people = [(p.name, p.role, p.affiliation) for p in record.participants]
    assert people[0] == ("Mr. Dang", "President", "VNM")
    assert len(people) == 15
    assert ("Mr. Roscoe", "Member", "GBR") in people
    assert ("Mr. Polyanskiy", "Member", "RUS") in people
    assert ("Ms. DeShong", "Member", "VCT") in people
    assert all(role == "Member" for _, role, _ in people[1:])
    assert all(code for _, _, code in people)


def test_pdf_page_furniture_and_cover_are_not_body(record: RawDocument) -> None:
    body = "\n".join(b.text for b in record.blocks)
    assert "20-00526" not in body
    assert "*2000526*" not in body
    assert "08/01/2020" not in body
    assert "This record contains the text of speeches" not in body
    assert "verbatimrecords@un.org" not in body
    assert not re.search(r"\b\d+/18\b", body)


def test_pdf_procedural_notes_stay_unlabelled_paragraphs(record: RawDocument) -> None:
    first, last = record.blocks[0], record.blocks[-1]
    assert (first.label, first.text) == (None, "The meeting was called to order at 10 a.m.")
    assert (last.label, last.text) == (None, "The meeting rose at 11.40 a.m.")
    unlabelled = {b.text for b in record.blocks if b.label is None}
    assert {"Adoption of the agenda", "The agenda was adopted."} <= unlabelled


def test_pdf_paragraphs_rejoin_wrapped_lines(record: RawDocument) -> None:
    texts = [b.text for b in record.blocks]
    assert any(t.startswith("In presiding over this first formal meeting of the Council in 2020,") for t in texts)
    body = " ".join(texts)
    assert "Secretary-General" in body
    assert "Secretary- General" not in body
    assert "\n" not in body


def _line(text: str, y: float) -> pdf.Line:
    return pdf.Line(page=1, x=60.0, y=y, size=10.0, runs=[pdf.Run(text)])


@pytest.mark.parametrize(
    ("first", "second", "words", "joined"),
    [
        ("in the dis-", "charge of", {"discharge"}, "in the discharge of"),
        ("the Secretary-", "General said", {"secretary-general"}, "the Secretary-General said"),
        ("counter-", "terrorism", set(), "counter-terrorism"),
        ("Al-Quds/", "Jerusalem", set(), "Al-Quds/Jerusalem"),
        ("the 2020-", "2024 plan", set(), "the 2020-2024 plan"),
        ("wrapped ", "line", set(), "wrapped line"),
    ],
)
def test_pdf_line_break_hyphen_joins_only_broken_words(first: str, second: str, words: set[str], joined: str) -> None:
    assert pdf._join_lines([_line(first, 100), _line(second, 88)], words) == joined


@pytest.mark.parametrize(
    ("text", "time"),
    [("10 a.m.", "10:00"), ("3 p.m.", "15:00"), ("10.25 a.m.", "10:25"), ("12.15 p.m.", "12:15"), ("noon", "12:00")],
)
def test_pdf_meeting_time_as_24_hours(text: str, time: str) -> None:
    assert pdf.parse_time(text) == time


def test_pdf_publisher_recognised_without_a_source() -> None:
    raw = _read(RECORD.read_bytes(), path=None, source=None)
    assert raw.source == "un.org"
    assert raw.doc_id == "un.org/S_PV.8698"
    assert sum(1 for b in raw.blocks if b.label) == 20


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_pdf_truncated_file_raises_input_error(share: float) -> None:
    data = RECORD.read_bytes()
    with pytest.raises(UndecodableInput, match="truncated"):
        _read(data[: int(len(data) * share)])


def test_pdf_broken_file_raises_input_error() -> None:
    with pytest.raises(InputError, match="broken PDF"):
        _read(b"%PDF-1.4\nnot a pdf body at all\n%%EOF\n")


def test_pdf_encrypted_file_raises_input_error() -> None:
    with pytest.raises(UndecodableInput, match="encrypted"):
        _read(_blank_pdf(password="secret"))


def test_pdf_without_text_raises_no_body() -> None:
    with pytest.raises(NoBody, match="no extractable text"):
        _read(_blank_pdf())


def test_pdf_empty_input_raises_empty_input() -> None:
    with pytest.raises(EmptyInput):
        _read(b"  \n")


@pytest.mark.parametrize("path", _corpus_params())
def test_pdf_every_corpus_record_reads_with_turns(path: Path) -> None:
    raw = _read(path.read_bytes(), path=str(path))
    labels = [b.label for b in raw.blocks if b.label]
    assert len(labels) >= 5
    assert raw.number and raw.number.startswith("S/PV.")
    assert raw.date and raw.title and raw.participants
    assert raw.participants[0].role == "President"


def test_pdf_resumption_keeps_its_number() -> None:
    resumption = CORPUS_PDFS / "S_PV.8706(Resumption1)_E.pdf"
    if not resumption.is_file():
        pytest.skip(f"{resumption} is absent; this test needs ../shared/corpus")
    raw = _read(resumption.read_bytes(), path=str(resumption))
    assert raw.number == "S/PV.8706 (Resumption 1)"
    assert raw.url == "https://undocs.org/S/PV.8706(Resumption1)"
    assert raw.doc_id == "un.org/S_PV.8706(Resumption1)"
    assert raw.title.startswith("Security Council 8706th meeting (Resumption 1): The situation in the Middle East")
