"""The briefing as GitHub-flavoured markdown, also clean input for pandoc.

Sections: title and provenance, bottom line, what changed, issue by issue, deadlocks,
key quotes, upcoming events, positions over time, sources. Sources are a numbered list
and every claim taken from one carries its number, as in "[3]".

Nothing from the data can change the document's structure: inline text goes through
`escape.markdown` (and `escape.markdown_start` where it could begin a line), ids through
`escape.code`, URLs through `escape.url`, chart labels through `escape.mermaid_bare`.
No raw HTML is written (pandoc would drop it from a Word document), and no date but
those of the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from ..analysis import IssueAnalysis, PairAnalysis
from ..briefing import Briefing, KeyQuote, Move
from ..fold import SourceRef
from ..model import Negotiation
from . import charts as chart_render
from . import phrases
from .escape import code
from .escape import markdown as md
from .escape import markdown_start as md_start
from .escape import url as safe_url
from .markdown import table


def render_brief(briefing: Briefing, out: TextIO,
                 chart_links: dict[str, str] | None = None) -> None:
    """Write the briefing; `chart_links` ({issue id: image path}) replaces Mermaid."""
    sections = [
        _header(briefing),
        _bottom_line(briefing),
        _changes(briefing),
        _issues(briefing),
        _deadlocks(briefing),
        _quotes(briefing),
        _events(briefing),
        _charts(briefing, chart_links),
        _caveats(briefing),
        _sources(briefing),
    ]
    out.write("\n\n".join("\n".join(s) for s in sections if s) + "\n")


# ---------------------------------------------------------------- small phrases


def _heading(level: int, text: str) -> str:
    """An ATX heading; a trailing '#' of the data is escaped, or it would close the heading."""
    if text.endswith("#"):
        text = text[:-1] + "\\#"
    return "#" * level + " " + text


def _strong(text: str) -> str:
    """Bold text from the data, safe at the start of a list item ('—' when blank)."""
    inner = md_start(text)
    return f"**{inner}**" if inner else "—"


def _cite(b: Briefing, *sources: SourceRef) -> str:
    numbers = sorted({b.cite(s) for s in sources})
    return "".join(f"\\[{n}\\]" for n in numbers)


def _issue_name(neg: Negotiation, issue_id: str) -> str:
    """'NATO enlargement (`nato-expansion`)'."""
    issue = neg.issue_by_id.get(issue_id)
    return f"{md(issue.title)} ({code(issue_id)})" if issue else code(issue_id)


def _party(neg: Negotiation, party: str) -> str:
    return md(neg.party_name(party))


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _number(n: int) -> str:
    """A count at the start of a sentence: 'Two', or '12'."""
    return _NUMBERS[n].capitalize() if n < len(_NUMBERS) else str(n)


def _said(status: str) -> str:
    """A source-reported status in prose: 'no-progress' -> 'no progress'."""
    return md(status.replace("-", " "))


def _and(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _between(neg: Negotiation, pairs: Iterable[PairAnalysis]) -> str:
    """'between A and B'; with allies on a side, 'between A and B on one side and C on the
    other' (only when every party of one side faces every party of the other)."""
    pairs = list(pairs)
    camps: dict[str, list[str]] = {}
    for party in dict.fromkeys(p for pair in pairs for p in (pair.a, pair.b)):
        found = neg.party_by_id.get(party)
        camps.setdefault(found.camp if found else party, []).append(party)
    groups = list(camps.values())
    faced = {frozenset((pair.a, pair.b)) for pair in pairs}
    if len(groups) == 2 and len(faced) == len(groups[0]) * len(groups[1]) and all(
            frozenset((a, b)) in faced for a in groups[0] for b in groups[1]):
        one, other = ([_party(neg, p) for p in g] for g in groups)
        if len(one) == len(other) == 1:
            return f"between {one[0]} and {other[0]}"
        return f"between {_and(one)} on one side and {_and(other)} on the other"
    return ", ".join(f"between {_party(neg, pair.a)} and {_party(neg, pair.b)}"
                     for pair in pairs)


