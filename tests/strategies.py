"""Hypothesis strategies that build redline.model objects directly (no YAML involved).

- `negotiations()`: 2-4 parties on 2-3 sides (at least two sides used), 1-3 issues with
  scales of 2-6 points; names, titles and labels are arbitrary text.
- `snapshot_lists(negotiation)`: snapshots with random dates (in a short window, so that
  several often share a date), unique paths, positions (a stance with an optional red
  line, or a withdrawal), summaries and quotes with arbitrary text, and optional
  source-reported statuses.
- `negotiation_and_snapshots()`: both at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from redline.model import (
    Issue,
    Negotiation,
    Party,
    Position,
    Quote,
    Reported,
    ScalePoint,
    Snapshot,
    Source,
)

START = date(2022, 1, 1)

# Text that tries to break renderers: markup, escapes, control and invisible characters.
NASTY = [
    "",
    " ",
    "[bold red]not markup[/]",
    "\x1b[31mred\x1b[0m",
    "line one\nline two\r\nthree",
    "| a | b |",
    "<script>alert(1)</script> & <b>",
    "@someone #123 **bold** _em_ `code` ~~strike~~ [link](http://x)",
    "\u202egnirts desrever\u202c",
    "zero\u200bwidth\ufeff",
    "\t tabs \t",
    "\\ backslash \\",
    "“quoted” — ‘dashes’ … ünïcödé 日本語 😀",
    "\x00\x07\x7f\x85\x9f",
    "{+added+} [-removed-]",
]

texts = st.one_of(st.text(max_size=40), st.sampled_from(NASTY))
nonempty_texts = st.one_of(st.text(min_size=1, max_size=40),
                           st.sampled_from([t for t in NASTY if t]))
REPORT_STATUSES = ("impasse", "no-progress", "progress", "agreed")


@st.composite
def negotiations(draw: st.DrawFn) -> Negotiation:
    n_parties = draw(st.integers(2, 4))
    n_sides = draw(st.integers(2, min(3, n_parties)))
    sides = [f"side{i}" for i in range(n_sides)]
    # Every side has at least one party; the rest go anywhere.
    assigned = sides + [draw(st.sampled_from(sides)) for _ in range(n_parties - n_sides)]
    assigned = draw(st.permutations(assigned))
    parties = tuple(
        Party(f"p{i}", draw(nonempty_texts), side=assigned[i]) for i in range(n_parties)
    )
    n_issues = draw(st.integers(1, 3))
    issues = []
    for i in range(n_issues):
        size = draw(st.integers(2, 6))
        scale = tuple(ScalePoint(f"i{i}s{j}", draw(nonempty_texts)) for j in range(size))
        issues.append(Issue(f"i{i}", draw(nonempty_texts), scale))
    return Negotiation("neg", draw(nonempty_texts), parties, tuple(issues))


@st.composite
def positions(draw: st.DrawFn, negotiation: Negotiation, party: str, issue: Issue,
              withdrawals: bool = True) -> Position:
    if withdrawals and draw(st.integers(0, 7)) == 0:
        return Position(party, issue.id, withdrawn=True, line=draw(st.integers(1, 200)))
    points = [p.id for p in issue.scale]
    stance = draw(st.sampled_from(points))
    red_line = draw(st.one_of(st.none(), st.sampled_from(points)))
    quotes = tuple(
        Quote(draw(nonempty_texts), text)
        for text in draw(st.lists(nonempty_texts, max_size=2))
    )
    line = draw(st.integers(1, 200))
    return Position(party, issue.id, stance, red_line, draw(texts), quotes, False, line,
                    line + 1, line + 2 if red_line else 0)


@st.composite
def snapshots(draw: st.DrawFn, negotiation: Negotiation, index: int, days: int = 6,
              withdrawals: bool = True) -> Snapshot:
    when = START + timedelta(days=draw(st.integers(0, days)))
    keys = [(p.id, i) for p in negotiation.parties for i in negotiation.issues]
    chosen = draw(st.lists(st.sampled_from(keys), max_size=len(keys), unique=True))
    pos = tuple(draw(positions(negotiation, party, issue, withdrawals)) for party, issue in chosen)
    reported = tuple(
        Reported(issue.id, draw(st.sampled_from(REPORT_STATUSES)), draw(texts),
                 draw(st.one_of(st.none(), st.builds(Quote, nonempty_texts, nonempty_texts))))
        for issue in draw(st.lists(st.sampled_from(negotiation.issues), max_size=1, unique=True))
    )
    source = Source(draw(nonempty_texts), "news", outlet=draw(texts), url="https://example.org/x")
    # Unique, date-prefixed paths: the same-date tie-break is by path, never by list order.
    path = f"positions/neg/{when.isoformat()}-s{index:02d}.yaml"
    return Snapshot(when, path, source, pos, reported)


@st.composite
def snapshot_lists(draw: st.DrawFn, negotiation: Negotiation, min_size: int = 0,
                   max_size: int = 6, days: int = 6, withdrawals: bool = True
                   ) -> list[Snapshot]:
    n = draw(st.integers(min_size, max_size))
    return [draw(snapshots(negotiation, i, days, withdrawals)) for i in range(n)]


@st.composite
def negotiation_and_snapshots(draw: st.DrawFn, min_size: int = 0, max_size: int = 6,
                              days: int = 6, withdrawals: bool = True
                              ) -> tuple[Negotiation, list[Snapshot]]:
    negotiation = draw(negotiations())
    return negotiation, draw(snapshot_lists(negotiation, min_size, max_size, days, withdrawals))


@st.composite
def single_snapshots(draw: st.DrawFn, negotiation: Negotiation, index: int = 0) -> Snapshot:
    """One snapshot without withdrawals: seen alone, every position it gives is held."""
    return draw(snapshots(negotiation, index, 0, withdrawals=False))
