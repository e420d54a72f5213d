"""Verdicts for any number of parties (issue 12), on two negotiations made for the purpose:

- `tests/fixtures/parties/trilogue`: a Commission, a Council and a Parliament, each its own
  side, 14 snapshots over two years;
- `tests/fixtures/parties/basin`: five parties, two of them on one side (Upstream and
  Midstream) and a mediator (Broker), with a single red line.

Each rule is pinned by an exact line, and the whole outputs by goldens under
`tests/golden/parties/` (regenerate with `REDLINE_UPDATE_GOLDEN=1`, then read the diff).
"""

from __future__ import annotations

import json
import os

import jsonschema
import pytest

from conftest import FIXTURES, ROOT

PARTIES = FIXTURES / "parties"
GOLDEN = ROOT / "tests" / "golden" / "parties"
UPDATE = os.environ.get("REDLINE_UPDATE_GOLDEN") == "1"
SCHEMA = json.loads((ROOT / "schemas" / "output.schema.json").read_text(encoding="utf-8"))
ROOT_ARGS = ["--root", "tests/fixtures/parties"]

CASES = {
    "trilogue-report-2023-10-25.md": ["report", "trilogue", "--as-of", "2023-10-25", "--format", "markdown"],
    "trilogue-report-2024-06-10.txt": ["report", "trilogue", "--as-of", "2024-06-10"],
    "trilogue-report-2024-06-10.json": ["report", "trilogue", "--as-of", "2024-06-10", "--format", "json"],
    "trilogue-report-latest.txt": ["report", "trilogue"],
    "trilogue-diff-2023-09-20-2024-06-10.txt": [
        "diff",
        "trilogue",
        "--from",
        "2023-09-20",
        "--to",
        "2024-06-10",
    ],
    "trilogue-diff-2023-09-20-2024-06-10.json": [
        "diff",
        "trilogue",
        "--from",
        "2023-09-20",
        "--to",
        "2024-06-10",
        "--format",
        "json",
    ],
    "trilogue-diff-2023-09-20-2024-06-10.md": [
        "diff",
        "trilogue",
        "--from",
        "2023-09-20",
        "--to",
        "2024-06-10",
        "--format",
        "markdown",
    ],
    "trilogue-timeline.txt": ["timeline", "trilogue"],
    "trilogue-timeline.json": ["timeline", "trilogue", "--format", "json"],
    "basin-report-2024-04-02.md": ["report", "basin", "--as-of", "2024-04-02", "--format", "markdown"],
    "basin-report-latest.txt": ["report", "basin"],
    "basin-report-latest.json": ["report", "basin", "--format", "json"],
    "basin-diff-2024-04-02-2024-06-01.txt": ["diff", "basin", "--from", "2024-04-02", "--to", "2024-06-01"],
    "basin-diff-2024-04-02-2024-06-01.json": [
        "diff",
        "basin",
        "--from",
        "2024-04-02",
        "--to",
        "2024-06-01",
        "--format",
        "json",
    ],
    "basin-timeline.txt": ["timeline", "basin", "--issue", "allocation"],
    "basin-timeline.json": ["timeline", "basin", "--format", "json"],
}


@pytest.fixture
def run(invoke, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")

    def go(*args: str) -> str:
        result = invoke(*args, *ROOT_ARGS)
        assert result.exit_code == 0, result.output
        return result.stdout

    def wide(*args: str) -> str:
        """The output on a terminal wide enough that no line wraps (goldens pin wrapping)."""
        monkeypatch.setenv("COLUMNS", "1000")
        try:
            return go(*args)
        finally:
            monkeypatch.setenv("COLUMNS", "100")

    go.wide = wide  # type: ignore[attr-defined]
    return go


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, run):
    out = run(*CASES[name])
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
    if name.endswith(".json"):
        jsonschema.validate(json.loads(out), SCHEMA)


def _json(run, *args: str) -> dict:
    return json.loads(run(*args, "--format", "json"))


def _issue(data: dict, issue: str) -> dict:
    return next(i for i in data["issues"] if i["id"] == issue)


def _lines(text: str) -> list[str]:
    """The text output with rich's wrapping undone (indented continuation lines joined)."""
    out: list[str] = []
    for line in text.splitlines():
        if (
            out
            and line
            and not line.startswith(" ")
            and out[-1].startswith("  ")
            and not line.startswith(("Legend", "Moved", "Issues", "Cells", "Status", "Gaps"))
        ):
            out[-1] += line
        else:
            out.append(line)
    return out


# ---------------------------------------------------------------- the files


