"""The briefing's annex: issue by issue, the other quotes, every event, charts, sources.

Each section is a list of markdown lines; `cite` numbers the footnotes in reading
order, so the sources come last, as footnote definitions in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..analysis import IssueAnalysis, PairAnalysis
from ..briefing import Briefing, Chart, Claim, KeyQuote
from . import brief_words as w
from . import charts as chart_render
from .escape import markdown as md
from .escape import markdown_start as md_start
from .escape import url as safe_url
from .markdown import table


def sections(
    b: Briefing,
    cite: w.Citer,
    chart_links: dict[str, str] | None,
    changes: Sequence[Callable[[w.Citer], str]] = (),
) -> list[list[str]]:
    """The annex; `changes`, when given, are every change (the first page shows a few)."""
    return [
        _issues(b, cite),
        _other_quotes(b, cite),
        _all_changes(b, cite, changes),
        _events(b, cite),
        _charts(b, chart_links),
        _caveats(b),
        _sources(b, cite),
    ]


def _all_changes(b: Briefing, cite: w.Citer, changes: Sequence[Callable[[w.Citer], str]]) -> list[str]:
    if not changes or b.since is None:
        return []
    return [
        f"## All changes since {w.day(b.since)}",
        "",
        "Most important first: statuses "
        "that changed, moves (newest first), then what the data records for the first "
        "time.",
        "",
        *[f"- {item(cite)}" for item in changes],
    ]


def _issues(b: Briefing, cite: w.Citer) -> list[str]:
    lines = [
        "## Annex: issue by issue",
        "",
        "A party's stance is what it asks for; its red line, the furthest it says it will "
        "go. Two parties whose ranges (stance to red line) do not meet are deadlocked.",
    ]
    for item in b.report.analysis.issues:
        lines += ["", *_issue(b, item, cite)]
    return lines


def _issue(b: Briefing, item: IssueAnalysis, cite: w.Citer) -> list[str]:
    neg = b.negotiation
    status = w.status(b, item)
    text = f"**{status[:1].upper()}{status[1:]}.**"
    for p in item.pairs:
        text += " " + _pair(b, p)
    if not item.pairs:
        text += " No two opposing parties both hold a position on it."
    quiet = w.quiet(item)
    if item.status == "stalled" and item.restatements:  # the status names the date
        text += f" Restated on {w.dates(item.restatements)} since, without a move."
    elif quiet and item.status not in ("agreed", "aligned", "stalled") and item.last_move != b.as_of:
        text += " " + quiet
    if item.reported is not None:
        said = item.reported.reported.status.replace("-", " ")
        text += (
            f" The sources report {md(said)} ({w.day(item.reported.source.date)})"
            f"{cite(item.reported.source)}."
        )
    stale = item.reported_stale
    if stale is not None and item.stale_since is not None:  # history, not the present
        said = stale.reported.status.replace("-", " ")
        text += (
            f" Earlier, a source reported {md(said)} ({w.day(stale.source.date)})"
            f"{cite(stale.source)}; a position on the issue moved on "
            f"{w.day(item.stale_since)}, so that report is history."
        )
    lines = [w.heading(3, w.issue(neg, item.issue)), "", text]
    lines += _crossings(b, item.issue, cite)
    if item.contradiction:
        lines += [
            "",
            f"**Flag:** {md(item.contradiction)}. The analysis rests on the positions "
            "the sources report, not on their own word on the talks.",
        ]
    for q in b.reported:
        if q.issue == item.issue:
            lines += ["", f"> {_quote(b, q, cite)}"]
    claims = [c for c in b.claims if c.held.issue == item.issue]
    if claims:
        lines.append("")
    for c in claims:
        lines.append(f"- {_claim(b, c, cite)}")
        if c.red_line_quote is not None:  # quoted under the table on the first page
            lines[-1] += (
                f" Its red line is stated in its own words by "
                f"{md(c.red_line_quote.speaker)}{cite(c.red_line_quote.source)}, "
                "quoted on the first page."
            )
        if c.quote is not None:
            lines += ["", f"  > {_quote(b, c.quote, cite)}", ""]
    while lines[-1] == "":
        lines.pop()
    return lines


def _crossings(b: Briefing, issue: str, cite: w.Citer) -> list[str]:
    """Each red line crossed on the issue, in bold, with both reports."""
    neg, lines = b.negotiation, []
    for crossed in b.crossed:
        x = crossed.crossing
        if x.issue != issue:
            continue
        stated = f", stated {w.day(x.red_line_date)}" if x.red_line_date else ""
        lines += [
            "",
            f"**{w.crossing(neg, x)}:** its stance {w.label(neg, issue, x.stance)} "
            f"lies beyond its own red line {w.label(neg, issue, x.red_line)}{stated}"
            f"{cite(crossed.source, crossed.red_line_source)}.",
        ]
    return lines


def _pair(b: Briefing, p: PairAnalysis) -> str:
    """'United States and Russia: red lines 3 steps apart, stances 3 steps apart.'"""
    neg = b.negotiation
    issue = neg.issue_by_id[p.issue]
    text = f"{w.party(neg, p.a)} and {w.party(neg, p.b)}: "
    if p.gap == 0:
        text += "the same stance"
    elif p.verdict == "deadlocked" and p.range_gap is not None:
        text += f"red lines {w.steps(p.range_gap)} apart, stances {w.steps(p.gap)} apart"
    elif p.verdict == "zone":
        labels = [issue.label(z) for z in p.zone]
        span = labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"
        text += f"stances {w.steps(p.gap)} apart, agreement possible at {md(span)}"
    else:
        text += f"stances {w.steps(p.gap)} apart, red lines not both known"
    if p.trend != "static" and p.moved:
        movers = w.and_([w.party(neg, m) for m in p.moved])
        text += f"; {md(p.trend)} since {movers} moved on {w.day(p.stable_since)}"
    return text + "."


def _claim(b: Briefing, c: Claim, cite: w.Citer) -> str:
    neg = b.negotiation
    h = c.held
    red = f", red line {w.label(neg, h.issue, h.red_line)}" if h.red_line else ", no red line known"
    first = b.first_record(h.party, h.issue)
    when = f"first recorded {w.day(h.since)}" if first == h.since else f"held since {w.day(h.since)}"
    if h.last_confirmed != h.since:
        when += f", last stated {w.day(h.last_confirmed)}"
    summary = f" {md(c.summary)}" if c.summary.strip() else ""
    return (
        f"{w.strong(neg.party_name(h.party))}: {w.label(neg, h.issue, h.stance)}{red}; "
        f"{when}.{summary}{cite(c.source)}"
    )


def _quote(b: Briefing, q: KeyQuote, cite: w.Citer) -> str:
    """'“text” — Speaker (Party), 10 January 2022[^3]'."""
    neg = b.negotiation
    whose = f" ({w.party(neg, q.party)})" if q.party is not None else ""
    return f"“{md(q.text)}” — {md(q.speaker)}{whose}, {w.day(q.source.date)}{cite(q.source)}"


def _other_quotes(b: Briefing, cite: w.Citer) -> list[str]:
    if not b.quotes:
        return []
    neg = b.negotiation
    lines = ["## Other quotes", "", "Every other quote behind a position held, each once.", ""]
    current = None
    for q in b.quotes:
        if q.issue != current:
            if current is not None:
                lines.append("")
            current = q.issue
            lines += [w.heading(3, w.issue(neg, q.issue)), ""]
        lines.append(f"- {_quote(b, q, cite)}")
    return lines


def _events(b: Briefing, cite: w.Citer) -> list[str]:
    if not b.events:
        return []
    neg = b.negotiation
    rows = [
        [
            e.date.isoformat(),
            md(e.title),
            ", ".join(w.party(neg, p) for p in e.parties) or "—",
            cite(*e.sources),
        ]
        for e in b.events
    ]
    return [
        "## Events",
        "",
        "Every event the sources name, once each, with every source that names it.",
        "",
        *table(["Date", "Event", "Parties", "Named in"], rows),
    ]


def informative(chart: Chart) -> bool:
    """Whether a Mermaid chart shows more than the table does: some party's stance changed."""
    return len(chart_render.stance_runs(chart)) > len(chart.parties)


