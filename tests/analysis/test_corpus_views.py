"""Search, keyword in context and trends over a corpus ingested from the bundled examples."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from communique import api
from communique.analysis.search import index_is_current
from communique.cli import cli
from communique.errors import QueryError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED_ID = "mid.ru/1331-24-06-2022"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    summary = api.ingest([EXAMPLES], db=db)
    assert summary.new == 5 and summary.failed == 0
    return db


def turn_texts(db: Path) -> list[tuple[str, int, str, str | None, object]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT t.doc_id, t.idx, t.text, t.speaker, d.date FROM turns t JOIN documents d ON d.id = t.doc_id"
        ).fetchall()


def test_search_finds_the_seed_and_marks_the_word(corpus: Path) -> None:
    [hit, *rest] = api.search("Russophobic", db=corpus)
    assert hit["doc_id"] == SEED_ID and hit["speaker"] == "Sergey Lavrov"
    marked = [hit["snippet"][a:b] for a, b in hit["matches"]]
    assert marked and all(word.lower() == "russophobic" for word in marked)
    # every turn that holds the word is found, and no other
    expected = {(d, i) for d, i, text, _, _ in turn_texts(corpus) if "russophobic" in text.lower()}
    assert {(h["doc_id"], h["turn"]) for h in [hit, *rest]} == expected


def test_search_matches_by_stem_and_needs_every_word(corpus: Path) -> None:
    hits = api.search("agreements", db=corpus, limit=None)
    assert any("agreement " in h["snippet"].lower() or "agreement." in h["snippet"].lower() for h in hits)
    both = api.search("Minsk Russophobic", db=corpus, limit=None)
    either = api.search("Minsk Russophobic", db=corpus, limit=None, every_word=False)
    assert len(either) > len(both)
    for hit in both:
        assert "minsk" in hit["snippet"].lower() or "russophobic" in hit["snippet"].lower()


def test_search_quoted_phrase_and_ranking(corpus: Path) -> None:
    hits = api.search('"information security"', db=corpus, limit=None)
    assert hits
    texts = {(d, i): text for d, i, text, _, _ in turn_texts(corpus)}
    assert all(re.search(r"information\s+security", texts[(h["doc_id"], h["turn"])], re.I) for h in hits)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_filters(corpus: Path) -> None:
    everyone = api.search("EU", db=corpus, limit=None)
    lavrov = api.search("EU", db=corpus, limit=None, speaker="lavrov")
    questions = api.search("EU", db=corpus, limit=None, role="journalist")
    assert lavrov and questions
    assert {h["speaker"] for h in lavrov} == {"Sergey Lavrov"}
    assert {h["role"] for h in questions} == {"journalist"}
    assert len(lavrov) + len(questions) <= len(everyone)
    assert api.search("EU", db=corpus, date_from="2023-01-01") == []
    assert {h["source"] for h in api.search("President", db=corpus, limit=None, source="kremlin.ru")} == {"kremlin.ru"}
    # --actor: turns whose mentions name the actor
    naming_eu = api.search("candidates", db=corpus, limit=None, actor="EU")
    assert naming_eu and all(h["doc_id"] == SEED_ID for h in naming_eu)


def test_ingest_keeps_the_index_current_and_search_rebuilds_a_stale_one(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    api.ingest([EXAMPLES / "mid.ru"], db=db, nlp=False)
    assert api.search("Ashgabat", db=db)
    assert api.search("Lehigh", db=db) == []
    api.ingest([EXAMPLES / "whitehouse.gov"], db=db, nlp=False, search_index=False)
    with duckdb.connect(str(db), read_only=True) as con:
        assert not index_is_current(con)
    assert api.search("Lehigh", db=db)  # rebuilt on the way
    with duckdb.connect(str(db), read_only=True) as con:
        assert index_is_current(con)


def test_kwic_lines_are_every_occurrence_with_context(corpus: Path) -> None:
    lines = api.kwic("Minsk Group", db=corpus, window=4)
    occurrences = sum(len(re.findall(r"Minsk\s+Group", text, re.I)) for _, _, text, _, _ in turn_texts(corpus))
    assert len(lines) == occurrences > 0
    with duckdb.connect(str(corpus), read_only=True) as con:
        for line in lines:
            assert line["keyword"] == "Minsk Group"
            assert len(line["left"].split()) <= 4 and len(line["right"].split()) <= 4
            # the offset leads back to the words in the document's text
            text = con.execute("SELECT text FROM documents WHERE id = ?", [line["doc_id"]]).fetchone()[0]
            assert text[line["start"] : line["start"] + len("Minsk Group")] == "Minsk Group"


def test_kwic_sorting_sentences_and_patterns(corpus: Path) -> None:
    by_left = api.kwic("EU", db=corpus, sort="left")
    keys = [[w.lower() for w in reversed(line["left"].split())] for line in by_left]
    assert keys == sorted(keys)
    by_right = api.kwic("EU", db=corpus, sort="right")
    assert [line["right"].lower() for line in by_right] == sorted(line["right"].lower() for line in by_right)
    for line in api.kwic("EU", db=corpus, sentence=True, window=30):
        assert not re.search(r"[.!?]\s", line["left"]) and not re.search(r"[.!?]\s", line["right"])
    patterned = api.kwic(r"Russo\w+", db=corpus, regex=True)
    assert {line["keyword"].lower() for line in patterned} == {"russophobic"}
    with pytest.raises(QueryError):
        api.kwic("(unclosed", db=corpus, regex=True)


def test_trend_counts_match_the_text(corpus: Path) -> None:
    rows = api.trend(["EU", "Azerbaijan"], db=corpus, by="year")
    turns = turn_texts(corpus)
    for row in rows:
        texts = [text for _, _, text, _, day in turns if day and day.year == row["period"].year]
        pattern = rf"\b{row['term']}\b"
        assert row["count"] == sum(len(re.findall(pattern, t, re.I)) for t in texts)
        assert row["words"] == sum(len(re.findall(r"\w+", t)) for t in texts)
        assert row["per_million"] == pytest.approx(row["count"] * 1e6 / row["words"], abs=0.01)
    assert sum(r["count"] for r in rows if r["term"] == "EU") == len(api.kwic("EU", db=corpus))
    for term in ("Minsk Group", "Nagorno-Karabakh"):
        counted = sum(r["count"] for r in api.trend([term], db=corpus, by="year"))
        assert counted == len(api.kwic(term, db=corpus)), term
    lavrov = api.trend(["EU"], db=corpus, by="month", speaker="Lavrov")
    assert [r["period"].isoformat() for r in lavrov] == ["2022-06-01"]
    with pytest.raises(QueryError):
        api.trend(["EU"], db=corpus, by="decade")


def one_remark(tmp_path: Path, remark: str) -> Path:
    """A store holding one short transcript: Sergey Lavrov saying ``remark``."""
    page = tmp_path / "remarks.txt"
    page.write_text(
        f"15:00\n\nForeign Minister Sergey Lavrov’s remarks, Moscow, March 3, 2022\n\nSergey Lavrov: {remark}\n",
        encoding="utf-8",
    )
    db = tmp_path / "c.duckdb"
    api.ingest([page], db=db, nlp=False)
    return db


def test_terms_with_signs_count_as_their_concordance_lines(tmp_path: Path) -> None:
    db = one_remark(tmp_path, "The U.S. spent $5 billion, and U.S. officials said so. $50 is not $5.")
    for term, expected in (("U.S.", 2), ("$5", 2), ("billion", 1)):
        lines = api.kwic(term, db=db)
        assert len(lines) == expected, term
        assert sum(r["count"] for r in api.trend([term], db=db, by="year")) == expected, term


def test_cli_views(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus, db)
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "Russophobic", "--db", str(db)])
    assert found.exit_code == 0, found.output
    assert SEED_ID in found.output and "Russophobic" in found.output
    lines = runner.invoke(cli, ["kwic", "Minsk Group", "--db", str(db), "--format", "csv", "--sort", "left"])
    assert lines.exit_code == 0
    assert lines.stdout.splitlines()[0].startswith("doc_id,date,source,turn,speaker,role,left,keyword,right")
    counts = runner.invoke(cli, ["trend", "EU", "NATO", "--by", "year", "--db", str(db), "--format", "jsonl"])
    assert counts.exit_code == 0 and '"term": "NATO"' in counts.stdout
    relative = runner.invoke(cli, ["trend", "EU", "--by", "year", "--relative", "--db", str(db)])
    assert relative.exit_code == 0 and "6462.04" in relative.stdout
    bad = runner.invoke(cli, ["kwic", "(", "--regex", "--db", str(db)])
    assert bad.exit_code != 0 and "not a regular expression" in bad.output
    rebuilt = runner.invoke(cli, ["index", "--db", str(db)])
    assert rebuilt.exit_code == 0 and "turns" in rebuilt.stdout


def test_timeline_counts_every_event_by_status(corpus: Path) -> None:
    rows = api.timeline(db=corpus, by="month")
    with duckdb.connect(str(corpus), read_only=True) as con:
        total = con.execute("SELECT count(*) FROM events").fetchone()[0]
        planned = con.execute("SELECT count(*) FROM events WHERE status = 'planned'").fetchone()[0]
    assert sum(r["events"] for r in rows) == total
    assert sum(r["planned"] for r in rows) == planned
    for row in rows:
        assert row["events"] == sum(row[s] for s in ("asserted", "planned", "negated", "hypothetical"))
    # the Caspian summit planned for June 29, 2022 is in June 2022, among the planned
    june = next(r for r in rows if r["period"] == "2022-06")
    assert june["planned"] >= 1 and june["asserted"] >= 1
    azerbaijan = api.timeline(db=corpus, actor="aze", by="year")
    assert 0 < sum(r["events"] for r in azerbaijan) < total
    with pytest.raises(QueryError):
        api.timeline(db=corpus, by="week")


def test_events_newest_first_put_undated_events_last(corpus: Path) -> None:
    oldest = api.events(db=corpus)
    newest = api.events(db=corpus, newest=True)
    assert sorted(map(str, newest)) == sorted(map(str, oldest))

    def day(row: dict) -> str:
        first = (row["date"] or str(row["doc_date"] or "")).split("/")[0]
        return first + "-01-01"[len(first) - 4 :] if first else ""

    days = [day(r) for r in newest]
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True) and days[: len(dated)] == dated
    assert dated[0] == max(day(r) for r in oldest)
    assert api.events(db=corpus, newest=True, limit=3) == newest[:3]


def test_events_as_the_plover_manual_writes_them(corpus: Path) -> None:
    """A signed agreement is AGREE in communique and SUPPORT in the PLOVER manual; a promised
    meeting is a planned CONSULT, and AGREE there."""
    ours = api.events(db=corpus, actor="AZE")
    plover = api.events(db=corpus, actor="AZE", plover=True)
    assert len(ours) == len(plover)
    signed = [
        i for i, r in enumerate(ours) if r["type"] == "AGREE" and r["status"] == "asserted" and "signed" in r["trigger"]
    ]
    assert signed and all(plover[i]["type"] == "SUPPORT" for i in signed)
    promised = [i for i, r in enumerate(ours) if r["type"] == "CONSULT" and r["status"] == "planned"]
    assert all(plover[i]["type"] == "AGREE" for i in promised)
    support = api.events(db=corpus, actor="AZE", type_="SUPPORT", plover=True)
    assert [r["start"] for r in support] == [r["start"] for r in plover if r["type"] == "SUPPORT"]
    assert api.events(db=corpus, actor="AZE", type_="SUPPORT", plover=True, limit=1) == support[:1]
    result = CliRunner().invoke(cli, ["events", "--db", str(corpus), "--actor", "AZE", "--type", "SUPPORT", "--plover"])
    assert result.exit_code == 0 and "signed" in result.stdout


def test_events_newest_first_leave_an_undated_statement_last(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(EXAMPLES / "mid.ru" / "1331-24-06-2022.txt", folder / "seed.txt")
    (folder / "undated.txt").write_text("Statement\n\nRussia condemned the shelling of Donetsk by Ukraine.\n")
    db = tmp_path / "c.duckdb"
    api.ingest([folder], db=db)
    newest = api.events(db=db, newest=True)
    assert newest[0]["date"] == "2022-06-29"  # the Caspian summit planned in the seed
    assert newest[-1]["doc_date"] is None and newest[-1]["type"] == "ACCUSE"
    assert all(r["doc_date"] is not None for r in newest[:-1])


def test_network_of_actors(corpus: Path, tmp_path: Path) -> None:
    graph = api.network(db=corpus, out=tmp_path / "net.graphml")
    with duckdb.connect(str(corpus), read_only=True) as con:
        mentions = dict(
            con.execute("SELECT country, count(*) FROM mentions WHERE country IS NOT NULL GROUP BY 1").fetchall()
        )
    for node in graph["nodes"]:
        assert node["mentions"] == mentions[node["id"]]
    [link] = [lk for lk in graph["links"] if {lk["source"], lk["target"]} == {"AZE", "RUS"}]
    assert link["together"] >= 1 and "AGREE" in {**link["types"], **link["types_back"]}
    root = ET.parse(tmp_path / "net.graphml").getroot()
    assert len(root.findall(".//{*}node")) == len(graph["nodes"])
    assert len(root.findall(".//{*}edge")) == len(graph["links"])
    strong = api.network(db=corpus, out=tmp_path / "net.json", min_weight=3)
    assert 0 < len(strong["links"]) < len(graph["links"])
    assert all(lk["weight"] >= 3 for lk in strong["links"])
    assert json.loads((tmp_path / "net.json").read_text(encoding="utf-8")) == strong


def test_search_scores_are_the_extensions_bm25(corpus: Path) -> None:
    """The postings-based ranking gives DuckDB's own match_bm25 scores, turn for turn."""
    from communique.analysis.search import INDEX_TABLE, load_fts

    with duckdb.connect(str(corpus), read_only=True) as con:
        load_fts(con)
        # "cooperations": a form no turn holds, found by its stem as the extension finds it
        for query in ("EU", "Minsk Group", "cooperation agreement", "Azerbaijan Russia talks", "cooperations Russia"):
            expected = con.execute(
                f"""SELECT doc_id, idx, score FROM (
                        SELECT doc_id, idx, fts_main_{INDEX_TABLE}.match_bm25(key, ?, conjunctive := 1) AS score
                        FROM {INDEX_TABLE}) WHERE score IS NOT NULL""",
                [query],
            ).fetchall()
            hits = api.search(query, db=corpus, limit=None)
            assert expected, query
            assert {(h["doc_id"], h["turn"]): h["score"] for h in hits} == {
                (d, i): round(s, 4) for d, i, s in expected
            }, query
    # a stop word in the query does not empty the result
    assert api.search("the EU", db=corpus, limit=None) == api.search("EU", db=corpus, limit=None)


