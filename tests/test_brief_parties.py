"""A briefing on a negotiation of three parties, each its own side: nothing assumes two.

An EU trilogue on a fines clause: the Commission, the Parliament and the Council, with
scale labels that carry € and %. The Commission moves toward the Parliament and away
from the Council; the Parliament and the Council are deadlocked; the Commission's range
meets each of the others'.
"""

from __future__ import annotations

import textwrap

import pytest

from conftest import snapshot_yaml
from test_brief import MAIN, bottom_line_of, check_document, main_body, sections

NEGOTIATION = textwrap.dedent("""\
    id: ai-act
    title: AI Act trilogue
    parties:
      - {id: commission, name: Commission, side: commission}
      - {id: parliament, name: Parliament, side: parliament}
      - {id: council, name: Council, side: council}
    issues:
      - id: fines
        title: Fines
        scale:
          - {id: none, label: No fines}
          - {id: eur-10m, label: "€10m or 2% of turnover"}
          - {id: eur-20m, label: "€20m or 4% of global turnover"}
          - {id: eur-30m, label: "€30m or 6% of global turnover"}
      - id: scope
        title: Scope of the ban on biometric identification
        scale:
          - {id: narrow, label: Narrow}
          - {id: wide, label: Wide}
          - {id: total, label: Total ban}
    """)


