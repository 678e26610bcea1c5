"""The command-line reference in docs/cli.md is current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_cli_reference_matches_the_commands_help() -> None:
    spec = importlib.util.spec_from_file_location("make_cli_md", DOCS / "make_cli_md.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == module.render(), "run: python docs/make_cli_md.py"
