"""Every command through the CLI runner, on the bundled examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from communique.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "mid.ru" / "1331-24-06-2022.txt"
KREMLIN = EXAMPLES / "kremlin.ru" / "58502.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "corpus.duckdb"
    result = runner.invoke(cli, ["ingest", str(EXAMPLES), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    return path


def test_cli_parse_json_prints_the_document(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", str(SEED)])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["id"] == "mid.ru/1331-24-06-2022"
    assert len(doc["turns"]) == 9
    assert doc["turns"][0]["speaker"] == "Sergey Lavrov"


def test_cli_parse_jsonl_keeps_order_and_reports_failures_in_place(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["parse", str(SEED), str(empty), str(KREMLIN), "--format", "jsonl"])
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 1
    assert [line.get("id") for line in lines] == ["mid.ru/1331-24-06-2022", None, "kremlin.ru/58502"]
    assert lines[1]["path"] == str(empty)
    assert "empty input" in lines[1]["error"]


def test_cli_parse_text_prints_a_readable_transcript(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", str(SEED), "--format", "text"])
    assert result.exit_code == 0
    assert "date: 2022-06-24" in result.output
    assert "[1] Question (journalist, question): President of Azerbaijan Ilham Aliyev said" in result.output
    assert "[2] Sergey Lavrov (official, answer): We did not discuss the Minsk Group" in result.output


def test_cli_ingest_prints_a_summary_and_rerun_skips_everything(runner: CliRunner, db: Path) -> None:
    again = runner.invoke(cli, ["ingest", str(EXAMPLES), "--db", str(db), "--quiet"])
    assert again.exit_code == 0
    assert "0 new, 0 updated, 6 skipped, 0 failed" in again.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*), count(distinct id) from documents").fetchone() == (6, 6)


def test_cli_list_filters_by_source_and_date(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["list", "--db", str(db), "--source", "mid.ru"])
    assert result.exit_code == 0
    assert result.output.startswith("mid.ru/1331-24-06-2022\t2022-06-24\tmid.ru\tstatement_and_answers\t")
    result = runner.invoke(cli, ["list", "--db", str(db), "--from", "2023-01-01"])
    assert result.output == ""


def test_cli_show_prints_a_stored_document(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["show", "mid.ru/1331-24-06-2022", "--db", str(db)])
    assert result.exit_code == 0
    assert "turns: 9, exchanges: 4" in result.output
    missing = runner.invoke(cli, ["show", "nowhere/1", "--db", str(db)])
    assert missing.exit_code == 1
    assert "nowhere/1" in missing.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_cli_export_writes_every_document(runner: CliRunner, db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export-{fmt}"
    result = runner.invoke(cli, ["export", "--format", fmt, str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    files = [Path(line) for line in result.output.splitlines()]
    assert files and all(f.exists() for f in files)
    if fmt == "jsonl":
        docs = [json.loads(line) for line in files[0].read_text().splitlines()]
        assert len(docs) == 6
    else:
        assert {f.stem for f in files} >= {"documents", "turns", "exchanges"}


def test_cli_evaluate_structure_scores_the_seed(runner: CliRunner, tmp_path: Path) -> None:
    gold = ROOT / "tests" / "documents" / "gold" / "structure-seed.jsonl"
    result = runner.invoke(cli, ["evaluate", "structure", str(gold)])
    assert result.exit_code == 0, result.output
    overall = result.output.splitlines()[-1].split()
    assert overall[:3] == ["overall", "1", "0"]
    assert overall[5] == "1.0000"  # boundary F1
    copy = tmp_path / "gold.jsonl"
    shutil.copy(gold, copy)
    failing = runner.invoke(cli, ["evaluate", "structure", str(copy), "--json"])
    report = json.loads(failing.output)
    assert report["overall"]["failed"] == 1  # the input is not beside the copy


def test_cli_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for command in (["parse"], ["ingest"], ["show"], ["list"], ["export"], ["evaluate"], ["evaluate", "structure"]):
        result = runner.invoke(cli, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, command
