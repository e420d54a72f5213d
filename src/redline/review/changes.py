"""What changed in one snapshot file, and in negotiation.yaml."""

from __future__ import annotations

from dataclasses import replace

from ..compare import Change, diff_states, ordered
from ..fold import Key, State, snapshot_state
from ..model import Issue, Negotiation, Position, Snapshot
from .sides import Parsed


def _fits(negotiation: Negotiation, party: str, issue: str, *points: str | None) -> bool:
    found = negotiation.issue_by_id.get(issue)
    return (
        found is not None
        and party in negotiation.party_by_id
        and all(p is None or found.has(p) for p in points)
    )


def _fit_state(negotiation: Negotiation, state: State) -> State:
    """The positions of `state` that `negotiation` can place (it may have changed)."""
    kept = {
        k: h for k, h in state.positions.items() if _fits(negotiation, h.party, h.issue, h.stance, h.red_line)
    }
    return State(state.as_of, kept, state.reported, state.conflicts)


def fit_snapshots(negotiation: Negotiation, snapshots: list[Snapshot]) -> list[Snapshot]:
    return [
        replace(
            s,
            positions=tuple(
                p for p in s.positions if _fits(negotiation, p.party, p.issue, p.stance, p.red_line)
            ),
        )
        for s in snapshots
    ]


def by_key(parsed: Parsed | None) -> dict[Key, Position]:
    if parsed is None or parsed.snapshot is None:
        return {}
    return {(p.party, p.issue): p for p in parsed.snapshot.positions}


def _located(change: Change, old: Parsed | None, new: Parsed | None) -> Change:
    """Point a file change at the head file's line (at the base's for a removed position)."""
    key = (change.party, change.issue)
    after = by_key(new).get(key)
    if change.kind == "withdrawn":
        if after is not None and after.withdrawn and new is not None and new.snapshot:
            return replace(change, path=new.path, line=after.line, date=new.snapshot.date)
        before = by_key(old).get(key)
        assert old is not None and old.snapshot is not None
        return replace(
            change, kind="removed", path=old.path, line=before.line if before else 0, date=old.snapshot.date
        )
    assert new is not None and new.snapshot is not None and after is not None
    line = after.line
    if change.kind == "stance":
        line = after.stance_line or line
    elif change.kind == "red_line":
        line = after.red_line_line or line
    elif change.kind == "quote_added":
        line = next((q.line for q in after.quotes if q.text == change.new), line)
    return replace(change, path=new.path, line=line, date=new.snapshot.date)


def _told_apart(change: Change, new: Position) -> Change:
    """A red line gone from a file: withdrawn (`red_line: null`, direction `dropped`) or
    left out (not addressed, direction None: the red line standing before carries on)."""
    if change.new is None and not new.red_line_withdrawn:
        return replace(change, direction=None)
    return change


def _withdrawal_changed(old: Position, new: Position) -> Change | None:
    """A file that states no red line before nor after, but gains or loses `red_line: null`."""
    if (
        old.withdrawn
        or new.withdrawn
        or old.red_line is not None
        or new.red_line is not None
        or old.red_line_withdrawn == new.red_line_withdrawn
    ):
        return None
    return Change(
        new.party,
        new.issue,
        "red_line",
        "red_line",
        None,
        None,
        direction="dropped" if new.red_line_withdrawn else None,
    )


def file_changes(negotiation: Negotiation, old: Parsed | None, new: Parsed | None) -> tuple[Change, ...]:
    """The semantic changes between two versions of a snapshot file, each taken on its own.

    A red line left out of a file is not a withdrawal (`red_line: null` is): a change of a
    red line to none says which (`direction` `dropped` for a withdrawal, None when left
    out), and a withdrawal added to or taken from a file that states no red line is a
    change too, from none to none."""
    empty = State(None)
    before = snapshot_state(old.snapshot) if old is not None and old.snapshot else empty
    after = snapshot_state(new.snapshot) if new is not None and new.snapshot else empty
    diff = diff_states(negotiation, _fit_state(negotiation, before), _fit_state(negotiation, after))
    olds, news = by_key(old), by_key(new)
    changes = [_told_apart(c, news[(c.party, c.issue)]) if c.kind == "red_line" else c for c in diff.changes]
    said = {(c.party, c.issue) for c in changes if c.kind == "red_line"}
    for key in sorted((olds.keys() & news.keys()) - said):
        found = _withdrawal_changed(olds[key], news[key])
        changes += [found] if found is not None else []
    return tuple(_located(c, old, new) for c in ordered(negotiation, changes))


def _renamed(what: str, old: str, new: str) -> list[str]:
    return [f"{what} renamed: “{old}” → “{new}”"] if old != new else []


def _issue_changes(old: Issue, new: Issue) -> list[str]:
    out = _renamed(f"issue '{new.id}' title", old.title, new.title)
    a, b = [p.id for p in old.scale], [p.id for p in new.scale]
    if a != b:
        out.append(
            f"issue '{new.id}': scale changed from {', '.join(a)} to {', '.join(b)}"
            " (directions and statuses may change at every date)"
        )
    labels = {p.id: p.label for p in old.scale}
    for point in new.scale:
        if point.id in labels:
            out += _renamed(f"issue '{new.id}' point '{point.id}' label", labels[point.id], point.label)
    return out


def definition_changes(old: Negotiation, new: Negotiation) -> tuple[str, ...]:
    """What changed in negotiation.yaml, in short sentences."""
    out = _renamed("negotiation title", old.title, new.title)
    for party in new.parties:
        before = old.party_by_id.get(party.id)
        if before is None:
            out.append(f"party '{party.id}' added")
            continue
        if before.side != party.side:
            out.append(f"party '{party.id}' changed side: {before.side or 'none'} → {party.side or 'none'}")
        out += _renamed(f"party '{party.id}' name", before.name, party.name)
    out += [f"party '{p.id}' removed" for p in old.parties if p.id not in new.party_by_id]
    for issue in new.issues:
        before_issue = old.issue_by_id.get(issue.id)
        out += [f"issue '{issue.id}' added"] if before_issue is None else _issue_changes(before_issue, issue)
    out += [f"issue '{i.id}' removed" for i in old.issues if i.id not in new.issue_by_id]
    if old.analysis != new.analysis:
        out.append("analysis settings changed")
    return tuple(out)
