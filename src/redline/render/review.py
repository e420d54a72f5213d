"""Renderers for `redline review`: a pull-request comment, annotations, terminal, JSON.

`markdown` writes a comment for a pull request: a hidden marker (`MARKER`) so a
workflow can update one comment in place, the one-line summary outside the fold, then
collapsible `<details>` sections; it stays under `max_chars` by cutting the last
section it reaches and saying so. Every piece of data goes through `escape.markdown`
(or `escape.html_text` inside HTML tags): a pull request is written by someone you may not trust.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

from ..compare import Change, StatusChange
from ..model import Negotiation
from ..review import Effect, FileChange, NegotiationReview, Review
from . import github, phrases
from .escape import html_text, markdown_start
from .escape import markdown as md
from .jsonout import CONTRACT_VERSION, dump
from .markdown import table

MARKER = "<!-- redline-review -->"
COMMENT_LIMIT = 65_000
STATUS_MARK = {"added": "A", "modified": "M", "deleted": "D", "renamed": "R"}
EVENT = {"entered deadlock": "enters deadlock", "left deadlock": "leaves deadlock",
         "reopened": "is reopened", "agreed": "is agreed"}


# --- phrases (plain text; each renderer escapes) ---------------------------------------------


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(review: Review) -> str:
    """The one line that says it all: position moves, deadlock, problems, flags."""
    s = review.summary
    if not s.files:
        return f"no change to the positions under {review.root}"
    parts = [f"{_n(s.changed, 'position')} changed, {s.added} added, {s.withdrawn} withdrawn"
             + "".join(f", {n} {what}" for n, what in ((s.removed, "removed"),
                                                      (s.reworded, "reworded")) if n)]
    if s.entering_deadlock or s.leaving_deadlock:
        parts.append(f"{_n(s.entering_deadlock, 'issue')} entering deadlock, "
                     f"{s.leaving_deadlock} leaving")
    else:
        parts.append("no issue enters or leaves deadlock")
    if s.errors or s.warnings:
        parts.append(f"{_n(s.errors, 'validation error')}, {_n(s.warnings, 'warning')}")
    else:
        parts.append("no validation problems")
    parts.append(_n(s.flags, "review flag") if s.flags else "no review flags")
    return "; ".join(parts)


def context_line(review: Review) -> str:
    base = review.base
    return (f"base {base.short} ({base.label}) → head {review.head.short}"
            + (f" ({review.head.label})" if review.head.commit else "")
            + f"; positions under {review.root}")


ANCESTRY = ("the base is not an ancestor of the head: what changed on the base's side since "
            "they diverged shows up here reversed")


def _label(neg: Negotiation | None, issue: str, point: str | None) -> str:
    found = neg.issue_by_id.get(issue) if neg else None
    return found.label(point) if found else (point or "")


def _point(neg: Negotiation | None, issue: str, point: str | None) -> str:
    return f"{point} ({_label(neg, issue, point)})" if point else "none"


def change_phrase(neg: Negotiation | None, c: Change) -> str:
    """One change to a file's positions, with scale ids (as in the YAML) and labels."""
    if c.kind == "added":
        return f"{c.party} on {c.issue}: new position, stance {_point(neg, c.issue, c.new)}"
    if c.kind == "withdrawn":
        return f"{c.party} on {c.issue}: withdrawn (was {_point(neg, c.issue, c.old)})"
    if c.kind == "removed":
        return (f"{c.party} on {c.issue}: position removed from this snapshot "
                f"(was {_point(neg, c.issue, c.old)})")
    if c.kind in ("stance", "red_line"):
        what = "stance" if c.kind == "stance" else "red line"
        if c.direction == "stated":
            return f"{c.party} on {c.issue}: red line stated: {_point(neg, c.issue, c.new)}"
        if c.direction == "dropped":
            return (f"{c.party} on {c.issue}: red line no longer stated "
                    f"(was {_point(neg, c.issue, c.old)})")
        way = c.direction or "moved"
        return (f"{c.party}'s {what} on {c.issue}: {c.old} → {c.new} "
                f"({_label(neg, c.issue, c.old)} → {_label(neg, c.issue, c.new)}), "
                f"{way} by {phrases.steps(c.steps)}")
    if c.kind == "summary":
        return f"{c.party} on {c.issue}: summary reworded"
    if c.kind == "quote_added":
        return f"{c.party} on {c.issue}: quote added: “{c.new}”"
    return f"{c.party} on {c.issue}: quote removed: “{c.old}”"


def where(path: str, line: int) -> str:
    return f"{path}:{line}" if line else path


def change_where(c: Change) -> str:
    return ("was at " if c.kind == "removed" else "at ") + where(c.path, c.line)