def test_search_stems_words_the_word_table_lacks(corpus: Path, tmp_path: Path) -> None:
    """A word outside the index's table of stemmed words is stemmed by the extension: same hits."""
    from communique.analysis import search

    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus, db)
    with duckdb.connect(str(db)) as con:
        con.execute(f"DELETE FROM {search.WORDS_TABLE} WHERE stem IS NOT NULL")
    search._STEMMED.clear()
    for query in ("Russophobic", "Minsk Group", "cooperation agreements", "the EU", "cooperations"):
        for every_word in (True, False):
            expected = api.search(query, db=corpus, limit=None, every_word=every_word)
            assert api.search(query, db=db, limit=None, every_word=every_word) == expected, query
            assert expected or query == "cooperations", query
    assert search._STEMMED["russophobic"] == "russophob"
    assert api.search("Minsk", db=db, speaker="nobody of that name") == []


def test_trend_chart_files(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    runner = CliRunner()
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus, db)
    png, svg = tmp_path / "eu.png", tmp_path / "eu.svg"
    drawn = runner.invoke(cli, ["trend", "EU", "NATO", "--by", "year", "--db", str(db), "--plot", str(png)])
    assert drawn.exit_code == 0, drawn.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert runner.invoke(cli, ["trend", "EU", "--db", str(db), "--relative", "--plot", str(svg)]).exit_code == 0
    assert "<svg" in svg.read_text(encoding="utf-8")
    wrong = runner.invoke(cli, ["trend", "EU", "--db", str(db), "--plot", str(tmp_path / "eu.txt")])
    assert wrong.exit_code != 0 and ".png" in wrong.output


