"""The keyed diff: compare.diff_states, views.build_file_diff and `redline diff`."""

from __future__ import annotations

import json

from conftest import NEGOTIATION_YAML, snapshot_yaml
from redline.compare import Change, diff_states, direction, status_changes
from redline.evidence import word_diff
from redline.fold import fold
from redline.views import build_date_diff, build_file_diff, build_report
from strategies import day, demo_negotiation, pos, snap

NEG = demo_negotiation()


def diff(old_snaps, new_snaps, negotiation=NEG):
    return diff_states(negotiation, fold(old_snaps), fold(new_snaps)).changes


def brief(changes):
    return [(c.party, c.issue, c.kind, c.old, c.new, c.steps, c.direction) for c in changes]


# ---------------------------------------------------------------- matching


def test_states_are_matched_by_party_and_issue_not_by_place():
    old = [snap(1, pos("north", "b", line=7), pos("south", "d", line=12))]
    new = [snap(2, pos("south", "d", line=7), pos("north", "b", line=12))]
    assert diff(old, new) == ()


def test_new_position_is_added_with_its_source():
    old = [snap(1, pos("south", "d"))]
    new = [snap(2, pos("north", "b", line=7), pos("south", "d", line=12))]
    assert diff(old, new) == (
        Change(
            "north",
            "border",
            "added",
            "position",
            None,
            "b",
            path="positions/demo/2022-01-02-src.yaml",
            line=7,
            date=day(2),
        ),
    )


def test_position_gone_from_the_state_is_withdrawn():
    old = [snap(1, pos("north", "b", line=4), pos("south", "d"))]
    new = [snap(1, pos("north", "b")), snap(2, pos("north", withdrawn=True))]
    assert brief(diff(old, new)) == [
        ("north", "border", "withdrawn", "b", None, None, None),
        ("south", "border", "withdrawn", "d", None, None, None),
    ]


# ---------------------------------------------------------------- stance moves


def test_stance_toward_the_opposing_side_is_conceded_with_steps():
    old = [snap(1, pos("north", "a"), pos("south", "d"))]
    new = [*old, snap(2, pos("north", "c"))]
    assert brief(diff(old, new)) == [("north", "border", "stance", "a", "c", 2, "conceded")]


def test_stance_away_from_the_opposing_side_is_hardened():
    old = [snap(1, pos("north", "c"), pos("south", "d"))]
    new = [*old, snap(2, pos("north", "a"))]
    assert brief(diff(old, new)) == [("north", "border", "stance", "c", "a", 2, "hardened")]


def test_stance_move_without_an_opposing_stance_is_just_moved():
    old = [snap(1, pos("north", "a"), pos("east", "d"))]  # east is north's ally
    new = [*old, snap(2, pos("north", "b"))]
    assert brief(diff(old, new)) == [("north", "border", "stance", "a", "b", 1, "moved")]


def test_stance_move_neither_nearer_nor_farther_is_moved():
    old = [snap(1, pos("north", "b"), pos("south", "c"))]
    new = [*old, snap(2, pos("north", "d"))]
    assert brief(diff(old, new)) == [("north", "border", "stance", "b", "d", 2, "moved")]


def test_direction_uses_the_opposing_stances_of_both_states():
    # south left between the states; its old stance is still the yardstick.
    old = [snap(1, pos("north", "a"), pos("south", "d"))]
    new = [*old, snap(2, pos("north", "b"), pos("south", withdrawn=True))]
    assert brief(diff(old, new)) == [
        ("north", "border", "stance", "a", "b", 1, "conceded"),
        ("south", "border", "withdrawn", "d", None, None, None),
    ]
    assert brief(diff(new, old)) == [
        ("north", "border", "stance", "b", "a", 1, "hardened"),
        ("south", "border", "added", None, "d", None, None),
    ]


def test_direction_sums_distances_to_every_opposing_stance():
    assert direction(0, 1, [3]) == "conceded"
    assert direction(1, 0, [3]) == "hardened"
    assert direction(1, 2, [0, 3]) == "mixed"  # toward one counterpart, away from the other
    assert direction(1, 2, [3, 3]) == "conceded"
    assert direction(0, 3, []) == "moved"


# ---------------------------------------------------------------- red lines


def test_red_line_stated():
    old = [snap(1, pos("north", "b"), pos("south", "d"))]
    new = [*old, snap(2, pos("north", "b", "c"))]
    assert brief(diff(old, new)) == [("north", "border", "red_line", None, "c", None, "stated")]


