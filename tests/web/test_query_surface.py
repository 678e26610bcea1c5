"""One query surface: the CLI, the web UI and the Python API answer a question alike, because the CLI
commands and the web pages are thin over ``api.Corpus``."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from communique import api
from communique.cli import cli
from communique.web.headless import BackgroundServer as Server


def download(server: Server, path: str) -> list[dict]:
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        return json.loads(response.read())


def cli_rows(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_surface_title_filter_lists_alike_in_cli_web_and_api(server: Server, web_corpus: Path) -> None:
    """The title filter the web's document list had is the CLI's ``list --title`` too."""
    listed = cli_rows("list", "--db", str(web_corpus), "--title", "bayramov")
    shown = download(server, "/documents?title=bayramov&format=json")
    expected = api.list_documents(db=web_corpus, title="BAYRAMOV")
    assert [r["id"] for r in listed] == [r["id"] for r in shown] == [r["id"] for r in expected]
    assert [r["id"] for r in listed] == ["mid.ru/1331-24-06-2022"]
    assert listed[0]["turns"] > 1 and "events" in listed[0]


def test_surface_plover_view_of_events_is_on_the_web_too(server: Server, web_corpus: Path) -> None:
    """The PLOVER view the CLI's ``events --plover`` had is the events page's ``plover=1`` too."""
    expected = api.events(db=web_corpus, actor="AZE", plover=True)
    assert [r["type"] for r in expected] != [r["type"] for r in api.events(db=web_corpus, actor="AZE")]
    listed = cli_rows("events", "--db", str(web_corpus), "--actor", "AZE", "--plover")
    shown = download(server, "/events?actor=AZE&plover=1&format=json")
    assert [r["type"] for r in shown] == [r["type"] for r in listed] == [r["type"] for r in expected]
    with urllib.request.urlopen(server.url + "/events?actor=AZE&plover=1", timeout=30) as response:
        page = response.read().decode()
    assert 'name="plover" value="1" checked' in page
    first = expected[0]["type"]
    assert f'<span class="type type-{first.lower()}">{first}</span>' in page


def test_surface_trend_table_is_pivoted_once(server: Server, web_corpus: Path) -> None:
    """The CLI's trend table and the web's show the same periods and counts."""
    result = CliRunner().invoke(cli, ["trend", "EU", "NATO", "--by", "year", "--db", str(web_corpus)])
    assert result.exit_code == 0, result.output
    rows = api.trend(["EU", "NATO"], db=web_corpus, by="year")
    with urllib.request.urlopen(server.url + "/trend?terms=EU,NATO&by=year", timeout=30) as response:
        page = response.read().decode()
    for row in rows:
        year = row["period"].strftime("%Y")
        assert year in result.output and f"<td>{year}</td>" in page


def test_surface_a_read_only_corpus_answers_from_a_stale_index_and_says_so(web_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    db.write_bytes(web_corpus.read_bytes())
    note = tmp_path / "more" / "note.txt"
    note.parent.mkdir()
    note.write_text("Statement on Quillmore\n\nSpeaker: The Quillmore talks went well.\n", encoding="utf-8")
    api.ingest([note.parent], db=db, search_index=False)
    with api.Corpus(db, read_only=True) as corpus:
        assert corpus.search("Quillmore") == [] and corpus.search("Minsk")
        assert corpus.index_notice == api.STALE_INDEX
    with api.Corpus(db) as corpus:  # may bring its index up to date
        assert corpus.search("Quillmore") and corpus.index_notice is None


def test_surface_trend_of_patterns_is_on_the_web_too(server: Server, web_corpus: Path) -> None:
    """``trend --regex`` is the trend page's "regular expressions", and its points open the concordance
    of the pattern."""
    expected = api.trend([r"Minsk\s+Group"], db=web_corpus, by="year", regex=True)
    shown = download(server, "/trend?terms=Minsk%5Cs%2BGroup&by=year&regex=1&format=json")
    assert [r["count"] for r in shown] == [r["count"] for r in expected] and sum(r["count"] for r in shown) > 0
    with urllib.request.urlopen(server.url + "/trend?terms=Minsk%5Cs%2BGroup&by=year&regex=1", timeout=30) as page:
        assert "/kwic?term=Minsk%5Cs%2BGroup\\u0026regex=1\\u0026from=" in page.read().decode()


def test_surface_timeline_by_status_and_role_in_cli_and_web(server: Server, web_corpus: Path) -> None:
    """The events page's timeline narrows by status and reporting role; so does ``timeline``."""
    listed = cli_rows("timeline", "--db", str(web_corpus), "--status", "planned", "--role", "official")
    expected = api.timeline(db=web_corpus, status="planned", role="official")
    assert listed and [r["planned"] for r in listed] == [r["planned"] for r in expected]
    assert all(r["asserted"] == 0 for r in listed)
