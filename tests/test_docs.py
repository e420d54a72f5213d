"""Every command has help, exit codes in its help, a row in the README and a section in docs/."""

from __future__ import annotations

import pytest
import typer.main

from conftest import ROOT
from redline.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands_are_the_documented_ones():
    assert sorted(["brief", "completion", "diff", "init", "new", "report", "review", "schemas", "sources",
                               "timeline", "validate"]) == COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_is_in_the_readme(name):
    assert f"| `redline {name}" in README, f"no row for redline {name} in the commands table"
    assert f"## `redline {name}`" in DOCS, f"no section for redline {name} in docs/"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(invoke, name):
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Usage: redline" in result.stdout
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.strip()) > 20, name


def test_the_main_help_states_the_exit_codes(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Exit codes: 0 fine; 1 invalid data" in " ".join(result.stdout.split())
