"""Golden files: the rendered text, markdown and JSON, byte for byte.

Regenerate on purpose with `REDLINE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import POSITIONS

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("REDLINE_UPDATE_GOLDEN") == "1"

CASES = {
    "report-2022-01-10.txt": ["report", "--as-of", "2022-01-10"],
    "report-2022-01-10.md": ["report", "--as-of", "2022-01-10", "--format", "markdown"],
    "report-2022-01-10.json": ["report", "--as-of", "2022-01-10", "--format", "json"],
    "report-latest.txt": ["report"],
    "diff-2022-01-12-2022-01-31.txt": [
        "diff",
        "us-russia-2022",
        "--from",
        "2022-01-12",
        "--to",
        "2022-01-31",
    ],
    "diff-2022-01-12-2022-01-31-all.md": [
        "diff",
        "us-russia-2022",
        "--from",
        "2022-01-12",
        "--to",
        "2022-01-31",
        "--all",
        "--format",
        "markdown",
    ],
    "diff-2022-01-12-2022-01-31.json": [
        "diff",
        "us-russia-2022",
        "--from",
        "2022-01-12",
        "--to",
        "2022-01-31",
        "--format",
        "json",
    ],
    "timeline-military-cooperation.txt": ["timeline", "--issue", "military-cooperation"],
    "timeline-military-cooperation.md": [
        "timeline",
        "--issue",
        "military-cooperation",
        "--format",
        "markdown",
    ],
    "timeline-de-escalation.json": ["timeline", "--issue", "de-escalation", "--format", "json"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, invoke, monkeypatch):
    monkeypatch.chdir(POSITIONS.parent)
    monkeypatch.setenv("COLUMNS", "80")
    result = invoke(*CASES[name], "--root", "positions")
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if UPDATE:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
