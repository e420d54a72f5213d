"""The fold's shortcut for a position no other file of its date reports gives the same
report as the general merge."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.fold import SourceRef, _alone, _report
from strategies import negotiation_and_snapshots


@settings(max_examples=80, deadline=None)
@given(data=negotiation_and_snapshots(min_size=1, max_size=3), extra=st.data())
def test_a_lone_report_is_the_merge_of_one(data, extra):
    _, snapshots = data
    snapshot = extra.draw(st.sampled_from(snapshots))
    ref = SourceRef.of(snapshot)
    for position in snapshot.positions:
        assert _alone(position, ref) == _report([(position, ref)])
