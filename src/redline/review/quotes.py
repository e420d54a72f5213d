"""Quote integrity in review: every new or changed quote of a snapshot that names a
stored source text must appear in it, by `redline.quotes`' rule and message.

Only the quotes a change brings are checked (all of an added snapshot's, the new
texts of an edited one), so a review stays fast however many quotes the history holds.
"""

from __future__ import annotations

from ..filesource import FolderSource
from ..loading import LoadError, read_text
from ..problems import Problem
from .sides import Parsed


def _old_texts(old: Parsed | None) -> set[str]:
    if old is None or old.snapshot is None:
        return set()
    texts = {q.text for p in old.snapshot.positions for q in p.quotes}
    return texts | {r.quote.text for r in old.snapshot.reported if r.quote is not None}


def quote_problems(source: FolderSource, new: Parsed, old: Parsed | None) -> list[Problem]:
    """Errors for the new quotes of `new` that its stored text does not hold verbatim,
    and for a stored text that cannot be read."""
    doc = new.doc
    if doc is None or not isinstance(doc.data, dict) or new.snapshot is None:
        return []
    text = new.snapshot.source.text
    if not text:  # no stored text to hold the quotes to (nor `redline.quotes` to import)
        return []
    from ..quotes import SourceText, _mismatch_message, _quote_values, check_quote

    before = _old_texts(old)
    fresh = [(at, q) for at, q in _quote_values(doc.data) if q.get("text") not in before]
    if not fresh:
        return []
    raw, why = source.text_file(text)
    if raw is None:
        return [doc.problem(("source", "text"), why, "source-text-missing")]
    shown = f"{source.shown}/{text}"
    try:
        stored = SourceText.parse(read_text(raw, shown), shown)
    except LoadError as exc:
        return [
            doc.problem(
                ("source", "text"),
                f"source text '{text}' cannot be used: {exc.problem.message}",
                "source-text-unreadable",
            )
        ]
    problems = []
    for at, quote in fresh:
        status, _, closest = check_quote(quote["text"], stored)
        if status == "mismatched":
            line, column = doc.where((*at, "text"))
            problems.append(
                Problem(doc.path, line, column, _mismatch_message(text, closest), "quote-mismatch")
            )
    return problems
