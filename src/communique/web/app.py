"""The web UI: a read-only Starlette app over one store.

Pages: the corpus overview, documents, one document (turns, exchanges,
entities and events marked in the text), search, concordance, trends, coded
events with their timeline, actors and one actor. Every table a page shows
downloads as CSV or JSON from the same address with ``format=csv`` or
``format=json``. Charts are drawn by the plotly.js that the plotly package
ships, served from the installed package: nothing is fetched from elsewhere.

Example::

    from communique.web import create_app
    import uvicorn
    uvicorn.run(create_app("corpus.duckdb"), port=8000)
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from communique.analysis import queries
from communique.analysis.kwic import kwic
from communique.analysis.network import STATUSES, timeline
from communique.analysis.search import Filters, search
from communique.analysis.semantic import has_vectors, semantic_search
from communique.analysis.trend import PERIODS, trend
from communique.errors import CommuniqueError, DocumentNotFound, QueryError, StoreError
from communique.events.lexicon import TYPES as EVENT_TYPES
from communique.export.rows import to_json, write_csv
from communique.gazetteer import actor_names
from communique.model import ROLES
from communique.store.duckdb import DEFAULT_PATH, get_document
from communique.web import charts
from communique.web.corpus import Corpus
from communique.web.render import actors_text, document_view, event_summary

PAGE = 50  # rows of a long table per page
KWIC_SHOWN = 500  # concordance lines on the page (the download has them all)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"[A-Za-z]{2,10}")
_SECURITY_HEADERS = {
    # Scripts only from this server (plotly.js and the UI's own); plotly.js sets inline styles.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_DOCUMENT_EVENT_COLUMNS = (
    "type", "mode", "status", "source", "target", "date", "place", "trigger", "turn", "speaker", "role", "start",
    "text",
)  # fmt: skip


def link(path: str, **params: Any) -> str:
    """A path with its query string, empty parameters left out: ``link("/search", q="EU", role=None)``."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"{path}?{urlencode(kept, doseq=True)}" if kept else path


def doc_link(doc_id: str, anchor: str | None = None, **params: Any) -> str:
    return link(f"/doc/{quote(doc_id, safe='/~')}", **params) + (f"#{anchor}" if anchor else "")


def actor_link(code: str) -> str:
    return f"/actor/{quote(code)}"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("communique.web", "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(
        link=link,
        doc_link=doc_link,
        actor_link=actor_link,
        actor_names=actor_names(),
        roles=ROLES,
        event_types=sorted(EVENT_TYPES),
        statuses=STATUSES,
        periods=PERIODS,
    )
    env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    return env


def _param(request: Request, name: str, pattern: re.Pattern[str] | None = None) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    if value and pattern is not None and not pattern.fullmatch(value):
        raise QueryError(f"{name}: {value!r} is not valid here")
    return value or None


def _page_number(request: Request) -> int:
    """Which page of a long table is asked for (``page``, from 1)."""
    return max(1, int(_param(request, "page", re.compile(r"\d{1,6}")) or 1))


def _filters(request: Request) -> Filters:
    """The corpus filters of a page's query string (``from`` and ``to`` as YYYY-MM-DD)."""
    role = _param(request, "role")
    if role and role not in ROLES:
        raise QueryError(f"role is one of {', '.join(ROLES)}, not {role!r}")
    return Filters(
        speaker=_param(request, "speaker"),
        role=role,
        source=_param(request, "source"),
        kind=_param(request, "kind"),
        date_from=_param(request, "from", _DATE),
        date_to=_param(request, "to", _DATE),
        actor=_param(request, "actor", _CODE),
    )


def _filter_params(filters: Filters) -> dict[str, str | None]:
    """The query-string form of ``filters``, to carry them into the links a page makes."""
    return {
        "speaker": filters.speaker,
        "role": filters.role,
        "source": filters.source,
        "kind": filters.kind,
        "from": filters.date_from,
        "to": filters.date_to,
        "actor": filters.actor,
    }