def test_the_fixtures_are_valid_and_warn_only_of_the_crossing(run, invoke):
    result = invoke("validate", *ROOT_ARGS)
    assert result.exit_code == 0
    assert result.stdout == (
        "tests/fixtures/parties/trilogue/2024-06-10-news-parliament-moves.yaml:9:1: warning: "
        "parliament's stance on scope (targeted) lies beyond its own red line (broad, stated in "
        "tests/fixtures/parties/trilogue/2023-07-10-parliament-mandate.yaml); record the new "
        "red line, or `red_line: null` if the source reports it withdrawn (red-line-crossed)\n"
        "24 files checked: 0 error(s) in 0 file(s), 1 warning(s)\n"
    )


# ---------------------------------------------------------------- counterparts


def test_allies_and_the_mediator_are_nobodys_counterparts(run):
    pairs = [p["parties"] for p in _issue(_json(run, "report", "basin"), "allocation")["pairs"]]
    assert pairs == [
        ["upstream", "downstream"],
        ["upstream", "delta"],
        ["midstream", "downstream"],
        ["midstream", "delta"],
        ["downstream", "delta"],
    ]


def test_direction_per_counterpart_and_one_word_only_where_all_agree(run):
    text = _lines(run.wide("diff", "basin", "--from", "2024-04-02", "--to", "2024-06-01"))
    assert (
        "  ↔ delta's stance on allocation: Proportional → Equal shares, hardened 1 step away "
        "from Upstream, hardened 1 step away from Midstream, conceded 1 step toward "
        "Downstream"
    ) in text
    # A mediator has no counterpart: its move is neither a concession nor a hardening.
    assert "  → broker's stance on allocation: Proportional → Equal shares, moved by 1 step" in text
    both = _lines(run.wide("report", "trilogue", "--as-of", "2024-06-10"))
    assert "  ↘ parliament's stance on scope: Broad → Targeted, conceded by 1 step" in both
    change = _json(run, "diff", "basin", "--from", "2024-04-02", "--to", "2024-06-01")["changes"][0]
    assert (change["direction"], change["counterparts"]) == (
        "mixed",
        [
            {"party": "upstream", "direction": "hardened", "steps": 1},
            {"party": "midstream", "direction": "hardened", "steps": 1},
            {"party": "downstream", "direction": "conceded", "steps": 1},
        ],
    )


def test_steps_toward_a_counterpart_that_moved_too_are_not_one_number(run):
    data = _json(run, "diff", "trilogue", "--from", "2023-09-20", "--to", "2024-06-10")
    commission = next(c for c in data["changes"] if c["party"] == "commission")
    assert commission["counterparts"] == [
        {"party": "council", "direction": "hardened", "steps": None},
        {"party": "parliament", "direction": "conceded", "steps": 1},
    ]


# ---------------------------------------------------------------- dated claims


def test_issue_stalled_only_when_no_party_on_it_moved(run):
    data = _json(run, "report", "trilogue", "--as-of", "2024-06-10")
    scope = _issue(data, "scope")
    # commission × council has not moved for a year, but Parliament moved that very day.
    assert (scope["status"], scope["stalled"], scope["stalled_since"], scope["last_move"]) == (
        "converging",
        False,
        None,
        "2024-06-10",
    )
    pair = next(p for p in scope["pairs"] if p["parties"] == ["commission", "council"])
    assert (pair["status"], pair["stable_since"], pair["restatements"]) == ("stalled", "2023-06-15", 1)
    text = _lines(run.wide("report", "trilogue", "--as-of", "2024-06-10"))
    assert "scope (Scope of the act): converging" in text
    assert (
        "  commission × council: stalled, stances 1 step apart, zone of possible agreement "
        "(one-sided: it rests on council's red line alone): Targeted; neither stance moved "
        "since 2023-06-15 (restated on 1 date)"
    ) in text


def test_restatements_are_distinct_dates_after_the_move(run):
    data = _json(run, "report", "trilogue", "--as-of", "2023-10-25")
    fines = _issue(data, "fines")
    # Parliament's 6% was stated on 2023-07-10 and restated by two files of 2023-09-20: once.
    parliament = next(p for p in fines["positions"] if p["party"] == "parliament")
    assert (parliament["since"], parliament["restatements"]) == ("2023-07-10", 1)
    assert (fines["stalled_since"], fines["stalled_restatements"]) == ("2023-07-10", 1)


def test_agreed_needs_every_declared_party(run):
    early = _issue(_json(run, "report", "trilogue", "--as-of", "2023-10-25"), "review")
    assert (early["status"], early["aligned"], early["silent"]) == (
        "aligned",
        ["commission", "parliament"],
        ["council"],
    )
    text = run("report", "trilogue", "--as-of", "2023-10-25", "--format", "markdown")
    assert ("- **review**: aligned: Commission and Parliament coincide; Council has no position yet") in text
    agreed = _issue(_json(run, "report", "trilogue", "--as-of", "2024-02-01"), "review")
    assert (agreed["status"], agreed["agreed_since"]) == ("agreed", "2024-02-01")
    # The mediator's different stance does not stand in the way; Delta's silence does.
    basin = _json(run, "report", "basin", "--as-of", "2024-04-02")
    assert _issue(basin, "monitoring")["status"] == "aligned"
    assert _issue(_json(run, "report", "basin"), "monitoring")["status"] == "agreed"


