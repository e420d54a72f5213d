"""Folding snapshots into the state as of a date (fold.fold, fold.history)."""

from __future__ import annotations

from datetime import date

from conftest import snapshot_yaml
from redline.fold import Conflict, SourceRef, fold, history, same_date_conflicts
from redline.problems import Problem
from redline.repository import load_negotiation
from strategies import day, pos, snap


def stance_and_red(state, party="north", issue="border"):
    held = state.get(party, issue)
    return None if held is None else (held.stance, held.red_line)


# ---------------------------------------------------------------- latest position


def test_latest_position_on_or_before_the_date_wins():
    snaps = [
        snap(1, pos("north", "a"), pos("south", "d")),
        snap(3, pos("north", "b")),
        snap(5, pos("south", "c")),
    ]
    assert stance_and_red(fold(snaps, day(2))) == ("a", None)
    assert stance_and_red(fold(snaps, day(3))) == ("b", None)
    assert stance_and_red(fold(snaps, day(4)), "south") == ("d", None)
    latest = fold(snaps)
    assert latest.as_of == day(5)
    assert {k: (h.stance, h.since) for k, h in latest.positions.items()} == {
        ("north", "border"): ("b", day(3)),
        ("south", "border"): ("c", day(5)),
    }


def test_as_of_is_kept_even_between_snapshot_dates():
    snaps = [snap(1, pos("north", "a")), snap(9, pos("north", "b"))]
    state = fold(snaps, day(5))
    assert state.as_of == day(5)
    assert stance_and_red(state) == ("a", None)


def test_as_of_before_the_first_snapshot_gives_an_empty_state():
    snaps = [snap(3, pos("north", "a")), snap(3, pos("north", "b"), slug="z")]
    state = fold(snaps, day(2))
    assert state.as_of == day(2)
    assert state.positions == {}
    assert state.reported == {}
    assert state.conflicts == []


def test_no_snapshots_at_all_gives_an_empty_state():
    assert fold([]).positions == {}
    assert fold([]).as_of is None
    assert list(history([])) == []


def test_positions_are_per_party_and_issue():
    state = fold(
        [
            snap(
                1,
                pos("north", "a"),
                pos("north", "quota", issue="trade"),
                pos("south", "tariff", issue="trade"),
            )
        ]
    )
    assert sorted(state.positions) == [("north", "border"), ("north", "trade"), ("south", "trade")]
    assert [h.party for h in state.on_issue("trade")] == ["north", "south"]
    assert state.get("south", "border") is None


# ---------------------------------------------------------------- since, confirmed, restatements


def test_since_last_confirmed_and_restatements():
    snaps = [
        snap(1, pos("north", "b", "a", summary="first")),
        snap(4, pos("north", "b", "a")),
        snap(4, pos("north", "b", "a"), slug="other"),  # same date: one restatement
        snap(7, pos("north", "b", summary="latest words")),  # red line omitted: carried over
    ]
    held = fold(snaps).get("north", "border")
    assert (held.stance, held.red_line) == ("b", "a")
    assert held.since == day(1)
    assert held.last_confirmed == day(7)
    assert held.restatements == 2  # dates after the first: 4 (two files, once) and 7
    assert held.summary == "latest words"
    assert held.source == SourceRef("positions/demo/2022-01-07-src.yaml", day(7), "Source src", kind="news")

    mid = fold(snaps, day(5)).get("north", "border")
    assert (mid.since, mid.last_confirmed, mid.restatements, mid.summary) == (day(1), day(4), 1, "first")


def test_restatement_without_summary_or_quotes_keeps_the_earlier_ones():
    snaps = [snap(1, pos("north", "b", summary="why", quotes=("we said so",))), snap(2, pos("north", "b"))]
    held = fold(snaps).get("north", "border")
    assert held.summary == "why"
    assert [q.quote.text for q in held.quotes] == ["we said so"]
    assert held.quotes[0].source.date == day(1)
    assert held.restatements == 1