def _pair(neg: Negotiation, p: PairAnalysis) -> str:
    """One opposing pair in a sentence, with the parties' names."""
    return md(phrases.pair(neg, p, names=True)) + "."


def _status_short(item: IssueAnalysis) -> str:
    """'deadlocked since 2022-01-10', for a table cell."""
    since = (item.deadlocked_since if item.status == "deadlocked" else
             item.stalled_since if item.status == "stalled" else
             item.agreed_since if item.status == "agreed" else None)
    text = f"**{item.status}**" + (f" since {since.isoformat()}" if since else "")
    if item.contradiction and item.reported is not None:
        text += f"; flagged: the source reports {_said(item.reported.reported.status)}"
    return text


def _move(neg: Negotiation, move: Move) -> str:
    """'**Russia** hardened its stance on De-escalation (`de-escalation`) by 1 step: A → B'."""
    c = move.change
    issue = neg.issue_by_id[c.issue]
    who = _strong(neg.party_name(c.party))
    on = _issue_name(neg, c.issue)
    old, new = md(issue.label(c.old)), md(issue.label(c.new))
    if c.kind == "added":
        return f"{who} takes a position on {on}: {new}"
    if c.kind == "withdrawn":
        return f"{who} withdrew its position on {on} (was {old})"
    what = "stance" if c.kind == "stance" else "red line"
    if c.direction == "stated":
        return f"{who} states a red line on {on}: {new}"
    if c.direction == "dropped":
        return f"{who} no longer states a red line on {on} (was {old})"
    amount = f" by {phrases.steps(c.steps)}" if c.steps else ""
    return f"{who} {c.direction or 'moved'} its {what} on {on}{amount}: {old} → {new}"


_VERB = {"added": "took a position", "withdrawn": "withdrew its position",
         "stated": "stated a red line", "dropped": "withdrew its red line"}


def _verb(move: Move) -> str:
    c = move.change
    if c.kind in _VERB:
        return _VERB[c.kind]
    if c.direction in _VERB:
        return _VERB[c.direction or ""]
    what = "stance" if c.kind == "stance" else "red line"
    return f"{c.direction or 'moved'} its {what}"


# ---------------------------------------------------------------- sections


def _header(b: Briefing) -> list[str]:
    neg, report = b.negotiation, b.report
    first, last = report.first, report.last
    documents = "1 source document" if report.snapshots == 1 else \
        f"{report.snapshots} source documents"
    span = (f"{documents} dated {first.isoformat()} to "
            f"{last.isoformat()}" if first and last else "no source documents")
    since = (f"{b.since.isoformat()}" if b.since else
             "nothing earlier (the first date in the data)")
    lines = [_heading(1, f"Briefing: {md(neg.title)}"), "",
             f"- **Negotiation:** {code(neg.id)}",
             f"- **As of:** {b.as_of.isoformat()}",
             f"- **Changes since:** {since}",
             f"- **Rests on:** {span}; {len(b.sources)} of them cited below"]
    if neg.description:
        lines += ["", md_start(neg.description)]
    return lines


def _bottom_line(b: Briefing) -> list[str]:
    sentences = [_deadlock_sentence(b)]
    others = _others_sentence(b)
    if others:
        sentences.append(others)
    sentences.append(_zone_sentence(b))
    sentences.append(_moved_sentence(b))
    contradictions = [i for i in b.report.analysis.issues if i.contradiction]
    if contradictions:
        sentences.append("Flagged, the sources' own word against the analysis: " + "; ".join(
            f"on {code(i.issue)}, {md(i.contradiction or '')}" for i in contradictions) + ".")
    return ["## Bottom line", "", *[f"- {s}" for s in sentences]]


