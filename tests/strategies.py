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

texts = st.one_of(st.text(max_size=20), st.sampled_from(NASTY))
nonempty_texts = st.one_of(st.text(min_size=1, max_size=20), st.sampled_from([t for t in NASTY if t]))
REPORT_STATUSES = ("impasse", "no-progress", "progress", "agreed")


_NAME_POOL = st.lists(nonempty_texts, min_size=1, max_size=4)
_COUNTS = {(lo, hi): st.integers(lo, hi) for lo in (1, 2) for hi in range(2, 7)}


@st.composite
def negotiations(draw: st.DrawFn) -> Negotiation:
    n_parties = draw(_COUNTS[(2, 4)])
    n_sides = draw(_COUNTS[(2, min(3, n_parties))])
    sides = [f"side{i}" for i in range(n_sides)]
    # Every side has at least one party; the rest go anywhere.
    assigned = sides + [sides[draw(_COUNTS[(1, 3)]) % n_sides] for _ in range(n_parties - n_sides)]
    assigned = draw(st.permutations(assigned))
    # Names, titles and labels come from a small pool of arbitrary texts (drawing a text
    # for each of them would make every example slow).
    pool = draw(_NAME_POOL)
    names = iter(pool[i % len(pool)] for i in range(1000))
    parties = tuple(Party(f"p{i}", next(names), side=assigned[i]) for i in range(n_parties))
    issues = []
    for i in range(draw(_COUNTS[(1, 3)])):
        size = draw(_COUNTS[(2, 6)])
        scale = tuple(ScalePoint(f"i{i}s{j}", next(names)) for j in range(size))
        issues.append(Issue(f"i{i}", next(names), scale))
    return Negotiation("neg", next(names), parties, tuple(issues))


_LINES = st.integers(1, 200)
_INDEX = st.integers(0, 5)
_QUOTES = st.lists(st.tuples(nonempty_texts, nonempty_texts), max_size=2, unique_by=lambda q: q[1])
_REPORTED = st.lists(
    st.tuples(
        _INDEX,
        st.sampled_from(REPORT_STATUSES),
        texts,
        st.none() | st.builds(Quote, nonempty_texts, nonempty_texts),
    ),
    max_size=1,
)
_SOURCES = st.tuples(nonempty_texts, texts)
# Strategies are built once per scale / per set of keys: building them is what costs.
_POSITIONS: dict[tuple[tuple[str, ...], bool], st.SearchStrategy[tuple]] = {}
_DAYS: dict[int, st.SearchStrategy[int]] = {}
_KEYS: dict[tuple[tuple[str, str], ...], st.SearchStrategy[list[tuple[str, str]]]] = {}


def _position_parts(issue: Issue, withdrawals: bool) -> st.SearchStrategy[tuple]:
    """(withdrawn, stance, red line, summary, quotes, line) for a position on `issue`."""
    ids = tuple(p.id for p in issue.scale)
    if (ids, withdrawals) not in _POSITIONS:
        stance = st.sampled_from(ids)
        withdrawn = st.integers(0, 7).map(lambda n: n == 0) if withdrawals else st.just(False)
        _POSITIONS[(ids, withdrawals)] = st.tuples(
            withdrawn, stance, st.none() | stance, texts, _QUOTES, _LINES
        )
    return _POSITIONS[(ids, withdrawals)]


def positions(party: str, issue: Issue, withdrawals: bool = True) -> st.SearchStrategy[Position]:
    """A stance with an optional red line, summary and quotes; or (1 in 8) a withdrawal."""
    return _position_parts(issue, withdrawals).map(lambda parts: _build_position(party, issue, parts))


