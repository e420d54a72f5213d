"""Properties of fold, diff, analysis and the renderers, on generated negotiations."""

from __future__ import annotations

import io
import json
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.analysis import analyse
from redline.compare import MIRROR, diff_states
from redline.evidence import word_diff
from redline.fold import fold, history
from redline.model import Quote
from redline.render import jsonout, markdown
from redline.render import text as text_render
from redline.views import build_date_diff, build_file_diff, build_report, build_timeline
from strategies import (
    negotiation_and_snapshots,
    negotiations,
    nonempty_texts,
    single_snapshots,
    texts,
)

FAST = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _split(snaps, cut):
    """The snapshots before a cut date and all of them: two states of one negotiation."""
    return fold([s for s in snaps if s.date <= cut]), fold(snaps)


# ---------------------------------------------------------------- diff


@FAST
@given(negotiation_and_snapshots(), st.data())
def test_diff_of_a_state_with_itself_is_empty(generated, data):
    negotiation, snaps = generated
    as_of = data.draw(st.sampled_from([None, *sorted({s.date for s in snaps})]))
    state = fold(snaps, as_of)
    result = diff_states(negotiation, state, state)
    assert result.changes == ()
    assert not result.moved
    # The same state folded again from the files in another order: still nothing.
    again = fold(data.draw(st.permutations(snaps)), as_of)
    assert diff_states(negotiation, state, again).changes == ()


@FAST
@given(negotiation_and_snapshots(min_size=1), st.data())
def test_diff_names_exactly_the_records_that_say_something_else(generated, data):
    """A record both states hold is left out of the diff exactly when its stance, red line,
    summary and set of quote texts are the same (whatever the order of the quotes)."""
    negotiation, snaps = generated
    cut = data.draw(st.sampled_from(sorted({s.date for s in snaps})))
    a, b = _split(snaps, cut)
    named = {(c.party, c.issue) for c in diff_states(negotiation, a, b).changes}

    def said(held):
        quotes = frozenset(q.text for position, _ in held.evidence for q in position.quotes)
        return held.stance, held.red_line, held.summary, quotes

    for key in a.positions.keys() & b.positions.keys():
        assert (key in named) == (said(a.positions[key]) != said(b.positions[key])), key


def _normal(change, mirror: bool):
    kind = MIRROR.get(change.kind, change.kind) if mirror else change.kind
    way = change.direction
    if mirror and way is not None:
        way = MIRROR.get(way, way)
    old, new = (change.new, change.old) if mirror else (change.old, change.new)
    return (change.party, change.issue, kind, change.field, old, new, change.steps, way)


@FAST
@given(negotiation_and_snapshots(min_size=1), st.data())
def test_diff_mirrors_its_reverse(generated, data):
    negotiation, snaps = generated
    cut = data.draw(st.sampled_from(sorted({s.date for s in snaps})))
    a, b = _split(snaps, cut)
    forward = diff_states(negotiation, a, b).changes
    backward = diff_states(negotiation, b, a).changes
    assert sorted(_normal(c, False) for c in forward) == sorted(_normal(c, True) for c in backward)
    # The mirror is real: every kind has its counterpart with the same steps.
    kinds = sorted(c.kind for c in forward)
    assert kinds == sorted(MIRROR.get(c.kind, c.kind) for c in backward)


@FAST
@given(negotiations(), st.data())
def test_file_diff_mirrors_its_reverse(negotiation, data):
    one = data.draw(single_snapshots(negotiation, 0))
    two = data.draw(single_snapshots(negotiation, 1))
    forward = build_file_diff(negotiation, one, two)
    backward = build_file_diff(negotiation, two, one)
    assert sorted(_normal(c, False) for c in forward.changes) == sorted(
        _normal(c, True) for c in backward.changes
    )
    assert [(s.issue, s.old, s.new) for s in forward.status_changes] == [
        (s.issue, s.new, s.old) for s in backward.status_changes
    ]


@FAST
@given(texts, texts)
def test_word_diff_runs_rebuild_both_texts(old, new):
    runs = word_diff(old, new)
    assert " ".join(t for op, t in runs if op in "=-") == " ".join(old.split())
    assert " ".join(t for op, t in runs if op in "=+") == " ".join(new.split())
    assert all(op in ("=", "-", "+") and t for op, t in runs)


# ---------------------------------------------------------------- fold


@FAST
@given(negotiation_and_snapshots(), st.data())
def test_fold_does_not_depend_on_list_order(generated, data):
    _negotiation, snaps = generated
    shuffled = data.draw(st.permutations(snaps))
    days = list(history(snaps))
    assert [d.date for d in days] == sorted({s.date for s in snaps})
    assert fold(shuffled) == fold(snaps)
    for day in days:
        state = fold(shuffled, day.date)
        assert state == fold(snaps, day.date)
        assert state.positions == day.state.positions
        for held in state.positions.values():
            assert held.since <= held.last_confirmed <= day.date
            assert held.restatements >= 0


# ---------------------------------------------------------------- analysis


def _pair_view(analysis):
    return {
        (item.issue, frozenset((p.a, p.b))): (
            p.status,
            p.gap,
            p.verdict,
            p.range_gap,
            p.zone,
            p.trend,
            frozenset(p.moved),
            p.stable_since,
            p.restatements,
            p.stalled,
        )
        for item in analysis.issues
        for p in item.pairs
    }


