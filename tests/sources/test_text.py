"""Plain-text paragraphs: blank lines separate them, and odd whitespace inside them becomes one space."""

from __future__ import annotations

import pytest

from communique.sources.text import split_paragraphs


@pytest.mark.parametrize("space", ["\t", "\x0c", "\xa0", "\u2009", "\u202f", "\u3000", "  "])
@pytest.mark.parametrize("quote", ["", "“"])
def test_odd_whitespace_collapses_in_ascii_and_other_texts(space: str, quote: str) -> None:
    text = f"{quote}Sergey Lavrov:{space}Good afternoon.\n\nQuestion: Why{space}now?"
    assert split_paragraphs(text) == [f"{quote}Sergey Lavrov: Good afternoon.", "Question: Why now?"]


def test_wrapped_lines_join_and_plain_paragraphs_stay() -> None:
    text = "First paragraph\nwraps here.\n\n  Second one.  \n\n\n“Third”."
    assert split_paragraphs(text) == ["First paragraph wraps here.", "Second one.", "“Third”."]
