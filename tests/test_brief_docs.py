"""docs/briefings.md quotes the bottom lines of the brief goldens: they stay the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_brief import GOLDEN, bottom_line_of

DOC = Path(__file__).parent.parent / "docs" / "briefings.md"


@pytest.mark.parametrize("name", ["brief-2022-01-10.md", "brief-latest.md"])
def test_the_documented_bottom_lines_are_the_goldens(name):
    bottom = re.sub(r"\[\^\d+\]", "", bottom_line_of((GOLDEN / name).read_text(encoding="utf-8")))
    assert f"\n> {bottom}\n" in DOC.read_text(encoding="utf-8")
    assert f"(`tests/golden/{name}`" in DOC.read_text(encoding="utf-8")
