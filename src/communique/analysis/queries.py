"""Plain SQL over the store's tables: events with their documents, actors by mentions."""

from __future__ import annotations

from typing import Any

from communique.errors import QueryError
from communique.events.lexicon import shared_lexicon

# An event's date as a comparable day: partial dates ("2022", "2022-06") and
# intervals ("2022-06-13/2022-06-19") count from their first day; events without
# a date of their own take their document's.
EVENT_DAY = """
    CASE length(split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1))
        WHEN 4 THEN split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1) || '-01-01'
        WHEN 7 THEN split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1) || '-01'
        ELSE split_part(coalesce(e.date, CAST(d.date AS VARCHAR)), '/', 1)
    END"""

# How a period is written: events and mentions are counted per day, month or year under these labels.
PERIOD_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}

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
    newest: bool = False,
    plover: bool = False,
) -> list[dict[str, Any]]:
    """Coded events, oldest first (``newest``: newest first, undated last), filtered by actor (source
    or target code), type, status, date, document source and the role of the turn that reports them
    (``journalist`` for questions).

    ``source`` and ``target`` come back as codes joined by ", " ("RUS GOV, AZE GOV"). With
    ``plover`` the types are those the PLOVER manual would write (a signed agreement SUPPORT, a
    promised visit or aid AGREE; ``EventLexicon.codebook_type``), and ``type_`` selects by them.
    """
    if plover:
        rows = events(
            con,
            actor=actor,
            status=status,
            date_from=date_from,
            date_to=date_to,
            source=source,
            role=role,
            newest=newest,
        )
        lexicon = shared_lexicon()
        for row in rows:
            row["type"] = lexicon.codebook_type(row["type"], row["status"], row["trigger"])
        rows = [r for r in rows if not type_ or r["type"] == type_.upper()]
        return rows[:limit] if limit else rows
    where, params = event_filters(actor, type_, status, source, role)
    order = "DESC" if newest else "ASC"
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
        ORDER BY {EVENT_DAY} {order} NULLS LAST, e.doc_id {order}, e.idx {order}
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


def overview(con: Any) -> dict[str, Any]:
    """What the corpus holds: counts of each table, the span of dates, and documents per source and month."""
    counts = {
        table: int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in ("documents", "turns", "exchanges", "mentions", "events")
    }
    first, last = con.execute("SELECT min(date), max(date) FROM documents").fetchone()
    sources = con.execute(
        """SELECT coalesce(source, '(none)'), count(*), min(date), max(date) FROM documents
           GROUP BY ALL ORDER BY count(*) DESC, 1"""
    ).fetchall()
    by_month = con.execute(
        """SELECT strftime(date, '%Y-%m') AS month, coalesce(source, '(none)') AS source, count(*)
           FROM documents WHERE date IS NOT NULL GROUP BY ALL ORDER BY month, source"""
    ).fetchall()
    kinds = con.execute(
        "SELECT coalesce(kind, '(none)'), count(*) FROM documents GROUP BY ALL ORDER BY count(*) DESC, 1"
    ).fetchall()
    return {
        "counts": counts,
        "first": first,
        "last": last,
        "sources": [{"source": source, "documents": n, "first": a, "last": b} for source, n, a, b in sources],
        "kinds": [{"kind": kind, "documents": n} for kind, n in kinds],
        "by_month": [{"month": month, "source": source, "documents": n} for month, source, n in by_month],
    }


DOCUMENT_COLUMNS = ("id", "date", "source", "kind", "title", "place", "turns", "events", "url")


