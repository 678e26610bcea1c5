"""The ``communique`` command line: parses arguments, calls ``communique.api``, prints results."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from communique import __version__, api
from communique.analysis.kwic import COLUMNS as KWIC_COLUMNS
from communique.analysis.trend import COLUMNS as TREND_COLUMNS
from communique.errors import CommuniqueError
from communique.export.rows import plain
from communique.model import Document
from communique.sources import walk
from communique.sources.profiles.engine import PROFILES_VARIABLE

DB_HELP = "DuckDB file of the corpus."
# The fields of a search hit, in order (a CSV's header, even with no hit).
_SEARCH_COLUMNS = (
    "doc_id", "date", "source", "title", "turn", "speaker", "role", "score", "snippet", "matches", "turn_start",
)  # fmt: skip


def _known_site(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return value and api.site(value)
    except CommuniqueError as exc:
        raise click.BadParameter(exc.message) from exc


_site_option = click.option(
    "--source",
    metavar="SITE",
    callback=_known_site,
    help="The site of every file (kremlin.ru, mid.ru, ...) when neither its URL, folder nor text tells it.",
)
_db_option = click.option("--db", default="communique.duckdb", show_default=True, type=click.Path(), help=DB_HELP)


class _Commands(click.Group):
    """The command group: a ``CommuniqueError`` raised anywhere in a command (a missing store, a bad
    pattern, a folder in the way) ends it with its one-line message and exit code 1, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CommuniqueError as exc:
            raise click.ClickException(" ".join(str(exc).split())) from exc


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
@click.option(
    "--profiles",
    "profile_folders",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help=f"A folder of site profiles of one's own, read before the packaged ones (also ${PROFILES_VARIABLE}).",
)
def cli(profile_folders: tuple[str, ...]) -> None:
    """communique: official diplomatic transcripts turned into data.

    Example:

        communique ingest examples/ && communique list

        communique --profiles my-sites/ parse page.html --explain
    """
    if profile_folders:  # every stage and worker process loads profiles from the environment
        given = os.pathsep.join(os.path.abspath(f) for f in profile_folders)
        os.environ[PROFILES_VARIABLE] = os.pathsep.join(p for p in (given, os.environ.get(PROFILES_VARIABLE)) if p)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "text"]),
    default="json",
    show_default=True,
    help="json: one document (an array for several); jsonl: one per line; text: a readable transcript.",
)
@click.option("--no-nlp", is_flag=True, help="Structure only: no entity mentions and no events.")
@click.option("--text-only", is_flag=True, help="Each file is one unlabelled body with no header lines.")
@click.option(
    "--explain", is_flag=True, help="Say on stderr which format, site profile and reader each file gets, and why."
)
@_site_option
def parse(files: tuple[str, ...], fmt: str, no_nlp: bool, text_only: bool, explain: bool, source: str | None) -> None:
    """Parse FILES (text, HTML, Markdown, PDF; a folder: the files in it) and print them without storing.

    A file that fails prints {"path": ..., "error": ...} in its place (jsonl)
    or a message on stderr, and the others go on; the exit code is 1 if any failed.
    What a folder holds that is not a regular file (a named pipe, a broken link,
    an unreadable folder) is named on stderr as not read.

    Example:

        communique parse examples/mid.ru/1331-24-06-2022.txt --format text

        communique parse --text-only --format jsonl news/*.txt

        communique parse page.html --explain --no-nlp --format text
    """
    if explain:
        for path in walk(list(files)):
            try:
                why = api.explain(path, source=source)
            except CommuniqueError as exc:
                click.echo(f"explain: {path}: {exc}", err=True)
                continue
            click.echo(
                f"explain: {why['path']}: {why['format']}; profile {why['profile'] or 'none'}"
                + (f" ({why['profile_from']})" if why["profile"] else "")
                + f": {why['why']}; reader: {why['reader']}",
                err=True,
            )
    failed = False
    outputs: list[dict[str, Any]] = []
    unread: list[tuple[str, str]] = []
    for outcome in api.parse_files(files, nlp=not no_nlp, text_only=text_only, skipped=unread, source=source):
        if outcome.error is not None:
            failed = True
            error = {"path": outcome.path, "error": str(outcome.error), "code": outcome.error.code}
            if fmt == "jsonl":
                click.echo(json.dumps(error, ensure_ascii=False))
            else:
                click.echo(f"error: {outcome.error}", err=True)
            continue
        doc = outcome.document
        assert doc is not None
        if fmt == "jsonl":
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
        elif fmt == "text":
            click.echo(render_text(doc))
        else:
            outputs.append(doc.to_dict())
    if fmt == "json" and outputs:
        one = len(files) == 1 and not os.path.isdir(files[0])
        click.echo(json.dumps(outputs[0] if one else outputs, ensure_ascii=False, indent=2))
    _warn_unread(unread)
    if failed:
        sys.exit(1)


