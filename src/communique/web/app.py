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
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from communique.analysis.network import STATUSES
from communique.analysis.queries import DOCUMENT_COLUMNS, EVENT_COLUMNS
from communique.analysis.search import Filters
from communique.analysis.trend import PERIODS, pivot
from communique.api import Corpus as OpenCorpus
from communique.errors import CommuniqueError, DocumentNotFound, QueryError, StoreBusy, StoreError
from communique.events.lexicon import TYPES as EVENT_TYPES
from communique.export.rows import to_json, write_csv
from communique.gazetteer import actor_names
from communique.model import ROLES, Event
from communique.store.duckdb import DEFAULT_PATH
from communique.web import charts
from communique.web.budget import Busy, Gate, Limits, TooSlow
from communique.web.corpus import Corpus, WriterPending
from communique.web.render import actors_text, document_view, event_summary

PAGE = 50  # rows of a long table per page
KWIC_SHOWN = 500  # concordance lines on the page (the download has them all)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The hosts the UI answers wherever it listens (with any port): requests for other names, as a page
# elsewhere or DNS rebinding would send, are refused.
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
TOO_SLOW = "this query took too long; narrow it (fewer terms, a shorter period, a site or a speaker)"
BUSY = "the server is busy with other queries; try again in a moment"
UNREADABLE = "the store cannot be read"
LOCKED = "another program is writing to the store (an ingest?); try again when it has finished"
FAILED = "the store could not answer this query"
log = logging.getLogger(__name__)
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
_KWIC_COLUMNS = ("doc_id", "date", "source", "turn", "speaker", "role", "left", "keyword", "right", "start", "end")


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


def _dates(request: Request) -> tuple[str | None, str | None]:
    """The page's ``from`` and ``to``, each a real calendar day written YYYY-MM-DD (what the date fields
    send), or ``None``."""
    days = []
    for name in ("from", "to"):
        value = _param(request, name)
        try:
            days.append(date.fromisoformat(value).isoformat() if value and _DATE.fullmatch(value) else None)
        except ValueError:
            days.append(None)
        if value and days[-1] is None:
            raise QueryError(f"{name}: {value} is not a date (YYYY-MM-DD)")
    return days[0], days[1]


def _filters(request: Request) -> Filters:
    """The corpus filters of a page's query string (``from`` and ``to`` as YYYY-MM-DD)."""
    role = _param(request, "role")
    if role and role not in ROLES:
        raise QueryError(f"role is one of {', '.join(ROLES)}, not {role!r}")
    since, until = _dates(request)
    return Filters(
        speaker=_param(request, "speaker"),
        role=role,
        source=_param(request, "source"),
        kind=_param(request, "kind"),
        date_from=since,
        date_to=until,
        actor=_param(request, "actor", _CODE),
    )


def allowed_hosts(hosts: Iterable[str] = ()) -> list[str]:
    """The Host header names the UI answers: the loopback's and ``hosts`` (IPv6 addresses bracketed, as
    a Host header writes them)."""
    named = [f"[{h.strip('[]')}]" if ":" in h else h for h in hosts if h]
    return list(dict.fromkeys([*LOOPBACK, *(h.lower() for h in named)]))


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


def _downloading(request: Request) -> bool:
    """Whether the query string asks for the table as a file (``format=csv|json``) rather than a page."""
    return request.query_params.get("format") not in (None, "", "html")


