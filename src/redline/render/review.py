"""Renderers for `redline review`: a pull-request comment and workflow annotations (the
terminal view is `review_text`, JSON `review_json`).

`markdown` writes a comment for a pull request: a hidden marker (`MARKER`) so a
workflow can update one comment in place, the one-line summary outside the fold, then
collapsible `<details>` sections; it stays under `max_chars` by cutting the last
section it reaches and saying so. Every piece of data goes through `escape.markdown`
(or `escape.html_text` inside HTML tags): a pull request is written by someone you may not trust.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from ..compare import Change
from ..model import Negotiation
from ..review import Effect, NegotiationReview, Review
from . import escape, github, phrases
from .escape import html_text, markdown_start
from .escape import markdown as md
from .markdown import table
from .review_phrases import (
    ANCESTRY,
    change_phrase,
    change_where,
    context_line,
    effect_phrase,
    negotiation_counts,
    plural,
    quote_words,
    redated,
    retold_phrase,
    source_words,
    stated_arrow,
    stated_phrase,
    status_phrase,
    summary_line,
    today_effect,
    where,
)

__all__ = ["render_github", "render_markdown", "summary_line"]

MARKER = "<!-- redline-review -->"
COMMENT_LIMIT = 65_000


# --- markdown --------------------------------------------------------------------------------


@dataclass
class _Section:
    summary: str  # HTML, escaped already
    body: list[str] = field(default_factory=list)
    open: bool = False

    @property
    def head(self) -> list[str]:
        return [f"<details{' open' if self.open else ''}><summary>{self.summary}</summary>", ""]

    tail = ("", "</details>", "")


def _md_words(c: Change) -> str:
    return " ".join(
        f"~~{md(w)}~~" if op == "-" else f"**{md(w)}**" if op == "+" else md(w) for op, w in c.words
    )


def _md_negotiation(neg: NegotiationReview) -> _Section:
    model = neg.negotiation
    title = f" ({model.title})" if model else ""
    section = _Section(f"<b>{html_text(neg.id)}</b>{html_text(title)}: {html_text(negotiation_counts(neg))}")
    body = section.body
    if model is not None:
        body += [line for c in neg.crossings for line in (f"**⚠️ {md(phrases.crossing(model, c))}**", "")]
    rows = [
        [
            fc.status,
            md(fc.path)
            + (f" (from {md(fc.old_path)})" if fc.old_path else "")
            + (f"; {md(redated(fc))}" if fc.old_date else ""),
        ]
        for fc in neg.files
    ]
    body += ["**Files**", "", *table(["change", "file"], rows), ""]
    if neg.definition:
        body += ["**negotiation.yaml**", ""]
        body += [f"- {md(line)}" for line in neg.definition]
        body.append("")
    body += _md_added(neg)
    changed = [fc for fc in neg.files if (fc.changes or not fc.compared) and not fc.stated]
    if changed:
        body += ["**Changes to positions**", ""]
        for fc in changed:
            body.append(f"- {markdown_start(fc.path)}")
            if not fc.compared:
                body.append("  - not compared: validation problems in this file or its negotiation")
            for c in fc.changes:
                arrow = phrases.ARROW.get(c.direction or "", "•")
                body.append(f"  - {arrow} {md(change_phrase(model, c))} ({md(change_where(c))})")
                if c.kind == "summary" and c.words:
                    body.append(f"    - {_md_words(c)}")
        body.append("")
    if neg.effects or neg.note:
        body += ["**Effect on the folded state**", ""]
        if neg.note:
            body.append(f"- {md(neg.note)}")
        for effect in neg.effects:
            body += _md_effect(model, effect)
        body.append("")
    today = today_effect(neg)
    if today is not None:
        body += [f"**Today** (as of {today.date.isoformat()})", "", *_md_effect(model, today), ""]
    while body and body[-1] == "":
        body.pop()
    return section


def _md_added(neg: NegotiationReview) -> list[str]:
    """Each added snapshot: its source, and each position restated or moved, with quotes."""
    added = [fc for fc in neg.files if fc.stated]
    if not added:
        return []
    body = ["**New snapshots**", ""]
    for fc in added:
        link = escape.url(fc.source.url) if fc.source and fc.source.url else None
        body.append(f"- {markdown_start(fc.path)}: {md(source_words(fc))}" + (f" <{link}>" if link else ""))
        for s in fc.stated:
            body.append(
                f"  - {stated_arrow(s)} {md(stated_phrase(s))} "
                f"({md(where(fc.path, s.stance_line or s.line))})"
            )
            body += [f"    - {md(quote_words(q))}" for q in s.quotes]
    return [*body, ""]


def _md_effect(model: Negotiation | None, effect: Effect) -> list[str]:
    when = effect.date.isoformat() + (" (ripple)" if effect.ripple else "")
    lines = [
        f"- {phrases.ARROW.get(c.direction or '', '•')} {md(effect_phrase(model, when, c))}"
        for c in effect.changes
    ]
    lines += [f"- ⚖️ {md(status_phrase(when, s))}" for s in effect.status_changes]
    lines += [f"- ↻ {md(retold_phrase(when, a, b))}" for a, b in effect.retold]
    return lines


def markdown_sections(review: Review) -> tuple[list[str], list[_Section]]:
    """The header lines (marker, summary, context) and the collapsible sections."""
    header = [
        MARKER,
        f"**redline review**: {md(summary_line(review))}",
        "",
        f"<sub>{md(context_line(review))}</sub>",
        "",
    ]
    if not review.base_is_ancestor:
        header[-1:] = ["", f"⚠️ {md(ANCESTRY)}", ""]
    # Errors first, then flags, then the negotiations: when the comment must be cut, what
    # blocks the change is what stays.
    sections = []
    errors = sum(1 for p in review.problems if p.severity == "error")
    if review.problems:
        problems = _Section(
            f"{'❌' if errors else '⚠️'} "
            f"{plural(len(review.problems), 'validation problem')} at the head "
            f"({plural(errors, 'error')})",
            open=bool(errors),
        )
        problems.body = [f"- {markdown_start(p.format())}" for p in review.problems]
        sections.append(problems)
    if review.flags:
        flags = _Section(f"⚠️ {plural(len(review.flags), 'review flag')}", open=True)
        flags.body = [
            f"- **{md(f.code)}** {md(where(f.path, f.line))}: {md(f.message)}" for f in review.flags
        ]
        sections.append(flags)
    negotiations = [_md_negotiation(neg) for neg in review.negotiations]
    sections[len(sections) if errors else 0 : 0] = negotiations
    if review.base_problems:
        base = _Section(
            f"{plural(len(review.base_problems), 'validation problem')} at the base (for reference)"
        )
        base.body = [f"- {markdown_start(p.format())}" for p in review.base_problems]
        sections.append(base)
    return header, sections


def _size(lines: list[str] | tuple[str, ...]) -> int:
    return sum(len(line) + 1 for line in lines)


def truncation_notice(max_chars: int, hidden: int) -> str:
    return (
        f"> ⚠️ **Truncated**: this comment is limited to {max_chars:,} characters and "
        f"{plural(hidden, 'line')} of the review are not shown. The full review is in the job "
        "summary of the workflow run, or run `redline review` locally."
    )


def render_markdown(review: Review, out: TextIO, max_chars: int = COMMENT_LIMIT) -> None:
    """The review as a pull-request comment of at most `max_chars` characters."""
    header, sections = markdown_sections(review)
    full = header + [line for s in sections for line in (*s.head, *s.body, *s.tail)]
    if _size(full) <= max_chars:
        out.write("\n".join(full).rstrip("\n") + "\n")
        return
    notice_room = len(truncation_notice(max_chars, 10**9)) + 4
    budget = max_chars - _size(header) - notice_room
    kept: list[str] = []
    hidden = 0
    cut = False
    for section in sections:
        if cut:
            hidden += len(section.body)
            continue
        whole = [*section.head, *section.body, *section.tail]
        if _size(whole) <= budget:
            kept += whole
            budget -= _size(whole)
            continue
        cut = True
        room = budget - _size([*section.head, *section.tail]) - 40
        if room <= 0:
            hidden += len(section.body)
            continue
        shown = []
        for line in section.body:
            if _size([line]) > room:
                break
            shown.append(line)
            room -= _size([line])
        left = len(section.body) - len(shown)
        hidden += left
        kept += [*section.head, *shown, "", f"*… {plural(left, 'more line')} not shown*", *section.tail]
    notice = [truncation_notice(max_chars, hidden), ""]
    out.write("\n".join(header + notice + kept).rstrip("\n") + "\n")


# --- GitHub annotations ----------------------------------------------------------------------


def _cause(neg: NegotiationReview, effect: Effect, issue: str) -> tuple[str, int]:
    """The file and line a status change at a date comes from: a moved position on that
    issue in a changed file of that date, else the first changed file of that date."""
    files = [fc for fc in neg.files if fc.date == effect.date]
    for fc in files:
        for s in fc.stated:
            if s.issue == issue and s.moves:
                return fc.path, s.stance_line or s.line
        for c in fc.changes:
            if c.issue == issue and c.kind in ("stance", "red_line", "added", "withdrawn"):
                return c.path, c.line
    return (files[0].path, 0) if files else ("", 0)


def _notices(review: Review) -> list[tuple[str, str, str, int, int, str]]:
    """Status changes, then moves, then new and withdrawn positions, on their lines."""
    status, moves, others = [], [], []
    for neg in review.negotiations:
        for effect in neg.effects:
            for s in effect.status_changes:
                path, line = _cause(neg, effect, s.issue)
                status.append(
                    ("notice", f"{neg.id}: {status_phrase(effect.date.isoformat(), s)}", path, line, 0, "")
                )
        for fc in neg.files:
            moves += [
                ("notice", stated_phrase(s), fc.path, s.stance_line or s.line, 0, "")
                for s in fc.stated
                if s.moves
            ]
            moves += [
                ("notice", change_phrase(neg.negotiation, c), c.path, c.line, 0, "")
                for c in fc.changes
                if c.kind in ("stance", "red_line")
            ]
            others += [
                ("notice", change_phrase(neg.negotiation, c), c.path, c.line, 0, "")
                for c in fc.changes
                if c.kind in ("withdrawn", "removed") or (c.kind == "added" and not fc.stated)
            ]
    return status + moves + others


def render_github(review: Review, out: TextIO, limit: int = 10) -> None:
    """Workflow commands: errors, then flags and warnings, then status changes and moves on
    the lines that cause them, most important first, at most `limit` of each level."""
    items: list[tuple[str, str, str, int, int, str]] = []
    problems = list(review.problems)
    items += [
        ("error", f"{p.message} ({p.code})", p.path, p.line, 0, "") for p in problems if p.severity == "error"
    ]
    items += [("warning", f"{f.message} ({f.code})", f.path, f.line, 0, "") for f in review.flags]
    items += [
        ("warning", f"{p.message} ({p.code})", p.path, p.line, 0, "")
        for p in problems
        if p.severity != "error"
    ]
    items += _notices(review)
    out.write(f"redline review: {summary_line(review)}\n")
    out.write(github.workflow_commands(items, limit))
