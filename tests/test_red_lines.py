"""Red lines in the files: `red_line: null` withdraws, `supports: red_line` marks the evidence,
`role: mediator` declares a party that is nobody's counterpart."""

from __future__ import annotations

from redline.fold import fold
from redline.repository import load_negotiation
from test_review import SECOND, _git_identity, core, repo, snapshot  # noqa: F401 (fixtures)

SNAPSHOT = """\
date: {day}
source:
  title: A source
  kind: news
positions:
  - party: north
    issue: border
    stance: {stance}
{red}    summary: A summary.
    quotes:
      - speaker: N
        text: we ask for it
      - speaker: N
        text: never beyond it
        supports: red_line
"""


def _write(demo, day: str, stance: str, red: str) -> None:
    demo.write(f"{day}-src.yaml", SNAPSHOT.format(day=day, stance=stance, red=red))


def test_red_line_null_and_supports_load_from_yaml(demo):
    _write(demo, "2022-01-01", "b", "    red_line: c\n")
    _write(demo, "2022-01-02", "a", "")
    _write(demo, "2022-01-03", "a", "    red_line: null\n")
    loaded = load_negotiation(demo.root, "demo")
    assert [p for p in loaded.problems if p.severity == "error"] == []
    first, second, third = (s.positions[0] for s in loaded.snapshots)
    assert [q.supports for q in first.quotes] == ["stance", "red_line"]
    assert (first.red_line, first.red_line_withdrawn) == ("c", False)
    assert (second.red_line, second.red_line_withdrawn) == (None, False)
    assert (third.red_line, third.red_line_withdrawn) == (None, True)
    held = [fold(loaded.snapshots, s.date).get("north", "border") for s in loaded.snapshots]
    assert [(h.stance, h.red_line) for h in held] == [("b", "c"), ("a", "c"), ("a", None)]
    assert [q.quote.text for q in held[1].red_line_quotes] == ["never beyond it"]


def test_role_mediator_is_nobodys_counterpart(demo):
    (demo.path / "negotiation.yaml").write_text(
        (demo.path / "negotiation.yaml")
        .read_text()
        .replace("issues:", "  - id: broker\n    name: Broker\n    role: mediator\nissues:")
    )
    loaded = load_negotiation(demo.root, "demo")
    assert loaded.problems == []
    neg = loaded.negotiation
    assert neg.party_by_id["broker"].mediator
    assert neg.counterparts("north") == ("south",)
    assert neg.counterparts("broker") == ()
    assert not neg.opposed("broker", "south")


def test_an_unknown_role_is_a_schema_error(demo):
    (demo.path / "negotiation.yaml").write_text(
        (demo.path / "negotiation.yaml").read_text().replace("side: s", "side: s\n    role: judge")
    )
    problems = load_negotiation(demo.root, "demo").problems
    assert [(p.line, p.code) for p in problems] == [(12, "schema")]
    assert problems[0].message == "'role' must be one of: mediator; not the string 'judge'"


def test_crossing_ones_own_red_line_is_a_warning_naming_both_files(demo, invoke):
    demo.snapshot(
        "2022-01-01", [{"party": "north", "stance": "a", "red_line": "b"}, {"party": "south", "stance": "d"}]
    )
    demo.snapshot("2022-01-05", [{"party": "north", "stance": "c"}])
    demo.snapshot("2022-01-06", [{"party": "north", "stance": "c"}])  # restated: said once
    result = invoke("validate", "--root", str(demo.root))
    root = demo.root / "demo"
    assert result.exit_code == 0  # warnings never change the exit code
    assert result.stdout == (
        f"{root}/2022-01-01-src.yaml:10:15: warning: north's red line on border (b) has no "
        "quote marked `supports: red_line`: quote the source's words that state it "
        "(red-line-unquoted)\n"
        f"{root}/2022-01-05-src.yaml:9:1: warning: north's stance on border (c) lies "
        f"beyond its own red line (b, stated in {root}/2022-01-01-src.yaml); record the new "
        "red line, or `red_line: null` if the source reports it withdrawn (red-line-crossed)\n"
        "4 files checked: 0 error(s) in 0 file(s), 2 warning(s)\n"
    )


def test_moving_onto_ones_own_red_line_or_away_is_no_crossing(demo, invoke):
    demo.snapshot(
        "2022-01-01",
        [
            {"party": "north", "stance": "b", "red_line": "c", "quotes": [("N", "we want b")]},
            {"party": "south", "stance": "d"},
        ],
    )
    demo.snapshot("2022-01-05", [{"party": "north", "stance": "c"}])
    demo.snapshot("2022-01-06", [{"party": "north", "stance": "a"}])
    result = invoke("validate", "--root", str(demo.root))
    assert "red-line-crossed" not in result.stdout


def test_review_warns_of_a_crossing_as_validate_does(repo):  # noqa: F811 (the fixture)
    # north's red line is b (stated from line a); line c lies beyond it.
    repo.write(SECOND, snapshot("2022-01-20", {"party": "north", "stance": "c"}))
    result = core(repo)
    crossed = [p for p in result.problems if p.code == "red-line-crossed"]
    assert [(p.path, p.line, p.severity) for p in crossed] == [(SECOND, 10, "warning")]
    assert crossed[0].message == (
        "north's stance on border (c) lies beyond its own red line (b, stated in "
        "positions/demo/2022-01-10-src.yaml); record the new red line, or `red_line: null` if "
        "the source reports it withdrawn"
    )
