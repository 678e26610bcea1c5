"""Plain SQL over the store's tables: events with their documents, actors by mentions."""

from __future__ import annotations

from typing import Any

# An event's date as a comparable day: partial dates ("2022", "2022-06") and
# intervals ("2022-06-13/2022-06-19") count from their first day; events without
# a date of their own take their document's.
EVENT_DAY = """
    CASE length(split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1))
        WHEN 4 THEN split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1) || '-01-01'
        WHEN 7 THEN split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1) || '-01'
        ELSE split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1)
    END"""

EVENT_COLUMNS = (
    "doc_id", "doc_date", "date", "type", "mode", "status", "source", "target",
    "trigger", "speaker", "role", "place", "turn", "start", "end", "text",
)  # fmt: skip


def events(
    con: Any,
    actor: str | None = None,
    type_: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    limit: int | None = None,
    role: str | None = None,
) -> list[dict[str, Any]]:
    """Coded events, oldest first, filtered by actor (source or target code), type, status, date,
    document source and the role of the turn that reports them (``journalist`` for questions).

    ``source`` and ``target`` come back as codes joined by ", " ("RUS GOV, AZE GOV").
    """
    where, params = event_filters(actor, type_, status, source, role)
    if date_from:
        where.append(f"{EVENT_DAY} >= ?")
        params.append(date_from)
    if date_to:
        where.append(f"{EVENT_DAY} <= ?")
        params.append(date_to)
    sql = f"""
        SELECT e.doc_id, d.date AS doc_date, e.date, e.type, e.mode, e.status,
               {_codes("e.source")} AS source, {_codes("e.target")} AS target,
               e.trigger, e.speaker, e.role, e.place, e.turn, e.start, e."end", e.text
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE {" AND ".join(where)}
        ORDER BY {EVENT_DAY}, e.doc_id, e.idx
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = con.execute(sql, params).fetchall()
    return [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows]


def event_filters(
    actor: str | None = None,
    type_: str | None = None,
    status: str | None = None,
    source: str | None = None,
    role: str | None = None,
) -> tuple[list[str], list[Any]]:
    """SQL conditions on an event ``e`` and its document ``d``: the actor as source or target, the
    type, status, site and the role of the turn; and their parameters."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if actor:
        where.append(
            "(list_contains(json_extract_string(e.source, '$[*].country'), ?)"
            " OR list_contains(json_extract_string(e.target, '$[*].country'), ?))"
        )
        params += [actor.upper(), actor.upper()]
    for column, value in (("e.type", type_), ("e.status", status), ("d.source", source), ("e.role", role)):
        if value:
            where.append(f"{column} = ?")
            params.append(value.upper() if column == "e.type" else value)
    return where, params


def _codes(column: str) -> str:
    """An actor list (JSON) as text: "RUS GOV, AZE GOV"."""
    return (
        f"array_to_string(list_transform(CAST(json_extract({column}, '$[*]') AS JSON[]), "
        "a -> trim(concat_ws(' ', json_extract_string(a, '$.country'), json_extract_string(a, '$.sector'), "
        "json_extract_string(a, '$.name')))), ', ')"
    )


def actors(con: Any, by: str = "all", limit: int | None = None) -> list[dict[str, Any]]:
    """Actors by number of mentions: over the corpus (``all``), per ``document`` or per ``month``."""
    group = {"all": "NULL", "document": "m.doc_id", "month": "strftime(d.date, '%Y-%m')"}
    if by not in group:
        raise ValueError(f"by must be one of {', '.join(group)}")
    sql = f"""
        SELECT {group[by]} AS period, m.country, m.sector, m.name, count(*) AS mentions,
               count(DISTINCT m.doc_id) AS documents
        FROM mentions m JOIN documents d ON d.id = m.doc_id
        WHERE m.country IS NOT NULL OR m.name IS NOT NULL
        GROUP BY ALL
        ORDER BY period NULLS FIRST, mentions DESC, m.country, m.name
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = con.execute(sql).fetchall()
    keys = ("period", "country", "sector", "name", "mentions", "documents")
    return [dict(zip(keys, row, strict=True)) for row in rows]