def _download(request: Request, rows: Sequence[dict[str, Any]], columns: Sequence[str], name: str) -> Response | None:
    """The table as a CSV or JSON file when the query string asks for one (``format=csv|json``)."""
    fmt = request.query_params.get("format")
    if not _downloading(request):
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
    """The pages, over one corpus; ``app`` is the Starlette application.

    Each page is a method ``(request, corpus) -> Response`` that reads through ``corpus`` (an
    ``api.Corpus`` on a cursor of its own), run within the time budget and the cap of ``limits``.
    Only requests addressed to the loopback or to one of ``hosts`` are answered.
    """

    def __init__(
        self,
        db: str | Path = DEFAULT_PATH,
        idle: float = 5.0,
        limits: Limits | None = None,
        hosts: Iterable[str] = (),
    ) -> None:
        self.corpus = Corpus(db, idle=idle)
        self.gate = Gate(limits)
        self.env = _environment()
        pages: list[tuple[str, Callable[[Request, OpenCorpus], Response]]] = [
            ("/", self.overview),
            ("/documents", self.documents),
            ("/doc/{doc_id:path}", self.document),
            ("/search", self.search),
            ("/kwic", self.kwic),
            ("/trend", self.trend),
            ("/events", self.events),
            ("/actors", self.actors),
            ("/actor/{code}", self.actor),
        ]
        routes = [Route(path, self._endpoint(view)) for path, view in pages]
        routes.append(Route("/static/{name}", self.static))
        self.app = Starlette(
            routes=routes,
            middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(hosts))],
            exception_handlers={HTTPException: self._http_error},
            lifespan=self._lifespan,
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

    def _paged(
        self, request: Request, template: str, title: str, rows: list[Any], page: int, **context: Any
    ) -> HTMLResponse:
        """Page ``page`` of a long table: ``rows`` from its first, one more than shown if there are more."""
        return self._page(request, template, title=title, rows=rows[:PAGE], page=page, more=len(rows) > PAGE, **context)

    def _error(self, request: Request, status: int, title: str, message: str) -> HTMLResponse:
        return self._page(request, "error.html", status=status, title=title, message=message)

    def _endpoint(self, view: Callable[[Request, OpenCorpus], Response]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await self._answer(request, view)

        return endpoint

    async def _answer(self, request: Request, view: Callable[[Request, OpenCorpus], Response]) -> Response:
        """``view``'s page, run within the limits; a bad query, a busy or unreadable store, or a query
        that took too long is a page that says so (DuckDB's own words go to the log alone)."""
        try:
            return await self.gate.run(self.corpus.cursor, lambda corpus: view(request, corpus))
        except DocumentNotFound as exc:
            return self._error(request, 404, "Not found", exc.message)
        except QueryError as exc:
            return self._error(request, 400, "Cannot run this query", exc.message)
        except TooSlow:
            return self._error(request, 504, "This query took too long", TOO_SLOW)
        except Busy:
            return self._error(request, 503, "Busy", BUSY)
        except WriterPending as exc:
            return self._error(request, 503, "The store is being written", str(exc))
        except (StoreError, duckdb.IOException) as exc:
            log.warning("%s: cannot read the store: %s", request.url.path, exc)
            return self._error(request, 503, "The store cannot be read", _unreadable(exc))
        except (CommuniqueError, duckdb.Error) as exc:
            log.warning("%s?%s: %s", request.url.path, request.url.query, exc)
            return self._error(request, 400, "Cannot run this query", getattr(exc, "message", FAILED))

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

    def overview(self, request: Request, corpus: OpenCorpus) -> Response:
        data = corpus.overview()
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
        recent = corpus.documents(limit=10)
        return self._page(request, "overview.html", title="Overview", data=data, chart=chart, recent=recent)

    def documents(self, request: Request, corpus: OpenCorpus) -> Response:
        page = _page_number(request)
        since, until = _dates(request)
        options = {
            "source": _param(request, "source"),
            "kind": _param(request, "kind"),
            "date_from": since,
            "date_to": until,
            "title": _param(request, "title"),
        }
        if request.query_params.get("format"):
            rows = corpus.documents(**options)
            return _download(request, rows, DOCUMENT_COLUMNS, "documents")  # type: ignore[return-value]
        rows = corpus.documents(**options, limit=PAGE + 1, offset=(page - 1) * PAGE)
        return self._paged(request, "documents.html", "Documents", rows, page, sources=corpus.sources())

    def document(self, request: Request, corpus: OpenCorpus) -> Response:
        doc = corpus.document(request.path_params["doc_id"])
        if request.query_params.get("format") == "json":
            body = json.dumps(doc.to_dict(), ensure_ascii=False, indent=1)
            name = re.sub(r"[^\w.-]+", "_", doc.id)
            headers = {"Content-Disposition": f'attachment; filename="{name}.json"'}
            return Response(body, media_type="application/json", headers=headers)
        events = [_event_row(n, e) for n, e in enumerate(doc.events)]
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

    def search(self, request: Request, corpus: OpenCorpus) -> Response:
        query = _param(request, "q") or ""
        filters = _filters(request)
        semantic = request.query_params.get("semantic") == "1"
        limit = min(200, max(1, int(_param(request, "limit", re.compile(r"\d{1,4}")) or 20)))
        every_word = request.query_params.get("any") != "1"
        hits = corpus.search(query, limit, every_word, semantic, **asdict(filters)) if query else []
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
            sources=corpus.sources(),
            semantic=semantic,
            embedded=corpus.has_vectors(),
            notice=corpus.index_notice,
        )

    def kwic(self, request: Request, corpus: OpenCorpus) -> Response:
        term = _param(request, "term") or ""
        filters = _filters(request)
        options = {
            "regex": request.query_params.get("regex") == "1",
            "sentence": request.query_params.get("sentence") == "1",
            "sort": _param(request, "sort"),
            "window": min(50, int(_param(request, "window", re.compile(r"\d{1,3}")) or 8)),
        }
        # The page reads one line past those it shows, to say there are more; a download reads them all.
        limit = None if _downloading(request) else KWIC_SHOWN + 1
        lines = corpus.kwic(term, **options, limit=limit, **asdict(filters)) if term else []
        if download := _download(request, lines, _KWIC_COLUMNS, "kwic"):
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
            sources=corpus.sources(),
            notice=corpus.index_notice,
        )

    def trend(self, request: Request, corpus: OpenCorpus) -> Response:
        terms = [t.strip() for t in (_param(request, "terms") or "").split(",") if t.strip()]
        by = _param(request, "by") or "month"
        if by not in PERIODS:
            raise QueryError(f"by is one of {', '.join(PERIODS)}, not {by!r}")
        relative = request.query_params.get("relative") == "1"
        regex = request.query_params.get("regex") == "1"
        filters = _filters(request)
        rows = corpus.trend(terms, by=by, regex=regex, **asdict(filters)) if terms else []
        if download := _download(request, rows, ("period", "term", "count", "words", "per_million"), "trend"):
            return download
        carried = _filter_params(filters)

        def to_kwic(term: str, first: str, last: str) -> str:
            span = _within(first, last, filters.date_from, filters.date_to)
            return link("/kwic", term=term, regex="1" if regex else None, **{**carried, **span})

        return self._page(
            request,
            "trend.html",
            title="Trend: " + ", ".join(terms) if terms else "Trend",
            terms=terms,
            by=by,
            relative=relative,
            regex=regex,
            chart=charts.trend_figure(rows, by, relative, to_kwic) if rows else None,
            table=pivot(rows, terms, by, relative),
            filters=carried,
            sources=corpus.sources(),
            notice=corpus.index_notice,
        )

    def events(self, request: Request, corpus: OpenCorpus) -> Response:
        since, until = _dates(request)
        options = {
            "actor": _param(request, "actor", _CODE),
            "type_": _param(request, "type", re.compile(r"[A-Za-z]+")),
            "status": _param(request, "status"),
            "source": _param(request, "source"),
            "role": _param(request, "role"),
            "date_from": since,
            "date_to": until,
        }
        if options["status"] and options["status"] not in STATUSES:
            raise QueryError(f"status is one of {', '.join(STATUSES)}, not {options['status']!r}")
        plover = request.query_params.get("plover") == "1"
        by = _param(request, "by") or "month"
        if request.query_params.get("format"):
            rows = corpus.events(**options, plover=plover)
            return _download(request, rows, EVENT_COLUMNS, "events")  # type: ignore[return-value]
        page = _page_number(request)
        rows = corpus.events(**options, plover=plover, limit=page * PAGE + 1)[(page - 1) * PAGE :]
        periods = [] if plover else corpus.timeline(**options, by=by)
        chart = _timeline_chart(periods, by, request) if periods else None
        return self._paged(
            request, "events.html", "Events", rows, page, chart=chart, by=by, plover=plover, sources=corpus.sources()
        )

    def actors(self, request: Request, corpus: OpenCorpus) -> Response:
        table = [{**row, "name": actor_names().get(row["actor"], "")} for row in corpus.actors(by="code")]
        if download := _download(request, table, ("actor", "name", "mentions", "documents"), "actors"):
            return download
        return self._page(request, "actors.html", title="Actors", rows=table)

    def actor(self, request: Request, corpus: OpenCorpus) -> Response:
        code = request.path_params["code"].upper()
        if not _CODE.fullmatch(code):
            raise DocumentNotFound(f"no actor {code}")
        by = _param(request, "by") or "month"
        data = corpus.actor(code, by=by)
        mentions = data["mentions"]
        if download := _download(request, mentions, ("period", "mentions", "documents"), f"{code}-mentions"):
            return download
        name = actor_names().get(code)
        return self._page(
            request,
            "actor.html",
            title=name or code,
            code=code,
            name=name,
            total=sum(m["mentions"] for m in mentions),
            chart=_mentions_chart(code, mentions, by) if mentions else None,
            events_chart=_sides_chart(code, data["sides"]),
            by=by,
            **data,
        )