def effect_phrase(neg: Negotiation | None, when: str, c: Change) -> str:
    """'as of 2022-01-26, russia's red line on x moves from A to B: softened by 1 step'."""
    head = f"as of {when}, "
    if c.kind == "added":
        return head + f"{c.party} holds a new position on {c.issue}: {_label(neg, c.issue, c.new)}"
    if c.kind == "withdrawn":
        return head + (f"{c.party} no longer holds a position on {c.issue} "
                       f"(was {_label(neg, c.issue, c.old)})")
    what = "stance" if c.kind == "stance" else "red line"
    if c.direction == "stated":
        return head + f"{c.party}'s red line on {c.issue} is stated: {_label(neg, c.issue, c.new)}"
    if c.direction == "dropped":
        return head + (f"{c.party}'s red line on {c.issue} is no longer known "
                       f"(was {_label(neg, c.issue, c.old)})")
    way = (f"{c.direction} by {phrases.steps(c.steps)}" if c.direction in ("softened", "hardened")
           else phrases.steps(c.steps))
    return head + (f"{c.party}'s {what} on {c.issue} moves from {_label(neg, c.issue, c.old)} "
                   f"to {_label(neg, c.issue, c.new)}: {way}")


def status_phrase(when: str, s: StatusChange) -> str:
    event = EVENT.get(s.event) or (f"is now {s.new}" if s.event.startswith("now ") else s.event)
    return f"as of {when}, {s.issue} {event} ({s.old} → {s.new})"


def redated(fc: FileChange) -> str:
    assert fc.old_date is not None and fc.date is not None
    return f"date {fc.old_date.isoformat()} → {fc.date.isoformat()}"


def negotiation_counts(neg: NegotiationReview) -> str:
    moves = sum(1 for f in neg.files for c in f.changes if c.kind in ("stance", "red_line"))
    shifts = sum(len(e.changes) for e in neg.effects)
    return (f"{_n(len(neg.files), 'file')}, {_n(moves, 'move')} in the files, "
            f"{_n(shifts, 'shift')} in the folded state")


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
    return " ".join(f"~~{md(w)}~~" if op == "-" else f"**{md(w)}**" if op == "+" else md(w)
                    for op, w in c.words)


def _md_negotiation(neg: NegotiationReview) -> _Section:
    model = neg.negotiation
    title = f" ({model.title})" if model else ""
    section = _Section(f"<b>{html_text(neg.id)}</b>{html_text(title)}: {html_text(negotiation_counts(neg))}")
    body = section.body
    rows = [[fc.status, md(fc.path) + (f" (from {md(fc.old_path)})" if fc.old_path else "")
             + (f"; {md(redated(fc))}" if fc.old_date else "")] for fc in neg.files]
    body += ["**Files**", "", *table(["change", "file"], rows), ""]
    if neg.definition:
        body += ["**negotiation.yaml**", ""]
        body += [f"- {md(line)}" for line in neg.definition]
        body.append("")
    changed = [fc for fc in neg.files if fc.changes or not fc.compared]
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
    while body and body[-1] == "":
        body.pop()
    return section


def _md_effect(model: Negotiation | None, effect: Effect) -> list[str]:
    when = effect.date.isoformat()
    lines = [f"- {phrases.ARROW.get(c.direction or '', '•')} {md(effect_phrase(model, when, c))}"
             for c in effect.changes]
    lines += [f"- ⚖️ {md(status_phrase(when, s))}" for s in effect.status_changes]
    return lines


def markdown_sections(review: Review) -> tuple[list[str], list[_Section]]:
    """The header lines (marker, summary, context) and the collapsible sections."""
    header = [MARKER, f"**redline review**: {md(summary_line(review))}", "",
              f"<sub>{md(context_line(review))}</sub>", ""]
    if not review.base_is_ancestor:
        header[-1:] = ["", f"⚠️ {md(ANCESTRY)}", ""]
    sections = [_md_negotiation(neg) for neg in review.negotiations]
    if review.flags:
        flags = _Section(f"⚠️ {_n(len(review.flags), 'review flag')}", open=True)
        flags.body = [f"- **{md(f.code)}** {md(where(f.path, f.line))}: {md(f.message)}"
                      for f in review.flags]
        sections.append(flags)
    if review.problems:
        errors = sum(1 for p in review.problems if p.severity == "error")
        problems = _Section(f"{'❌' if errors else '⚠️'} "
                            f"{_n(len(review.problems), 'validation problem')} at the head "
                            f"({_n(errors, 'error')})", open=bool(errors))
        problems.body = [f"- {markdown_start(p.format())}" for p in review.problems]
        sections.append(problems)
    if review.base_problems:
        base = _Section(f"{_n(len(review.base_problems), 'validation problem')} at the base "
                        "(for reference)")
        base.body = [f"- {markdown_start(p.format())}" for p in review.base_problems]
        sections.append(base)
    return header, sections


