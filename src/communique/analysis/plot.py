"""Trend charts as image files (PNG, SVG or PDF, by the file's suffix), drawn with matplotlib."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from communique.errors import QueryError

FORMATS = (".png", ".svg", ".pdf")


def plot_trend(rows: list[dict[str, Any]], out: str | Path, relative: bool = False, title: str | None = None) -> Path:
    """Draw the rows of ``trend`` (a line per term over the periods) into ``out``."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise QueryError(f"a chart is written as {', '.join(FORMATS)}, not {out.suffix or 'a file without suffix'}")
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no screen
        import matplotlib.pyplot as plt
    except ImportError:
        raise QueryError("charts need matplotlib: pip install 'communique[plot]'") from None
    value = "per_million" if relative else "count"
    terms = list(dict.fromkeys(row["term"] for row in rows))
    figure, axes = plt.subplots(figsize=(9, 4.5), layout="constrained")
    for term in terms:
        points = [(row["period"], row[value]) for row in rows if row["term"] == term]
        axes.plot([p for p, _ in points], [v for _, v in points], marker="o", markersize=3, label=term)
    axes.set_ylabel("per million words" if relative else "occurrences")
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    if title:
        axes.set_title(title)
    if terms:
        axes.legend()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out)
    plt.close(figure)
    return out