def test_a_new_stance_restarts_since_and_restatements():
    snaps = [snap(1, pos("north", "b")), snap(2, pos("north", "b")), snap(5, pos("north", "c"))]
    held = fold(snaps).get("north", "border")
    assert (held.stance, held.since, held.last_confirmed, held.restatements) == ("c", day(5), day(5), 0)


def test_a_red_line_stated_later_restarts_since():
    snaps = [snap(1, pos("north", "b")), snap(3, pos("north", "b", "c"))]
    held = fold(snaps).get("north", "border")
    assert (held.red_line, held.since, held.restatements) == ("c", day(3), 0)


def test_a_changed_red_line_restarts_since():
    snaps = [snap(1, pos("north", "b", "c")), snap(3, pos("north", "b", "d"))]
    held = fold(snaps).get("north", "border")
    assert (held.red_line, held.since, held.restatements) == ("d", day(3), 0)


# ---------------------------------------------------------------- red line carry-over


def test_omitted_red_line_carries_over_while_the_stance_is_unchanged():
    snaps = [snap(1, pos("north", "b", "c")), snap(2, pos("north", "b")), snap(3, pos("north", "b"))]
    assert stance_and_red(fold(snaps)) == ("b", "c")
    assert fold(snaps).get("north", "border").since == day(1)


def test_red_line_stands_when_the_stance_changes():
    snaps = [snap(1, pos("north", "b", "c")), snap(2, pos("north", "a"))]
    assert stance_and_red(fold(snaps)) == ("a", "c")
    held = fold(snaps).get("north", "border")
    assert (held.since, held.red_line_source.date, held.red_line_stance) == (day(2), day(1), "b")


def test_a_party_moving_onto_its_own_red_line_keeps_it():
    snaps = [snap(1, pos("north", "b", "c")), snap(2, pos("north", "c"))]
    assert stance_and_red(fold(snaps)) == ("c", "c")


def test_red_line_null_withdraws_it():
    withdrawn = pos("north", "a")._replace(red_line_withdrawn=True)
    snaps = [snap(1, pos("north", "b", "c")), snap(2, withdrawn), snap(3, pos("north", "b"))]
    assert stance_and_red(fold(snaps, day(2))) == ("a", None)
    held = fold(snaps).get("north", "border")
    assert (held.stance, held.red_line, held.red_line_source, held.since) == ("b", None, None, day(3))


def test_red_line_evidence_is_the_quotes_marked_for_it():
    from redline.model import Quote

    stated = pos("north", "b", "c")._replace(
        quotes=(Quote("X", "we want b"), Quote("X", "never beyond c", 0, "red_line"))
    )
    snaps = [snap(1, stated), snap(2, pos("north", "a", quotes=("now a",)))]
    held = fold(snaps).get("north", "border")
    assert [q.quote.text for q in held.quotes] == ["now a"]
    assert [(q.quote.text, q.source.date) for q in held.red_line_quotes] == [("never beyond c", day(1))]


# ---------------------------------------------------------------- withdrawals


def test_withdrawn_position_leaves_the_state():
    snaps = [snap(1, pos("north", "b"), pos("south", "d")), snap(2, pos("north", withdrawn=True))]
    state = fold(snaps)
    assert state.get("north", "border") is None
    assert stance_and_red(state, "south") == ("d", None)
    assert stance_and_red(fold(snaps, day(1))) == ("b", None)


def test_a_position_restated_after_a_withdrawal_starts_afresh():
    snaps = [
        snap(1, pos("north", "b", "c")),
        snap(2, pos("north", withdrawn=True)),
        snap(4, pos("north", "b")),
    ]
    held = fold(snaps).get("north", "border")
    assert (held.stance, held.red_line, held.since, held.restatements) == ("b", None, day(4), 0)


def test_withdrawing_a_position_never_held_is_harmless():
    state = fold([snap(1, pos("north", withdrawn=True))])
    assert state.positions == {}