def _size(lines: list[str] | tuple[str, ...]) -> int:
    return sum(len(line) + 1 for line in lines)


def truncation_notice(max_chars: int, hidden: int) -> str:
    return (f"> ⚠️ **Truncated**: this comment is limited to {max_chars:,} characters and "
            f"{_n(hidden, 'line')} of the review are not shown. The full review is in the job "
            "summary of the workflow run, or run `redline review` locally.")


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
        kept += [*section.head, *shown, "", f"*… {_n(left, 'more line')} not shown*",
                 *section.tail]
    notice = [truncation_notice(max_chars, hidden), ""]
    out.write("\n".join(header + notice + kept).rstrip("\n") + "\n")


# --- GitHub annotations ----------------------------------------------------------------------


def render_github(review: Review, out: TextIO, limit: int = 10) -> None:
    """Workflow commands: errors, then flags and warnings, then shifts, most important first."""
    items: list[tuple[str, str, str, int, int, str]] = []
    problems = list(review.problems)
    items += [("error", f"{p.message} ({p.code})", p.path, p.line, 0, "")
              for p in problems if p.severity == "error"]
    items += [("warning", f"{f.message} ({f.code})", f.path, f.line, 0, "") for f in review.flags]
    items += [("warning", f"{p.message} ({p.code})", p.path, p.line, 0, "")
              for p in problems if p.severity != "error"]
    for neg in review.negotiations:
        for effect in neg.effects:
            items += [("notice", f"{neg.id}: {status_phrase(effect.date.isoformat(), s)}",
                       "", 0, 0, "") for s in effect.status_changes]
    for neg in review.negotiations:
        for fc in neg.files:
            items += [("notice", change_phrase(neg.negotiation, c), c.path, c.line, 0, "")
                      for c in fc.changes if c.kind in ("stance", "red_line")]
    for neg in review.negotiations:
        for fc in neg.files:
            items += [("notice", change_phrase(neg.negotiation, c), c.path, c.line, 0, "")
                      for c in fc.changes if c.kind in ("added", "withdrawn", "removed")]
    out.write(f"redline review: {summary_line(review)}\n")
    out.write(github.workflow_commands(items, limit))


# --- JSON ----------------------------------------------------------------------------------------


def _change_json(c: Change) -> dict[str, Any]:
    data = c.to_json()
    data.pop("source", None)
    data.update({"path": c.path, "line": c.line, "date": c.date.isoformat() if c.date else None})
    return data


def review_data(review: Review) -> dict[str, Any]:
    s = review.summary
    return {
        "version": CONTRACT_VERSION,
        "base": {"rev": review.base.label, "commit": review.base.commit},
        "head": {"rev": review.head.label, "commit": review.head.commit},
        "root": review.root,
        "base_is_ancestor": review.base_is_ancestor,
        "valid": review.valid,
        "summary": {"text": summary_line(review), "files": s.files, "added": s.added,
                    "changed": s.changed, "withdrawn": s.withdrawn, "removed": s.removed,
                    "reworded": s.reworded, "entering_deadlock": s.entering_deadlock,
                    "leaving_deadlock": s.leaving_deadlock, "errors": s.errors,
                    "warnings": s.warnings, "flags": s.flags},
        "negotiations": [{
            "id": neg.id,
            "folder": neg.folder,
            "title": neg.negotiation.title if neg.negotiation else None,
            "files": [{"status": fc.status, "path": fc.path, "old_path": fc.old_path or None,
                       "date": fc.date.isoformat() if fc.date else None,
                       "old_date": fc.old_date.isoformat() if fc.old_date else None,
                       "compared": fc.compared,
                       "changes": [_change_json(c) for c in fc.changes]} for fc in neg.files],
            "definition": list(neg.definition),
            "effects": [{"date": e.date.isoformat(),
                         "changes": [_change_json(c) for c in e.changes],
                         "status_changes": [s.to_json() for s in e.status_changes]}
                        for e in neg.effects],
            "note": neg.note or None,
        } for neg in review.negotiations],
        "flags": [{"code": f.code, "message": f.message, "path": f.path, "line": f.line}
                  for f in review.flags],
        "problems": [p.to_json() for p in review.problems],
        "base_problems": [p.to_json() for p in review.base_problems],
    }


def render_json(review: Review, out: TextIO) -> None:
    dump(review_data(review), out)