def test_reopened_follows_agreed_only(run):
    data = _json(run, "diff", "trilogue", "--from", "2024-02-01", "--to", "2024-09-01")
    review = next(s for s in data["status_changes"] if s["issue"] == "review")
    assert (review["old"], review["new"], review["event"]) == ("agreed", "diverging", "reopened")
    aligned = _json(run, "diff", "trilogue", "--from", "2023-07-10", "--to", "2024-02-01")
    assert [
        (s["old"], s["new"], s["event"]) for s in aligned["status_changes"] if s["issue"] == "review"
    ] == [("aligned", "agreed", "agreed")]


def test_a_source_report_goes_stale_when_a_position_moves_after_it(run):
    held = _issue(_json(run, "report", "trilogue", "--as-of", "2023-10-25"), "review")
    assert held["contradiction"] == (
        "the source reports impasse (2023-10-25) while the computed status is aligned"
    )
    later = _issue(_json(run, "report", "trilogue", "--as-of", "2024-02-01"), "review")
    assert (later["reported"], later["contradiction"], later["stale_since"]) == (None, None, "2024-02-01")
    assert later["reported_stale"]["status"] == "impasse"
    reports = _json(run, "timeline", "trilogue")["reports"]
    assert [(r["issue"], r["reported"]["status"], r["until"], r["ended_by"]) for r in reports] == [
        ("fines", "impasse", "2023-11-30", "a move on the issue"),
        ("review", "impasse", "2024-02-01", "a move on the issue"),
    ]


# ---------------------------------------------------------------- red lines


def test_a_red_line_stands_when_the_stance_moves_onto_it(run):
    data = _json(run, "report", "trilogue", "--as-of", "2024-03-01")
    parliament = next(p for p in _issue(data, "scope")["positions"] if p["party"] == "parliament")
    assert (parliament["stance"], parliament["red_line"]) == ("broad", "broad")
    assert parliament["red_line_source"]["date"] == "2023-07-10"
    assert [q["text"] for q in parliament["red_line_quotes"]] == [
        "anything less than a broad scope is unacceptable"
    ]
    assert _issue(data, "scope")["status"] == "deadlocked"


def test_crossing_ones_own_red_line_is_the_first_line(run):
    expected = (
        "! Parliament crossed its own red line on scope on 2024-06-10: its stance "
        "Targeted lies beyond its red line Broad, stated 2023-07-10 "
        "(tests/fixtures/parties/trilogue/2023-07-10-parliament-mandate.yaml)"
    )
    for args in (
        ["report", "trilogue"],
        ["diff", "trilogue", "--from", "2024-03-01", "--to", "2024-06-10"],
        ["timeline", "trilogue"],
    ):
        out = run(*args)
        assert out.splitlines()[1].startswith("! Parliament crossed its own red line"), args
        assert expected in " ".join(out.split()), args  # (rich wraps it at 100 columns)
    assert "crossed" not in run("diff", "trilogue", "--from", "2023-02-01", "--to", "2024-03-01")
    crossings = _json(run, "report", "trilogue")["crossings"]
    assert crossings == [
        {
            "party": "parliament",
            "issue": "scope",
            "date": "2024-06-10",
            "stance": "targeted",
            "red_line": "broad",
            "path": "tests/fixtures/parties/trilogue/2024-06-10-news-parliament-moves.yaml",
            "red_line_path": "tests/fixtures/parties/trilogue/2023-07-10-parliament-mandate.yaml",
            "red_line_date": "2023-07-10",
        }
    ]


def test_red_line_null_withdraws_it(run):
    before = _json(run, "report", "trilogue", "--as-of", "2024-10-01")
    after = _json(run, "report", "trilogue")
    council = [
        next(p for p in _issue(d, "scope")["positions"] if p["party"] == "council") for d in (before, after)
    ]
    assert [(c["stance"], c["red_line"]) for c in council] == [("narrow", "targeted"), ("narrow", None)]
    diff = _json(run, "diff", "trilogue", "--from", "2024-10-01", "--to", "2024-11-05")
    assert [(c["party"], c["kind"], c["direction"]) for c in diff["changes"]] == [
        ("council", "red_line", "dropped")
    ]


def test_one_sided_zones_are_labelled(run):
    pairs = _issue(_json(run, "report", "basin"), "allocation")["pairs"]
    one_sided = [(p["parties"], p["zone"], p["one_sided"]) for p in pairs if p["one_sided"]]
    assert one_sided == [(["downstream", "delta"], ["equal-shares"], "downstream")]
