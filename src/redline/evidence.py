"""What two records of one position say besides their points on the scale: the summary
and the quotes (a set: their order does not matter), compared as DeepDiff would, with
DeepDiff itself imported only for a value the flat comparison cannot name; and the
word-level diff of a reworded text.

`unchanged` is the cheap test the keyed diff runs first on every matched record."""

from __future__ import annotations

import difflib
from typing import Any

from .fold import Held


def quote_set(held: Held) -> frozenset[str]:
    return frozenset(q.text for position, _ in held.evidence for q in position.quotes)


def quote_texts_in_order(held: Held) -> list[str]:
    return [q.text for position, _ in held.evidence for q in position.quotes]


def quote_texts(held: Held) -> list[str]:
    return sorted(quote_set(held))


def _record(held: Held) -> dict[str, Any]:
    """The evidence of a held position, as DeepDiff compares it."""
    return {"summary": held.summary, "quotes": quote_texts(held)}


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The words of `old` and `new` as (op, text) runs: '=' kept, '-' removed, '+' added."""
    a, b = old.split(), new.split()
    if len(a) * len(b) > 250_000:  # difflib is quadratic: long texts are shown replaced whole
        return (("-", " ".join(a)), ("+", " ".join(b)))
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            runs.append(("-", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            runs.append(("+", " ".join(b[j1:j2])))
    return tuple(runs)


def unchanged(before: Held, after: Held, evidence: bool) -> bool:
    """Whether two matched records say the same (the common case, checked cheaply first)."""
    if before.stance != after.stance or before.red_line != after.red_line:
        return False
    return not evidence or (
        before.summary == after.summary
        and (before.evidence is after.evidence or quote_texts_in_order(before) == quote_texts_in_order(after))
    )


def evidence_changes(before: Held, after: Held) -> tuple[set[str], list[str], list[str]]:
    """Changed evidence fields, quotes added and quotes removed, as DeepDiff finds them.

    The evidence of two matched records (the summary, and the quotes as a set) is
    compared field by field; DeepDiff is imported only for a field whose values are
    nested (neither text nor a list of texts), which the keyed comparison cannot name.
    """
    if before.summary == after.summary and (
        before.evidence is after.evidence
        or quote_texts_in_order(before) == quote_texts_in_order(after)
        or quote_set(before) == quote_set(after)
    ):
        return set(), [], []
    a, b = _record(before), _record(after)
    flat = flat_changes(a, b)
    return flat if flat is not None else deep_changes(a, b)


def _is_flat(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def flat_changes(a: dict[str, Any], b: dict[str, Any]) -> tuple[set[str], list[str], list[str]] | None:
    """What `deep_changes` would find, without DeepDiff, when every value is flat; else None."""
    if a.keys() != b.keys() or not all(_is_flat(a[k]) and _is_flat(b[k]) for k in a):
        return None
    changed = {k for k in a if k != "quotes" and a[k] != b[k]}
    old, new = set(a.get("quotes", ())), set(b.get("quotes", ()))
    return changed, sorted(new - old), sorted(old - new)


def deep_changes(a: dict[str, Any], b: dict[str, Any]) -> tuple[set[str], list[str], list[str]]:
    from deepdiff import DeepDiff  # heavy (and imports numpy when present): only when needed

    found = DeepDiff(a, b, ignore_order=True, view="tree")
    changed_fields: set[str] = set()
    quotes_added: list[str] = []
    quotes_removed: list[str] = []
    for report, items in found.items():
        for item in items:
            top = item.path(output_format="list")[0]
            if top != "quotes":
                changed_fields.add(top)
            elif report == "iterable_item_added":
                quotes_added.append(item.t2)
            elif report == "iterable_item_removed":
                quotes_removed.append(item.t1)
            else:  # a quote replaced by another at the same place
                quotes_removed.append(item.t1)
                quotes_added.append(item.t2)
    return changed_fields, quotes_added, quotes_removed