def test_history_reports_the_touched_keys_of_each_day():
    snaps = [snap(1, pos("north", "b"), pos("south", "d")), snap(2, pos("north", withdrawn=True))]
    days = list(history(snaps))
    assert [(d.date, sorted(d.touched)) for d in days] == [
        (day(1), [("north", "border"), ("south", "border")]),
        (day(2), [("north", "border")]),
    ]
    assert sorted(days[1].state.positions) == [("south", "border")]
    # Each day's state is its own: a later day does not change an earlier one.
    assert sorted(days[0].state.positions) == [("north", "border"), ("south", "border")]


# ---------------------------------------------------------------- same-date snapshots


def test_same_date_disagreement_is_a_conflict_and_the_first_file_wins():
    one = snap(2, pos("north", "b", line=7), slug="aaa")
    two = snap(2, pos("north", "c", line=12), slug="bbb")
    state = fold([two, one])
    assert stance_and_red(state) == ("b", None)
    assert state.conflicts == [
        Conflict(
            day(2),
            "north",
            "border",
            "stance",
            (
                ("positions/demo/2022-01-02-aaa.yaml", 9, "b"),
                ("positions/demo/2022-01-02-bbb.yaml", 14, "c"),
            ),
        )
    ]


def test_same_date_red_line_disagreement_is_a_conflict():
    one = snap(2, pos("north", "b", "c", line=5), slug="aaa")
    two = snap(2, pos("north", "b", "d", line=5), slug="bbb")
    state = fold([one, two])
    assert stance_and_red(state) == ("b", "c")
    assert [(c.what, c.reports) for c in state.conflicts] == [
        (
            "red line",
            (
                ("positions/demo/2022-01-02-aaa.yaml", 8, "c"),
                ("positions/demo/2022-01-02-bbb.yaml", 8, "d"),
            ),
        )
    ]


def test_same_date_withdrawal_against_a_stance_is_a_conflict():
    one = snap(2, pos("north", "b", line=5), slug="aaa")
    two = snap(2, pos("north", withdrawn=True, line=5), slug="bbb")
    state = fold([snap(1, pos("north", "a")), one, two])
    assert stance_and_red(state) == ("b", None)
    assert [[v for _, _, v in c.reports] for c in state.conflicts] == [["b", "withdrawn"]]


def test_stating_and_omitting_a_red_line_on_one_date_is_not_a_conflict():
    omits = snap(2, pos("north", "b", summary="short"), slug="aaa")
    states = snap(2, pos("north", "b", "c", summary="long"), slug="bbb")
    for snaps in ([omits, states], [states, omits]):
        state = fold(snaps)
        assert state.conflicts == []
        held = state.get("north", "border")
        assert (held.stance, held.red_line, held.summary) == ("b", "c", "short")
        assert held.restatements == 0
    assert same_date_conflicts([omits, states]) == []


def test_same_date_snapshots_that_agree_merge_their_quotes():
    one = snap(2, pos("north", "b", quotes=("first",)), slug="aaa")
    two = snap(2, pos("north", "b", quotes=("second",)), slug="bbb")
    held = fold([two, one]).get("north", "border")
    assert [(q.quote.text, q.source.path) for q in held.quotes] == [
        ("first", "positions/demo/2022-01-02-aaa.yaml"),
        ("second", "positions/demo/2022-01-02-bbb.yaml"),
    ]
    assert fold([one, two]).conflicts == []


def test_same_date_conflicts_warn_at_both_lines():
    one = snap(2, pos("north", "b", line=7), slug="aaa")
    two = snap(2, pos("north", "c", line=12), slug="bbb")
    a, b = "positions/demo/2022-01-02-aaa.yaml", "positions/demo/2022-01-02-bbb.yaml"
    assert same_date_conflicts([two, one]) == [
        Problem(
            a,
            9,
            1,
            "north's stance on border is b here, but another snapshot of "
            f"2022-01-02 disagrees ({b}:14 says c)",
            "same-date-conflict",
            "warning",
        ),
        Problem(
            b,
            14,
            1,
            "north's stance on border is c here, but another snapshot of "
            f"2022-01-02 disagrees ({a}:9 says b)",
            "same-date-conflict",
            "warning",
        ),
    ]


