"""Review flags: what a reviewer should look at, at a file and line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date

from ..compare import Change
from ..loading import Document
from ..model import Negotiation, Quote
from .changes import by_key
from .model import Flag, Stated
from .sides import Entry, Parsed


def _similar(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if len(a) * len(b) > 4_000_000:  # ratio() is quadratic: bound it on long texts
        return matcher.quick_ratio()
    return matcher.ratio()


def _text_line(doc: Document | None, quote: Quote) -> int:
    """The line of a quote's `text` (the quote itself starts at its `speaker`, often)."""
    if doc is not None:
        for path, (line, _) in doc.marks.items():
            if path and path[-1] == "text" and doc.marks.get(path[:-1], (0, 0))[0] == quote.line:
                return line
    return quote.line


def quote_flags(old: Parsed, new: Parsed) -> list[Flag]:
    """Quotes whose text changed in place: same position, same speaker or nearly same text."""
    flags = []
    before, after = by_key(old), by_key(new)
    for key, position in after.items():
        previous = before.get(key)
        if previous is None:
            continue
        old_texts = {q.text for q in previous.quotes}
        new_texts = {q.text for q in position.quotes}
        removed = [q for q in previous.quotes if q.text not in new_texts]
        for quote in (q for q in position.quotes if q.text not in old_texts):
            match = next((r for r in removed if r.speaker == quote.speaker), None) or max(
                removed, key=lambda r: _similar(r.text, quote.text), default=None
            )
            if match is None or (match.speaker != quote.speaker and _similar(match.text, quote.text) < 0.6):
                continue
            removed.remove(match)
            flags.append(
                Flag(
                    "quote-edited",
                    f"{key[0]} on {key[1]}: quote of {quote.speaker} "
                    f"edited in an existing snapshot (a possible misquote): "
                    f"“{match.text}” → “{quote.text}”",
                    new.path,
                    _text_line(new.doc, quote),
                )
            )
    assert old.snapshot is not None and new.snapshot is not None
    reports = {r.issue: r for r in old.snapshot.reported}
    for item in new.snapshot.reported:
        previous_report = reports.get(item.issue)
        if (
            previous_report is not None
            and previous_report.quote is not None
            and item.quote is not None
            and previous_report.quote.text != item.quote.text
        ):
            flags.append(
                Flag(
                    "quote-edited",
                    f"reported status on {item.issue}: quote of "
                    f"{item.quote.speaker} edited in an existing snapshot (a possible "
                    f"misquote): “{previous_report.quote.text}” → “{item.quote.text}”",
                    new.path,
                    _text_line(new.doc, item.quote),
                )
            )
    return flags


def _supports(quotes: Iterable[Quote], what: str) -> bool:
    """Whether a quote is evidence for `what`: "stance" (the default of a quote) or
    "red_line" (`supports: red_line`); "any" for a red line's withdrawal."""
    return any(what == "any" or q.supports == what for q in quotes)


def _needs(c: Change) -> str | None:
    """The quote a move needs: one for the stance, for the red line, any for a withdrawal;
    None for a red line left out of a file (not addressed: the standing one carries on)."""
    if c.kind in ("stance", "added"):
        return "stance"
    if c.kind != "red_line":
        return None
    if c.new is not None:
        return "red_line"
    return "any" if c.direction == "dropped" else None


def _wanting(needs: str, quotes: tuple[Quote, ...] | list[Quote]) -> str:
    """What the missing quote would support, when the position has quotes of another kind."""
    if needs == "red_line":
        return " supporting the red line"
    return " supporting the stance" if needs == "stance" and quotes else ""


def move_flags(changes: tuple[Change, ...], old: Parsed, new: Parsed) -> list[Flag]:
    """Stance and red-line moves in an edited file whose position gained no new or changed
    quote supporting them (a stance quote for a stance, a `supports: red_line` quote for a
    red line, any quote for a withdrawal of the red line)."""
    before, after = by_key(old), by_key(new)
    flags = []
    for c in changes:
        needs = _needs(c) if c.kind in ("stance", "red_line") else None
        if needs is None:
            continue
        key = (c.party, c.issue)
        old_texts = {q.text for q in before[key].quotes} if key in before else set()
        fresh = [q for q in after[key].quotes if q.text not in old_texts]
        if _supports(fresh, needs):
            continue
        what = "stance" if c.kind == "stance" else "red line"
        flags.append(
            Flag(
                "unquoted-move",
                f"{c.party}'s {what} on {c.issue} changed "
                f"({c.old or 'none'} → {c.new or 'withdrawn'}) without a new or "
                f"changed quote{_wanting(needs, fresh)}",
                c.path,
                c.line,
            )
        )
    return flags


