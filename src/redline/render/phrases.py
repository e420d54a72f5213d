"""Plain-text phrases shared by the text and markdown renderers.

They return unescaped text built from the data: each renderer escapes it for its
medium (`escape.terminal`, `escape.markdown`).
"""

from __future__ import annotations

from ..analysis import IssueAnalysis, PairAnalysis
from ..compare import Change, StatusChange
from ..model import Issue, Negotiation

ARROW = {"softened": "↘", "hardened": "↗", "moved": "→", "stated": "+", "dropped": "−"}


def steps(n: int | None) -> str:
    if n is None:
        return ""
    return f"{n} step" if n == 1 else f"{n} steps"


def times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def issue_status(item: IssueAnalysis) -> str:
    """e.g. 'deadlocked since 2022-01-10 (restated 8 times without movement)'."""
    parts = []
    if item.deadlocked and item.deadlocked_since:
        text = f"deadlocked since {item.deadlocked_since.isoformat()}"
        if item.deadlock_restatements:
            text += f" (restated {times(item.deadlock_restatements)} without movement)"
        parts.append(text)
    if item.stalled and item.stalled_since:
        parts.append(f"stalled since {item.stalled_since.isoformat()} (restated "
                     f"{times(item.stalled_restatements)})")
    if item.status == "agreed" and item.agreed_since:
        parts.append(f"agreed since {item.agreed_since.isoformat()}")
    if not parts:
        parts.append(item.status)
    return "; ".join(parts)


def zone(issue: Issue, points: tuple[str, ...]) -> str:
    """A zone of possible agreement by its scale labels: 'A' or 'A to C'."""
    labels = [issue.label(z) for z in points]
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def pair(negotiation: Negotiation, p: PairAnalysis, names: bool = False) -> str:
    """One opposing pair in a sentence: by ids ('us × russia'), or by `names`."""
    issue = negotiation.issue_by_id[p.issue]
    name = negotiation.party_name if names else str
    who = f"{name(p.a)} and {name(p.b)}" if names else f"{p.a} × {p.b}"
    if p.status == "agreed":
        return f"{who}: agreed"
    if p.verdict == "deadlocked":
        text = (f"{who}: deadlocked, red-line ranges {steps(p.range_gap)} apart, "
                f"stances {steps(p.gap)} apart")
    elif p.verdict == "zone":
        text = (f"{who}: {p.status}, stances {steps(p.gap)} apart, zone of possible agreement: "
                f"{zone(issue, p.zone)}")
    else:
        text = f"{who}: {p.status}, stances {steps(p.gap)} apart, red lines not both known"
    if p.trend != "static" and p.moved:
        movers = " and ".join(name(m) for m in p.moved)
        text += f"; {p.trend} since {movers} moved on {p.stable_since.isoformat()}"
    if p.stalled:
        text += (f"; no stance moved since {p.stable_since.isoformat()} "
                 f"(restated {times(p.restatements)})")
    return text


def change(negotiation: Negotiation, c: Change) -> str:
    """One change in a sentence: 'russia's stance on x: A → B, softened by 1 step'."""
    issue = negotiation.issue_by_id[c.issue]
    if c.kind == "added":
        return f"{c.party}: new position on {c.issue}: {issue.label(c.new)}"
    if c.kind == "withdrawn":
        return f"{c.party}: withdrew its position on {c.issue} (was {issue.label(c.old)})"
    if c.kind in ("stance", "red_line"):
        what = "stance" if c.kind == "stance" else "red line"
        if c.direction == "stated":
            return f"{c.party}: states a red line on {c.issue}: {issue.label(c.new)}"
        if c.direction == "dropped":
            return f"{c.party}: red line on {c.issue} no longer stated (was {issue.label(c.old)})"
        way = c.direction or "moved"
        amount = f" by {steps(c.steps)}" if c.steps else ""
        return (f"{c.party}'s {what} on {c.issue}: {issue.label(c.old)} → {issue.label(c.new)}, "
                f"{way}{amount}")
    if c.kind == "summary":
        return f"{c.party} on {c.issue}: summary reworded"
    if c.kind == "quote_added":
        return f"{c.party} on {c.issue}: quote added: “{c.new}”"
    return f"{c.party} on {c.issue}: quote removed: “{c.old}”"


def status_change(s: StatusChange) -> str:
    since = f" since {s.since.isoformat()}" if s.since and s.event.startswith("still") else ""
    if s.old == s.new:
        return f"{s.issue}: {s.event}{since}"
    return f"{s.issue}: {s.event} ({s.old} → {s.new}){since}"