def _warn_unread(unread: list[tuple[str, str]]) -> None:
    for path, reason in unread:
        click.echo(f"not read: {path}: {reason}", err=True)


def render_text(doc: Document) -> str:
    """A readable transcript: metadata header, then ``[n] Speaker (role): text``."""
    lines = [f"# {doc.title or doc.id}"]
    for key in ("id", "source", "kind", "date", "time", "place", "number", "url"):
        value = getattr(doc, key)
        if value:
            lines.append(f"{key}: {value}")
    for p in doc.participants:
        lines.append(f"participant: {p.name}" + "".join(f", {v}" for v in (p.role, p.affiliation) if v))
    lines.append(f"turns: {len(doc.turns)}, exchanges: {len(doc.exchanges)}")
    lines.append("")
    for turn in doc.turns:
        who = turn.speaker or turn.speaker_label or "(unlabelled)"
        lines.append(f"[{turn.index}] {who} ({turn.role}, {turn.kind}): {turn.text}")
        lines.append("")
    if doc.events:
        lines.append(f"events: {len(doc.events)}")
        for e in doc.events:
            who = ", ".join(a.text() for a in e.source) or "?"
            whom = ", ".join(a.text() for a in e.target) or "?"
            when = " ".join(v for v in (e.date, e.place) if v)
            lines.append(f"[{e.turn}] {e.type} {e.status} {who} -> {whom} {when} ({e.trigger}): {e.text}")
    return "\n".join(lines)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@_db_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Parser processes.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--no-nlp", is_flag=True, help="Store structure only: no entity mentions and no events (much faster).")
@click.option("--no-index", is_flag=True, help="Leave the search index to the first search (or `communique index`).")
@click.option("--semantic", is_flag=True, help="Also embed new documents for search by meaning (extra: semantic).")
@_site_option
@click.option("--force", is_flag=True, help="Parse every file again, even those stored unchanged.")
@click.option(
    "--wait",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds to wait while another process (the web UI) has the store open; 0: fail at once.",
)
def ingest(
    paths: tuple[str, ...],
    db: str,
    workers: int,
    quiet: bool,
    no_nlp: bool,
    no_index: bool,
    semantic: bool,
    source: str | None,
    force: bool,
    wait: float,
) -> None:
    """Parse files and folders into the corpus. Unchanged files are skipped, changed ones replaced.

    An unchanged file is parsed again if its document was stored without NLP
    (and NLP is asked for now), by another version of communique, or from
    another file. Ctrl-C stores what is parsed and stops. Exit status: 0, 1 if
    any file failed, 130 if interrupted.

    Example:

        communique ingest examples/ --db corpus.duckdb --workers 2
    """
    with _progress_bar("ingest", quiet) as progress:
        try:
            summary = api.ingest(
                paths,
                db=db,
                workers=workers,
                progress=progress,
                nlp=not no_nlp,
                search_index=not no_index,
                source=source,
                force=force,
                wait=wait,
                on_wait=lambda message: click.echo(message, err=True),
            )
        except CommuniqueError as exc:
            raise click.ClickException(str(exc)) from exc
    _print_ingest(summary, db)
    if summary.interrupted:
        sys.exit(130)
    if semantic:
        _embed(db, quiet)
    if summary.failed:
        sys.exit(1)