def _deadlock_sentence(b: Briefing) -> str:
    neg = b.negotiation
    stuck = [i for i in b.report.analysis.issues if i.status == "deadlocked"]
    if not stuck:
        return f"No issue is deadlocked as of {b.as_of.isoformat()}."
    parts = []
    for item in stuck:
        pairs = [p for p in item.pairs if p.verdict == "deadlocked"]
        since = item.deadlocked_since.isoformat() if item.deadlocked_since else "?"
        parts.append(f"{_issue_name(neg, item.issue)} {_between(neg, pairs)}, since {since}")
    count = "One issue is" if len(stuck) == 1 else f"{_number(len(stuck))} issues are"
    return f"{count} deadlocked, with red lines that do not meet: {'; '.join(parts)}."


def _others_sentence(b: Briefing) -> str:
    neg = b.negotiation
    issues = b.report.analysis.issues
    others = [i for i in issues if i.status != "deadlocked"]
    if not others:
        return ""
    described = "; ".join(f"{_issue_name(neg, i.issue)}, {md(phrases.issue_status(i))}"
                          for i in others)
    lead = "The other issues are not deadlocked" if len(others) < len(issues) else "By issue"
    return f"{lead}: {described}."


def _zone_sentence(b: Briefing) -> str:
    neg = b.negotiation
    zones = []
    unknown = []
    for item in b.report.analysis.issues:
        issue = neg.issue_by_id[item.issue]
        for p in item.pairs:
            if p.verdict == "zone" and p.gap > 0:
                zones.append(f"on {_issue_name(neg, item.issue)} {_between(neg, [p])} "
                             f"({md(phrases.zone(issue, p.zone))})")
        if any(p.verdict == "unclear" for p in item.pairs):
            unknown.append(code(item.issue))
    if zones:
        return f"A zone of possible agreement exists {'; '.join(zones)}."
    text = "No zone of possible agreement is known on any issue"
    if unknown:
        text += (f": on {_and(unknown)} the red lines needed to tell are not all known")
    return text + "."


def _moved_sentence(b: Briefing) -> str:
    neg = b.negotiation
    if b.since is None:
        return (f"There is nothing earlier to compare with: {b.as_of.isoformat()} is the first "
                "date in the data.")
    moves = [m for m in b.moves]
    changed = [s for s in b.status_changes if s.old != s.new]
    status = "; ".join(f"{code(s.issue)} went from {md(s.old)} to {md(s.new)}" for s in changed)
    if not moves:
        text = f"No party moved since {b.since.isoformat()}"
        return text + (f"; {status}." if status else ".")
    by_party: dict[str, dict[str, list[str]]] = {}
    for m in reversed(moves):  # oldest first reads in order
        issues = by_party.setdefault(m.change.party, {}).setdefault(_verb(m), [])
        if code(m.change.issue) not in issues:
            issues.append(code(m.change.issue))
    order = {p.id: i for i, p in enumerate(neg.parties)}
    clauses = []
    for party in sorted(by_party, key=lambda p: order.get(p, len(order))):
        verbs = [f"{verb} on {_and(issues)}" for verb, issues in by_party[party].items()]
        clauses.append(f"{_party(neg, party)} {_and(verbs)}")
    text = f"Since {b.since.isoformat()}, {'; '.join(clauses)}"
    stayed = [p for p in neg.parties if p.id not in by_party
              and any(b.report.analysis.state.get(p.id, i.id) for i in neg.issues)]
    if stayed and len(by_party) == 1:
        text += ", and no other party moved"
    return text + (f"; {status}." if status else ".")


def _changes(b: Briefing) -> list[str]:
    neg = b.negotiation
    if b.since is None:
        return ["## What changed", "",
                f"Nothing to compare with: {b.as_of.isoformat()} is the first date in the data."]
    lines = [f"## What changed since {b.since.isoformat()}", ""]
    if not b.moves:
        lines.append("No position moved: every position reported since was a restatement.")
    current = None
    for m in b.moves:
        if m.date != current:
            if current is not None:
                lines.append("")
            current = m.date
            lines += [_heading(3, m.date.isoformat()), ""]
        lines.append(f"- {_move(neg, m)} {_cite(b, m.source)}")
    changed = [s for s in b.status_changes if s.old != s.new]
    if changed:
        lines += ["", f"Status changes between {b.since.isoformat()} and {b.as_of.isoformat()}:",
                  ""]
        lines += [f"- {code(s.issue)}: {md(s.event)} ({md(s.old)} → {md(s.new)})"
                  for s in changed]
    return lines


