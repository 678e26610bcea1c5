"""Errors a user reads: one line and a non-zero exit code, never a traceback, and nothing left behind."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from communique import api
from communique import export as exporters
from communique.cli import cli
from communique.errors import ExportError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Every command that reads a store, with the arguments it needs besides --db.
READERS = [
    ["list"],
    ["show", "mid.ru/1331-24-06-2022"],
    ["events"],
    ["actors"],
    ["search", "Minsk"],
    ["kwic", "Minsk"],
    ["trend", "EU"],
    ["timeline"],
    ["network", "OUT/graph.json"],
    ["index"],
    ["export", "OUT/export.jsonl"],
    ["serve", "--port", "1"],
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "corpus.duckdb"
    api.ingest([EXAMPLES / "mid.ru"], db=path, nlp=False)
    return path


def _not_a_store(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.duckdb"
    if kind == "other-database":
        with duckdb.connect(str(path)) as con:
            con.execute("CREATE TABLE people (name VARCHAR)")
    elif kind == "text-file":
        path.write_text("not a database\n", encoding="utf-8")
    return path


def _one_line_error(result: Result, code: int = 1) -> str:
    """The one line of a failed command (the exception click ended it with is its exit, nothing else)."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.mark.parametrize("kind", ["missing", "other-database", "text-file"])
@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_cli_command_on_no_store_is_a_one_line_error(tmp_path: Path, command: list[str], kind: str) -> None:
    store = _not_a_store(tmp_path, kind)
    before = store.read_bytes() if store.exists() else None
    args = [arg.replace("OUT", str(tmp_path / "out")) for arg in command]
    line = _one_line_error(CliRunner().invoke(cli, [*args, "--db", str(store)]))
    assert str(store) in line
    assert ("ingest" in line) if kind == "missing" else ("not a communique store" in line or "cannot open" in line)
    # Nothing was made of it: no empty store created, no tables added to another program's database.
    assert (store.read_bytes() if store.exists() else None) == before
    assert not (tmp_path / "out").exists()


def test_cli_error_through_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "communique", "list", "--db", str(tmp_path / "nowhere.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nowhere.duckdb").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "tei"])
def test_cli_export_refuses_an_existing_target_unless_force(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    if fmt == "jsonl":
        out.write_text("mine\n", encoding="utf-8")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    line = _one_line_error(CliRunner().invoke(cli, ["export", "--format", fmt, str(out), "--db", str(db)]))
    assert "already exists" in line and "--force" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "nothing left beside it"
    forced = CliRunner().invoke(cli, ["export", "--format", fmt, str(out), "--db", str(db), "--force"])
    assert forced.exit_code == 0, forced.output
    files = [Path(line) for line in forced.output.splitlines()]
    assert files and all(f.exists() and (f == out or f.parent == out) for f in files)
    if fmt != "jsonl":
        assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"  # other files are kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize(("fmt", "folder"), [("jsonl", True), ("csv", False), ("tei", False)])
def test_cli_export_refuses_a_folder_for_a_file_or_a_file_for_a_folder(
    db: Path, tmp_path: Path, fmt: str, folder: bool
) -> None:
    out = tmp_path / "out"
    out.mkdir() if folder else out.write_text("mine\n", encoding="utf-8")
    line = _one_line_error(CliRunner().invoke(cli, ["export", "--format", fmt, str(out), "--db", str(db), "--force"]))
    assert ("is a folder" if folder else "is a file") in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_cli_export_into_an_empty_folder_writes_there(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "tei"
    out.mkdir()
    result = CliRunner().invoke(cli, ["export", "--format", "tei", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.xml"))) == len(api.list_documents(db=db)) and sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["tei"]


@pytest.mark.parametrize("failure", [ExportError("the disk is full"), OSError(28, "No space left on device")])
def test_export_that_fails_half_way_leaves_nothing_behind(
    db: Path, tmp_path: Path, failure: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half(store: object, out: Path) -> list[Path]:
        out.mkdir(parents=True, exist_ok=True)
        (out / "first.txt").write_text("written\n", encoding="utf-8")
        raise failure

    monkeypatch.setitem(exporters._EXPORTERS, "half", half)
    with pytest.raises(ExportError):
        api.export("half", tmp_path / "out", db=db)
    assert list(tmp_path.iterdir()) == []


def test_export_interrupted_leaves_nothing_behind(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(store: object, out: Path) -> list[Path]:
        (out / "first.xml").write_text("<half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setitem(exporters._EXPORTERS, "interrupted", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.export("interrupted", tmp_path / "out", db=db)
    assert list(tmp_path.iterdir()) == []


def test_cli_index_on_an_existing_store_rebuilds(db: Path) -> None:
    result = CliRunner().invoke(cli, ["index", "--db", str(db)])
    assert result.exit_code == 0 and result.output.startswith("search index: ")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_cli_serve_on_a_port_in_use_is_one_line_and_no_address(db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(port)])
    line = _one_line_error(result)
    assert f"port {port}" in line and "http://" not in result.output


def test_cli_serve_prints_an_address_that_answers(db: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "communique", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        address = line.split(" at ")[1].split()[0]
        assert address == f"http://127.0.0.1:{port}/"
        # Printed once the port is bound: the first request, sent at once, is answered.
        with urllib.request.urlopen(address, timeout=30) as page:
            assert page.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


QUERIES = [
    ["kwic", "zzzqx"],
    ["search", "zzzqx"],
    ["trend", "zzzqx"],
    ["events", "--actor", "ZZZ"],
    ["timeline", "--actor", "ZZZ"],
    ["actors", "--limit", "1", "--by", "month"],
]


def test_cli_empty_listing_is_one_line_on_stderr(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    api.ingest([], db=empty)
    result = CliRunner().invoke(cli, ["list", "--db", str(empty)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no results\n")
    jsonl = CliRunner().invoke(cli, ["list", "--db", str(empty), "--format", "jsonl"])
    assert (jsonl.exit_code, jsonl.stdout, jsonl.stderr) == (0, "", "")


@pytest.mark.parametrize("command", QUERIES, ids=lambda c: c[0])
def test_cli_empty_result_table_is_one_line_on_stderr(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty.duckdb"
    api.ingest([], db=empty)
    result = CliRunner().invoke(cli, [*command, "--db", str(empty)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == "no results\n"
    jsonl = CliRunner().invoke(cli, [*command, "--db", str(empty), "--format", "jsonl"])
    assert jsonl.exit_code == 0 and jsonl.stdout == "" and jsonl.stderr == ""
    csv = CliRunner().invoke(cli, [*command, "--db", str(empty), "--format", "csv"])
    assert csv.exit_code == 0 and csv.stderr == ""
    [header] = csv.stdout.splitlines()
    assert header.startswith(("doc_id,", "period,", "country,"))