def documents(
    con: Any,
    source: str | None = None,
    kind: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    title: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored documents, newest first, with their numbers of turns and events; ``title`` matches part of
    the title, any case."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    for column, value in (("d.source", source), ("d.kind", kind)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if date_from:
        where.append("d.date >= CAST(? AS DATE)")
        params.append(date_from)
    if date_to:
        where.append("d.date <= CAST(? AS DATE)")
        params.append(date_to)
    if title:
        where.append("contains(lower(d.title), ?)")
        params.append(title.lower())
    sql = f"""
        SELECT d.id, d.date, d.source, d.kind, d.title, d.place,
               (SELECT count(*) FROM turns t WHERE t.doc_id = d.id),
               (SELECT count(*) FROM events e WHERE e.doc_id = d.id), d.url
        FROM documents d WHERE {" AND ".join(where)}
        ORDER BY d.date DESC NULLS LAST, d.id
    """
    if limit:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = con.execute(sql, params).fetchall()
    return [dict(zip(DOCUMENT_COLUMNS, row, strict=True)) for row in rows]


def actor_mentions(con: Any, code: str, by: str = "month") -> list[dict[str, Any]]:
    """Mentions of one actor (country or organisation code) per period, with the documents they are in."""
    if by not in PERIOD_FORMATS:
        raise QueryError(f"mentions by {', '.join(PERIOD_FORMATS)}, not {by!r}")
    rows = con.execute(
        f"""SELECT strftime(d.date, '{PERIOD_FORMATS[by]}') AS period, count(*), count(DISTINCT m.doc_id)
            FROM mentions m JOIN documents d ON d.id = m.doc_id
            WHERE upper(m.country) = ? AND d.date IS NOT NULL
            GROUP BY period ORDER BY period""",
        [code.upper()],
    ).fetchall()
    return [{"period": period, "mentions": n, "documents": docs} for period, n, docs in rows]


def actor_totals(con: Any) -> list[dict[str, Any]]:
    """Every country and organisation code named, with its mentions and the documents naming it, most
    named first."""
    rows = con.execute(
        """SELECT country, count(*), count(DISTINCT doc_id) FROM mentions WHERE country IS NOT NULL
           GROUP BY country ORDER BY count(*) DESC, country"""
    ).fetchall()
    return [{"actor": code, "mentions": n, "documents": docs} for code, n, docs in rows]


def actor_documents(con: Any, code: str) -> int:
    """The number of documents that name an actor."""
    row = con.execute("SELECT count(DISTINCT doc_id) FROM mentions WHERE upper(country) = ?", [code.upper()]).fetchone()
    return int(row[0]) if row else 0


def actor_events(con: Any, code: str) -> dict[str, dict[str, dict[str, int]]]:
    """An actor's coded events by side (``source``: it acted; ``target``: it was acted on), type and
    status: ``{"source": {"AGREE": {"asserted": 3, "planned": 1}}, "target": {...}}``."""
    code = code.upper()
    found: dict[str, dict[str, dict[str, int]]] = {"source": {}, "target": {}}
    for side in found:
        rows = con.execute(
            f"""SELECT e.type, e.status, count(*) FROM events e
                WHERE list_contains(json_extract_string(e.{side}, '$[*].country'), ?)
                GROUP BY ALL ORDER BY e.type, e.status""",
            [code],
        ).fetchall()
        for kind, status, n in rows:
            found[side].setdefault(kind, {})[status] = int(n)
    return found


def actor_partners(con: Any, code: str, limit: int = 15) -> list[dict[str, Any]]:
    """The actors most often named in the same turn as ``code``."""
    rows = con.execute(
        """WITH own AS (SELECT DISTINCT doc_id, turn FROM mentions WHERE upper(country) = ?)
           SELECT m.country, count(DISTINCT (m.doc_id, m.turn)) AS turns
           FROM mentions m JOIN own USING (doc_id, turn)
           WHERE m.country IS NOT NULL AND upper(m.country) <> ?
           GROUP BY m.country ORDER BY turns DESC, m.country LIMIT ?""",
        [code.upper(), code.upper(), int(limit)],
    ).fetchall()
    return [{"actor": country, "turns": n} for country, n in rows]


def sources(con: Any) -> list[str]:
    """The sites the stored documents come from, in order."""
    rows = con.execute("SELECT DISTINCT source FROM documents WHERE source IS NOT NULL ORDER BY 1").fetchall()
    return [row[0] for row in rows]


def actor(con: Any, code: str, by: str = "month") -> dict[str, Any]:
    """One actor's page: mentions per period, documents naming it, its events by side, type and status,
    the actors named beside it and its 20 latest events."""
    return {
        "mentions": actor_mentions(con, code, by=by),
        "documents": actor_documents(con, code),
        "sides": actor_events(con, code),
        "partners": actor_partners(con, code),
        "recent": events(con, actor=code, limit=20, newest=True),
    }