def test_red_line_stands_through_a_stance_move_and_null_drops_it():
    old = [snap(1, pos("north", "b", "c"), pos("south", "d"))]
    new = [*old, snap(2, pos("north", "a"))]
    assert brief(diff(old, new)) == [("north", "border", "stance", "b", "a", 1, "hardened")]
    dropped = [*new, snap(3, pos("north", "a")._replace(red_line_withdrawn=True))]
    assert brief(diff(new, dropped)) == [("north", "border", "red_line", "c", None, None, "dropped")]


def test_red_line_moved_toward_the_other_side_is_conceded():
    old = [snap(1, pos("north", "a", "b"), pos("south", "d"))]
    new = [*old, snap(2, pos("north", "a", "d"))]
    assert brief(diff(old, new)) == [("north", "border", "red_line", "b", "d", 2, "conceded")]
    assert brief(diff(new, old)) == [("north", "border", "red_line", "d", "b", 2, "hardened")]


def test_red_line_omitted_by_a_restatement_is_no_change():
    old = [snap(1, pos("north", "a", "b"), pos("south", "d"))]
    new = [*old, snap(2, pos("north", "a"))]
    assert diff(old, new) == ()


# ---------------------------------------------------------------- summaries and quotes


def test_summary_reworded_with_word_runs():
    old = [snap(1, pos("north", "b", summary="North wants line B by spring."))]
    new = [snap(2, pos("north", "b", summary="North wants line B by summer at the latest."))]
    changes = diff(old, new)
    assert len(changes) == 1
    change = changes[0]
    assert (change.kind, change.field, change.old, change.new) == (
        "summary",
        "summary",
        "North wants line B by spring.",
        "North wants line B by summer at the latest.",
    )
    assert change.words == (("=", "North wants line B by"), ("-", "spring."), ("+", "summer at the latest."))
    assert change.to_json()["words"] == [
        {"op": "=", "text": "North wants line B by"},
        {"op": "-", "text": "spring."},
        {"op": "+", "text": "summer at the latest."},
    ]


def test_word_diff_runs():
    assert word_diff("a b c", "a x c d") == (("=", "a"), ("-", "b"), ("+", "x"), ("=", "c"), ("+", "d"))
    assert word_diff("", "new words") == (("+", "new words"),)
    assert word_diff("old", "") == (("-", "old"),)
    assert word_diff("same  words", "same words") == (("=", "same words"),)


def test_quotes_added_and_removed():
    old = [snap(1, pos("north", "b", quotes=("kept", "gone")))]
    new = [snap(2, pos("north", "b", quotes=("new one", "kept")))]
    assert brief(diff(old, new)) == [
        ("north", "border", "quote_added", None, "new one", None, None),
        ("north", "border", "quote_removed", "gone", None, None, None),
    ]


def test_quote_reordering_is_no_change():
    old = [snap(1, pos("north", "b", quotes=("one", "two")))]
    new = [snap(2, pos("north", "b", quotes=("two", "one")))]
    assert diff(old, new) == ()


def test_changes_are_ordered_by_issue_then_moves_first():
    old = [snap(1, pos("north", "a", summary="x"), pos("south", "d"), pos("south", "tariff", issue="trade"))]
    new = [
        snap(
            2,
            pos("north", "a", summary="y"),
            pos("south", "c"),
            pos("south", "embargo", issue="trade"),
            pos("north", "free", issue="trade"),
        )
    ]
    assert [(c.issue, c.party, c.kind) for c in diff(old, new)] == [
        ("border", "south", "stance"),
        ("border", "north", "summary"),
        ("trade", "north", "added"),
        ("trade", "south", "stance"),
    ]


# ---------------------------------------------------------------- diffs of dates and files


def test_date_diff_carries_status_changes():
    snaps = [snap(1, pos("north", "a"), pos("south", "c")), snap(2, pos("north", "c"))]
    result = build_date_diff(NEG, snaps, day(1), day(2))
    assert brief(result.changes) == [("north", "border", "stance", "a", "c", 2, "conceded")]
    assert [(s.issue, s.old, s.new, s.event) for s in result.status_changes] == [
        ("border", "unclear", "aligned", "now aligned"),
        ("trade", "unclear", "unclear", "still unclear"),
    ]
    # east (north's ally) has no position yet: the issue is aligned, not agreed.
    assert build_date_diff(NEG, snaps, day(1), day(2)).status_changes[0].new == "aligned"
    assert result.moved