def _download(request: Request, rows: Sequence[dict[str, Any]], columns: Sequence[str], name: str) -> Response | None:
    """The table as a CSV or JSON file when the query string asks for one (``format=csv|json``)."""
    fmt = request.query_params.get("format")
    if not fmt or fmt == "html":
        return None
    if fmt == "json":
        body, media = to_json(rows, columns), "application/json"
    elif fmt == "csv":
        buffer = io.StringIO()
        write_csv(rows, columns, buffer)
        body, media = buffer.getvalue(), "text/csv; charset=utf-8"
    else:
        raise QueryError(f"format is csv or json, not {fmt!r}")
    disposition = f'attachment; filename="{name}.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


class UI:
    """The pages, over one corpus; ``app`` is the Starlette application."""

    def __init__(self, db: str | Path = DEFAULT_PATH, idle: float = 5.0) -> None:
        self.corpus = Corpus(db, idle=idle)
        self.env = _environment()
        routes = [
            Route("/", self.overview),
            Route("/documents", self.documents),
            Route("/doc/{doc_id:path}", self.document),
            Route("/search", self.search),
            Route("/kwic", self.kwic),
            Route("/trend", self.trend),
            Route("/events", self.events),
            Route("/actors", self.actors),
            Route("/actor/{code}", self.actor),
            Route("/static/{name}", self.static),
        ]
        self.app = Starlette(
            routes=routes, exception_handlers={HTTPException: self._http_error}, lifespan=self._lifespan
        )
        self.app.state.ui = self

    @asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        yield
        self.corpus.close()

    # -- plumbing ----------------------------------------------------------

    def _page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("title", "")
        # plotly.js (4.8 MB) only where there is something to draw
        context["charted"] = bool(context.get("chart") or context.get("events_chart"))
        body = self.env.get_template(template).render(request=request, params=request.query_params, **context)
        return HTMLResponse(body, status_code=status, headers=_SECURITY_HEADERS)

    def _guarded(self, request: Request, handler: Callable[[Any], Response]) -> Response:
        """Run ``handler`` with a cursor on the store; a bad query or an unreadable store is a page that
        says so."""
        try:
            with self.corpus.cursor() as con:
                return handler(con)
        except DocumentNotFound as exc:
            return self._page(request, "error.html", status=404, title="Not found", message=exc.message)
        except QueryError as exc:
            return self._page(request, "error.html", status=400, title="Cannot run this query", message=exc.message)
        except (StoreError, duckdb.IOException) as exc:
            message = getattr(exc, "message", str(exc))
            if "lock" in message.lower():
                message = "another program is writing to the store (an ingest?); try again when it has finished"
            return self._page(request, "error.html", status=503, title="The store cannot be read", message=message)
        except (CommuniqueError, duckdb.Error) as exc:
            message = getattr(exc, "message", str(exc))
            return self._page(request, "error.html", status=400, title="Cannot run this query", message=message)

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        message = getattr(exc, "detail", "") or "error"
        return self._page(request, "error.html", status=status, title=message, message=message)

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name == "plotly.min.js":
            path = resources.files("plotly") / "package_data" / "plotly.min.js"
        elif name in ("app.css", "app.js"):
            path = resources.files("communique.web") / "static" / name
        else:
            raise HTTPException(404, f"no file {name}")
        headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
        return FileResponse(str(path), headers=headers)

    # -- pages -------------------------------------------------------------

    def overview(self, request: Request) -> Response:
        def run(con: Any) -> Response:
            data = queries.overview(con)
            rows = data["by_month"]
            if download := _download(request, rows, ("month", "source", "documents"), "documents-by-month"):
                return download
            months = sorted({r["month"] for r in rows})
            at = {month: n for n, month in enumerate(months)}
            sites = [s["source"] for s in data["sources"]]
            stacks = {site: [0] * len(months) for site in sites}
            for r in rows:
                stacks[r["source"]][at[r["month"]]] = r["documents"]
            ranges = [charts.period_range(charts.period_start(month), "month") for month in months]
            month_links = {
                site: [link("/documents", source=site, **{"from": a, "to": b}) for a, b in ranges] for site in sites
            }
            chart = charts.stacked_bars(months, stacks, month_links, unit="documents")
            recent = queries.documents(con, limit=10)
            return self._page(request, "overview.html", title="Overview", data=data, chart=chart, recent=recent)

        return self._guarded(request, run)

    def documents(self, request: Request) -> Response:
        def run(con: Any) -> Response:
            page = _page_number(request)
            options = {
                "source": _param(request, "source"),
                "kind": _param(request, "kind"),
                "date_from": _param(request, "from", _DATE),
                "date_to": _param(request, "to", _DATE),
                "title": _param(request, "title"),
            }
            if request.query_params.get("format"):
                rows = queries.documents(con, **options)
                return _download(request, rows, queries.DOCUMENT_COLUMNS, "documents")  # type: ignore[return-value]
            rows = queries.documents(con, **options, limit=PAGE + 1, offset=(page - 1) * PAGE)
            return self._page(
                request,
                "documents.html",
                title="Documents",
                rows=rows[:PAGE],
                page=page,
                more=len(rows) > PAGE,
                sources=_sources(con),
            )

        return self._guarded(request, run)

    def document(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]

        def run(con: Any) -> Response:
            doc = get_document(con, doc_id)
            fmt = request.query_params.get("format")
            if fmt == "json":
                body = json.dumps(doc.to_dict(), ensure_ascii=False, indent=1)
                name = re.sub(r"[^\w.-]+", "_", doc.id)
                headers = {"Content-Disposition": f'attachment; filename="{name}.json"'}
                return Response(body, media_type="application/json", headers=headers)
            events = [
                {
                    "n": n,
                    "type": e.type,
                    "mode": e.mode,
                    "status": e.status,
                    "source": actors_text(e.source),
                    "target": actors_text(e.target),
                    "date": e.date,
                    "place": e.place,
                    "trigger": e.trigger,
                    "turn": e.turn,
                    "speaker": e.speaker,
                    "role": e.role,
                    "start": e.start,
                    "text": e.text,
                    "summary": event_summary(e),
                }
                for n, e in enumerate(doc.events)
            ]
            if download := _download(request, events, _DOCUMENT_EVENT_COLUMNS, "events"):
                return download
            named = Counter(m.actor.country for m in doc.mentions if m.actor and m.actor.country)
            return self._page(
                request,
                "document.html",
                title=doc.title or doc.id,
                doc=doc,
                turns=document_view(doc, actor_link, _hit(request)),
                events=events,
                named=named.most_common(),
            )

        return self._guarded(request, run)

    def search(self, request: Request) -> Response:
        def run(con: Any) -> Response:
            query = _param(request, "q") or ""
            filters = _filters(request)
            every_word = request.query_params.get("any") != "1"
            semantic = request.query_params.get("semantic") == "1"
            limit = min(200, max(1, int(_param(request, "limit", re.compile(r"\d{1,4}")) or 20)))
            if not query:
                hits = []
            elif semantic:
                hits = semantic_search(con, query, filters, limit=limit)
            else:
                hits = search(con, query, filters, limit=limit, every_word=every_word)
            columns = ("doc_id", "date", "source", "title", "turn", "speaker", "role", "score", "snippet")
            if download := _download(request, hits, columns, "search"):
                return download
            for hit in hits:
                hit["snippet_html"] = _marked(hit["snippet"], hit["matches"])
            return self._page(
                request,
                "search.html",
                title=f"Search: {query}" if query else "Search",
                query=query,
                hits=hits,
                limit=limit,
                filters=_filter_params(filters),
                sources=_sources(con),
                semantic=semantic,
                embedded=has_vectors(con),
            )

        return self._guarded(request, run)

    def kwic(self, request: Request) -> Response:
        def run(con: Any) -> Response:
            term = _param(request, "term") or ""
            filters = _filters(request)
            regex = request.query_params.get("regex") == "1"
            sentence = request.query_params.get("sentence") == "1"
            sort = _param(request, "sort")
            window = min(50, int(_param(request, "window", re.compile(r"\d{1,3}")) or 8))
            lines = kwic(con, term, filters, regex=regex, window=window, sentence=sentence, sort=sort) if term else []
            columns = (
                "doc_id",
                "date",
                "source",
                "turn",
                "speaker",
                "role",
                "left",
                "keyword",
                "right",
                "start",
                "end",
            )
            if download := _download(request, lines, columns, "kwic"):
                return download
            return self._page(
                request,
                "kwic.html",
                title=f"Concordance: {term}" if term else "Concordance",
                term=term,
                lines=lines[:KWIC_SHOWN],
                total=len(lines),
                shown=KWIC_SHOWN,
                filters=_filter_params(filters),
                sources=_sources(con),
            )

        return self._guarded(request, run)

    def trend(self, request: Request) -> Response:
        def run(con: Any) -> Response:
            terms = [t.strip() for t in (_param(request, "terms") or "").split(",") if t.strip()]
            by = _param(request, "by") or "month"
            if by not in PERIODS:
                raise QueryError(f"by is one of {', '.join(PERIODS)}, not {by!r}")
            relative = request.query_params.get("relative") == "1"
            filters = _filters(request)
            rows = trend(con, terms, by=by, filters=filters) if terms else []
            if download := _download(request, rows, ("period", "term", "count", "words", "per_million"), "trend"):
                return download
            carried = _filter_params(filters)

            def to_kwic(term: str, first: str, last: str) -> str:
                span = _within(first, last, filters.date_from, filters.date_to)
                return link("/kwic", term=term, **{**carried, **span})

            chart = charts.trend_figure(rows, by, relative, to_kwic) if rows else None
            table = _pivot(rows, terms, by, relative)
            return self._page(
                request,
                "trend.html",
                title="Trend: " + ", ".join(terms) if terms else "Trend",
                terms=terms,
                by=by,
                relative=relative,
                chart=chart,
                table=table,
                filters=carried,
                sources=_sources(con),
            )

        return self._guarded(request, run)

    def events(self, request: Request) -> Response:
        def run(con: Any) -> Response:
            options = {
                "actor": _param(request, "actor", _CODE),
                "type_": _param(request, "type", re.compile(r"[A-Za-z]+")),
                "status": _param(request, "status"),
                "source": _param(request, "source"),
                "role": _param(request, "role"),
            }
            dates = {"date_from": _param(request, "from", _DATE), "date_to": _param(request, "to", _DATE)}
            if options["status"] and options["status"] not in STATUSES:
                raise QueryError(f"status is one of {', '.join(STATUSES)}, not {options['status']!r}")
            by = _param(request, "by") or "month"
            if request.query_params.get("format"):
                rows = queries.events(con, **options, **dates)
                return _download(request, rows, queries.EVENT_COLUMNS, "events")  # type: ignore[return-value]
            page = _page_number(request)
            rows = queries.events(con, **options, **dates, limit=page * PAGE + 1)[(page - 1) * PAGE :]
            periods = timeline(con, **options, **dates, by=by)
            chart = _timeline_chart(periods, by, request) if periods else None
            return self._page(
                request,
                "events.html",
                title="Events",
                rows=rows[:PAGE],
                page=page,
                more=len(rows) > PAGE,
                chart=chart,
                by=by,
                sources=_sources(con),
            )

        return self._guarded(request, run)

    def actors(self, request: Request) -> Response:
        def run(con: Any) -> Response:
            table = [{**row, "name": actor_names().get(row["actor"], "")} for row in queries.actor_totals(con)]
            if download := _download(request, table, ("actor", "name", "mentions", "documents"), "actors"):
                return download
            return self._page(request, "actors.html", title="Actors", rows=table)

        return self._guarded(request, run)

    def actor(self, request: Request) -> Response:
        code = request.path_params["code"].upper()
        if not _CODE.fullmatch(code):
            raise HTTPException(404, f"no actor {code}")

        def run(con: Any) -> Response:
            by = _param(request, "by") or "month"
            mentions = queries.actor_mentions(con, code, by=by)
            if download := _download(request, mentions, ("period", "mentions", "documents"), f"{code}-mentions"):
                return download
            sides = queries.actor_events(con, code)
            partners = queries.actor_partners(con, code)
            recent = queries.events(con, actor=code, limit=20, newest=True)
            periods = [m["period"] for m in mentions]
            mention_links = []
            for period in periods:
                first, last = charts.period_range(charts.period_start(period), by)
                mention_links.append(
                    link("/search", q=actor_names().get(code, code), actor=code, **{"from": first, "to": last})
                )
            chart = charts.bars(periods, [m["mentions"] for m in mentions], mention_links, "mentions")
            types = sorted(
                {t for side in sides.values() for t in side},
                key=lambda t: -sum(sum(sides[s].get(t, {}).values()) for s in sides),
            )
            stacks = {
                f"{code} as source": [sum(sides["source"].get(t, {}).values()) for t in types],
                f"{code} as target": [sum(sides["target"].get(t, {}).values()) for t in types],
            }
            type_links = {name: [link("/events", actor=code, type=t) for t in types] for name in stacks}
            events_chart = charts.horizontal_bars(types, stacks, type_links, "events") if types else None
            return self._page(
                request,
                "actor.html",
                title=actor_names().get(code, code),
                code=code,
                name=actor_names().get(code),
                total=sum(m["mentions"] for m in mentions),
                documents=queries.actor_documents(con, code),
                chart=chart if mentions else None,
                events_chart=events_chart,
                sides=sides,
                partners=partners,
                recent=recent,
                by=by,
            )

        return self._guarded(request, run)


