"""Every command through the CLI runner, on the bundled examples."""

from __future__ import annotations

import csv
import io
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


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples ingested once for the module's read-only commands."""
    path = tmp_path_factory.mktemp("cli") / "corpus.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES), "--db", str(path), "--quiet"])
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
    assert "0 new, 0 updated, 5 skipped, 0 failed" in again.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*), count(distinct id) from documents").fetchone() == (5, 5)


def test_cli_list_filters_by_source_and_date(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["list", "--db", str(db), "--source", "mid.ru"])
    assert result.exit_code == 0
    assert result.output.startswith("mid.ru/1331-24-06-2022\t2022-06-24\tmid.ru\tstatement_and_answers\t")
    result = runner.invoke(cli, ["list", "--db", str(db), "--from", "2023-01-01"])
    assert (result.stdout, result.stderr) == ("", "no results\n")


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
        assert len(docs) == 5
    else:
        assert {f.stem for f in files} >= {"documents", "turns", "exchanges"}


def test_cli_evaluate_structure_scores_the_seed(runner: CliRunner, tmp_path: Path) -> None:
    gold = ROOT / "tests" / "documents" / "gold" / "structure-seed.jsonl"
    result = runner.invoke(cli, ["evaluate", "structure", str(gold)])
    assert result.exit_code == 0, result.output
    overall = result.output.splitlines()[-1].split()
    assert overall[:3] == ["overall", "1", "0"]
    assert overall[5] == "1.0000"  # boundary F1
    parts = {line.split()[0]: line.split()[1] for line in result.output.splitlines()[1:-1]}
    assert (parts["tuning"], parts["validation"]) in (("1", "0"), ("0", "1"))  # the seed is in one part
    copy = tmp_path / "gold.jsonl"
    shutil.copy(gold, copy)
    failing = runner.invoke(cli, ["evaluate", "structure", str(copy), "--json"])
    assert failing.exit_code == 1 and "--root" in failing.output  # the input is not beside the copy
    rooted = runner.invoke(cli, ["evaluate", "structure", str(copy), "--json", "--root", str(gold.parents[1])])
    assert json.loads(rooted.output)["overall"]["boundary_f1"] == 1.0


def test_cli_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    commands = (
        ["parse"], ["ingest"], ["show"], ["list"], ["export"], ["events"], ["actors"],
        ["evaluate"], ["evaluate", "structure"], ["evaluate", "events"],
    )  # fmt: skip
    for command in commands:
        result = runner.invoke(cli, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, command


def test_cli_events_answers_what_russia_agreed_with_azerbaijan(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["events", "--db", str(db), "--actor", "AZE", "--type", "AGREE", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and all(r["type"] == "AGREE" for r in rows)
    signed = [r for r in rows if r["text"].startswith("Today, we have signed")]
    assert signed and signed[0]["date"] == "2022-06-24" and "RUS" in signed[0]["source"]
    planned = runner.invoke(cli, ["events", "--db", str(db), "--status", "planned", "--format", "jsonl"])
    assert {json.loads(line)["status"] for line in planned.output.splitlines()} == {"planned"}
    asked = runner.invoke(cli, ["events", "--db", str(db), "--role", "journalist", "--format", "jsonl"])
    rows = [json.loads(line) for line in asked.output.splitlines()]
    assert rows and {r["role"] for r in rows} == {"journalist"}


def test_cli_events_filters_by_date_range(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(
        cli, ["events", "--db", str(db), "--from", "2022-06-23", "--to", "2022-06-23", "--format", "jsonl"]
    )
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and all(r["date"].startswith("2022-06-23") for r in rows)


def test_cli_actors_counts_mentions_per_month(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(cli, ["actors", "--db", str(db), "--by", "month", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    june = {r["country"]: r["mentions"] for r in rows if r["period"] == "2022-06" and r["name"] is None}
    assert june["RUS"] > 0 and june["AZE"] > 0


def test_cli_parse_without_nlp_has_structure_only(runner: CliRunner) -> None:
    doc = json.loads(runner.invoke(cli, ["parse", str(SEED), "--no-nlp"]).output)
    assert len(doc["turns"]) == 9
    assert doc["mentions"] == [] and doc["events"] == []


def test_cli_parse_text_only_takes_each_file_as_one_body(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Question: Japan sent humanitarian aid to Ukraine.")
    second.write_text("Egyptian police arrested two Italian journalists.")
    result = runner.invoke(cli, ["parse", "--text-only", "--format", "jsonl", str(first), str(second)])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.output.splitlines()]
    assert [len(d["turns"]) for d in docs] == [1, 1]
    assert docs[0]["turns"][0]["speaker_label"] is None  # no label is read in a bare text
    assert [d["events"][0]["type"] for d in docs] == ["AID", "COERCE"]
    sited = runner.invoke(cli, ["parse", "--text-only", "--no-nlp", "--source", "mid.ru", str(first)])
    assert (json.loads(sited.output)["id"], json.loads(sited.output)["source"]) == ("mid.ru/a", "mid.ru")


def test_cli_evaluate_events_scores_plover_records(runner: CliRunner) -> None:
    gold = ROOT / "tests" / "documents" / "gold" / "plover-sample.json"
    result = runner.invoke(cli, ["evaluate", "events", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["records"] == 5
    assert report["type_accuracy"] >= 0.8
