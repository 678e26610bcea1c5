"""The DuckDB store: round trip, idempotent upsert, replacement, errors, listing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from communique.analysis.queries import documents
from communique.errors import DocumentNotFound, StoreError
from communique.model import Actor, Document, Event, Exchange, Mention, Participant, Turn
from communique.store.base import Store
from communique.store.duckdb import DuckDBStore


def make_doc(doc_id: str = "mid.ru/1", content_hash: str = "h1", answers: int = 1, **fields: object) -> Document:
    """A document with every kind of span, offsets checked against its text."""
    opening = "Ladies and gentlemen, we signed a treaty with our Azerbaijani friends."
    parts = [opening]
    turns = [Turn(0, None, "Sergey Lavrov", "official", "statement", 0, len(opening), opening)]
    exchanges = []
    for _ in range(answers):
        for label, speaker, role, kind, said in (
            ("Question", None, "journalist", "question", "Will you meet again?"),
            ("Sergey Lavrov", "Sergey Lavrov", "official", "answer", "Yes, on June 29 in Moscow."),
        ):
            start = len("\n".join(parts)) + 1
            parts.append(said)
            turns.append(Turn(len(turns), label, speaker, role, kind, start, start + len(said), said))
        exchanges.append(Exchange([len(turns) - 2], [len(turns) - 1], None, "Sergey Lavrov"))
    text = "\n".join(parts)
    at = text.index("Azerbaijani")
    values: dict[str, object] = {
        "id": doc_id,
        "source": "mid.ru",
        "url": "https://mid.ru/en/foreign_policy/news/1819414",
        "title": "Foreign Minister Sergey Lavrov’s statement",
        "kind": "statement_and_answers",
        "date": "2022-06-24",
        "time": "16:35",
        "place": "Baku",
        "number": "1331-24-06-2022",
        "participants": [
            Participant("Sergey Lavrov", "Foreign Minister", "RUS"),
            Participant("Jeyhun Bayramov", None, None),
        ],
        "text": text,
        "turns": turns,
        "exchanges": exchanges,
        "mentions": [
            Mention(at, at + 11, "Azerbaijani", "NORP", Actor("AZE", None, None), 0),
            Mention(0, 6, "Ladies", "PERSON", None, None),
        ],
        "events": [
            Event(
                "AGREE",
                "asserted",
                0,
                len(opening),
                opening,
                mode=None,
                source=[Actor("RUS", "GOV")],
                target=[Actor("AZE", "GOV", "Jeyhun Bayramov")],
                date="2022-06",
                date_text="today",
                place="Baku",
                trigger="signed",
                turn=0,
                speaker="Sergey Lavrov",
            )
        ],
        "format": "text",
        "path": f"corpus/{doc_id.replace('/', '_')}.txt",
        "content_hash": content_hash,
    }
    values.update(fields)
    return Document(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path):
    with DuckDBStore(tmp_path / "corpus.duckdb") as opened:
        yield opened


def test_duckdb_store_satisfies_store_protocol(store: DuckDBStore) -> None:
    assert isinstance(store, Store)


def test_duckdb_round_trip_returns_equal_document(store: DuckDBStore) -> None:
    doc = make_doc(answers=3)
    store.upsert([doc])
    assert store.get(doc.id).to_dict() == doc.to_dict()


def test_duckdb_round_trip_keeps_nulls_and_empty_lists(store: DuckDBStore) -> None:
    doc = Document(id="bare", language=None, text="")
    store.upsert([doc])
    assert store.get("bare").to_dict() == doc.to_dict()


def test_duckdb_round_trip_real_document(store: DuckDBStore, seed: Document) -> None:
    store.upsert([seed])
    assert store.get(seed.id).to_dict() == seed.to_dict()


def test_duckdb_round_trip_survives_reopening(tmp_path: Path) -> None:
    doc = make_doc()
    with DuckDBStore(tmp_path / "c.duckdb") as first:
        first.upsert([doc])
    with DuckDBStore(tmp_path / "c.duckdb", read_only=True) as again:
        assert again.get(doc.id) == doc


def test_duckdb_iter_documents_yields_all_in_id_order(store: DuckDBStore) -> None:
    docs = [make_doc("b"), make_doc("a", answers=0), make_doc("c", answers=2)]
    store.upsert(docs)
    assert [d.to_dict() for d in store.iter_documents()] == [d.to_dict() for d in sorted(docs, key=lambda d: d.id)]


def test_duckdb_upsert_same_hash_skips(store: DuckDBStore) -> None:
    store.upsert([make_doc()])
    before = store.counts()
    result = store.upsert([make_doc()])
    assert (result.new, result.updated, result.skipped) == ([], [], ["mid.ru/1"])
    assert store.counts() == before


def test_duckdb_upsert_changed_hash_replaces_all_rows(store: DuckDBStore) -> None:
    store.upsert([make_doc(answers=3)])
    changed = make_doc(content_hash="h2", answers=1, title="New title")
    result = store.upsert([changed])
    assert result.updated == ["mid.ru/1"]
    counts = store.counts()
    assert (counts["documents"], counts["turns"], counts["exchanges"]) == (1, 3, 1)
    assert (counts["mentions"], counts["events"]) == (2, 1)
    assert store.get("mid.ru/1") == changed


def test_duckdb_upsert_same_id_twice_in_one_batch_keeps_the_later(store: DuckDBStore) -> None:
    earlier = make_doc(path="a/1.txt", content_hash="ha", answers=2)
    later = make_doc(path="b/1.txt", content_hash="hb", answers=1)
    result = store.upsert([earlier, later])
    assert [(r.earlier_path, r.later_path) for r in result.replaced] == [("a/1.txt", "b/1.txt")]
    assert store.counts()["documents"] == 1
    assert store.counts()["turns"] == 3
    assert store.get("mid.ru/1").path == "b/1.txt"
    states = store.file_states(["a/1.txt", "b/1.txt"])
    assert {path: state.content_hash for path, state in states.items()} == {"a/1.txt": "ha", "b/1.txt": "hb"}
    assert (states["a/1.txt"].current, states["b/1.txt"].current) == (False, True)


def test_duckdb_upsert_file_giving_a_new_id_removes_the_old_document(store: DuckDBStore) -> None:
    store.upsert([make_doc("old-id", path="x.txt")])
    result = store.upsert([make_doc("new-id", path="x.txt", content_hash="h2")])
    assert result.removed == ["old-id"]
    assert [row["id"] for row in documents(store.connection)] == ["new-id"]
    assert store.counts()["turns"] == 3


@pytest.mark.parametrize("bad_date", ["24 June 2022", "2022-06", "2022-02-30"])
def test_duckdb_upsert_refuses_a_bad_date_alone(store: DuckDBStore, bad_date: str) -> None:
    good, bad = make_doc("good"), make_doc("bad", date=bad_date)
    result = store.upsert([bad, good])
    assert result.new == ["good"]
    assert [(path, code) for path, code, _ in result.failed] == [(bad.path, StoreError.code)]
    assert [path for path, _, _ in store.errors()] == [bad.path]
    assert not store.has("bad")


def test_duckdb_record_error_keeps_one_row_per_path(store: DuckDBStore) -> None:
    store.record_error("x.txt", "E101", "empty input")
    store.record_error("x.txt", "E102", "binary input")
    assert store.errors() == [("x.txt", "E102", "binary input")]


def test_duckdb_success_removes_the_error_row_of_its_path(store: DuckDBStore) -> None:
    doc = make_doc()
    store.record_error(doc.path or "", "E101", "empty input")
    store.upsert([doc])
    assert store.errors() == []


def test_duckdb_batch_rolls_back_everything_on_error(store: DuckDBStore) -> None:
    with pytest.raises(RuntimeError), store.batch():
        store.upsert([make_doc()])
        store.record_error("y.txt", "E101", "empty")
        raise RuntimeError("crash")
    assert all(n == 0 for n in store.counts().values())


def test_duckdb_has_checks_id_and_hash(store: DuckDBStore) -> None:
    store.upsert([make_doc(content_hash="h1")])
    assert store.has("mid.ru/1")
    assert store.has("mid.ru/1", "h1")
    assert not store.has("mid.ru/1", "h2")
    assert not store.has("mid.ru/2")


def test_duckdb_get_unknown_id_raises_document_not_found(store: DuckDBStore) -> None:
    with pytest.raises(DocumentNotFound):
        store.get("nope")


@pytest.mark.parametrize(
    ("source", "date_from", "date_to", "expected"),
    [
        (None, None, None, ["a", "b", "c"]),
        ("kremlin.ru", None, None, ["c"]),
        (None, "2022-01-01", None, ["b", "c"]),
        (None, None, "2022-06-30", ["a", "b"]),
        ("mid.ru", "2022-06-01", "2022-06-30", ["b"]),
    ],
)
def test_duckdb_list_filters_by_source_and_dates(
    store: DuckDBStore, source: str | None, date_from: str | None, date_to: str | None, expected: list[str]
) -> None:
    store.upsert(
        [
            make_doc("a", date="2021-03-01"),
            make_doc("b", date="2022-06-24"),
            make_doc("c", date="2022-07-01", source="kremlin.ru"),
        ]
    )
    listed = documents(store.connection, source=source, date_from=date_from, date_to=date_to)
    assert sorted(row["id"] for row in listed) == expected


def test_duckdb_counts_every_table(store: DuckDBStore) -> None:
    store.upsert([make_doc(answers=2)])
    counts = store.counts()
    assert {k: counts[k] for k in ("documents", "turns", "exchanges", "mentions", "events", "files")} == {
        "documents": 1,
        "turns": 5,
        "exchanges": 2,
        "mentions": 2,
        "events": 1,
        "files": 1,
    }


def test_duckdb_open_refuses_a_file_of_another_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with DuckDBStore(path) as store:
        store.connection.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        DuckDBStore(path).open()


def test_duckdb_upsert_outcome_follows_input_order(store: DuckDBStore) -> None:
    store.upsert([make_doc("b")])
    result = store.upsert([make_doc("c"), replace(make_doc("b"), content_hash="h9"), make_doc("a")])
    assert (result.new, result.updated) == (["c", "a"], ["b"])


def test_duckdb_store_of_schema_version_1_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with DuckDBStore(path) as store:
        store.upsert([make_doc()])
        con = store.connection
        con.execute("ALTER TABLE mentions DROP COLUMN value")
        con.execute("ALTER TABLE events DROP COLUMN role")
        con.execute("ALTER TABLE documents DROP COLUMN stages")
        con.execute("ALTER TABLE documents DROP COLUMN version")
        con.execute("UPDATE schema_version SET version = 1")
    with DuckDBStore(path) as store:
        assert store.get("mid.ru/1") == make_doc()
        dated = make_doc("mid.ru/2", mentions=[Mention(0, 6, "Ladies", "DATE", None, 0, "2022-06-23")])
        store.upsert([dated])
        assert store.get("mid.ru/2").mentions[0].value == "2022-06-23"
        assert store.connection.execute("SELECT version FROM schema_version").fetchone() == (3,)
