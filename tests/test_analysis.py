"""The analysis: ranges, deadlock, stalemate, trend, agreement, reported statuses;
and the bundled US-Russia dataset."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import NEGOTIATION_YAML, POSITIONS, snapshot_yaml
from redline.analysis import analyse, analyse_state
from redline.compare import status_changes
from redline.fold import fold
from redline.model import Reported
from redline.redlines import RedLineVerdict, red_line_verdict
from redline.repository import load_negotiation
from redline.views import build_date_diff, build_report
from strategies import day, demo_negotiation, pos, snap

NEG = demo_negotiation()
BORDER = NEG.issue_by_id["border"]


def border(snaps, as_of=None, negotiation=NEG):
    return analyse(negotiation, snaps, as_of).issue("border")


def pair_brief(item):
    return [(p.a, p.b, p.status, p.gap, p.verdict, p.range_gap, p.zone) for p in item.pairs]


# ---------------------------------------------------------------- ranges and verdicts


def test_red_line_verdict():
    assert red_line_verdict(BORDER, ("a", "b"), ("d", "c")) == RedLineVerdict("deadlocked", 1, ())
    assert red_line_verdict(BORDER, ("a", "a"), ("d", "d")) == RedLineVerdict("deadlocked", 3, ())
    assert red_line_verdict(BORDER, ("a", "c"), ("d", "b")) == RedLineVerdict("zone", None, ("b", "c"))
    assert red_line_verdict(BORDER, ("a", "c"), ("d", "c")) == RedLineVerdict("zone", None, ("c",))
    assert red_line_verdict(BORDER, ("a", "b"), ("d", None)) == RedLineVerdict("unclear", None, ())
    assert red_line_verdict(BORDER, ("a", None), ("d", None)) == RedLineVerdict("unclear", None, ())
    assert red_line_verdict(BORDER, ("a", "d"), ("c", None)) == RedLineVerdict("zone", None, ("c",), 0)
    assert red_line_verdict(BORDER, ("b", None), ("b", None)) == RedLineVerdict("zone", None, ("b",))


def test_deadlock_when_both_red_lines_are_known_and_ranges_are_disjoint():
    item = border([snap(1, pos("north", "a", "b"), pos("south", "d", "c"))])
    assert item.status == "deadlocked"
    assert (item.deadlocked, item.deadlocked_since) == (True, day(1))
    assert pair_brief(item) == [("north", "south", "deadlocked", 3, "deadlocked", 1, ())]


def test_zone_of_possible_agreement_when_ranges_overlap():
    item = border([snap(1, pos("north", "a", "c"), pos("south", "d", "b"))])
    assert item.status == "open"
    assert not item.deadlocked
    assert pair_brief(item) == [("north", "south", "open", 3, "zone", None, ("b", "c"))]


def test_unclear_when_a_red_line_is_missing_and_the_stances_do_not_meet():
    item = border([snap(1, pos("north", "a", "b"), pos("south", "d"))])
    assert item.status == "unclear"
    assert pair_brief(item) == [("north", "south", "unclear", 3, "unclear", None, ())]
    assert item.deadlocked_since is None


def test_allies_are_never_paired():
    item = border([snap(1, pos("north", "a", "a"), pos("east", "d", "d"))])
    assert item.pairs == ()
    assert item.status == "unclear"
    assert not item.deadlocked
    item = border([snap(1, pos("north", "a", "a"), pos("east", "d", "d"), pos("south", "b"))])
    assert [(p.a, p.b) for p in item.pairs] == [("north", "south"), ("east", "south")]


def test_an_issue_takes_its_most_serious_pair():
    # north x south deadlocked, east x south agreed: the issue is deadlocked.
    item = border([snap(1, pos("north", "a", "a"), pos("east", "d"), pos("south", "d", "d"))])
    assert [p.status for p in item.pairs] == ["deadlocked", "agreed"]
    assert item.status == "deadlocked"


def test_agreed_only_when_every_pair_is():
    item = border([snap(1, pos("north", "b"), pos("east", "b"), pos("south", "b"))])
    assert item.status == "agreed"
    assert item.agreed_since == day(1)
    item = border([snap(1, pos("north", "b"), pos("east", "c"), pos("south", "b"))])
    assert item.status == "unclear"
    assert item.agreed_since is None


# ---------------------------------------------------------------- deadlock runs


def test_deadlocked_since_is_the_start_of_the_current_run():
    snaps = [
        snap(1, pos("north", "a", "a"), slug="n"),
        snap(1, pos("south", "d", "c"), slug="s"),
        snap(2, pos("north", "a", "b")),  # red line moves, still deadlocked
        snap(3, pos("north", "free", issue="trade")),  # another issue: the run goes on
    ]
    item = border(snaps)
    # Day 1 opens the run and day 2 moves a red line: neither is a restatement without
    # movement; day 3 is about another issue.
    assert (item.deadlocked_since, item.deadlock_restatements) == (day(1), 0)
    assert border(snaps, day(1)).deadlock_restatements == 0
    more = [*snaps, snap(4, pos("south", "d")), snap(5, pos("north", "a"), pos("south", "d"))]
    assert border(more).deadlock_restatements == 2


def test_deadlock_resets_after_it_is_broken():
    snaps = [
        snap(1, pos("north", "a", "a"), slug="n"),
        snap(1, pos("south", "d", "c"), slug="s"),
        snap(2, pos("north", "a", "c")),  # ranges now meet at c: the deadlock is broken
        snap(4, pos("north", "a", "b")),  # and back again
        snap(5, pos("south", "d", "c")),
    ]
    broken = border(snaps, day(3))
    assert (broken.deadlocked, broken.deadlocked_since, broken.deadlock_restatements) == (False, None, 0)
    assert broken.status == "open"
    again = border(snaps)
    assert (again.deadlocked, again.deadlocked_since, again.deadlock_restatements) == (True, day(4), 1)


def test_deadlock_restatements_count_snapshots_not_positions():
    # One snapshot giving both parties' positions is one restatement, not two; the day
    # that opens the deadlock moves red lines and is not a restatement.
    snaps = [
        snap(1, pos("north", "a", "a"), pos("south", "d", "d")),
        snap(2, pos("north", "a"), pos("south", "d")),
    ]
    assert border(snaps).deadlock_restatements == 1


# ---------------------------------------------------------------- stalemate, trend, agreement


def _demo_files(demo, rows):
    for when, positions in rows:
        demo.snapshot(when, positions)
    loaded = load_negotiation(demo.root, "demo")
    assert loaded.problems == []
    return loaded.negotiation, loaded.snapshots


APART = [{"party": "north", "stance": "a"}, {"party": "south", "stance": "c"}]


def test_issue_9_stalled_then_converging_then_agreed_then_reopened(demo, invoke):
    negotiation, snaps = _demo_files(
        demo,
        [
            ("2022-01-01", APART),
            ("2022-01-02", APART),
            ("2022-01-03", APART),
            ("2022-01-04", APART),
        ],
    )
    early = analyse(negotiation, snaps, date(2022, 1, 2)).issue("border")
    assert (early.status, early.stalled) == ("unclear", False)

    stalled = analyse(negotiation, snaps).issue("border")
    assert stalled.status == "stalled"
    assert (stalled.stalled, stalled.stalled_since, stalled.stalled_restatements) == (
        True,
        date(2022, 1, 1),
        3,
    )
    assert [(p.gap, p.stalled, p.trend, p.restatements) for p in stalled.pairs] == [(2, True, "static", 3)]

    report = invoke("report", "--root", str(demo.root), "--format", "json")
    assert report.exit_code == 0
    issue = json.loads(report.stdout)["issues"][0]
    assert (issue["status"], issue["stalled_since"], issue["stalled_restatements"]) == (
        "stalled",
        "2022-01-01",
        3,
    )

    demo.snapshot("2022-01-05", [{"party": "north", "stance": "b"}])
    negotiation, snaps = _demo_files(demo, [])
    converging = analyse(negotiation, snaps).issue("border")
    assert (converging.status, converging.stalled, converging.stalled_since) == ("converging", False, None)
    assert [(p.gap, p.trend, p.moved, p.stable_since) for p in converging.pairs] == [
        (1, "converging", ("north",), date(2022, 1, 5))
    ]

    demo.snapshot("2022-01-06", [{"party": "south", "stance": "b"}])
    negotiation, snaps = _demo_files(demo, [])
    agreed = analyse(negotiation, snaps)
    assert (agreed.issue("border").status, agreed.issue("border").agreed_since) == (
        "agreed",
        date(2022, 1, 6),
    )

    demo.snapshot("2022-01-07", [{"party": "north", "stance": "a"}])
    negotiation, snaps = _demo_files(demo, [])
    reopened = analyse(negotiation, snaps)
    assert reopened.issue("border").status == "diverging"
    assert reopened.issue("border").agreed_since is None
    assert [(s.issue, s.old, s.new, s.event) for s in status_changes(agreed, reopened)] == [
        ("border", "agreed", "diverging", "reopened")
    ]

    result = invoke(
        "diff", "--root", str(demo.root), "--from", "2022-01-06", "--to", "2022-01-07", "--format", "json"
    )
    assert json.loads(result.stdout)["status_changes"] == [
        {"issue": "border", "old": "agreed", "new": "diverging", "event": "reopened", "since": None}
    ]


def test_stalemate_counts_dates_not_sources():
    # Two sources on the second date restate once; the first date is the move itself.
    snaps = [
        snap(1, pos("north", "a"), pos("south", "c")),
        snap(2, pos("north", "a"), slug="x"),
        snap(2, pos("south", "c"), slug="y"),
    ]
    item = border(snaps)
    assert (item.status, item.stalled, item.restatements) == ("unclear", False, 1)
    assert [p.restatements for p in item.pairs] == [1]
    item = border([*snaps, snap(3, pos("north", "a"))])
    assert (item.status, item.restatements) == ("unclear", 2)
    item = border([*snaps, snap(3, pos("north", "a")), snap(4, pos("south", "c"))])
    assert (item.status, item.stalled_since, item.stalled_restatements) == ("stalled", day(1), 3)


def test_stalemate_days_rule():
    snaps = [snap(1, pos("north", "a"), pos("south", "c"))]
    assert border(snaps, date(2022, 1, 30)).status == "unclear"
    late = border(snaps, date(2022, 1, 31))
    assert (late.status, late.stalled, late.stalled_since) == ("stalled", True, day(1))


def test_stalemate_settings_from_negotiation_yaml(demo):
    demo.write(
        "negotiation.yaml",
        NEGOTIATION_YAML + ("analysis:\n  stalemate_restatements: 2\n  stalemate_days: 5\n"),
    )
    negotiation, snaps = _demo_files(
        demo, [("2022-01-01", APART), ("2022-01-02", APART), ("2022-01-03", APART)]
    )
    assert (negotiation.analysis.stalemate_restatements, negotiation.analysis.stalemate_days) == (2, 5)
    assert analyse(negotiation, snaps).issue("border").status == "stalled"
    assert analyse(negotiation, snaps, date(2022, 1, 2)).issue("border").status == "unclear"
    assert analyse(negotiation, snaps[:1], date(2022, 1, 5)).issue("border").status == "unclear"
    assert analyse(negotiation, snaps[:1], date(2022, 1, 6)).issue("border").status == "stalled"
    # The same files under the default settings are not stalled.
    assert (
        analyse(demo_negotiation(), [snap(s.date, pos("north", "a"), pos("south", "c")) for s in snaps])
        .issue("border")
        .status
        == "unclear"
    )


def test_moving_resets_the_stalemate_and_gives_a_trend():
    snaps = [snap(n, pos("north", "b"), pos("south", "c")) for n in (1, 2, 3, 4)]
    assert border(snaps).status == "stalled"
    moved = border([*snaps, snap(5, pos("north", "a"))])
    assert (moved.status, moved.stalled) == ("diverging", False)
    assert [(p.trend, p.moved, p.stable_since, p.gap) for p in moved.pairs] == [
        ("diverging", ("north",), day(5), 2)
    ]


def test_a_stalled_deadlock_is_both():
    snaps = [snap(n, pos("north", "a", "a"), pos("south", "c", "c")) for n in (1, 2, 3, 4)]
    item = border(snaps)
    assert (item.status, item.deadlocked, item.stalled) == ("deadlocked", True, True)
    assert (item.deadlocked_since, item.stalled_since) == (day(1), day(1))


def test_analysis_of_a_single_file_has_no_stalemate():
    state = fold([snap(1, pos("north", "a"), pos("south", "c"))])
    item = analyse_state(NEG, state).issue("border")
    assert (item.status, item.stalled) == ("unclear", False)


# ---------------------------------------------------------------- reported statuses


def test_reported_status_contradicting_the_computed_one():
    snaps = [
        snap(1, pos("north", "a"), pos("south", "d")),
        snap(2, pos("north", "b"), reported=(Reported("border", "impasse"),)),
    ]
    item = border(snaps)
    assert item.status == "converging"
    assert item.reported.reported.status == "impasse"
    assert item.contradiction == (
        "the source reports impasse (2022-01-02) while the computed status is converging"
    )


def test_reported_status_agreeing_with_the_computed_one():
    snaps = [
        snap(1, pos("north", "a", "a"), pos("south", "d", "d"), reported=(Reported("border", "impasse"),))
    ]
    item = border(snaps)
    assert (item.status, item.contradiction) == ("deadlocked", None)
    progress = border([*snaps, snap(2, reported=(Reported("border", "progress"),))])
    assert progress.contradiction == (
        "the source reports progress (2022-01-02) while the computed status is deadlocked"
    )


def test_reported_status_in_a_snapshot_file(demo, invoke):
    demo.snapshot("2022-01-01", [{"party": "north", "stance": "a"}, {"party": "south", "stance": "d"}])
    demo.write(
        "2022-01-02-talks.yaml",
        snapshot_yaml("2022-01-02", [{"party": "north", "stance": "c"}])
        + "reported:\n  - issue: border\n    status: impasse\n",
    )
    result = invoke("report", "--root", str(demo.root), "--format", "json")
    assert result.exit_code == 0, result.output
    issue = json.loads(result.stdout)["issues"][0]
    assert issue["status"] == "converging"
    assert issue["reported"]["status"] == "impasse"
    assert issue["contradiction"] == (
        "the source reports impasse (2022-01-02) while the computed status is converging"
    )


# ---------------------------------------------------------------- the bundled dataset


@pytest.fixture(scope="module")
def dataset():
    loaded = load_negotiation(POSITIONS, "us-russia-2022")
    assert loaded.problems == []  # no error and no warning
    return loaded.negotiation, loaded.snapshots


def _pairs(item):
    return {tuple(sorted((p.a, p.b))): p for p in item.pairs}


def test_dataset_as_of_2022_01_10(dataset):
    negotiation, snaps = dataset
    report = build_report(negotiation, snaps, date(2022, 1, 10))
    analysis = report.analysis
    assert report.snapshots == 20
    item = analysis.issue("nato-expansion")
    assert (item.status, item.deadlocked, item.deadlocked_since) == ("deadlocked", True, date(2022, 1, 10))
    assert _pairs(item)[("russia", "us")].status == "deadlocked"
    assert item.deadlock_restatements == 0  # the red lines that make it were stated that day
    assert _pairs(item)[("russia", "us")].range_gap == 3
    # Russia states no red line on military cooperation in any source: not a deadlock.
    assert _pairs(analysis.issue("military-cooperation"))[("russia", "us")].range_gap is None
    for issue in ("military-cooperation", "missile-deployment", "military-exercises"):
        item = analysis.issue(issue)
        assert (item.status, item.deadlocked, item.deadlocked_since) == ("unclear", False, None)
        assert all(p.status != "deadlocked" for p in item.pairs)


def test_dataset_report_through_the_cli(invoke):
    result = invoke("report", "--root", str(POSITIONS), "--as-of", "2022-01-10", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2022-01-10"
    issues = {i["id"]: i for i in data["issues"]}
    assert issues["nato-expansion"]["deadlocked"] is True
    assert issues["nato-expansion"]["deadlocked_since"] == "2022-01-10"
    assert {"parties": ["us", "russia"], "status": "deadlocked"}.items() <= next(
        p for p in issues["nato-expansion"]["pairs"] if p["parties"] == ["us", "russia"]
    ).items()
    for issue in ("military-cooperation", "missile-deployment", "military-exercises"):
        assert issues[issue]["deadlocked"] is False
        assert issues[issue]["status"] != "deadlocked"
        assert [p["status"] for p in issues[issue]["pairs"]] == (
            ["unclear", "unclear"] if issue == "military-exercises" else ["unclear"]
        )


def test_dataset_at_the_latest_date(dataset):
    negotiation, snaps = dataset
    item = analyse(negotiation, snaps).issue("nato-expansion")
    assert (item.status, item.deadlocked, item.stalled) == ("deadlocked", True, True)
    assert item.deadlocked_since == date(2022, 1, 10)
    # Stalled since the last move of any position on the issue, not of one pair.
    held = fold(snaps).on_issue("nato-expansion")
    assert item.stalled_since == item.last_move == max(h.since for h in held)
    assert item.deadlock_restatements > 0
    assert [(p.a, p.b, p.status, p.stalled) for p in item.pairs] == [
        ("us", "russia", "deadlocked", True),
        ("nato", "russia", "deadlocked", True),
    ]


def test_dataset_deadlock_restatements_count_dates_after_the_last_move(dataset):
    negotiation, snaps = dataset
    item = analyse(negotiation, snaps).issue("nato-expansion")
    later = {
        s.date
        for s in snaps
        if s.date > item.last_move and any(p.issue == "nato-expansion" for p in s.positions)
    }
    assert item.deadlock_restatements == item.stalled_restatements == len(later) > 0


def test_dataset_diff_between_dates(dataset):
    negotiation, snaps = dataset
    result = build_date_diff(negotiation, snaps, date(2022, 1, 9), date(2022, 1, 10))
    nato = next(s for s in result.status_changes if s.issue == "nato-expansion")
    assert (nato.new, nato.event, nato.since) == ("deadlocked", "entered deadlock", date(2022, 1, 10))