def test_same_date_conflicts_point_at_the_stance_lines_of_real_files(demo):
    demo.snapshot(
        "2022-01-02", [{"party": "south", "stance": "d"}, {"party": "north", "stance": "b"}], slug="aaa"
    )
    demo.snapshot("2022-01-02", [{"party": "north", "stance": "c"}], slug="bbb")
    loaded = load_negotiation(demo.root, "demo")
    problems = same_date_conflicts(loaded.snapshots)
    assert sorted(loaded.problems) == sorted(problems)  # loading runs the cross-file rules
    # In the first file north's stance is on line 13 (after south's four lines).
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.code, p.severity) for p in problems] == [
        ("2022-01-02-aaa.yaml", 13, "same-date-conflict", "warning"),
        ("2022-01-02-bbb.yaml", 9, "same-date-conflict", "warning"),
    ]
    assert stance_and_red(fold(loaded.snapshots)) == ("b", None)


def test_conflicts_on_days_after_as_of_are_not_reported():
    snaps = [
        snap(1, pos("north", "a")),
        snap(5, pos("north", "b"), slug="aaa"),
        snap(5, pos("north", "c"), slug="bbb"),
    ]
    assert fold(snaps, day(4)).conflicts == []
    assert len(fold(snaps, day(5)).conflicts) == 1


# ---------------------------------------------------------------- order and reports


def test_result_does_not_depend_on_the_order_of_the_list():
    snaps = [
        snap(1, pos("north", "a", "b"), pos("south", "d")),
        snap(2, pos("north", "a"), slug="aaa"),
        snap(2, pos("north", "c"), pos("south", "c"), slug="bbb"),
        snap(3, pos("south", withdrawn=True)),
        snap(3, pos("north", "c", "b", quotes=("q",)), slug="zzz"),
    ]
    expected = fold(snaps)
    for order in (list(reversed(snaps)), snaps[2:] + snaps[:2], [snaps[i] for i in (4, 0, 3, 1, 2)]):
        assert fold(order) == expected
        assert fold(order, day(2)) == fold(snaps, day(2))
    assert stance_and_red(expected) == ("c", "b")
    assert expected.get("south", "border") is None
    assert [(c.date, c.party, c.what) for c in expected.conflicts] == [(day(2), "north", "stance")]


def test_reported_status_is_the_latest_per_issue():
    from redline.model import Reported

    snaps = [
        snap(1, reported=(Reported("border", "impasse"),)),
        snap(4, reported=(Reported("border", "progress", "moving"),)),
    ]
    assert fold(snaps, day(3)).reported["border"].reported.status == "impasse"
    latest = fold(snaps).reported["border"]
    assert (latest.reported.status, latest.reported.summary, latest.source.date) == (
        "progress",
        "moving",
        day(4),
    )


def test_snapshot_yaml_round_trip_through_the_loader(demo):
    """The folding of loaded files matches the folding of the model built directly."""
    demo.write(
        "2022-01-01-x.yaml", snapshot_yaml("2022-01-01", [{"party": "north", "stance": "b", "red_line": "a"}])
    )
    demo.write("2022-01-03-x.yaml", snapshot_yaml("2022-01-03", [{"party": "north", "stance": "b"}]))
    loaded = load_negotiation(demo.root, "demo")
    held = fold(loaded.snapshots).get("north", "border")
    assert (held.stance, held.red_line, held.since, held.last_confirmed, held.restatements) == (
        "b",
        "a",
        date(2022, 1, 1),
        date(2022, 1, 3),
        1,
    )
