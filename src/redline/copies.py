"""Checks for what gets copied by mistake from one snapshot into another.

A curator who starts a snapshot from an older one can leave its words behind, and the
file then claims that this source said what an older one said. Two warnings:

- `summary-copied`: a position's summary is word for word the summary of the position it
  restates, as it stood before this snapshot, from another source;
- `quote-copied`: a quote is word for word (normalised as `redline sources` compares)
  a quote of another snapshot whose source is a different document. Two snapshots cite
  the same document when they name the same URL, the same local text, or the same title
  from the same outlet.

Both are warnings: two outlets may truly print the same sentence of a speaker. A quote
found in the snapshot's own local source text is its source's words, never a copy.
`curation_problems` is the one call the validation path makes; it adds the warning for
stale schema copies (see `redline.schemafiles`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Snapshot, Source
from .problems import Problem

if TYPE_CHECKING:
    from .repository import Loaded


def same_document(a: Source, b: Source) -> bool:
    """Whether two sources are one document (same URL, local text, or outlet and title)."""
    if (a.url and a.url == b.url) or (a.text and a.text == b.text):
        return True
    return a.title.strip().lower() == b.title.strip().lower() and a.outlet == b.outlet


Verify = Callable[[Snapshot, str], bool]


def copy_problems(snapshots: list[Snapshot], verify: Verify | None = None) -> list[Problem]:
    """`summary-copied` and `quote-copied` warnings over snapshots sorted by date and path;
    `verify(snapshot, quote)` says whether a quote is in the snapshot's own source text."""
    problems: list[Problem] = []
    standing: dict[tuple[str, str], tuple[str, Snapshot]] = {}
    quoted: dict[str, tuple[Snapshot, int]] = {}
    for snapshot in snapshots:
        for position in snapshot.positions:
            key = (position.party, position.issue)
            before = standing.get(key)
            if (
                before
                and position.summary
                and position.summary == before[0]
                and not same_document(snapshot.source, before[1].source)
            ):
                problems.append(
                    Problem(
                        snapshot.path,
                        position.line,
                        1,
                        f"the summary of {position.party} on {position.issue} is word for word the "
                        f"one from {before[1].name}, another source: say what this source says",
                        "summary-copied",
                        "warning",
                    )
                )
            for quote in position.quotes:
                problems += _quote_copied(snapshot, quote.text, quote.line, quoted, verify)
        for position in snapshot.positions:
            if position.summary:
                standing[(position.party, position.issue)] = (position.summary, snapshot)
        for item in snapshot.reported:
            if item.quote is not None:
                problems += _quote_copied(snapshot, item.quote.text, item.quote.line, quoted, verify)
    return problems


def _quote_copied(
    snapshot: Snapshot, text: str, line: int, quoted: dict[str, tuple[Snapshot, int]], verify: Verify | None
) -> list[Problem]:
    from .sourcetext import normalise

    key = normalise(text)
    first = quoted.setdefault(key, (snapshot, line))
    if first[0] is snapshot or same_document(snapshot.source, first[0].source):
        return []
    if verify is not None and snapshot.source.text and verify(snapshot, text):
        return []
    return [
        Problem(
            snapshot.path,
            line,
            1,
            f"this quote is word for word a quote of {first[0].name} (line {first[1]}), "
            "another source: keep it only if this source prints the same words",
            "quote-copied",
            "warning",
        )
    ]


def _valid(value: Any) -> bool:
    keys = {"path": str, "line": int, "column": int, "message": str, "code": str}
    return isinstance(value, list) and all(
        isinstance(p, dict) and all(isinstance(p.get(k), t) for k, t in keys.items()) for p in value
    )


def curation_problems(loaded: Loaded, whole: bool = True) -> list[Problem]:
    """The curation warnings of a loaded negotiation folder: copies (when the whole folder
    was loaded; remembered in the cache) and stale schema copies under the root."""
    from .schemafiles import stale_schema_problems

    folder = Path(loaded.folder)
    problems = stale_schema_problems(folder.parent, folder.parent.as_posix())
    if not whole or loaded.negotiation is None:
        return problems

    def compute() -> list[dict[str, object]]:
        from .quotes import _Texts  # only when the folder changed: a warm run never needs it

        texts = _Texts(folder)

        def verify(snapshot: Snapshot, quote: str) -> bool:
            source = texts.get(snapshot.source.text)[0]
            return source is not None and source.find(quote) is not None

        return [p.to_json() for p in copy_problems(loaded.snapshots, verify)]

    found = loaded.memoized(f"copy-checks:{loaded.folder}", compute, _valid)
    return problems + [
        Problem(p["path"], p["line"], p["column"], p["message"], p["code"], "warning") for p in found
    ]
