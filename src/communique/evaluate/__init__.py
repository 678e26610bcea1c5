"""Scoring against gold: what every scorer shares, the split of a gold set and the tables of its report."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from communique.errors import GoldError

TUNING, VALIDATION = "tuning", "validation"
NONE = "NONE"


def part(key: str) -> str:
    """``tuning`` or ``validation`` for a gold record, by the last hex digit of ``sha1(key)`` (``0``-``9``
    tuning): rules are tuned on one part and checked on the other, which none of them can see."""
    return TUNING if hashlib.sha1(key.encode("utf-8")).hexdigest()[-1] in "0123456789" else VALIDATION


def corpus_root(gold: Path, first_input: str | None) -> Path:
    """The folder a gold file's (or gold folder's) ``input`` paths start from: the nearest folder above
    the gold (or a ``shared`` folder beside one) holding the first record's input."""
    start = gold.resolve() if gold.is_dir() else gold.resolve().parent
    if first_input is None:
        return start
    for folder in [start, *start.parents]:
        for candidate in (folder, folder / "shared", folder.parent / "shared"):
            if (candidate / first_input).is_file():
                return candidate
    raise GoldError(f"cannot find {first_input} of the gold; say where its corpus is with --root", str(gold))


def side_by_side(figures: Mapping[str, Mapping[str, Any]], label_width: int) -> list[str]:
    """Lines of a table with a column per named set of figures (all with the same keys), a row per figure."""
    lines = [" " * label_width + "".join(f"{name:>12}" for name in figures)]
    for key in next(iter(figures.values()), {}):
        cells = [values[key] for values in figures.values()]
        shown = [f"{cell:.4f}" if isinstance(cell, float) else str(cell) for cell in cells]
        lines.append(f"{key.replace('_', ' '):<{label_width}}" + "".join(f"{cell:>12}" for cell in shown))
    return lines


def confusion_lines(confusion: Mapping[str, Counter[str]], types: Iterable[str], title: str) -> list[str]:
    """A confusion table (rows gold, columns predicted), ``types`` in order then ``NONE``, four letters a
    column, or whole names if four letters would not tell two of them apart."""
    names = [*types, NONE]
    rows = [k for k in names if any(confusion.get(k, {}).values())]
    columns = [k for k in names if any(row.get(k) for row in confusion.values())]
    heads = [c[:4] for c in columns]
    if len(set(heads)) < len(heads):
        heads = columns
    width = max(map(len, heads), default=4) + 1
    lines = [title, " " * 10 + "".join(h.rjust(width) for h in heads)]
    for row in rows:
        cells = [confusion[row].get(c, 0) for c in columns]
        lines.append(f"{row:<10}" + "".join((str(n) if n else ".").rjust(width) for n in cells))
    return lines