def _hit(request: Request) -> tuple[int, int] | None:
    """The span of the document a concordance line links to (``at`` and ``end``, offsets in its text)."""
    number = re.compile(r"\d{1,9}")
    at, end = _param(request, "at", number), _param(request, "end", number)
    return (int(at), int(end)) if at and end else None


def _sources(con: Any) -> list[str]:
    rows = con.execute("SELECT DISTINCT source FROM documents WHERE source IS NOT NULL ORDER BY 1").fetchall()
    return [row[0] for row in rows]


def _marked(text: str, matches: Iterable[Sequence[int]]) -> str:
    """``text`` escaped, with ``<mark>`` around the [start, end) spans given."""
    out, position = [], 0
    for start, end in sorted(matches):
        if start < position:
            continue
        out.append(str(escape(text[position:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


def _pivot(rows: list[dict[str, Any]], terms: list[str], by: str, relative: bool) -> list[dict[str, Any]]:
    """Trend rows as one row per period, a column per term."""
    table: dict[Any, dict[str, Any]] = {}
    for row in rows:
        line = table.setdefault(
            row["period"], {"period": charts.period_label(row["period"], by), "words": row["words"]}
        )
        line[row["term"]] = row["per_million"] if relative else row["count"]
    return list(table.values())


def _within(first: str, last: str, since: str | None, until: str | None) -> dict[str, str]:
    """A period's first and last day (ISO) cut to the page's own dates, as ``from`` and ``to`` of a link."""
    return {"from": max(first, since or first), "to": min(last, until or last)}


def _timeline_chart(periods: list[dict[str, Any]], by: str, request: Request) -> dict[str, Any]:
    labels = [p["period"] for p in periods]
    carried = {k: request.query_params.get(k) for k in ("actor", "type", "source", "role", "by")}
    since, until = request.query_params.get("from"), request.query_params.get("to")
    stacks = {status: [p[status] for p in periods] for status in STATUSES}
    links: dict[str, list[str]] = {}
    for status in STATUSES:
        links[status] = []
        for label in labels:
            first, last = charts.period_range(charts.period_start(label), by)
            span = _within(first, last, since, until)
            links[status].append(link("/events", status=status, **carried, **span))
    return charts.stacked_bars(labels, stacks, links, unit="events")


def create_app(db: str | Path = DEFAULT_PATH, idle: float = 5.0) -> Starlette:
    """The web UI over the store ``db``; the store is let go after ``idle`` seconds without a request."""
    return UI(db, idle=idle).app
