"""Bad input gets a clear per-document error or a sensible document, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import api
from communique.errors import BinaryInput, EmptyInput, InputError, InputTooLarge
from communique.pipeline import Pipeline
from communique.sources import walk

RUSSIAN = "Сергей Лавров: Мы обсудили вопросы сотрудничества.\n\nВопрос: Что дальше?\n\nСергей Лавров: Посмотрим."
ENGLISH = "Sergey Lavrov: We call this “a historic moment” — nothing less.\n\nQuestion: And the café talks?"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [b"", b"   \n\n  \t\n"])
def test_bad_input_empty_file_is_a_clear_error(pipeline: Pipeline, tmp_path: Path, data: bytes) -> None:
    with pytest.raises(EmptyInput, match="empty input"):
        pipeline.parse_path(write(tmp_path, "empty.txt", data))


def test_bad_input_binary_file_is_a_clear_error(pipeline: Pipeline, tmp_path: Path) -> None:
    data = bytes(range(256)) * 64
    with pytest.raises(BinaryInput, match="binary"):
        pipeline.parse_path(write(tmp_path, "photo.txt", data))


def test_bad_input_fifty_megabytes_is_refused_with_the_limit(pipeline: Pipeline, tmp_path: Path) -> None:
    line = b"Question: Is this a very long transcript? Yes, it is, and it goes on.\n\n"
    path = write(tmp_path, "huge.txt", line * (50 * 1024 * 1024 // len(line) + 1))
    with pytest.raises(InputTooLarge, match="exceeds the limit"):
        pipeline.parse_path(path)


def test_bad_input_stray_invalid_utf8_byte_is_replaced(pipeline: Pipeline, tmp_path: Path) -> None:
    data = ENGLISH.encode("utf-8").replace(b"historic", b"hist\xffric")
    doc = pipeline.parse_path(write(tmp_path, "stray.txt", data))
    assert "hist\ufffdric" in doc.turns[0].text
    assert [t.speaker_label for t in doc.turns] == ["Sergey Lavrov", "Question"]


def test_bad_input_cp1252_text_is_decoded(pipeline: Pipeline, tmp_path: Path) -> None:
    doc = pipeline.parse_path(write(tmp_path, "cp1252.txt", ENGLISH.encode("cp1252")))
    assert "“a historic moment” — nothing less." in doc.turns[0].text
    assert "café" in doc.turns[1].text


def test_bad_input_cp1251_russian_page_is_decoded_and_marked_russian(pipeline: Pipeline, tmp_path: Path) -> None:
    doc = pipeline.parse_path(write(tmp_path, "cp1251.txt", RUSSIAN.encode("cp1251")))
    assert doc.language == "ru"
    assert [t.speaker_label for t in doc.turns] == ["Сергей Лавров", "Вопрос", "Сергей Лавров"]


def test_bad_input_russian_utf8_page_is_one_document_marked_russian(pipeline: Pipeline, tmp_path: Path) -> None:
    doc = pipeline.parse_path(write(tmp_path, "ru.txt", RUSSIAN.encode("utf-8")))
    assert doc.language == "ru"
    assert doc.turns[0].text == "Мы обсудили вопросы сотрудничества."


def test_bad_input_text_without_labels_is_one_turn(pipeline: Pipeline, tmp_path: Path) -> None:
    body = "The ministers met in Baku.\n\nThey discussed trade and transport.\n\nTalks will continue."
    doc = pipeline.parse_path(write(tmp_path, "plain.txt", body.encode()))
    assert len(doc.turns) == 1
    assert doc.turns[0].speaker_label is None
    assert doc.exchanges == []


@pytest.mark.parametrize(
    "html",
    [
        b"<html><head><title>Nothing</title></head></html>",
        b"<html><body><script>alert('x')</script></body></html>",
    ],
)
def test_bad_input_html_without_body_is_a_clear_error(pipeline: Pipeline, tmp_path: Path, html: bytes) -> None:
    with pytest.raises(InputError):
        pipeline.parse_path(write(tmp_path, "page.html", html))


def test_bad_input_batch_goes_on_after_failures(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", ENGLISH.encode())
    bad = write(tmp_path, "bad.txt", b"")
    binary = write(tmp_path, "binary.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8)
    outcomes = list(api.parse_files([bad, good, binary]))
    assert [o.path for o in outcomes] == [str(bad), str(good), str(binary)]
    assert [o.document is not None for o in outcomes] == [False, True, False]
    assert all(isinstance(o.error, InputError) for o in (outcomes[0], outcomes[2]))


def test_walk_takes_documents_and_leaves_a_folders_notes_and_hidden_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.md", "README.md", "LICENCES.md", "LICENSE", ".hidden.txt", "notes.docx"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.pdf").write_bytes(b"%PDF")
    assert [Path(p).name for p in walk([tmp_path])] == ["a.txt", "b.html", "c.md", "d.pdf"]
    assert [Path(p).name for p in walk([tmp_path / "README.md"])] == ["README.md"]  # named explicitly