def _print_ingest(summary: Any, db: str) -> None:
    """Failures and what was not read on stderr; replacements, the counts and why unchanged files were
    redone on stdout."""
    for path, message in summary.errors:
        click.echo(f"failed: {path}: {message}", err=True)
    _warn_unread(summary.unread)
    for r in summary.replaced:
        click.echo(f"replaced: {r.id}: the document from {r.earlier_path} by the one from {r.later_path}")
    for doc_id in summary.removed:
        click.echo(f"removed: {doc_id}: its file now gives another id")
    redone = summary.redone.total()
    why = "; ".join(f"{count} {reason}" for reason, count in summary.redone.most_common())
    click.echo(
        f"documents: {summary.new} new, {summary.updated} updated, "
        + (f"{redone} redone ({why}), " if redone else "")
        + f"{summary.skipped} skipped, {summary.failed} failed; turns: {summary.turns}; "
        f"exchanges: {summary.exchanges}; mentions: {summary.mentions}; events: {summary.events}; "
        f"{summary.seconds:.1f} s -> {db}"
    )
    if summary.interrupted:
        click.echo("interrupted: what was parsed is stored; run the same command again to do the rest", err=True)


def _embed(db: str, quiet: bool) -> None:
    """Embed what is not embedded yet, with a progress bar; print what was done."""
    with _progress_bar("embed", quiet) as progress:
        done = _query(lambda: [api.embed(db, progress=progress)])[0]
    click.echo(f"embedded for search by meaning: {done['documents']} documents, {done['passages']} passages")


@contextmanager
def _progress_bar(name: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, gone when done; yields the ``progress(done, total)`` to call."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), disable=quiet, transient=True) as bar:
        task = bar.add_task(name, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@cli.command()
@click.argument("doc_id")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
def show(doc_id: str, db: str, fmt: str) -> None:
    """Print one stored document.

    Example:

        communique show mid.ru/1331-24-06-2022
    """
    try:
        doc = api.show(doc_id, db=db)
    except CommuniqueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render_text(doc) if fmt == "text" else json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))


@cli.command(name="list")
@_db_option
@click.option("--source", help="Only this source (mid.ru, kremlin.ru, fmprc.gov.cn, ...).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="From this date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Up to this date (YYYY-MM-DD).")
@click.option("--kind", help="Only documents of this kind (press_conference, interview, briefing, ...).")
@click.option("--title", help="Only documents whose title has this (any case).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def list_(
    db: str, source: str | None, date_from: Any, date_to: Any, kind: str | None, title: str | None, fmt: str
) -> None:
    """List stored documents, newest first: id, date, source, kind, title.

    Example:

        communique list --source kremlin.ru --from 2019-01-01 --to 2019-12-31 --title Azerbaijan
    """
    options = {"source": source, "kind": kind, "title": title, "date_from": _day(date_from), "date_to": _day(date_to)}
    rows = _query(api.list_documents, db=db, **options)
    if not rows and fmt == "table":
        click.echo("no results", err=True)
    for row in rows:
        if fmt == "jsonl":
            click.echo(json.dumps({k: plain(v) for k, v in row.items()}, ensure_ascii=False))
        else:
            shown = [row["id"], *(row[k] or "-" for k in ("date", "source", "kind")), row["title"] or ""]
            click.echo("\t".join(str(v) for v in shown))


@cli.command()
@click.argument("out", type=click.Path())
@_db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "tei"]), default="jsonl", show_default=True
)
@click.option("--force", is_flag=True, help="Write over an existing OUT (files of the same names are replaced).")
def export(out: str, db: str, fmt: str, force: bool) -> None:
    """Export the corpus: JSONL (one document per line), CSV / Parquet (a file per table in OUT) or
    TEI XML in the ParlaMint style (a file per document in OUT, a <u> per turn).

    OUT must not exist yet (or be an empty folder) unless --force. The files are
    written beside it first and moved into place at the end, so a failed or
    interrupted export leaves nothing behind.

    Example:

        communique export --format parquet corpus-parquet/
    """
    files = api.export(fmt, out, db=db, force=force)
    for file in files:
        click.echo(str(file))