def stated_flags(stated: tuple[Stated, ...], path: str) -> list[Flag]:
    """Moves a new snapshot makes in the folded state on a position without a quote that
    supports them: a stance needs a stance quote, a red line (new or moved) one marked
    `supports: red_line`, a withdrawn red line any quote."""
    flags = []
    for s in stated:
        for c in s.moves:
            if c.kind == "added" and s.red_line and not _supports(s.quotes, "red_line"):
                flags.append(
                    Flag(
                        "unquoted-move",
                        f"{s.party}'s red line on {s.issue} is new "
                        f"({s.red_line}) in a new snapshot without a quote supporting "
                        "the red line",
                        path,
                        s.red_line_line or s.line,
                    )
                )
            needs = _needs(c)
            if needs is None or _supports(s.quotes, needs):
                continue
            if needs == "stance":
                way = f"{c.old} → {c.new}" if c.old else f"new: {c.new}"
                flags.append(
                    Flag(
                        "unquoted-move",
                        f"{s.party}'s stance on {s.issue} moves "
                        f"({way}) in a new snapshot without a quote"
                        f"{_wanting(needs, s.quotes)}",
                        path,
                        s.stance_line or s.line,
                    )
                )
            else:
                flags.append(
                    Flag(
                        "unquoted-move",
                        f"{s.party}'s red line on {s.issue} moves "
                        f"({c.old or 'none'} → {c.new or 'withdrawn'}) in a new "
                        f"snapshot without a quote{_wanting(needs, s.quotes)}",
                        path,
                        s.red_line_line or s.line,
                    )
                )
    return flags


def scale_flags(old: Negotiation, new: Negotiation, path: str) -> list[Flag]:
    """A scale point inserted, removed or reordered: every past step count changes."""
    flags = []
    for issue in new.issues:
        before = old.issue_by_id.get(issue.id)
        if before is None:
            continue
        a, b = [p.id for p in before.scale], [p.id for p in issue.scale]
        added, removed = [p for p in b if p not in a], [p for p in a if p not in b]
        kept = [p for p in b if p in a]
        what = [
            f"{', '.join(added)} inserted" if added else "",
            f"{', '.join(removed)} removed" if removed else "",
            "points reordered" if kept != [p for p in a if p in b] else "",
        ]
        if any(what):
            flags.append(
                Flag(
                    "scale-changed",
                    f"scale of {issue.id}: "
                    f"{'; '.join(w for w in what if w)}: the steps and directions of "
                    "the whole history are measured anew",
                    path,
                )
            )
    return flags


def source_flags(new: Parsed, today: date) -> list[Flag]:
    """A snapshot (or its publication) dated after today; a source without url."""
    snapshot, doc = new.snapshot, new.doc
    assert snapshot is not None and doc is not None
    flags = []
    if snapshot.date > today:
        flags.append(
            Flag(
                "future-date",
                f"snapshot dated {snapshot.date.isoformat()}, after today ({today.isoformat()})",
                new.path,
                doc.where(("date",))[0],
            )
        )
    published = snapshot.source.published
    if published is not None and published > today:
        flags.append(
            Flag(
                "future-date",
                f"source published {published.isoformat()}, after today ({today.isoformat()})",
                new.path,
                doc.where(("source", "published"))[0],
            )
        )
    if not snapshot.source.url:
        flags.append(
            Flag(
                "no-url",
                "source has no url: reviewers cannot check the positions and quotes against it",
                new.path,
                doc.where(("source",), key=True)[0],
            )
        )
    return flags


def history_flags(entry: Entry) -> list[Flag]:
    change = entry.change
    if change.status == "deleted":
        return [Flag("history-removed", "snapshot deleted: its positions leave the history", entry.path)]
    if change.status != "renamed":
        return []
    if entry.new_path is None:
        return [
            Flag(
                "history-removed",
                f"snapshot moved to {change.path}: its positions leave this negotiation's history",
                entry.path,
            )
        ]
    return [
        Flag(
            "history-removed",
            f"snapshot renamed from {change.old_path} (its history under the old name is removed)",
            change.path,
            1,
        )
    ]
