"""Hypothesis strategies for negotiations of 2 to 5 parties and their histories.

- `negotiations()`: 2-5 parties, on 1-3 sides or none (several parties may share a side),
  sometimes one of them a mediator (at least two parties are not), 1-2 issues with scales
  of 2-5 points. Names are plain: these strategies test the verdicts, not the escaping.
- `histories(negotiation)`: 1-8 snapshots over 12 days (several often share a date), each
  giving some parties' positions: a stance with a red line stated, left out, or withdrawn
  (`red_line: null`), quotes that may support the red line, or (1 in 8) a withdrawal.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from redline.model import Issue, Negotiation, Party, Position, Quote, ScalePoint, Snapshot, Source

START = date(2023, 1, 1)


@st.composite
def negotiations(draw: st.DrawFn) -> Negotiation:
    n = draw(st.integers(2, 5))
    sides = draw(st.lists(st.sampled_from([None, "left", "right", "centre"]), min_size=n, max_size=n))
    mediator = draw(st.none() | st.integers(0, n - 1)) if n > 2 else None
    parties = tuple(
        Party(f"p{i}", f"Party {i}", side=sides[i], role="mediator" if i == mediator else None)
        for i in range(n)
    )
    issues = []
    for i in range(draw(st.integers(1, 2))):
        size = draw(st.integers(2, 5))
        issues.append(
            Issue(f"i{i}", f"Issue {i}", tuple(ScalePoint(f"i{i}s{j}", f"Point {j}") for j in range(size)))
        )
    return Negotiation("neg", "Generated", parties, tuple(issues))


@st.composite
def _position(draw: st.DrawFn, party: str, issue: Issue) -> Position:
    if draw(st.integers(0, 7)) == 0:
        return Position(party, issue.id, withdrawn=True, line=1)
    points = [p.id for p in issue.scale]
    stance = draw(st.sampled_from(points))
    red = draw(st.sampled_from(["omit", "omit", "state", "null"]))
    red_line = draw(st.sampled_from(points)) if red == "state" else None
    quotes = tuple(
        Quote("Someone", f"quote {k}", 0, draw(st.sampled_from(["stance", "red_line"])))
        for k in range(draw(st.integers(0, 2)))
    )
    return Position(
        party,
        issue.id,
        stance,
        red_line,
        "A summary.",
        quotes,
        False,
        1,
        2,
        3 if red_line else 0,
        red == "null",
    )


@st.composite
def histories(draw: st.DrawFn, negotiation: Negotiation, max_size: int = 8) -> list[Snapshot]:
    keys = [(p.id, i) for p in negotiation.parties for i in negotiation.issues]
    snapshots = []
    for index in range(draw(st.integers(1, max_size))):
        when = START + timedelta(days=draw(st.integers(0, 12)))
        chosen = draw(st.lists(st.sampled_from(range(len(keys))), max_size=len(keys), unique=True))
        positions = tuple(draw(_position(keys[k][0], keys[k][1])) for k in chosen)
        path = f"positions/neg/{when.isoformat()}-s{index:02d}.yaml"
        snapshots.append(Snapshot(when, path, Source(f"Source {index}", "news"), positions))
    return snapshots


@st.composite
def negotiation_and_history(draw: st.DrawFn) -> tuple[Negotiation, list[Snapshot]]:
    negotiation = draw(negotiations())
    return negotiation, draw(histories(negotiation))
