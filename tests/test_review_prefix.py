"""A review folds the history both sides share (before the first date the change touches)
once: what it finds is exactly what folding each side from the start finds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.analysis import Prefix, analyses, analyses_since
from redline.review import effects
from redline.review.effects import Folded
from strategies import day, demo_negotiation, negotiation_and_snapshots, pos, snap, snapshots

NEG = demo_negotiation()


def _unshared(*args, **kwargs) -> Folded:
    """The same fold with nothing shared: each side walked from the start."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(effects, "_shared_prefix", lambda *a: None)
        return Folded.of(*args, **kwargs)


def _history() -> list:
    return [
        snap(1, pos("north", "a", "b"), pos("south", "d", "c")),
        snap(2, pos("north", "b"), slug="b"),
        snap(3, pos("south", "c"), slug="c"),
        snap(4, pos("north", "b"), pos("south", "c"), slug="d"),
        snap(5, pos("north", "c"), slug="e"),
    ]


RIPPLES = {0: [2, 3, 5], 1: [4, 5], 2: [4, 5], 3: [5], 4: []}


@pytest.mark.parametrize("at", range(5))
def test_an_edit_at_any_date_reports_the_same_ripples_as_two_full_folds(at):
    base = _history()
    head = list(base)
    head[at] = replace(base[at], positions=(pos("north", "d", "d"),))
    shared = Folded.of(NEG, base, head, {base[at].date})
    assert shared == _unshared(NEG, base, head, {base[at].date})
    assert [e.date for e in shared.effects() if not e.ripple] == [base[at].date]
    assert [e.date for e in shared.effects() if e.ripple] == [day(n) for n in RIPPLES[at]]


def test_an_edit_at_the_first_date_shares_nothing_and_still_reports_every_ripple():
    base = _history()
    head = [replace(base[0], positions=(pos("north", "d", "d"), pos("south", "d", "c"))), *base[1:]]
    assert effects._shared_prefix(NEG, base, head, day(1)) is None
    shared = Folded.of(NEG, base, head, {day(1)})
    assert shared.effects() == _unshared(NEG, base, head, {day(1)}).effects()
    assert [e.date for e in shared.effects()] == [day(1), day(2), day(3), day(5)]


def test_sides_that_differ_before_the_first_touched_date_are_not_shared():
    base = _history()
    head = [replace(base[0], positions=(pos("north", "c"),)), *base[1:]]
    assert effects._shared_prefix(NEG, base, head, day(3)) is None
    assert effects._shared_prefix(NEG, base, list(base), day(3)) is not None


def test_a_walk_from_a_prefix_forks_the_analyser():
    history = _history()
    prefix = Prefix.of(NEG, history[:2])
    later = [a for _, a in analyses_since(NEG, history[2:], day(3), prefix)]
    again = [a for _, a in analyses_since(NEG, history[2:], day(3), prefix)]
    assert later == again == [a for _, a in analyses(NEG, history)][2:]


@settings(max_examples=60, deadline=None)
@given(data=negotiation_and_snapshots(min_size=1, max_size=7), extra=st.data())
def test_sharing_the_prefix_never_changes_what_the_review_folds(data, extra):
    negotiation, base = data
    edited = extra.draw(st.integers(0, len(base) - 1))
    new = extra.draw(snapshots(negotiation, edited))
    new = replace(new, path=base[edited].path)
    head = [*base[:edited], new, *base[edited + 1 :]]
    touched = {base[edited].date, new.date}
    shared = Folded.of(negotiation, base, head, touched)
    assert shared == _unshared(negotiation, base, head, touched)
    assert shared.effects() == _unshared(negotiation, base, head, touched).effects()
