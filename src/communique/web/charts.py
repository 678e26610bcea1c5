"""Chart figures for the web UI, in plotly.js's JSON form (drawn by the plotly.js the plotly package ships).

Every point may carry a link (``customdata``): clicking it opens the rows it
counts, so a bar of June 2022 leads to June 2022's concordance or events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

_LAYOUT: dict[str, Any] = {
    "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
    "height": 320,
    "legend": {"orientation": "h", "y": -0.15},
    "hovermode": "x unified",
    "font": {"family": "system-ui, sans-serif", "size": 12},
}


def period_range(start: date, by: str) -> tuple[str, str]:
    """The first and last day of the period (day, week, month or year) that begins on ``start``."""
    if by == "day":
        end = start
    elif by == "week":
        end = start + timedelta(days=6)
    elif by == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        end = following - timedelta(days=1)
    else:
        end = date(start.year, 12, 31)
    return start.isoformat(), end.isoformat()


def period_start(label: str) -> date:
    """The first day of a period written "2022", "2022-06" or "2022-06-24"."""
    parts = [int(p) for p in label.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def figure(traces: list[dict[str, Any]], title: str = "", **layout: Any) -> dict[str, Any]:
    return {"data": traces, "layout": {**_LAYOUT, "title": {"text": title, "x": 0}, **layout}}


def trend_figure(rows: Iterable[dict[str, Any]], by: str, relative: bool, link: Callable[[str, str, str], str]) -> dict:
    """One line per term: occurrences (or per million words) per period; a point links to its concordance
    (``link(term, first_day, last_day)``)."""
    series: dict[str, dict[str, list[Any]]] = {}
    for row in rows:
        trace = series.setdefault(row["term"], {"x": [], "y": [], "customdata": []})
        first, last = period_range(row["period"], by)
        trace["x"].append(first)
        trace["y"].append(row["per_million"] if relative else row["count"])
        trace["customdata"].append(link(row["term"], first, last))
    traces = [{"type": "scatter", "mode": "lines+markers", "name": term, **values} for term, values in series.items()]
    unit = "per million words" if relative else "occurrences"
    return figure(traces, yaxis={"title": {"text": unit}, "rangemode": "tozero"})


def stacked_bars(
    periods: list[str], stacks: dict[str, list[int]], links: dict[str, list[str]] | None = None, unit: str = ""
) -> dict[str, Any]:
    """Bars per period stacked by group (documents by site, events by status)."""
    traces = []
    for name, values in stacks.items():
        trace: dict[str, Any] = {"type": "bar", "name": name, "x": periods, "y": values}
        if links:
            trace["customdata"] = links[name]
        traces.append(trace)
    return figure(traces, barmode="stack", yaxis={"title": {"text": unit}})


def bars(periods: list[str], values: list[int], links: list[str], unit: str = "") -> dict[str, Any]:
    """One bar per period (an actor's mentions), each linking to what it counts."""
    trace = {"type": "bar", "name": unit, "x": periods, "y": values, "customdata": links}
    return figure([trace], showlegend=False, yaxis={"title": {"text": unit}})


def horizontal_bars(labels: list[str], stacks: dict[str, list[int]], links: dict[str, list[str]], unit: str) -> dict:
    """Bars per label (event types), stacked by group, longest first."""
    traces = [
        {"type": "bar", "orientation": "h", "name": name, "y": labels, "x": values, "customdata": links[name]}
        for name, values in stacks.items()
    ]
    layout = {
        "height": max(200, 28 * len(labels) + 80),
        "hovermode": "y unified",
        "margin": {**_LAYOUT["margin"], "l": 100},
    }
    return figure(traces, barmode="stack", xaxis={"title": {"text": unit}}, yaxis={"autorange": "reversed"}, **layout)
