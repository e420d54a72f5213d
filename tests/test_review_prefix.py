"""A review folds the history both sides share (before the first date the change touches)
once: what it finds is exactly what folding each side from the start finds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.redlines import crossing_problems
from redline.review import effects
from redline.review.effects import Folded
from redline.walk import Prefix, analyses, analyses_since
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


# ---- the sides become one again: the dates after are not walked --------------------------


def _to_the_end(*args, **kwargs) -> Folded:
    """The same fold walked to the last date, the sides never taken for equal."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(effects, "_joined", lambda *a: False)
        return Folded.of(*args, **kwargs)


def _shown(folded: Folded, keys: set) -> tuple:
    """Everything a review reads of a fold."""
    moves = tuple(folded.stated_moves(when, keys) for when in sorted(folded.touched))
    return folded.effects(), folded.today(), folded.crossings(), moves, folded.last


def test_the_walk_stops_once_both_sides_know_the_same():
    base = [*_history(), snap(6, pos("south", "b"), slug="f"), snap(7, pos("north", "b"), slug="g")]
    head = list(base)
    head[4] = replace(base[4], positions=(pos("north", "d"),))  # day 5, undone by day 7
    folded = Folded.of(NEG, base, head, {day(5)})
    assert sorted(folded.old_at) == [day(5), day(6), day(7)]  # day 7: equal again
    whole = _to_the_end(NEG, base, head, {day(5)})
    assert _shown(folded, {("north", "border")}) == _shown(whole, {("north", "border")})


def test_an_edit_with_a_lasting_effect_is_walked_to_the_end():
    base = _history()
    head = list(base)
    head[2] = replace(base[2], positions=(pos("south", "a"),))
    folded = Folded.of(NEG, base, head, {day(3)})
    assert sorted(folded.old_at) == [day(3), day(4), day(5)]
    assert folded == _to_the_end(NEG, base, head, {day(3)})


def test_sides_whose_later_snapshots_differ_are_walked_past_them():
    base = _history()
    head = [*base[:4], replace(base[4], path=base[4].path.replace("-e", "-z"))]
    folded = Folded.of(NEG, base, head, {day(2)})
    assert effects._last_difference(base, head) == day(5)
    assert day(5) in folded.old_at
    assert effects._last_difference(base, list(base)) is None


def _edited(negotiation, base, extra):
    """A head with one snapshot of `base` edited (and maybe one added), and the dates touched."""
    edited = extra.draw(st.integers(0, len(base) - 1))
    new = replace(extra.draw(snapshots(negotiation, edited, 9)), path=base[edited].path)
    head = [*base[:edited], new, *base[edited + 1 :]]
    touched = {base[edited].date, new.date}
    if extra.draw(st.booleans()):  # and a snapshot added
        added = extra.draw(snapshots(negotiation, 50, 9))
        head.append(added)
        touched.add(added.date)
    return head, touched


@settings(max_examples=80, deadline=None)
@given(data=negotiation_and_snapshots(min_size=1, max_size=8, days=9), extra=st.data())
def test_stopping_where_the_sides_join_never_changes_what_the_review_shows(data, extra):
    negotiation, base = data
    head, touched = _edited(negotiation, base, extra)
    keys = {(p.id, i.id) for p in negotiation.parties for i in negotiation.issues}
    folded = Folded.of(negotiation, base, head, touched)
    assert _shown(folded, keys) == _shown(_to_the_end(negotiation, base, head, touched), keys)


# ---- the base's red-line check comes from the review's fold ------------------------------


def _sorted(problems: list) -> list:
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.message))


def test_the_bases_crossings_are_the_heads_where_the_histories_are_one():
    # north states red line b at a (day 1); the head makes it cross on day 3 (c); day 6
    # crosses it on both sides (the sides are equal again), and south crosses c on day 7
    base = [
        snap(1, pos("north", "a", "b"), pos("south", "d", "c")),
        snap(2, pos("north", "a"), slug="b"),
        snap(3, pos("north", "a"), slug="c"),
        snap(4, pos("north", "a"), slug="d"),
        snap(5, pos("north", "a"), pos("south", "d"), slug="e"),
        snap(6, pos("north", "c"), slug="f"),
        snap(7, pos("south", "b"), slug="g"),
    ]
    head = list(base)
    head[2] = replace(base[2], positions=(pos("north", "c"),))
    folded = Folded.of(NEG, base, head, {day(3)})
    assert (folded.shared_until, folded.joined) == (day(2), day(6))
    head_found = crossing_problems(NEG, head)
    assert [p.path[-17:-5] for p in head_found] == ["2022-01-03-c", "2022-01-06-f", "2022-01-07-g"]
    assert _sorted(folded.base_crossings(head, head_found)) == _sorted(crossing_problems(NEG, base))
    assert len(crossing_problems(NEG, base)) == 2


def test_a_crossing_the_fold_cannot_date_is_left_to_a_full_check():
    base = _history()
    folded = Folded.of(NEG, base, list(base), {day(2)})
    stray = crossing_problems(NEG, [snap(3, pos("north", "a", "b")), snap(4, pos("north", "d"), slug="x")])
    assert stray and folded.base_crossings(base, stray) is None
    assert Folded.of(NEG, base, base, ()).base_crossings(base, []) is None


@settings(max_examples=80, deadline=None)
@given(data=negotiation_and_snapshots(min_size=1, max_size=8, days=9), extra=st.data())
def test_the_bases_crossings_from_the_fold_are_those_a_full_check_finds(data, extra):
    negotiation, base = data
    head, touched = _edited(negotiation, base, extra)
    folded = Folded.of(negotiation, base, head, touched)
    found = folded.base_crossings(head, crossing_problems(negotiation, head))
    assert found is not None
    assert _sorted(found) == _sorted(crossing_problems(negotiation, base))
