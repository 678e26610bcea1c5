"""Coded events over time, and the network of actors named together and acting on each other."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from communique.analysis.queries import EVENT_DAY, PERIOD_FORMATS, event_filters
from communique.errors import QueryError

STATUSES = ("asserted", "planned", "negated", "hypothetical")


def timeline(
    con: Any,
    actor: str | None = None,
    type_: str | None = None,
    source: str | None = None,
    by: str = "month",
    status: str | None = None,
    role: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[dict[str, Any]]:
    """Coded events per period, the planned beside the asserted (and the negated and hypothetical).

    An event is placed by its own date (the day it happened or is planned
    for), else by its document's. ``actor`` keeps events it is source or
    target of; ``type_`` one PLOVER type; ``source`` one site; ``status``,
    ``role`` (of the reporting turn) and the dates as ``queries.events`` has them.
    """
    if by not in PERIOD_FORMATS:
        raise QueryError(f"timeline by {', '.join(PERIOD_FORMATS)}, not {by!r}")
    where, params = event_filters(actor=actor, type_=type_, status=status, source=source, role=role)
    for bound, value in ((">=", date_from), ("<=", date_to)):
        if value:
            where.append(f"{EVENT_DAY} {bound} ?")
            params.append(value)
    counts = ", ".join(f"count(*) FILTER (WHERE e.status = '{s}') AS {s}" for s in STATUSES)
    sql = f"""
        SELECT strftime(CAST({EVENT_DAY} AS DATE), '{PERIOD_FORMATS[by]}') AS period, {counts}, count(*) AS events
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE {" AND ".join(where)} AND {EVENT_DAY} IS NOT NULL
        GROUP BY period ORDER BY period
    """
    rows = con.execute(sql, params).fetchall()
    return [dict(zip(("period", *STATUSES, "events"), row, strict=True)) for row in rows]


def network(con: Any, source: str | None = None, min_weight: int = 1) -> dict[str, Any]:
    """Actors (by country or organisation code) as nodes with their mentions; links between two actors
    named in the same turn (``together``) and from source to target of coded events (``events``, by type).

    Links weaker than ``min_weight`` (turns together plus events) are left out.
    """
    conditions, params = event_filters(source=source)  # on the document alone, so for mentions too
    where = " AND ".join(conditions)
    mentions = con.execute(
        f"""SELECT m.doc_id, m.turn, m.country FROM mentions m JOIN documents d ON d.id = m.doc_id
            WHERE {where} AND m.country IS NOT NULL""",
        params,
    ).fetchall()
    nodes: Counter[str] = Counter()
    in_turn: dict[tuple[str, int], set[str]] = defaultdict(set)
    for doc_id, turn, country in mentions:
        nodes[country] += 1
        in_turn[(doc_id, turn)].add(country)
    together: Counter[tuple[str, str]] = Counter()
    for countries in in_turn.values():
        ordered = sorted(countries)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                together[(a, b)] += 1
    events = con.execute(
        f"""SELECT json_extract_string(e.source, '$[*].country'), json_extract_string(e.target, '$[*].country'),
                   e.type
            FROM events e JOIN documents d ON d.id = e.doc_id WHERE {where}""",
        params,
    ).fetchall()
    acted: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for sources, targets, kind in events:
        for a in {s for s in sources or [] if s}:
            for b in {t for t in targets or [] if t and t != a}:
                acted[(a, b)][kind] += 1
    links = []
    for a, b in sorted(set(together) | {tuple(sorted(pair)) for pair in acted}):
        forward, backward = acted.get((a, b), Counter()), acted.get((b, a), Counter())
        weight = together.get((a, b), 0) + sum(forward.values()) + sum(backward.values())
        if weight < min_weight:
            continue
        links.append(
            {
                "source": a,
                "target": b,
                "together": together.get((a, b), 0),
                "events": sum(forward.values()),
                "events_back": sum(backward.values()),
                "types": dict(sorted(forward.items())),
                "types_back": dict(sorted(backward.items())),
                "weight": weight,
            }
        )
    linked = {n for link in links for n in (link["source"], link["target"])}
    return {
        "nodes": [{"id": code, "mentions": count} for code, count in nodes.most_common() if code in linked],
        "links": links,
    }


def write_network(graph: dict[str, Any], out: Path) -> Path:
    """Write ``graph`` as GraphML (``.graphml``) or JSON (any other suffix)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() != ".graphml":
        out.write_text(json.dumps(graph, ensure_ascii=False, indent=1), encoding="utf-8")
        return out
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    keys = (
        ("mentions", "node", "int"),
        ("together", "edge", "int"),
        ("events", "edge", "int"),
        ("events_back", "edge", "int"),
        ("types", "edge", "string"),
        ("weight", "edge", "int"),
    )
    for name, domain, kind in keys:
        ET.SubElement(root, f"{{{ns}}}key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
    graph_element = ET.SubElement(root, f"{{{ns}}}graph", {"edgedefault": "undirected"})
    for node in graph["nodes"]:
        element = ET.SubElement(graph_element, f"{{{ns}}}node", {"id": node["id"]})
        ET.SubElement(element, f"{{{ns}}}data", {"key": "mentions"}).text = str(node["mentions"])
    for n, link in enumerate(graph["links"]):
        element = ET.SubElement(
            graph_element, f"{{{ns}}}edge", {"id": f"e{n}", "source": link["source"], "target": link["target"]}
        )
        for name in ("together", "events", "events_back", "weight"):
            ET.SubElement(element, f"{{{ns}}}data", {"key": name}).text = str(link[name])
        types = ", ".join(f"{k}:{v}" for k, v in link["types"].items())
        ET.SubElement(element, f"{{{ns}}}data", {"key": "types"}).text = types
    ET.indent(root, space=" ")
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out