def _unreadable(exc: Exception) -> str:
    """What to tell of a store that cannot be opened: our own message, never DuckDB's words nor who holds it."""
    if isinstance(exc, StoreBusy):
        return LOCKED
    if isinstance(exc.__cause__ or exc, duckdb.Error):
        text = str(exc).lower()
        return LOCKED if "lock" in text else UNREADABLE
    return getattr(exc, "message", UNREADABLE)


def _hit(request: Request) -> tuple[int, int] | None:
    """The span of the document a concordance line links to (``at`` and ``end``, offsets in its text)."""
    number = re.compile(r"\d{1,9}")
    at, end = _param(request, "at", number), _param(request, "end", number)
    return (int(at), int(end)) if at and end else None


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


def _event_row(n: int, event: Event) -> dict[str, Any]:
    """One of a document's events as its table shows it."""
    row = {key: getattr(event, key) for key in _DOCUMENT_EVENT_COLUMNS if key not in ("source", "target")}
    row.update(source=actors_text(event.source), target=actors_text(event.target))
    return {"n": n, **row, "summary": event_summary(event)}


def _mentions_chart(code: str, mentions: list[dict[str, Any]], by: str) -> dict[str, Any]:
    """An actor's mentions per period; a bar opens the search for it in that period."""
    periods = [m["period"] for m in mentions]
    links = []
    for period in periods:
        first, last = charts.period_range(charts.period_start(period), by)
        links.append(link("/search", q=actor_names().get(code, code), actor=code, **{"from": first, "to": last}))
    return charts.bars(periods, [m["mentions"] for m in mentions], links, "mentions")


def _sides_chart(code: str, sides: dict[str, dict[str, dict[str, int]]]) -> dict[str, Any] | None:
    """An actor's events by type, as source beside as target; a bar opens those events."""
    types = sorted(
        {t for side in sides.values() for t in side},
        key=lambda t: -sum(sum(sides[s].get(t, {}).values()) for s in sides),
    )
    if not types:
        return None
    stacks = {
        f"{code} as source": [sum(sides["source"].get(t, {}).values()) for t in types],
        f"{code} as target": [sum(sides["target"].get(t, {}).values()) for t in types],
    }
    type_links = {name: [link("/events", actor=code, type=t) for t in types] for name in stacks}
    return charts.horizontal_bars(types, stacks, type_links, "events")


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


def create_app(
    db: str | Path = DEFAULT_PATH, idle: float = 5.0, limits: Limits | None = None, hosts: Iterable[str] = ()
) -> Starlette:
    """The web UI over the store ``db``; the store is let go after ``idle`` seconds without a request.
    ``limits``: each query's time budget and how many run at once; ``hosts``: the host names it answers
    besides the loopback's."""
    return UI(db, idle=idle, limits=limits, hosts=hosts).app