def _rows_out(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...]) -> None:
    """Rows as an aligned table, JSON lines or CSV on stdout. No rows: "no results" on stderr for a
    table (stdout stays clean for a pipe), nothing for JSON lines, the header of ``columns`` for CSV."""
    if not rows and fmt == "table":
        click.echo("no results", err=True)
        return
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=plain))
        return
    if fmt == "csv":
        from communique.export.rows import write_csv

        write_csv(rows, list(rows[0]) if rows else list(columns), sys.stdout)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not console.is_terminal:
        console = Console(width=200)  # piped: wide lines rather than wrapped cells
    table = Table(show_lines=False)
    for column in columns:
        if column == "text":  # a sentence: one line of it is enough to recognise the row; it gives way first
            table.add_column(column, overflow="ellipsis", no_wrap=True, min_width=20, max_width=70)
        elif column in ("source", "target", "name", "trigger"):
            table.add_column(column, overflow="fold")
        else:
            table.add_column(column, no_wrap=True)
    for row in rows:
        # Text(), not a string: document text is not rich markup ("[Sakha]", "[/b]" print as written).
        table.add_row(*(Text("" if row[c] is None else str(plain(row[c]))) for c in columns))
    console.print(table)


@cli.command()
@_db_option
@click.option("--actor", help="Events with this actor as source or target (RUS, AZE, EU, NATO, ...).")
@click.option("--type", "type_", help="PLOVER type: AGREE, CONSULT, SUPPORT, ACCUSE, ...")
@click.option("--status", type=click.Choice(["asserted", "planned", "negated", "hypothetical"]))
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Events on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Events on or before (YYYY-MM-DD).")
@click.option("--source", help="Only documents of this source (mid.ru, kremlin.ru, ...).")
@click.option("--role", type=click.Choice(["official", "journalist", "moderator", "other"]), help="Role of the turn.")
@click.option("--limit", type=click.IntRange(1), help="At most this many events.")
@click.option("--newest", is_flag=True, help="Newest first (undated events last).")
@click.option(
    "--plover",
    is_flag=True,
    help="Types as the PLOVER manual writes them: a signed agreement SUPPORT, a promised visit or aid AGREE.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def events(
    db: str,
    actor: str | None,
    type_: str | None,
    status: str | None,
    date_from: Any,
    date_to: Any,
    source: str | None,
    role: str | None,
    limit: int | None,
    newest: bool,
    plover: bool,
    fmt: str,
) -> None:
    """Coded events of the corpus, oldest first: who did what to whom, when, and whether it happened.

    Example:

        communique events --actor AZE --type AGREE --status planned --format csv

        communique events --actor AZE --newest --limit 20
    """
    rows = _query(
        api.events,
        db=db,
        actor=actor,
        type_=type_,
        status=status,
        date_from=_day(date_from),
        date_to=_day(date_to),
        source=source,
        limit=limit,
        role=role,
        newest=newest,
        plover=plover,
    )
    columns = ("doc_id", "date", "type", "status", "source", "target", "trigger", "place", "text")
    _rows_out(rows, fmt, columns)


