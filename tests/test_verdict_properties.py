"""Every dated claim of the JSON contract is true of the folded history (issue 12).

On generated negotiations of 2-5 parties (allies, mediators, few or many red lines), the
analysis after each date is checked against the states of the history, recomputed here
from the states alone: `stalled_since` and `last_move`, each pair's `stable_since`,
restatement counts, agreed and `agreed_since`, reopened, crossings and stale reports.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from redline.compare import status_changes
from redline.fold import history
from redline.walk import analyses
from strategies_parties import negotiation_and_history

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _point(held):
    return None if held is None else (held.stance, held.red_line)


def _facts(negotiation, snapshots):
    """Per date: the state, the keys touched, and the issues on which a position moved."""
    days, before = [], {}
    for day in history(snapshots):
        after = day.state.positions
        moved = {i for (p, i) in day.touched if _point(before.get((p, i))) != _point(after.get((p, i)))}
        days.append((day, moved))
        before = after
    return days


def _last(dates, default=None):
    return max(dates, default=default)


@SETTINGS
@given(negotiation_and_history())
def test_every_dated_claim_is_true_of_the_history(generated):
    negotiation, snapshots = generated
    facts = _facts(negotiation, snapshots)
    results = list(analyses(negotiation, snapshots))
    assert [d.date for d, _ in results] == [d.date for d, _ in facts]
    settings_ = negotiation.analysis
    declared = [p.id for p in negotiation.parties if not p.mediator]
    for n, (day, analysis) in enumerate(results):
        seen = facts[: n + 1]
        for item in analysis.issues:
            issue = item.issue
            move_dates = [d.date for d, moved in seen if issue in moved]
            last_move = _last(move_dates)
            assert item.last_move == last_move
            reported_on = [d.date for d, _ in seen if any(k[1] == issue for k in d.touched)]
            after_move = [d for d in reported_on if last_move is None or d > last_move]
            assert item.restatements == len(after_move)
            # Stalled since D: no position on the issue moved since D.
            if item.stalled:
                assert item.stalled_since == last_move
                assert item.stalled_restatements == len(after_move)
                assert (
                    len(after_move) >= settings_.stalemate_restatements
                    or (day.date - last_move).days >= settings_.stalemate_days
                )
                assert any(p.gap > 0 for p in item.pairs)
            else:
                assert item.stalled_since is None
            # Agreed: every declared non-mediator party holds a position and they coincide.
            held = {h.party: h.stance for h in day.state.on_issue(issue)}
            everyone = all(p in held for p in declared)
            stances = {held[p] for p in declared if p in held}
            assert (item.status == "agreed") == (everyone and len(stances) == 1)
            if item.status == "agreed":
                streak = [d.date for d, _ in seen if _agreed(negotiation, d.state, issue, declared)]
                start = day.date
                for d, _ in reversed(seen):
                    if not _agreed(negotiation, d.state, issue, declared):
                        break
                    start = d.date
                assert item.agreed_since == start and start in streak
            if item.status == "aligned":
                assert item.silent and len(stances) == 1 and len(item.aligned) >= 2
            assert item.silent == tuple(p for p in declared if p not in held)
            for pair in item.pairs:
                _check_pair(negotiation, seen, pair, day)
            for crossing in item.crossings:
                h = day.state.get(crossing.party, issue)
                assert h is not None and h.red_line == crossing.red_line != h.stance
                assert crossing.stance == h.stance and crossing.date <= day.date
                scale = negotiation.issue_by_id[issue]
                r, s = scale.index(h.red_line), scale.index(h.stance)
                own = scale.index(h.red_line_stance) - r
                assert own == 0 or (own > 0) != (s > r)  # on the far side of its own red line
            # A source's report holds until a position on the issue moves after it.
            if item.reported is not None:
                assert all(d <= item.reported.source.date for d in move_dates)
            if item.reported_stale is not None:
                assert item.stale_since in move_dates
                assert item.stale_since > item.reported_stale.source.date
                assert item.contradiction is None
        if n:
            _check_events(results[n - 1][1], analysis)


def _agreed(negotiation, state, issue, declared):
    held = {h.party: h.stance for h in state.on_issue(issue)}
    return all(p in held for p in declared) and len({held[p] for p in declared}) == 1


def _check_pair(negotiation, seen, pair, day):
    a, b, issue = pair.a, pair.b, pair.issue
    assert negotiation.opposed(a, b)
    assert not negotiation.is_mediator(a) and not negotiation.is_mediator(b)
    stable = None
    previous = None
    for d, _ in seen:
        ha, hb = d.state.get(a, issue), d.state.get(b, issue)
        now = (ha.stance, hb.stance) if ha and hb else None
        if now is not None and now != previous:
            stable = d.date
        previous = now
    assert pair.stable_since == stable
    restated = [
        d.date for d, _ in seen if d.date > stable and ((a, issue) in d.touched or (b, issue) in d.touched)
    ]
    assert pair.restatements == len(restated)
    assert (pair.status == "agreed") == (pair.gap == 0)


def _check_events(old, new):
    for change in status_changes(old, new):
        before = old.issue(change.issue).status
        assert (change.event == "reopened") == (before == "agreed" and change.new != "agreed")


@SETTINGS
@given(negotiation_and_history())
def test_one_direction_word_only_where_every_counterpart_agrees(generated):
    from redline.compare import diff_states
    from redline.fold import fold

    negotiation, snapshots = generated
    cut = min(s.date for s in snapshots)
    old, new = fold([s for s in snapshots if s.date <= cut]), fold(snapshots)
    for change in diff_states(negotiation, old, new).changes:
        if change.kind not in ("stance", "red_line") or change.direction in ("stated", "dropped"):
            assert change.counterparts == ()
            continue
        assert [t.party for t in change.counterparts] == [
            p
            for p in negotiation.counterparts(change.party)
            if old.get(p, change.issue) or new.get(p, change.issue)
        ]
        words = {t.direction for t in change.counterparts}
        if not words:
            assert change.direction == "moved"
        elif len(words) == 1:
            assert change.direction == next(iter(words))
        else:
            assert change.direction == "mixed"
        scale = negotiation.issue_by_id[change.issue]
        before, after = scale.index(change.old), scale.index(change.new)
        for t in change.counterparts:
            points = {
                scale.index(h.stance)
                for h in (old.get(t.party, change.issue), new.get(t.party, change.issue))
                if h
            }
            if len(points) == 1:
                (point,) = points
                nearer = abs(before - point) - abs(after - point)
                assert t.steps == abs(nearer)
                assert t.direction == ("conceded" if nearer > 0 else "hardened" if nearer < 0 else "moved")
            else:
                assert t.steps is None
