"""Shared fixtures: the bundled dataset, a CLI runner, and small negotiation builders."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli import app

ROOT = Path(__file__).resolve().parents[1]
POSITIONS = ROOT / "positions"
DATASET = POSITIONS / "us-russia-2022"
FIXTURES = Path(__file__).parent / "fixtures"


def parse_markdown(text: str) -> list:
    """Markdown tokens as GitHub reads tables and strike-through (markdown-it-py)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def walk_tokens(tokens):
    """Every token, children included, depth first."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk_tokens(token.children)


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


def snapshot_yaml(day: str, positions: list[dict], title: str = "A source", url: str | None = None) -> str:
    """The text of a small valid snapshot file.

    A position is {party, stance, issue?, red_line?, summary?, withdrawn?, quotes?}, the
    quotes a list of (speaker, text) or (speaker, text, supports). `red_line: None` is
    written `red_line: null` (withdrawn); leave the key out to leave the red line alone.
    """
    lines = [
        "# yaml-language-server: $schema=../../schemas/snapshot.schema.json",
        f"date: {day}",
        "source:",
        f"  title: {title}",
        "  kind: news",
        *([f"  url: {url}"] if url else []),
        "positions:" if positions else "positions: []",
    ]
    for p in positions:
        lines.append(f"  - party: {p['party']}")
        lines.append(f"    issue: {p.get('issue', 'border')}")
        if p.get("withdrawn"):
            lines.append("    withdrawn: true")
            continue
        lines.append(f"    stance: {p['stance']}")
        if "red_line" in p:
            lines.append(f"    red_line: {p['red_line'] or 'null'}")
        lines.append(f"    summary: {p.get('summary', 'A summary.')}")
        if p.get("quotes"):
            lines.append("    quotes:")
            for who, text, *supports in p["quotes"]:
                lines += [f"      - speaker: {who}", f"        text: {json.dumps(text)}"]
                lines += [f"        supports: {s}" for s in supports]
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


def commit_all(folder: Path, monkeypatch, tmp_path: Path) -> None:
    """`git init` in `folder` and commit everything in it, with an identity and an empty
    git configuration of its own; the configuration stays in force for the test (so that
    `redline review` reads no user configuration either)."""
    import os
    import subprocess

    config = tmp_path / "gitconfig"
    config.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "R",
        "GIT_AUTHOR_EMAIL": "r@example.org",
        "GIT_COMMITTER_NAME": "R",
        "GIT_COMMITTER_EMAIL": "r@example.org",
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(key, env[key])