@pytest.fixture
def trilogue(tmp_path):
    folder = tmp_path / "positions" / "ai-act"
    folder.mkdir(parents=True)
    (folder / "negotiation.yaml").write_text(NEGOTIATION, encoding="utf-8")
    first = [
        {"party": "commission", "issue": "fines", "stance": "eur-20m", "red_line": "eur-10m"},
        {"party": "parliament", "issue": "fines", "stance": "eur-30m", "red_line": "eur-20m"},
        {"party": "council", "issue": "fines", "stance": "none", "red_line": "eur-10m"},
        {"party": "commission", "issue": "scope", "stance": "wide"},
        {"party": "parliament", "issue": "scope", "stance": "total"},
        {"party": "council", "issue": "scope", "stance": "narrow"},
    ]
    second = [
        {
            "party": "commission",
            "issue": "fines",
            "stance": "eur-30m",
            "red_line": "eur-10m",
            "quotes": [("A Commissioner", "We can go as high as the Parliament asks.")],
        },
    ]
    (folder / "2023-03-01-proposals.yaml").write_text(
        snapshot_yaml("2023-03-01", first, title="Three proposals"), encoding="utf-8"
    )
    text = snapshot_yaml("2023-04-01", second, title="Commission moves") + textwrap.dedent("""\
        events:
          - date: 2023-05-10
            title: Trilogue in Brussels
            parties: [commission, parliament, council]
        """)
    (folder / "2023-04-01-commission.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "positions"


def test_three_parties_each_on_its_own_side(invoke, trilogue):
    result = invoke("brief", "--root", str(trilogue))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    tokens = check_document(text)
    bottom = bottom_line_of(text)
    assert len(bottom.split()) <= 80
    assert bottom.startswith("Parliament and Council are deadlocked on Fines.")
    assert (
        "Since 1 March, Commission conceded 1 step toward Parliament, hardened 1 step "
        "away from Council on Fines."
    ) in bottom
    assert "Next: Trilogue in Brussels on 10 May." in bottom
    main = main_body(text)
    assert "| Issue | Commission | Parliament | Council | Status |" in main
    assert (
        "| Fines | €30m or 6% of global turnover (red line: €10m or 2% of turnover) | "
        "€30m or 6% of global turnover (red line: €20m or 4% of global turnover) | "
        "No fines (red line: €10m or 2% of turnover) | deadlocked since the first record "
        "(1 March 2023) |"
    ) in main
    assert [h for h in sections(tokens) if h in MAIN] == ["Bottom line", "Where each issue stands", "Next"]
    annex = text[len(main) :]
    assert "Commission and Parliament: the same stance" in annex
    assert "Parliament and Council: red lines 1 step apart, stances 3 steps apart." in annex
    assert (
        "Commission and Council: stances 3 steps apart, agreement possible at €10m or 2% of turnover"
    ) in annex


def test_three_parties_in_html(invoke, trilogue):
    result = invoke("brief", "--root", str(trilogue), "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.count("<svg") == 2
    assert "€30m or 6% of global turnover" in page
    assert "Parliament and Council are deadlocked on Fines." in page


# ---------------------------------------------------------------- five parties, a mediator


def test_five_parties_with_a_mediator_and_two_on_one_side(invoke):
    """The basin talks (tests/fixtures/parties/basin): Upstream and Midstream on one side,
    Downstream, Delta, and Broker the mediator. Each move is described against each
    counterpart; allies and the mediator are never anyone's counterpart."""
    from conftest import FIXTURES

    result = invoke("brief", "--root", str(FIXTURES / "parties"), "basin", "--as-of", "2024-04-02")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    check_document(text)
    bottom = bottom_line_of(text)
    assert bottom == (
        "No issue is deadlocked as of 2 April 2024. Upstream, Midstream and Downstream coincide "
        "on Monitoring; Delta has no position yet. Since 20 March, Upstream conceded 1 step "
        "toward Downstream on Monitoring (now aligned); Midstream hardened 1 step away from "
        "Downstream, conceded 1 step toward Delta on Water allocation (now diverging)."
    )
    assert len(bottom.split()) <= 80
    # Upstream's ally Midstream and the mediator are nobody's counterpart, anywhere.
    for name in ("Broker", "Midstream", "Upstream"):
        assert f"toward {name}" not in text and f"away from {name}" not in text
    main = main_body(text)
    assert (
        "| Monitoring | Joint commission | Joint commission | Joint commission | — | "
        "International observers | aligned: Upstream, Midstream and Downstream coincide; "
        "Delta has no position yet |"
    ) in main
    later = invoke("brief", "--root", str(FIXTURES / "parties"), "basin", "--as-of", "2024-05-15")
    assert (
        "- 15 May 2024: **Broker** moved its stance on Water allocation (stance: "
        "Proportional → Equal shares)[^"
    ) in later.stdout  # toward nobody: a mediator


# ---------------------------------------------------------------- every "since D" is true

import re  # noqa: E402
from datetime import date, timedelta  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from redline.briefing import build_briefing  # noqa: E402
from redline.model import Issue, Negotiation, Party, ScalePoint  # noqa: E402
from redline.render.brief_words import MONTHS  # noqa: E402
from redline.walk import analyses  # noqa: E402
from strategies import pos, snap  # noqa: E402
from test_brief import _render  # noqa: E402

DAY = r"(\d{1,2}) (" + "|".join(MONTHS) + r")(?: (\d{4}))?"
SCALE = tuple(ScalePoint(p, f"Point {p.upper()}") for p in "abcd")


def _day(m: re.Match, offset: int = 1, year: int = 2022) -> date:
    found = m.group(offset + 2)
    return date(int(found) if found else year, MONTHS.index(m.group(offset + 1)) + 1, int(m.group(offset)))


@st.composite
def histories(draw):
    """2–5 parties (some allies, maybe a mediator) on two issues, and 1–7 dated snapshots
    over 11 weeks of 2022 giving stances, red lines (absent: standing; null: withdrawn) and
    withdrawals."""
    n = draw(st.integers(2, 5))
    sides = [draw(st.sampled_from(["x", "y", "z"])) for _ in range(n)]
    sides[0], sides[1] = "x", "y"  # at least two counterparts
    mediator = n >= 3 and draw(st.booleans())
    parties = tuple(
        Party(f"p{i}", f"Party{i}", side=sides[i], role="mediator" if mediator and i == n - 1 else None)
        for i in range(n)
    )
    issues = (Issue("one", "IssueOne", SCALE), Issue("two", "IssueTwo", SCALE))
    neg = Negotiation("gen", "Generated", parties, issues)
    days = [
        date(2022, 1, 1) + timedelta(days=n)
        for n in sorted(draw(st.sets(st.integers(0, 75), min_size=1, max_size=7)))
    ]
    snaps = []
    for k, d in enumerate(days):
        items = []
        for p in parties:
            for issue in ("one", "two"):
                kind = draw(st.sampled_from(["skip", "skip", "stance", "red", "withdraw"]))
                if kind == "skip":
                    continue
                if kind == "withdraw":
                    items.append(pos(p.id, issue=issue, withdrawn=True))
                    continue
                stance = draw(st.sampled_from("abcd"))
                red = draw(st.sampled_from("abcd")) if kind == "red" else None
                items.append(pos(p.id, stance, red, issue=issue))
        if items:
            snaps.append(snap(d, *items, slug=f"s{k}"))
    if not snaps:
        snaps.append(snap(days[0], pos("p0", "a", issue="one"), slug="s0"))
    as_of = draw(st.sampled_from(sorted({s.date for s in snaps})))
    return neg, snaps, as_of


def _facts(neg, snaps, as_of):
    """From the folded history: per date, each position (stance, red line) and each issue's
    deadlock; the dates on which something on an issue moved."""
    states, moved, stuck, news = {}, {}, {}, set()
    previous: dict = {}
    seen: set = set()  # (key, "stance" | "red_line") ever recorded
    for day_, analysis in analyses(neg, [s for s in snaps if s.date <= as_of]):
        now = {k: (h.stance, h.red_line) for k, h in day_.state.positions.items()}
        for key in set(now) | set(previous):
            old, new = previous.get(key), now.get(key)
            if old != new:
                moved.setdefault(key[1], set()).add(day_.date)
            first = new is not None and (
                (old is None and (key, "stance") not in seen)
                or (old is not None and old[0] == new[0] and old[1] is None and (key, "red_line") not in seen)
            )
            if old != new and not first:  # a first record (stance or red line) is not news
                news.add(day_.date)
        seen |= {(k, "stance") for k in now} | {(k, "red_line") for k, v in now.items() if v[1]}
        states[day_.date] = now
        stuck[day_.date] = {i.issue for i in analysis.issues if i.deadlocked}
        previous = now
    return states, moved, stuck, news


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_every_since_sentence_is_true_of_the_folded_history(generated):
    neg, snaps, as_of = generated
    text = _render(build_briefing(neg, snaps, as_of))
    states, moved, stuck, news = _facts(neg, snaps, as_of)
    dates = sorted(states)
    titles = {i.title: i.id for i in neg.issues}
    for m in re.finditer(
        rf"\| (IssueOne|IssueTwo) \|[^\n]*deadlocked since (?:the first record \()?{DAY}", text
    ):
        issue, start = titles[m.group(1)], _day(m, 2)
        assert all(issue in stuck[d] for d in dates if d >= start), m.group(0)
        assert not [
            d for d in dates if d < start and d == max(x for x in dates if x < start) and issue in stuck[d]
        ], m.group(0)  # it began on that date
    for m in re.finditer(rf"\| (IssueOne|IssueTwo) \|[^\n]*stalled, no position moved since {DAY}", text):
        issue, start = titles[m.group(1)], _day(m, 2)
        assert max(moved[issue]) == start, m.group(0)
    for section in re.split(r"\n### ", text)[1:]:
        title = section.split("\n", 1)[0]
        if title not in titles:
            continue
        issue = titles[title]
        for m in re.finditer(rf"No position on it moved since {DAY}", section):
            assert max(moved[issue]) == _day(m), m.group(0)  # the last move, none after
        for m in re.finditer(rf"- \*\*(Party\d)\*\*: [^\n]*?; (held since|first recorded) {DAY}", section):
            party = f"p{m.group(1)[5:]}"
            start = _day(m, 3)
            key = (party, issue)
            held = [states[d].get(key) for d in dates if d >= start]
            assert held and all(h == held[0] for h in held), m.group(0)  # unchanged since
            before = [states[d].get(key) for d in dates if d < start]
            assert not before or before[-1] != held[0], m.group(0)  # and changed on that date
            if m.group(2) == "first recorded":
                assert all(key not in states[d] for d in dates if d < start), m.group(0)
    for m in re.finditer(rf"Since {DAY}, no party has moved", text):
        start = _day(m, 1, as_of.year)
        assert not [d for d in news if start < d <= as_of], m.group(0)  # first records aside


def test_a_crossed_red_line_comes_first():
    """North's red line b stands (not addressed on the 5th) while its stance goes to c,
    beyond it toward South: the first sentence of the briefing, and the first change."""
    from strategies import demo_negotiation

    snaps = [
        snap(3, pos("north", "a", "b"), pos("south", "d", "d"), slug="one"),
        snap(5, pos("north", "c"), slug="two"),
    ]
    text = _render(build_briefing(demo_negotiation(), snaps, since=date(2022, 1, 3)))
    check_document(text)
    bottom = bottom_line_of(text)
    assert bottom.startswith("North crossed its own red line on The border on 5 January 2022. ")
    assert (
        "## What changed since 3 January 2022\n\n- 5 January 2022: North crossed its own "
        "red line on The border: its stance Line C lies beyond its red line Line B (stated "
        "3 January 2022)[^"
    ) in text
    assert (
        "**North crossed its own red line on The border on 5 January 2022:** its stance "
        "Line C lies beyond its own red line Line B, stated 3 January 2022[^"
    ) in text