def test_report_latest_lists_the_moves_of_the_last_date():
    snaps = [snap(1, pos("north", "a"), pos("south", "c")), snap(5, pos("north", "b", summary="reworded"))]
    latest = build_report(NEG, snaps).latest
    assert (latest.old_label, latest.new_label) == ("2022-01-01", "2022-01-05")
    assert brief(latest.changes) == [("north", "border", "stance", "a", "b", 1, "conceded")]
    first = build_report(NEG, snaps[:1]).latest
    assert (first.old_label, first.new_label) == ("start", "2022-01-01")
    assert [c.kind for c in first.changes] == ["added", "added"]


def test_report_latest_of_the_first_date_starts_from_start_whatever_the_as_of():
    snaps = [snap(1, pos("north", "a"), pos("south", "c"))]
    latest = build_report(NEG, snaps, day(10)).latest
    assert (latest.old_label, latest.new_label) == ("start", "2022-01-01")


def test_file_diff_compares_each_file_alone():
    one = snap(1, pos("north", "b", "a"), pos("south", "d", "c"))
    two = snap(9, pos("north", "b"), pos("south", "d", "c"))
    result = build_file_diff(NEG, one, two)
    # Taken alone, the second file states no red line for north: it is dropped.
    assert brief(result.changes) == [("north", "border", "red_line", "a", None, None, "dropped")]
    assert next((s.old, s.new, s.event) for s in result.status_changes) == (
        "deadlocked",
        "unclear",
        "left deadlock",
    )
    assert (result.old_label, result.new_label) == (one.path, two.path)


def test_status_changes_events():
    snaps = [snap(1, pos("north", "a", "a"), pos("south", "d", "d"))]
    deadlocked = build_date_diff(NEG, [*snaps, snap(2, pos("north", "b", "b"))], day(1), day(2))
    assert next((s.event, s.since) for s in deadlocked.status_changes) == ("still deadlocked", day(1))


# ---------------------------------------------------------------- the CLI on real files


WIDE_NEGOTIATION = NEGOTIATION_YAML.replace(
    "  - id: south\n", ("  - id: east\n    name: East\n    side: n\n  - id: south\n")
) + (
    "  - id: trade\n    title: Trade\n    scale:\n"
    "      - id: free\n        label: Free\n      - id: quota\n        label: Quota\n"
    "      - id: tariff\n        label: Tariff\n"
)


assert "id: east" in WIDE_NEGOTIATION


def _write(demo, name, positions):
    return str(demo.write(name, snapshot_yaml(name[:10], positions)))