@cli.command()
@_db_option
@click.option("--by", type=click.Choice(["all", "document", "month"]), default="all", show_default=True)
@click.option("--limit", type=click.IntRange(1), help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def actors(db: str, by: str, limit: int | None, fmt: str) -> None:
    """States, organisations and people by number of mentions, over the corpus or per document or month.

    Example:

        communique actors --by month --limit 50
    """
    rows = _query(api.actors, db=db, by=by, limit=limit)
    columns = ("period", "country", "sector", "name", "mentions", "documents")
    _rows_out(rows, fmt, columns[1:] if by == "all" else columns)


def _query(function: Any, **kwargs: Any) -> list[dict[str, Any]]:
    try:
        return list(function(**kwargs))
    except CommuniqueError as exc:
        raise click.ClickException(str(exc)) from exc


def _corpus_filters(function: Any) -> Any:
    """The options every corpus view is narrowed by, passed on as ``filters``."""
    options = [
        click.option("--speaker", help="Turns of this speaker (part of the name, any case)."),
        click.option("--role", type=click.Choice(["official", "journalist", "moderator", "other"])),
        click.option("--source", help="Only documents of this source (mid.ru, kremlin.ru, ...)."),
        click.option("--kind", help="Only documents of this kind (press_conference, interview, briefing, ...)."),
        click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Documents from (YYYY-MM-DD)."),
        click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Documents up to (YYYY-MM-DD)."),
        click.option("--actor", help="Turns that name this actor (RUS, AZE, EU, NATO, ...)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The filter options of a command as ``api`` keywords (dates as ISO strings)."""
    names = ("speaker", "role", "source", "kind", "date_from", "date_to", "actor")
    filters = {name: kwargs.pop(name) for name in names}
    for name in ("date_from", "date_to"):
        filters[name] = _day(filters[name])
    return filters


def _day(value: Any) -> str | None:
    """A ``--from``/``--to`` option's date as ISO (YYYY-MM-DD), or ``None`` when not given."""
    return value.date().isoformat() if value is not None else None


@cli.command()
@click.argument("query")
@_db_option
@_corpus_filters
@click.option("--any", "any_word", is_flag=True, help="Turns with any of the words (default: all of them).")
@click.option("--semantic", is_flag=True, help="By meaning, not by words (after `communique index --semantic`).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="At most this many hits.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def search(query: str, db: str, any_word: bool, semantic: bool, limit: int, fmt: str, **kwargs: Any) -> None:
    """Full-text search over turns, best first (BM25): document, date, speaker and a highlighted snippet.

    Words match by stem ("sanctions" finds "sanction"); a "quoted phrase" must occur as written.
    --semantic ranks turns by how close a passage of theirs is in meaning to QUERY
    (sentence embeddings; the optional extra: pip install "communique[semantic]").

    Example:

        communique search "Minsk Group" --speaker Lavrov --from 2022-01-01
        communique search "hostility towards Russia" --semantic
    """
    filters = _filters(kwargs)
    hits = _query(api.search, query=query, db=db, limit=limit, every_word=not any_word, semantic=semantic, **filters)
    if fmt != "table" or not hits:
        _rows_out(hits, fmt, _SEARCH_COLUMNS)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console() if sys.stdout.isatty() else Console(width=200)
    table = Table(show_lines=True)
    for column in ("doc_id", "date", "speaker", "snippet"):
        table.add_column(column, overflow="fold", ratio=3 if column == "snippet" else None)
    for hit in hits:
        text = Text(hit["snippet"])
        for start, end in hit["matches"]:
            text.stylize("bold reverse", start, end)
        cells = (hit["doc_id"], str(hit["date"] or ""), hit["speaker"] or hit["role"] or "")
        table.add_row(*(Text(cell) for cell in cells), text)
    console.print(table)


@cli.command()
@click.argument("term")
@_db_option
@_corpus_filters
@click.option(
    "--regex",
    is_flag=True,
    help="TERM is a regular expression, any case, in RE2 syntax: no look-around or backreferences, \\w is ASCII.",
)
@click.option("--window", default=8, show_default=True, type=click.IntRange(0), help="Words of context each side.")
@click.option("--sentence", is_flag=True, help="Context ends where the sentence does.")
@click.option("--sort", type=click.Choice(["left", "right"]), help="Sort by the words before (nearest first) or after.")
@click.option("--limit", type=click.IntRange(1), help="At most this many lines.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def kwic(
    term: str, db: str, regex: bool, window: int, sentence: bool, sort: str | None, limit: int | None, fmt: str,
    **kwargs: Any,
) -> None:  # fmt: skip
    """Keyword in context: every occurrence of a word, phrase or pattern, with the words around it.

    Example:

        communique kwic "Minsk Group" --sort left --format csv > minsk.csv
    """
    lines = _query(
        api.kwic, term=term, db=db, regex=regex, window=window, sentence=sentence, sort=sort, limit=limit,
        **_filters(kwargs),
    )  # fmt: skip
    if fmt != "table" or not lines:
        _rows_out(lines, fmt, KWIC_COLUMNS)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console() if sys.stdout.isatty() else Console(width=200)
    table = Table(box=None, show_header=True, pad_edge=False)
    table.add_column("doc_id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("left", justify="right", no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column("keyword", style="bold", no_wrap=True)
    table.add_column("right", no_wrap=True, overflow="ellipsis", ratio=1)
    for line in lines:
        cells = (line["doc_id"], str(line["date"] or ""), line["left"], line["keyword"], line["right"])
        table.add_row(*(Text(cell) for cell in cells))
    console.print(table)
    click.echo(f"{len(lines)} lines", err=True)


@cli.command()
@click.argument("terms", nargs=-1, required=True)
@_db_option
@_corpus_filters
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option("--relative", is_flag=True, help="Show occurrences per million words rather than counts.")
@click.option(
    "--regex",
    is_flag=True,
    help="Each TERM is a regular expression in RE2 syntax, any case (no look-around or backreferences).",
)
@click.option("--plot", "plot", type=click.Path(), help="Also draw it into this PNG, SVG or PDF file.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def trend(
    terms: tuple[str, ...], db: str, by: str, relative: bool, regex: bool, plot: str | None, fmt: str, **kwargs: Any
) -> None:
    """How often terms occur per day, week, month or year: counts, words spoken, per million words.

    Example:

        communique trend EU NATO --by year --relative --speaker Lavrov --plot eu-nato.png
    """
    rows = _query(api.trend, terms=list(terms), db=db, by=by, regex=regex, **_filters(kwargs))
    if plot:
        from communique.analysis.plot import plot_trend

        _query(lambda: [plot_trend(rows, plot, relative=relative, title=" / ".join(terms) + f" by {by}")])
        click.echo(f"chart -> {plot}", err=True)
    if fmt != "table":
        _rows_out(rows, fmt, TREND_COLUMNS)
        return
    from communique.analysis.trend import pivot

    _rows_out(pivot(rows, list(terms), by, relative), "table", ("period", *terms, "words"))


@cli.command()
@_db_option
@click.option("--actor", help="Events with this actor as source or target (RUS, AZE, EU, NATO, ...).")
@click.option("--type", "type_", help="PLOVER type: AGREE, CONSULT, SUPPORT, ACCUSE, ...")
@click.option("--source", help="Only documents of this source (mid.ru, kremlin.ru, ...).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Events from (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Events up to (YYYY-MM-DD).")
@click.option("--status", type=click.Choice(["asserted", "planned", "negated", "hypothetical"]))
@click.option("--role", type=click.Choice(["official", "journalist", "moderator", "other"]), help="Role of the turn.")
@click.option("--by", type=click.Choice(["day", "month", "year"]), default="month", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def timeline(
    db: str,
    actor: str | None,
    type_: str | None,
    source: str | None,
    date_from: Any,
    date_to: Any,
    status: str | None,
    role: str | None,
    by: str,
    fmt: str,
) -> None:
    """Coded events over time: per period, how many happened (asserted) beside those planned.

    Events are placed by their own date (the day reported or planned), else their document's.

    Example:

        communique timeline --actor AZE --by year
    """
    rows = _query(
        api.timeline,
        db=db,
        actor=actor,
        type_=type_,
        source=source,
        by=by,
        date_from=_day(date_from),
        date_to=_day(date_to),
        status=status,
        role=role,
    )
    _rows_out(rows, fmt, ("period", "asserted", "planned", "negated", "hypothetical", "events"))


@cli.command()
@click.argument("out", type=click.Path())
@_db_option
@click.option("--source", help="Only documents of this source (mid.ru, kremlin.ru, ...).")
@click.option("--min-weight", default=1, show_default=True, type=click.IntRange(1), help="Drop weaker links.")
def network(out: str, db: str, source: str | None, min_weight: int) -> None:
    """The actor network: actors named in the same turn, and who acted on whom in coded events.

    OUT ending in .graphml is GraphML (Gephi, Cytoscape, networkx); any other name is JSON.

    Example:

        communique network actors.graphml --min-weight 3
    """
    graph = _query(lambda: [api.network(db=db, out=out, source=source, min_weight=min_weight)])[0]
    click.echo(f"{len(graph['nodes'])} actors, {len(graph['links'])} links -> {out}")


@cli.command(name="index")
@_db_option
@click.option("--semantic", is_flag=True, help="Also embed what is not embedded yet, for search --semantic.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def index_(db: str, semantic: bool, quiet: bool) -> None:
    """Rebuild the full-text search index (ingest does this itself when the corpus changes).

    With --semantic, also embed every document not yet embedded (the optional
    extra: pip install "communique[semantic]"); on two cores this takes about a
    second per 50 turns.

    Example:

        communique index --db corpus.duckdb --semantic
    """
    turns = _query(lambda: [api.index(db)])[0]
    click.echo(f"search index: {turns} turns -> {db}")
    if semantic:
        _embed(db, quiet)


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    help="Also answer requests for this host name (repeatable); the loopback and --host always are.",
)
def serve(db: str, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Open the web UI on the store: overview, search, concordance, trends, documents, events, actors.

    The UI only reads, never writes (not even a stale search index: pages then
    say to run `communique index`). It lets go of the store a few seconds after
    the last request, and at once when an ingest waits for it, so an ingest into
    the same store can run while it is open. Each query may run 10 seconds, one
    per core at once. Only requests addressed to the loopback, to --host or to an
    --allow-host name are answered.

    Example:

        communique serve --db corpus.duckdb --port 8000
    """

    def ready(address: str) -> None:
        click.echo(f"communique: {db} at {address} (Ctrl+C stops)")

    _query(lambda: [api.serve(db, host=host, port=port, ready=ready, allow_hosts=allow_hosts)])


@cli.group()
def evaluate() -> None:
    """Score communique against gold data.

    Example:

        communique evaluate structure ../shared/gold/structure-dev.jsonl
    """


@evaluate.command(name="structure")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="List what is wrong in each imperfect document.")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False),
    help="The folder the gold's `input` paths start from (found from the gold's folder if not given).",
)
def evaluate_structure(gold: str, as_json: bool, show_errors: bool, root: str | None) -> None:
    """Turn-boundary F1, speaker-label accuracy, metadata accuracy and, where the gold gives them, role
    accuracy and exchanges found exactly, per source, per part (tuning, validation) and overall.

    GOLD is a JSONL file or a folder of them. Each record's input path is read from the folder holding
    the corpus (the nearest one above the gold, or `--root`).

    Example:

        communique evaluate structure ../shared/gold/structure-dev.jsonl

        communique evaluate structure gold/structure/
    """
    try:
        report = api.evaluate_structure(gold, root=root)
    except CommuniqueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{'source':<26}{'docs':>5}{'failed':>7}{'P':>8}{'R':>8}{'F1':>8}{'labels':>8}{'perfect':>8}"
        f"{'roles':>7}{'exch R':>7}{'exch P':>7}{'ppl R':>7}{'ppl P':>7}  metadata"
    )
    rows = [*report["sources"].items(), *report["parts"].items(), ("overall", report["overall"])]
    for name, f in rows:
        meta = " ".join(f"{k}={v:.3f}" for k, v in f["metadata"].items())
        optional = "".join(
            f"{'-' if f[k] is None else format(f[k], '.3f'):>7}"
            for k in (
                "role_accuracy",
                "exchange_recall",
                "exchange_precision",
                "participant_recall",
                "participant_precision",
            )
        )
        click.echo(
            f"{name:<26}{f['documents']:>5}{f['failed']:>7}{f['boundary_precision']:>8.4f}"
            f"{f['boundary_recall']:>8.4f}{f['boundary_f1']:>8.4f}{f['label_accuracy']:>8.4f}"
            f"{f['perfect_documents']:>8.4f}{optional}  {meta}"
        )
    if show_errors:
        for doc in report["imperfect"]:
            click.echo(f"\n{doc['id']}")
            for problem in doc["problems"]:
                click.echo(f"  {problem}")


@evaluate.command(name="events")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--errors",
    "show_errors",
    is_flag=True,
    help="List each record the coder got wrong (of transcript gold, in the train documents alone).",
)
@click.option(
    "--view",
    type=click.Choice(["plover", "native"]),
    default="plover",
    show_default=True,
    help="Score the types as the PLOVER manual writes them, or as the coder codes them.",
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False),
    help="Transcript gold: the folder its `input` paths start from (found from the gold's folder if not given).",
)
def evaluate_events(gold: str, as_json: bool, show_errors: bool, view: str, root: str | None) -> None:
    """Event-type accuracy, recall, false positives per record and actor-country F1 against gold events.

    GOLD is PLOVER gold-standard JSON or PETRARCH-2 validation XML; each
    record's sentence is coded as a one-turn document dated by the record.
    Figures come for the whole file and for its tuning and validation parts
    (split by a hash of each sentence). GOLD may also be hand-coded events of
    whole transcripts (JSONL, or a folder of JSONL files): each document is
    parsed whole and scored with precision, recall and per-field accuracy, for
    its train and validation documents.

    Example:

        communique evaluate events ../shared/gold/plover-gsr-dev.json

        communique evaluate events gold/events/
    """
    try:
        scores = api.evaluate_events(gold, view=view, root=root)
    except CommuniqueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(scores.report())
    if show_errors:
        click.echo(scores.errors_report())


def main() -> None:
    cli()


@cli.group()
def profiles() -> None:
    """Site profiles: the packaged ones and one's own (`--profiles DIR`, $COMMUNIQUE_PROFILES).

    Example:

        communique --profiles my-sites/ profiles test
    """


@profiles.command(name="list")
def profiles_list() -> None:
    """Every site profile, where it comes from, its hosts and how many sample tests it has.

    Example:

        communique profiles list
    """
    from communique.sources.profiles.engine import Profiles

    for profile in Profiles.load().items:
        where = str(profile.folder) if profile.folder else "packaged"
        click.echo(f"{profile.name:<28}{where:<24}{len(profile.tests):>3} tests  {', '.join(profile.hosts)}")


@profiles.command(name="test")
@click.argument("names", nargs=-1)
def profiles_test(names: tuple[str, ...]) -> None:
    """Parse each profile's sample documents ([[tests]]) and compare title, date, time, place, turns and
    labels with what the profile expects; exit 1 if any differs.

    Example:

        communique --profiles my-sites/ profiles test example.org
    """
    checks = api.check_profiles(names)
    for check in checks:
        click.echo(f"{'ok  ' if check.passed else 'FAIL'} {check.profile}: {check.file}")
        for problem in check.problems:
            click.echo(f"     {problem}")
    failed = sum(not c.passed for c in checks)
    click.echo(f"{len(checks) - failed} of {len(checks)} sample documents as expected")
    if failed or not checks:
        sys.exit(1)
