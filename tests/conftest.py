"""Shared fixtures: the bundled dataset, a CLI runner, and small negotiation builders."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli import app

ROOT = Path(__file__).resolve().parents[1]
POSITIONS = ROOT / "positions"
DATASET = POSITIONS / "us-russia-2022"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own parse cache folder, never the user's."""
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner, monkeypatch):
    """Run `redline ARGS` in-process; returns the click Result (exit_code, stdout, stderr)."""
    monkeypatch.delenv("REDLINE_ROOT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, **kwargs):
        return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)

    return run


NEGOTIATION_YAML = textwrap.dedent("""\
    # yaml-language-server: $schema=../../schemas/negotiation.schema.json
    id: demo
    title: Demo talks
    parties:
      - id: north
        name: North
        aliases: [Capital N]
        side: n
      - id: south
        name: South
        side: s
    issues:
      - id: border
        title: The border
        scale:
          - id: a
            label: Line A
          - id: b
            label: Line B
          - id: c
            label: Line C
          - id: d
            label: Line D
    """)


def snapshot_yaml(day: str, positions: list[dict], title: str = "A source") -> str:
    """The text of a small valid snapshot file."""
    lines = [
        "# yaml-language-server: $schema=../../schemas/snapshot.schema.json",
        f"date: {day}",
        "source:",
        f"  title: {title}",
        "  kind: news",
        "positions:" if positions else "positions: []",
    ]
    for p in positions:
        lines.append(f"  - party: {p['party']}")
        lines.append(f"    issue: {p.get('issue', 'border')}")
        if p.get("withdrawn"):
            lines.append("    withdrawn: true")
            continue
        lines.append(f"    stance: {p['stance']}")
        if p.get("red_line"):
            lines.append(f"    red_line: {p['red_line']}")
        lines.append(f"    summary: {p.get('summary', 'A summary.')}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def demo(tmp_path):
    """A positions root with a demo negotiation; returns a writer for snapshot files."""
    folder = tmp_path / "positions" / "demo"
    folder.mkdir(parents=True)
    (folder / "negotiation.yaml").write_text(NEGOTIATION_YAML, encoding="utf-8")

    class Demo:
        root = tmp_path / "positions"
        path = folder

        def write(self, name: str, text: str) -> Path:
            target = folder / name
            target.write_text(text, encoding="utf-8")
            return target

        def snapshot(self, day: str, positions: list[dict], slug: str = "src") -> Path:
            return self.write(f"{day}-{slug}.yaml", snapshot_yaml(day, positions))

    return Demo()
