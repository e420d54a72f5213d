"""The report at any width: a matrix where it fits, stacked blocks where it does not (issue 18).

No word, label or id is ever split across lines, for two parties (the bundled data) and
for six (tests/fixtures/six-parties). Goldens at 60, 80, 120 and 200 columns; regenerate
them on purpose with `REDLINE_UPDATE_GOLDEN=1 python -m pytest tests/test_narrow.py`.
"""

from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, POSITIONS
from redline.render import text
from redline.repository import load_negotiation
from redline.views import build_report

GOLDEN = Path(__file__).parent / "golden" / "narrow"
UPDATE = os.environ.get("REDLINE_UPDATE_GOLDEN") == "1"
SIX = FIXTURES / "six-parties"
DATA = {"two": (POSITIONS, ["--as-of", "2022-01-10"]), "six": (SIX, [])}
WIDTHS = (60, 80, 120, 200)
BORDER = "╭╮╰╯├┤┬┴┼─│"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("data", sorted(DATA))
def test_golden_at_width(invoke, monkeypatch, data, width):
    root, args = DATA[data]
    monkeypatch.setenv("COLUMNS", str(width))
    result = invoke("report", *args, "--root", str(root))
    assert result.exit_code == 0, result.output
    path = GOLDEN / f"report-{data}-parties-{width}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def _report(root: Path, as_of: date | None = None):
    loaded = load_negotiation(root, None)
    return build_report(loaded.negotiation, loaded.snapshots, as_of)


REPORTS = {"two": lambda: _report(POSITIONS, date(2022, 1, 10)), "six": lambda: _report(SIX)}


def _render(report, width: int, terminal: bool = False) -> str:
    out = io.StringIO()
    console = text.make_console(out, width=width)
    if terminal:
        console = text.WordConsole(
            file=out,
            width=width,
            force_terminal=True,
            no_color=True,
            color_system=None,
            markup=False,
            highlight=False,
            emoji=False,
        )
    text.render_report(report, console)
    return out.getvalue()


def _words(report) -> set[str]:
    """Every id, label word and date the layout shows."""
    neg = report.negotiation
    words = {p.id for p in neg.parties} | {i.id for i in neg.issues}
    for held in report.analysis.state.positions.values():
        issue = neg.issue_by_id[held.issue]
        words |= set(issue.label(held.stance).split()) | {held.since.isoformat()}
        words |= set(issue.label(held.red_line).split()) if held.red_line else set()
    return words


@pytest.mark.parametrize("data", sorted(REPORTS))
def test_no_word_is_split_at_any_width(monkeypatch, data):
    monkeypatch.setenv("COLUMNS", "80")  # the matrix is allowed wherever it fits
    report = REPORTS[data]()
    words = _words(report)
    layouts = set()
    for width in range(40, 241, 4):
        out = _render(report, width)
        layouts.add("╭" in out)
        tokens = {t.strip("(),:;.") for t in re.split(f"[\\s{BORDER}]+", out)}
        assert words <= tokens, (width, sorted(words - tokens))
        for line in out.splitlines():
            assert len(line) <= width or max(map(len, line.split())) > width, (width, line)
    assert layouts == {True, False}  # both layouts were seen


@pytest.mark.parametrize("data", sorted(REPORTS))
def test_the_matrix_shows_from_the_width_where_it_fits(monkeypatch, data):
    monkeypatch.setenv("COLUMNS", "80")
    report = REPORTS[data]()
    matrix = [width for width in range(40, 301) if "╭" in _render(report, width)]
    assert matrix == list(range(matrix[0], 301))  # wider never falls back to stacked
    assert max(len(line) for line in _render(report, matrix[0]).splitlines()) == matrix[0]


def test_output_that_is_not_a_terminal_is_stacked_unless_columns_is_set(monkeypatch):
    report = REPORTS["two"]()
    monkeypatch.delenv("COLUMNS", raising=False)
    assert "╭" not in _render(report, 200)
    assert "╭" in _render(report, 200, terminal=True)
    monkeypatch.setenv("COLUMNS", "200")
    assert "╭" in _render(report, 200)


def test_stacked_block_is_one_line_per_party(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    out = _render(REPORTS["two"](), 80)
    block = out.split("\n\n")[1].splitlines()
    assert block == [
        "nato-expansion: deadlocked since 2022-01-10",
        "  us      Open door (since 2022-01-10) ⟂ Open door",
        "  nato    Open door (since 2021-12-17)",
        "  russia  Legally binding ban (since 2022-01-10) ⟂ Legally binding ban",
    ]


def test_a_path_longer_than_the_line_is_not_cut(invoke, monkeypatch):
    monkeypatch.chdir(POSITIONS.parent)
    monkeypatch.setenv("COLUMNS", "60")
    old = "positions/us-russia-2022/2022-01-12-state-dept-sherman-press-availability-nato.yaml"
    new = "positions/us-russia-2022/2022-01-26-blinken-press-availability-written-response.yaml"
    result = invoke("diff", old, new)
    assert result.exit_code == 0
    # wrapped lines hang two cells in, but a path wider than the line takes no indentation
    assert result.stdout.splitlines()[1:6] == ["From", old, "  to", f"{new}:", "  9 change(s)"]


def test_a_remembered_report_is_not_shown_in_the_other_layout(invoke, monkeypatch, demo):
    """The rendered report is cached; COLUMNS (matrix allowed or not) is part of its key."""
    demo.snapshot(
        "2022-01-10",
        [
            {"party": "north", "issue": "border", "stance": "a"},
            {"party": "south", "issue": "border", "stance": "d"},
        ],
    )
    monkeypatch.delenv("COLUMNS", raising=False)
    stacked = invoke("report", "--root", str(demo.root)).stdout
    monkeypatch.setenv("COLUMNS", "80")
    matrix = invoke("report", "--root", str(demo.root)).stdout
    monkeypatch.delenv("COLUMNS")
    again = invoke("report", "--root", str(demo.root)).stdout
    assert "╭" not in stacked and "╭" in matrix and again == stacked


@pytest.mark.parametrize(
    ("line", "width", "lines"),
    [
        ("one two three", 7, ["one two", "three"]),
        ("one two three", 80, ["one two three"]),
        ("a positions/a-very-long-file-name.yaml b", 10, ["a", "positions/a-very-long-file-name.yaml", "b"]),
        ("    positions/a-very-long-file-name.yaml", 10, ["    positions/a-very-long-file-name.yaml"]),
        ("  indented words here", 12, ["  indented", "words here"]),
    ],
)
def test_wrap_words_breaks_at_spaces_only(line, width, lines):
    from rich.text import Text

    assert [t.plain for t in text.wrap_words(Text(line), width)] == lines


@pytest.mark.parametrize(
    ("line", "width", "lines"),
    [
        ("  one two three four", 12, ["  one two", "    three", "    four"]),
        ("  a positions/long-name.yaml", 20, ["  a", "positions/long-name.yaml"]),
        ("  a positions/n.yaml", 18, ["  a", "  positions/n.yaml"]),  # 2 cells of the 4 fit
    ],
)
def test_wrapped_lines_hang_within_the_width(line, width, lines):
    from rich.text import Text

    assert [t.plain for t in text.wrap_words(Text(line), width, hang=4)] == lines
