"""The web UI over HTTP: each page, its downloads, its errors and its escaping, from a real server."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from webui import HOSTILE_ID, SEED_ID

from communique import api
from communique.store.duckdb import DuckDBStore
from communique.web.headless import BackgroundServer as Server


def get(server: Server, path: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode("utf-8")


def page(server: Server, path: str) -> str:
    status, headers, body = get(server, path)
    assert status == 200, body[-500:]
    assert headers["content-type"].startswith("text/html")
    return body


def figure(body: str, chart: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{chart}-data">(.*?)</script>', body, re.S)
    assert found, f"no chart {chart}"
    return json.loads(found.group(1))


def test_overview_counts_the_corpus_and_charts_it_offline(server: Server, web_corpus: Path) -> None:
    body = page(server, "/")
    with DuckDBStore(web_corpus, read_only=True) as store:
        counts = store.counts()
    assert f"<strong>{counts['documents']}</strong> documents" in body
    assert f"<strong>{counts['turns']}</strong> turns" in body
    chart = figure(body, "by-month")
    assert {trace["name"] for trace in chart["data"]} >= {"mid.ru", "kremlin.ru"}
    assert sum(sum(trace["y"]) for trace in chart["data"]) == counts["documents"] - 1  # the hostile one is undated
    # Nothing is loaded from elsewhere: every script and style comes from this server.
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', body)
    status, headers, script = get(server, "/static/plotly.min.js")
    assert status == 200 and "javascript" in headers["content-type"] and "Plotly" in script[:5000]
    assert "script-src 'self'" in get(server, "/")[1]["content-security-policy"]


def test_search_page_links_each_hit_to_its_turn(server: Server) -> None:
    body = page(server, "/search?q=Russophobic")
    assert "<mark>Russophobic</mark>" in body
    assert f'href="/doc/{SEED_ID}#turn-6"' in body
    assert "1 turn" in body


def test_document_page_shows_turns_exchanges_and_marked_events(server: Server) -> None:
    doc = api.show(SEED_ID, db=server_db(server))
    body = page(server, f"/doc/{SEED_ID}")
    assert len(re.findall(r'<div class="turn role-', body)) == len(doc.turns) == 9
    for turn in doc.turns:
        assert f'id="turn-{turn.index}"' in body
    # every event links to a marked sentence, and every marked sentence exists
    sentences = set(re.findall(r'<span class="event [^"]*" id="(s-\d+)"', body))
    links = set(re.findall(r'<a href="#(s-\d+)">turn', body))
    assert links and links <= sentences
    assert len(re.findall(r'<tr id="event-\d+"', body)) == len(doc.events)
    # the seed's agreement and its parties, with the actors linked to their pages
    assert re.search(r'<span class="type type-agree">AGREE</span>', body)
    assert '<a href="/actor/AZE"' in body and '<a href="/actor/RUS"' in body
    assert "Questions and answers" in body and body.count('<span class="badge qa">question') == len(doc.exchanges)
    # entities are marked inside the text: the EU in Lavrov's answer, Baku as a place
    assert re.search(r'<mark class="ent ent-org" title="EU[^"]*">EU</mark>', body)


def server_db(server: Server) -> Path:
    return Path(server.server.config.app.state.ui.corpus.db)


def test_markup_in_documents_is_shown_as_text(server: Server) -> None:
    body = page(server, f"/doc/{HOSTILE_ID}")
    assert "<script>alert" not in body and "<img src=x" not in body and "<iframe" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;markup&lt;/b&gt;" in body  # the title too
    listing = page(server, "/documents")
    assert "<script>alert" not in listing and "&lt;script&gt;alert(&#34;title&#34;)" in listing
    found = page(server, "/search?q=reject+claims")
    assert "<script>alert" not in found and "&lt;script&gt;" in found
    lines = page(server, "/kwic?term=claims")
    assert "<script>alert" not in lines and "&lt;script&gt;alert(1)&lt;/script&gt;" in lines


@pytest.mark.parametrize(
    ("path", "rows"),
    [
        ("/events?actor=AZE&type=AGREE&format=csv", lambda db: api.events(db=db, actor="AZE", type_="AGREE")),
        ("/search?q=Minsk+Group&limit=200&format=csv", lambda db: api.search("Minsk Group", db=db, limit=200)),
        ("/kwic?term=EU&format=csv", lambda db: api.kwic("EU", db=db)),
        ("/trend?terms=EU,NATO&by=year&format=csv", lambda db: api.trend(["EU", "NATO"], db=db, by="year")),
    ],
)
def test_every_table_downloads_as_the_api_gives_it(server: Server, path: str, rows) -> None:
    status, headers, body = get(server, path)
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert "attachment" in headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(body)))
    expected = rows(server_db(server))
    assert expected and len(table) == len(expected)
    first = {k: ("" if v is None else str(v)) for k, v in expected[0].items()}
    assert all(table[0][k] == first[k] for k in table[0])
    status, headers, body = get(server, path.replace("format=csv", "format=json"))
    assert status == 200 and len(json.loads(body)) == len(expected)


def test_trend_page_draws_each_term_and_links_points_to_the_concordance(server: Server) -> None:
    body = page(server, "/trend?terms=EU,+NATO&by=year&speaker=Lavrov")
    chart = figure(body, "trend")
    assert [trace["name"] for trace in chart["data"]] == ["EU", "NATO"]
    expected = api.trend(["EU"], db=server_db(server), by="year", speaker="Lavrov")
    assert chart["data"][0]["y"] == [row["count"] for row in expected]
    assert chart["data"][0]["customdata"][0].startswith("/kwic?term=EU&speaker=Lavrov&from=2022-01-01&to=2022-12-31")


def test_events_and_actor_pages_answer_who_agreed_with_whom(server: Server) -> None:
    db = server_db(server)
    agreed = api.events(db=db, actor="AZE", type_="AGREE")
    body = page(server, "/events?actor=AZE&type=AGREE")
    assert body.count('<span class="type type-agree">AGREE</span>') == min(len(agreed), 50)
    assert figure(body, "timeline")["data"]
    actor = page(server, "/actor/AZE")
    assert "<h1>Azerbaijan" in actor
    mentions = figure(actor, "mentions")["data"][0]
    by_month = api.actors(db=db, by="month")
    assert sum(mentions["y"]) == sum(r["mentions"] for r in by_month if r["country"] == "AZE" and r["period"])
    assert '<a href="/events?actor=AZE&amp;type=AGREE">AGREE</a>' in actor
    # the latest events, newest first
    latest = api.events(db=db, actor="AZE", newest=True, limit=20)
    shown = re.findall(r'<tr class="status-\w+"><td>([^<]*)</td>', actor.split("<h2>Latest events</h2>")[1])
    assert shown == [str(r["date"] or r["doc_date"] or "") for r in latest] and shown


def test_bad_queries_and_unknown_pages_say_what_is_wrong(server: Server) -> None:
    status, _, body = get(server, "/search?q=EU&from=24.06.2022")
    assert status == 400 and "from: 24.06.2022 is not a date (YYYY-MM-DD)" in body
    status, _, body = get(server, "/kwic?term=(&regex=1")
    assert status == 400 and "not a regular expression" in body
    status, _, body = get(server, "/trend?terms=EU&by=decade")
    assert status == 400 and "decade" in body
    status, _, body = get(server, "/doc/" + quote("no/such-document"))
    assert status == 404 and "no/such-document" in body
    assert get(server, "/static/../../etc/passwd")[0] == 404
    assert get(server, "/actor/%3Cscript%3E")[0] == 404


def test_the_store_is_let_go_when_idle_so_an_ingest_can_run(web_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(web_corpus.read_bytes())
    with Server(db, idle=0.2) as running:
        before = page(running, "/documents")
        time.sleep(1.0)
        extra = tmp_path / "more" / "note.txt"
        extra.parent.mkdir()
        extra.write_text("Statement on the Caspian summit\n\nSpeaker: We will meet in Ashgabat.\n", encoding="utf-8")
        summary = api.ingest([extra.parent], db=db)  # would fail on DuckDB's lock if the server held the file
        assert summary.new == 1
        after = page(running, "/documents")
    assert "Caspian summit" not in before and "Caspian summit" in after


def test_serve_command_opens_the_ui_and_refuses_a_missing_store(web_corpus: Path, tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "communique", "serve", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1 and "no store here yet" in missing.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "communique", "serve", "--db", str(web_corpus), "--port", str(port)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        try:
            ready = process.stdout.readline()  # type: ignore[union-attr]
            assert f"http://127.0.0.1:{port}/" in ready
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                        assert response.status == 200 and "The corpus" in response.read().decode()
                    break
                except urllib.error.URLError:
                    time.sleep(0.1)
            else:
                pytest.fail("the server never answered")
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_a_concordance_line_opens_its_occurrence_marked_in_the_document(server: Server) -> None:
    line = api.kwic("Russophobic", db=server_db(server))[0]
    body = page(server, "/kwic?term=Russophobic")
    target = f"/doc/{SEED_ID}?at={line['start']}&amp;end={line['end']}#hit"
    assert f'href="{target}"' in body
    document = page(server, target.replace("&amp;", "&").removesuffix("#hit"))
    assert document.count('id="hit"') == 1
    assert f'<mark class="hit" id="hit">{line["keyword"]}</mark>' in document


def test_the_events_timeline_follows_the_page_filters(server: Server) -> None:
    db = server_db(server)
    body = page(server, "/events?actor=AZE&status=planned&from=2022-01-01&to=2022-12-31&by=month")
    chart = figure(body, "timeline")
    planned = api.events(db=db, actor="AZE", status="planned", date_from="2022-01-01", date_to="2022-12-31")
    counted = {trace["name"]: sum(trace["y"]) for trace in chart["data"]}
    assert planned and counted["planned"] == len(planned) and counted["asserted"] == 0
    assert all(x.startswith("2022-") for x in chart["data"][0]["x"])
    # each bar opens its own month's events, with the page's filters
    for month, url in zip(chart["data"][0]["x"], chart["data"][0]["customdata"], strict=True):
        assert url.startswith("/events?status=asserted&actor=AZE&by=month&from=" + month + "-01&to=" + month + "-")


def test_concordance_page_reads_only_the_lines_it_shows_and_says_there_are_more(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = api.kwic("the", db=server_db(server))
    monkeypatch.setattr("communique.web.app.KWIC_SHOWN", 3)
    body = page(server, "/kwic?term=the")
    assert 'More than <span class="total">3</span> occurrences' in body
    assert body.count("<tr><td>") == 3
    status, _, download = get(server, "/kwic?term=the&format=csv")
    assert status == 200 and len(download.strip().splitlines()) == len(every) + 1