def _issues(b: Briefing) -> list[str]:
    neg = b.negotiation
    analysis = b.report.analysis
    state = analysis.state
    parties = [p for p in neg.parties if any(state.get(p.id, i.id) for i in neg.issues)]
    rows = []
    for item in analysis.issues:
        issue = neg.issue_by_id[item.issue]
        cells = [_issue_name(neg, item.issue)]
        for party in parties:
            held = state.get(party.id, item.issue)
            if held is None:
                cells.append("—")
                continue
            cell = md(issue.label(held.stance))
            if held.red_line:
                cell += f" (red line: {md(issue.label(held.red_line))})"
            cells.append(cell)
        cells.append(_status_short(item))
        rows.append(cells)
    lines = ["## Issue by issue", "",
             "Each party's stance (what it asks for) and red line (the furthest it says it "
             "will go), as of the date of the briefing.", ""]
    lines += table(["Issue", *[md(p.name) for p in parties], "Status"], rows)
    for item in analysis.issues:
        lines += ["", *_issue_section(b, item)]
    return lines


def _issue_section(b: Briefing, item: IssueAnalysis) -> list[str]:
    neg = b.negotiation
    issue = neg.issue_by_id[item.issue]
    state = b.report.analysis.state
    party_order = {p.id: i for i, p in enumerate(neg.parties)}
    lines = [_heading(3, _issue_name(neg, item.issue)), ""]
    text = f"**Status: {md(phrases.issue_status(item))}.**"
    for p in item.pairs:
        text += " " + _pair(neg, p)
    if not item.pairs:
        text += " No two opposing parties both hold a position on it."
    if item.reported is not None:
        rep = item.reported
        text += (f" The source reports {_said(rep.reported.status)} "
                 f"({rep.source.date.isoformat()}) {_cite(b, rep.source)}.")
    lines.append(text)
    if item.contradiction:
        lines += ["", f"**Flag:** {md(item.contradiction)}. The analysis rests on the positions "
                  "the sources report, not on their own word on the talks."]
    held = sorted(state.on_issue(item.issue), key=lambda h: party_order.get(h.party, 0))
    if held:
        lines.append("")
    for h in held:
        stance = md(issue.label(h.stance))
        red = f", red line {md(issue.label(h.red_line))}" if h.red_line else ", no red line known"
        summary = f" {md(h.summary)}" if h.summary.strip() else ""
        lines.append(f"- {_strong(neg.party_name(h.party))}: {stance}{red}, since "
                     f"{h.since.isoformat()}, last restated {h.last_confirmed.isoformat()}."
                     f"{summary} {_cite(b, h.source)}")
    quote = b.key_quote(item.issue)
    if quote is not None:
        lines += ["", f"> “{md(quote.text)}” — {md(quote.speaker)}{_attribution(neg, quote)} "
                  f"{_cite(b, quote.source)}"]
    return lines


def _attribution(neg: Negotiation, q: KeyQuote) -> str:
    """What follows a speaker's name: ' (Party), 2022-01-12' or ', of the talks, ...'."""
    if q.party is not None:
        return f" ({_party(neg, q.party)}), {q.source.date.isoformat()}"
    return f", of the talks, {q.source.date.isoformat()}"


