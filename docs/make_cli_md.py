"""Regenerate docs/cli.md from the commands' --help: python docs/make_cli_md.py"""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from communique.cli import cli


def commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found = []
    for name in sorted(group.commands):
        command = group.commands[name]
        found.append([*prefix, name])
        if isinstance(command, click.Group):
            found += commands(command, [*prefix, name])
    return found


def render() -> str:
    runner = CliRunner()
    parts = ["# Command line reference", "", "Generated from `--help` by `docs/make_cli_md.py`.", ""]
    for path in [[], *commands(cli, [])]:
        result = runner.invoke(cli, [*path, "--help"], prog_name="communique", terminal_width=100)
        parts += [f"## communique {' '.join(path)}".rstrip(), "", "```text", result.output.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    Path(__file__).with_name("cli.md").write_text(render(), encoding="utf-8")