def _charts(b: Briefing, links: dict[str, str] | None) -> list[str]:
    neg = b.negotiation
    shown = [
        c for c in b.charts if (links is not None and c.issue in links) or (links is None and informative(c))
    ]
    if not shown:
        return []
    lines = [
        "## Positions over time",
        "",
        "Each party's acceptable range on each issue, from its stance to its red line, "
        f"date by date up to {w.day(b.as_of)}.",
    ]
    for chart in shown:
        issue = neg.issue_by_id[chart.issue]
        lines += ["", w.heading(3, md(issue.title)), ""]
        if links is not None:
            lines.append(f"![Positions over time: {md(issue.title)}]({links[chart.issue]})")
        else:
            lines += ["```mermaid", *chart_render.mermaid(b, chart), "```"]
        lines += [
            "",
            "Scale: " + " → ".join(f"{n} {md(p.label)}" for n, p in enumerate(issue.scale, 1)) + ".",
        ]
    return lines


def _caveats(b: Briefing) -> list[str]:
    neg = b.negotiation
    if not b.report.conflicts:
        return []
    lines = ["## Caveats", "", "Sources of one date disagree; the first file by name was used:", ""]
    for c in b.report.conflicts:
        detail = "; ".join(f"{md(path)} says {md(value)}" for path, _, value in c.reports)
        lines.append(
            f"- {w.day(c.date)}: {w.party(neg, c.party)}'s {md(c.what)} on {w.issue(neg, c.issue)}: {detail}"
        )
    return lines


def _sources(b: Briefing, cite: w.Citer) -> list[str]:
    lines = ["## Sources", ""]
    by_path = {c.ref.path: c for c in b.sources}
    for path, n in sorted(cite.numbers.items(), key=lambda kv: kv[1]):
        c = by_path[path]
        s = c.ref
        parts = [md_start(s.outlet)] if s.outlet.strip() else []
        parts.append(f"“{md(s.title)}”")
        when = w.day(s.date)
        if c.published:
            when += f" (published {w.day(c.published)})"
        parts.append(when)
        link = safe_url(s.url) if s.url else None
        if link:
            parts.append((f"via {md(c.via)}: " if c.via else "") + f"<{link}>")
        lines.append(f"[^{n}]: " + ", ".join(parts))
    return lines