def test_an_index_of_another_layout_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE turn_search_state SET version = version - 1")
    with duckdb.connect(str(db), read_only=True) as con:
        assert not index_is_current(con)
    assert api.search("Russophobic", db=db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert index_is_current(con)


def test_views_of_a_missing_or_empty_store(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["search", "EU", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0 and "no store here yet" in missing.output
    empty = tmp_path / "empty.duckdb"
    api.ingest([], db=empty)
    assert api.search("EU", db=empty) == [] and api.trend(["EU"], db=empty) == []
    assert api.kwic("EU", db=empty) == [] and api.timeline(db=empty) == []
    assert api.network(db=empty) == {"nodes": [], "links": []}
    assert runner.invoke(cli, ["search", "the", "--db", str(empty)]).exit_code == 0


def test_tables_print_document_text_as_written(tmp_path: Path) -> None:
    """Square brackets in a transcript are text, not terminal markup: "[Sakha]", "[/b]"."""
    db = one_remark(tmp_path, "I asked the [Sakha] Republic’s authorities [/b] to help.")
    runner = CliRunner()
    for args in (["kwic", "authorities"], ["search", "authorities"]):
        shown = runner.invoke(cli, [*args, "--db", str(db)])
        assert shown.exit_code == 0, shown.output
        assert "[Sakha]" in shown.output and "[/b]" in shown.output


def test_a_corpus_opened_once_answers_as_the_module_functions(corpus: Path) -> None:
    with api.Corpus(corpus) as opened:
        assert opened.search("Minsk Group", speaker="Lavrov") == api.search("Minsk Group", db=corpus, speaker="Lavrov")
        assert opened.kwic("EU", sort="left") == api.kwic("EU", db=corpus, sort="left")
        assert opened.trend(["EU", "NATO"], by="year") == api.trend(["EU", "NATO"], db=corpus, by="year")
    assert opened.connection is None