def _json_diff(invoke, a, b):
    result = invoke("diff", a, b, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_reordering_positions_in_a_file_is_no_change(demo, invoke):
    demo.write("negotiation.yaml", WIDE_NEGOTIATION)
    rows = [
        {"party": "north", "stance": "b", "red_line": "a", "summary": "North's line."},
        {"party": "south", "stance": "d", "summary": "South's line."},
        {"party": "east", "issue": "trade", "stance": "quota"},
        {"party": "south", "issue": "trade", "stance": "tariff", "red_line": "tariff"},
    ]
    a = _write(demo, "2022-01-01-a.yaml", rows)
    b = _write(demo, "2022-01-02-b.yaml", [rows[i] for i in (3, 1, 0, 2)])
    data = _json_diff(invoke, a, b)
    assert data["changes"] == []
    assert all(s["old"] == s["new"] for s in data["status_changes"])
    assert invoke("diff", a, b, "--exit-code").exit_code == 0


def test_inserting_a_position_at_the_top_is_exactly_one_added_change(demo, invoke):
    demo.write("negotiation.yaml", WIDE_NEGOTIATION)
    rows = [
        {"party": "north", "stance": "b", "summary": "North's line."},
        {"party": "south", "stance": "d", "summary": "South's line."},
        {"party": "south", "issue": "trade", "stance": "tariff"},
    ]
    a = _write(demo, "2022-01-01-a.yaml", rows)
    b = _write(
        demo, "2022-01-02-b.yaml", [{"party": "east", "stance": "c", "summary": "East's line."}, *rows]
    )
    data = _json_diff(invoke, a, b)
    assert data["from"].endswith("2022-01-01-a.yaml")
    assert data["to"].endswith("2022-01-02-b.yaml")
    assert data["changes"] == [
        {
            "party": "east",
            "issue": "border",
            "kind": "added",
            "field": "position",
            "old": None,
            "new": "c",
            "steps": None,
            "direction": None,
            "counterparts": [],
            "source": {"path": data["to"], "line": 7, "date": "2022-01-02"},
        }
    ]


def test_cli_diff_classifies_moves(demo, invoke):
    a = _write(
        demo,
        "2022-01-01-a.yaml",
        [
            {"party": "north", "stance": "a", "summary": "Only line A."},
            {"party": "south", "stance": "d", "red_line": "c", "summary": "Line D."},
        ],
    )
    b = _write(
        demo,
        "2022-01-02-b.yaml",
        [
            {"party": "north", "stance": "b", "red_line": "c", "summary": "Line B for now."},
            {"party": "south", "stance": "d", "red_line": "c", "summary": "Line D."},
        ],
    )
    data = _json_diff(invoke, a, b)
    assert [
        (c["party"], c["kind"], c["old"], c["new"], c["steps"], c["direction"]) for c in data["changes"]
    ] == [
        ("north", "stance", "a", "b", 1, "conceded"),
        ("north", "red_line", None, "c", None, "stated"),
        ("north", "summary", "Only line A.", "Line B for now.", None, None),
    ]
    assert data["changes"][2]["words"] == [
        {"op": "-", "text": "Only line A."},
        {"op": "+", "text": "Line B for now."},
    ]
    # Their ranges meet at one point (Line C): a zone, not an agreement (stances apart).
    assert data["status_changes"] == [
        {"issue": "border", "old": "unclear", "new": "open", "event": "now open", "since": None}
    ]


def test_diff_exit_code_is_0_when_nothing_changed(demo, invoke):
    rows = [{"party": "north", "stance": "b"}]
    a = _write(demo, "2022-01-01-a.yaml", rows)
    b = _write(demo, "2022-01-05-b.yaml", rows)
    result = invoke("diff", a, b, "--exit-code")
    assert result.exit_code == 0
    assert "0 change(s)" in result.stdout


def test_diff_exit_code_is_1_when_something_changed(demo, invoke):
    a = _write(demo, "2022-01-01-a.yaml", [{"party": "north", "stance": "b"}])
    b = _write(demo, "2022-01-05-b.yaml", [{"party": "north", "stance": "c"}])
    assert invoke("diff", a, b, "--exit-code").exit_code == 1
    assert invoke("diff", a, b).exit_code == 0  # without --exit-code, changes are fine


def test_diff_exit_code_is_2_on_a_missing_file(demo, invoke):
    a = _write(demo, "2022-01-01-a.yaml", [{"party": "north", "stance": "b"}])
    missing = str(demo.path / "2022-01-09-missing.yaml")
    result = invoke("diff", a, missing, "--exit-code")
    assert result.exit_code == 2
    assert result.stderr == f"redline: error: no such file: '{missing}'\n"
    assert result.stdout == ""


def test_diff_exit_code_is_2_on_invalid_data(demo, invoke):
    a = _write(demo, "2022-01-01-a.yaml", [{"party": "north", "stance": "b"}])
    b = _write(demo, "2022-01-05-b.yaml", [{"party": "north", "stance": "z"}])
    result = invoke("diff", a, b, "--exit-code")
    assert result.exit_code == 2
    assert "off-scale" in result.stderr
    assert invoke("diff", a, b).exit_code == 1  # plain diff: invalid data is 1


def test_diff_of_dates_through_the_cli(demo, invoke):
    demo.snapshot("2022-01-01", [{"party": "north", "stance": "a"}, {"party": "south", "stance": "c"}])
    demo.snapshot("2022-01-03", [{"party": "north", "stance": "b"}])
    result = invoke("diff", "--root", str(demo.root), "--format", "json", "--exit-code")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("2022-01-01", "2022-01-03")
    assert [(c["kind"], c["old"], c["new"], c["direction"]) for c in data["changes"]] == [
        ("stance", "a", "b", "conceded")
    ]
    assert data["status_changes"][0]["new"] == "converging"


def test_status_changes_pairs_issues_in_order():
    from redline.analysis import analyse

    snaps = [snap(1, pos("north", "a"), pos("east", "a"), pos("south", "a"))]
    agreed = analyse(NEG, snaps)
    moved = analyse(NEG, [*snaps, snap(2, pos("north", "b"))])
    assert [(s.issue, s.old, s.new, s.event) for s in status_changes(agreed, moved)] == [
        ("border", "agreed", "diverging", "reopened"),
        ("trade", "unclear", "unclear", "still unclear"),
    ]