def _deadlocks(b: Briefing) -> list[str]:
    neg = b.negotiation
    issues = b.report.analysis.issues
    stuck = [i for i in issues if i.status == "deadlocked"]
    lines = ["## Deadlocks", ""]
    if not stuck:
        lines.append(f"No issue is deadlocked as of {b.as_of.isoformat()}.")
    else:
        lines += ["A deadlock is a pair of opposing parties whose acceptable ranges (from stance "
                  "to red line) do not meet; the gap is in steps of the issue's scale.", ""]
        rows = []
        for item in stuck:
            since = item.deadlocked_since.isoformat() if item.deadlocked_since else "—"
            for p in item.pairs:
                if p.verdict != "deadlocked":
                    continue
                rows.append([_issue_name(neg, item.issue),
                             f"{_party(neg, p.a)} and {_party(neg, p.b)}",
                             phrases.steps(p.range_gap), phrases.steps(p.gap), since,
                             phrases.times(item.deadlock_restatements)])
        lines += table(["Issue", "Between", "Red lines apart", "Stances apart",
                        "Deadlocked since", "Restated without movement"], rows)
    stalled = [i for i in issues if i.stalled and i.status != "deadlocked"]
    if stalled:
        lines += ["", "Stalled without a deadlock: " + "; ".join(
            f"{_issue_name(neg, i.issue)}, no stance moved since "
            f"{i.stalled_since.isoformat() if i.stalled_since else '?'} (restated "
            f"{phrases.times(i.stalled_restatements)})" for i in stalled) + "."]
    return lines


def _quotes(b: Briefing) -> list[str]:
    neg = b.negotiation
    lines = ["## Key quotes", ""]
    if not b.quotes:
        return [*lines, "The sources cited give no verbatim quotes."]
    lines += ["Verbatim, with the source each is taken from: one per party and issue, and the "
              "sources' own word on the talks.", ""]
    current = None
    for q in b.quotes:
        if q.issue != current:
            if current is not None:
                lines.append("")
            current = q.issue
            lines += [_heading(3, _issue_name(neg, q.issue)), ""]
        lines.append(f"- {_strong(q.speaker)}{_attribution(neg, q)}: “{md(q.text)}” "
                     f"{_cite(b, q.source)}")
    return lines


def _events(b: Briefing) -> list[str]:
    neg = b.negotiation
    lines = ["## Upcoming events", ""]
    if not b.events:
        return [*lines, f"The sources up to {b.as_of.isoformat()} announce no event after it."]
    rows = [[e.date.isoformat(), md(e.title),
             ", ".join(_party(neg, p) for p in e.parties) or "—",
             _cite(b, *e.sources)] for e in b.events]
    return [*lines, *table(["Date", "Event", "Parties", "Announced in"], rows)]


def _charts(b: Briefing, links: dict[str, str] | None) -> list[str]:
    neg = b.negotiation
    if not b.charts:
        return []
    lines = ["## Positions over time", "",
             "For each issue, the stance each party held, date by date, up to "
             f"{b.as_of.isoformat()}. A party's line starts when a source first reports its "
             "position; a gap means it held none. Points are numbered along the issue's "
             "scale, from one pole (1) to the other."]
    for chart in b.charts:
        issue = neg.issue_by_id[chart.issue]
        lines += ["", _heading(3, _issue_name(neg, chart.issue)), ""]
        if links is not None and chart.issue in links:
            lines.append(f"![Positions over time: {md(issue.title)}]({links[chart.issue]})")
        else:
            lines += ["```mermaid", *chart_render.mermaid(b, chart), "```"]
        lines += ["", "Scale: " + " → ".join(f"{n} {md(p.label)}"
                                             for n, p in enumerate(issue.scale, 1)) + "."]
    return lines


def _caveats(b: Briefing) -> list[str]:
    neg = b.negotiation
    if not b.report.conflicts:
        return []
    lines = ["## Caveats", "", "Sources of one date disagree; the first file by name was used:",
             ""]
    for c in b.report.conflicts:
        detail = "; ".join(f"{md(path)} says {md(value)}" for path, _, value in c.reports)
        lines.append(f"- {c.date.isoformat()}: {_party(neg, c.party)}'s {md(c.what)} on "
                     f"{code(c.issue)}: {detail}")
    return lines


def _sources(b: Briefing) -> list[str]:
    lines = ["## Sources", ""]
    for n, s in enumerate(b.sources, 1):
        parts = [md_start(s.outlet)] if s.outlet.strip() else []
        parts.append(f"“{md(s.title)}”")
        parts.append(s.date.isoformat())
        link = safe_url(s.url) if s.url else None
        if link:
            parts.append(f"<{link}>")
        lines.append(f"{n}. " + ", ".join(parts))
    return lines
