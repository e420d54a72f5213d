"""Every command has help, exit codes in its help, a row in the README and a section in docs/;
the docs' colour legend and install hints hold (their console examples: test_docs_examples)."""

from __future__ import annotations

import pytest
import typer.main

from conftest import ROOT
from redline.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands_are_the_documented_ones():
    assert (
        sorted(
            [
                "brief",
                "completion",
                "diff",
                "init",
                "new",
                "report",
                "review",
                "schemas",
                "sources",
                "timeline",
                "validate",
            ]
        )
        == COMMANDS
    )


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


def test_the_colour_legend_names_each_status_colour():
    """docs/commands.md's legend says which colour each status is printed in."""
    from redline.render.text import STATUS_STYLE

    legend = " ".join((ROOT / "docs" / "commands.md").read_text(encoding="utf-8").split())
    legend = legend[legend.index("Colour carries meaning") :].split(")", 1)[0]
    for status, style in STATUS_STYLE.items():
        colour = style.split()[-1]
        said = legend.split(f"{colour}:", 1)[1].split(";")[0]
        assert status in said, (status, colour, said)


def test_install_hints_can_be_followed_from_a_clone():
    """redline is not published: its extras install from a clone, as `.[test]`."""
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert "'redline[" not in page.read_text(encoding="utf-8"), page.name