def _issue_view(analysis):
    return [
        (
            i.issue,
            i.status,
            i.deadlocked,
            i.deadlocked_since,
            i.deadlock_restatements,
            i.stalled,
            i.stalled_since,
            i.stalled_restatements,
            i.agreed_since,
            i.contradiction,
        )
        for i in analysis.issues
    ]


@FAST
@given(negotiation_and_snapshots(max_size=8, days=40), st.data())
def test_analysis_is_symmetric_in_the_pair_and_ignores_file_order(generated, data):
    negotiation, snaps = generated
    reordered = replace(negotiation, parties=data.draw(st.permutations(negotiation.parties)))
    as_of = data.draw(st.sampled_from([None, *sorted({s.date for s in snaps})]))
    one, two = analyse(negotiation, snaps, as_of), analyse(reordered, snaps, as_of)
    assert _issue_view(one) == _issue_view(two)
    assert _pair_view(one) == _pair_view(two)
    # Nor does the analysis depend on the order of the files.
    three = analyse(negotiation, data.draw(st.permutations(snaps)), as_of)
    assert _issue_view(three) == _issue_view(one)
    assert _pair_view(three) == _pair_view(one)
    assert [p.moved for i in three.issues for p in i.pairs] == [p.moved for i in one.issues for p in i.pairs]
    assert three.state == one.state
    # Allies are never paired; a pair is agreed exactly when its stances meet.
    sides = {p.id: p.side for p in negotiation.parties}
    for item in one.issues:
        for p in item.pairs:
            assert sides[p.a] != sides[p.b]
            assert (p.status == "agreed") == (p.gap == 0)
        assert item.deadlocked == any(p.verdict == "deadlocked" for p in item.pairs)


# ---------------------------------------------------------------- renderers


def _json(data: dict) -> dict:
    out = io.StringIO()
    jsonout.dump(data, out)
    back = json.loads(out.getvalue())
    assert back == data
    return back


def _render_all(view: str, result) -> dict:
    text_out, md_out = io.StringIO(), io.StringIO()
    getattr(text_render, f"render_{view}")(result, text_render.make_console(text_out, 80))
    getattr(markdown, f"render_{view}")(result, md_out)
    assert text_out.getvalue().strip()
    assert md_out.getvalue().startswith("# ")
    return _json(getattr(jsonout, f"{view}_data")(result))


@settings(FAST, max_examples=30)
@given(negotiation_and_snapshots(min_size=1), st.data())
def test_every_renderer_accepts_any_text(generated, data):
    negotiation, snaps = generated
    dates = sorted({s.date for s in snaps})
    as_of = data.draw(st.sampled_from([None, *dates]))
    report = _render_all("report", build_report(negotiation, snaps, as_of))
    assert report["title"] == negotiation.title
    _render_all("diff", build_date_diff(negotiation, snaps, dates[0], dates[-1]))
    if len(snaps) >= 2:
        _render_all("diff", build_file_diff(negotiation, snaps[0], snaps[1]))
    _render_all("timeline", build_timeline(negotiation, snaps))


@FAST
@given(negotiations(), st.data())
def test_json_report_passes_summaries_and_quotes_through_exactly(negotiation, data):
    snapshot = data.draw(single_snapshots(negotiation))
    back = _json(jsonout.report_data(build_report(negotiation, [snapshot])))
    given_positions = {(p.party, p.issue): p for p in snapshot.positions}
    seen = 0
    for item in back["issues"]:
        for pos in item["positions"]:
            original = given_positions[(pos["party"], item["id"])]
            assert pos["summary"] == original.summary
            assert [(q["speaker"], q["text"]) for q in pos["quotes"]] == [
                (q.speaker, q.text) for q in original.quotes
            ]
            assert pos["source"]["title"] == snapshot.source.title
            seen += 1
    assert seen == len(snapshot.positions)
    assert back["title"] == negotiation.title


@FAST
@given(negotiations(), st.data(), texts, nonempty_texts, nonempty_texts)
def test_json_diff_passes_changed_text_through_exactly(negotiation, data, summary, speaker, quote):
    old = data.draw(single_snapshots(negotiation))
    new = replace(
        old,
        path=old.path.replace(".yaml", "-b.yaml"),
        positions=tuple(p._replace(summary=summary, quotes=(Quote(speaker, quote),)) for p in old.positions),
    )
    back = _json(jsonout.diff_data(build_file_diff(negotiation, old, new)))
    expected = []
    for p in old.positions:
        if p.summary != summary:
            expected.append((p.party, p.issue, "summary", p.summary, summary))
        old_quotes = {q.text for q in p.quotes}
        if quote not in old_quotes:
            expected.append((p.party, p.issue, "quote_added", None, quote))
        for gone in sorted(old_quotes - {quote}):
            expected.append((p.party, p.issue, "quote_removed", gone, None))
    assert sorted(expected, key=repr) == sorted(
        ((c["party"], c["issue"], c["kind"], c["old"], c["new"]) for c in back["changes"]), key=repr
    )
    for c in back["changes"]:
        if c["kind"] == "summary":
            # "words" is left out of the JSON when the rewording is whitespace only.
            assert " ".join(w["text"] for w in c.get("words", []) if w["op"] != "-") == " ".join(
                summary.split()
            )