@st.composite
def snapshots(
    draw: st.DrawFn, negotiation: Negotiation, index: int, days: int = 6, withdrawals: bool = True
) -> Snapshot:
    when = START + timedelta(days=draw(_DAYS.setdefault(days, st.integers(0, days))))
    keys = tuple((p.id, i.id) for p in negotiation.parties for i in negotiation.issues)
    if keys not in _KEYS:
        _KEYS[keys] = st.lists(st.sampled_from(keys), max_size=min(len(keys), 4), unique=True)
    pos = []
    for party, issue_id in draw(_KEYS[keys]):
        issue = negotiation.issue_by_id[issue_id]
        parts = draw(_position_parts(issue, withdrawals))
        pos.append(_build_position(party, issue, parts))
    issues = negotiation.issues
    reported = tuple(
        Reported(issues[i % len(issues)].id, status, summary, quote)
        for i, status, summary, quote in draw(_REPORTED)
    )
    title, outlet = draw(_SOURCES)
    source = Source(title, "news", outlet=outlet, url="https://example.org/x")
    # Unique, date-prefixed paths: the same-date tie-break is by path, never by list order.
    path = f"positions/neg/{when.isoformat()}-s{index:02d}.yaml"
    return Snapshot(when, path, source, tuple(pos), reported)


def _build_position(party: str, issue: Issue, parts: tuple) -> Position:
    withdrawn, stance, red_line, summary, quotes, line = parts
    if withdrawn:
        return Position(party, issue.id, withdrawn=True, line=line)
    return Position(
        party,
        issue.id,
        stance,
        red_line,
        summary,
        tuple(Quote(speaker, text) for speaker, text in quotes),
        False,
        line,
        line + 1,
        line + 2 if red_line else 0,
    )


@st.composite
def snapshot_lists(
    draw: st.DrawFn,
    negotiation: Negotiation,
    min_size: int = 0,
    max_size: int = 5,
    days: int = 6,
    withdrawals: bool = True,
) -> list[Snapshot]:
    n = draw(st.integers(min_size, max_size))
    return [draw(snapshots(negotiation, i, days, withdrawals)) for i in range(n)]


@st.composite
def negotiation_and_snapshots(
    draw: st.DrawFn, min_size: int = 0, max_size: int = 5, days: int = 6, withdrawals: bool = True
) -> tuple[Negotiation, list[Snapshot]]:
    negotiation = draw(negotiations())
    return negotiation, draw(snapshot_lists(negotiation, min_size, max_size, days, withdrawals))


@st.composite
def single_snapshots(draw: st.DrawFn, negotiation: Negotiation, index: int = 0) -> Snapshot:
    """One snapshot without withdrawals: seen alone, every position it gives is held."""
    return draw(snapshots(negotiation, index, 0, withdrawals=False))


# ---------------------------------------------------------------- builders for examples

SCALE = tuple(ScalePoint(p, f"Line {p.upper()}") for p in "abcd")
TRADE = tuple(ScalePoint(p, p.title()) for p in ("free", "quota", "tariff", "embargo"))


def demo_negotiation(**analysis: int) -> Negotiation:
    """north and east (allies, side n) against south (side s), on `border` (a..d) and
    `trade` (free..embargo); `analysis` overrides the stalemate settings."""
    from redline.model import AnalysisSettings

    return Negotiation(
        "demo",
        "Demo talks",
        (
            Party("north", "North", side="n"),
            Party("east", "East", side="n"),
            Party("south", "South", side="s"),
        ),
        (Issue("border", "The border", SCALE), Issue("trade", "Trade", TRADE)),
        analysis=AnalysisSettings(**analysis),
    )


def day(n: int) -> date:
    """Day n of January 2022."""
    return date(2022, 1, n)


def pos(
    party: str,
    stance: str | None = None,
    red_line: str | None = None,
    *,
    issue: str = "border",
    summary: str = "",
    quotes: tuple[str, ...] = (),
    withdrawn: bool = False,
    line: int = 0,
) -> Position:
    return Position(
        party,
        issue,
        stance,
        red_line,
        summary,
        tuple(Quote("Someone", q) for q in quotes),
        withdrawn,
        line,
        line + 2 if line else 0,
        line + 3 if line and red_line else 0,
    )


def snap(
    when: int | date, *items: Position, slug: str = "src", reported: tuple[Reported, ...] = ()
) -> Snapshot:
    when = day(when) if isinstance(when, int) else when
    return Snapshot(
        when,
        f"positions/demo/{when.isoformat()}-{slug}.yaml",
        Source(f"Source {slug}", "news"),
        tuple(items),
        reported,
    )
