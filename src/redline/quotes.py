"""Quote integrity: every quote of a snapshot, checked against the source's local text.

A snapshot's `source.text` names a local copy of its source document (a path relative
to the negotiation folder, for sources whose licence allows a copy). Every quote of
the snapshot (`positions[].quotes[].text`, `reported[].quote.text`) must appear in
that text verbatim, after the normalisation of `sourcetext` (quote marks, dashes,
invisible characters, whitespace); a quote not found comes with the closest passage
and a word diff.

Matching a quote in a text (`SourceText`, `normalise`, `closest_passage`) lives in
`sourcetext`; `check_quote` is pure; `snapshot_quotes` and `quote_problems` read the
snapshot and text files of a loaded negotiation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, Literal

from .loading import LoadError, read_text
from .problems import Problem
from .sourcetext import (  # noqa: F401  (re-exported: the checks' vocabulary)
    _NEGATIONS,
    Passage,
    SourceText,
    closest_passage,
    normalise,
)

if TYPE_CHECKING:
    from .repository import Loaded

Status = Literal["verified", "mismatched", "unverified"]


@dataclass(frozen=True)
class QuoteCheck:
    """One quote of a snapshot and what became of it."""

    line: int
    column: int
    speaker: str
    text: str
    status: Status
    found_line: int = 0  # where a verified quote stands in the source text
    closest: Passage | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "speaker": self.speaker,
            "text": self.text,
            "status": self.status,
            "found_line": self.found_line or None,
            "closest": self.closest.to_json() if self.closest else None,
        }


def check_quote(text: str, source: SourceText | None) -> tuple[Status, int, Passage | None]:
    """Verify one quote: (status, line where found, closest passage when not found)."""
    if source is None:
        return "unverified", 0, None
    found = source.find(text)
    if found is not None:
        return "verified", found, None
    return "mismatched", 0, closest_passage(text, source)


# --- Reading snapshots and their texts ---------------------------------------------


@dataclass(frozen=True)
class SnapshotQuotes:
    """The quotes of one snapshot, checked against its local text (if it has one)."""

    path: str
    date: str
    text: str  # source.text as written, "" when the snapshot has none
    source_line: int
    checks: tuple[QuoteCheck, ...] = ()
    problems: tuple[Problem, ...] = ()

    def count(self, status: Status) -> int:
        return sum(1 for c in self.checks if c.status == status)

    @property
    def status(self) -> str:
        if any(p.code.startswith("source-text") for p in self.problems):
            return "text-missing"
        if not self.checks:
            return "no-quotes"
        if self.count("mismatched"):
            return "mismatched"
        return "unverified" if self.count("unverified") else "verified"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _quote_values(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every quote mapping of a snapshot's data with a text, with its path in the document.

    The data may be schema-invalid (`redline sources` checks whatever files load): what
    is not shaped as a quote is skipped.
    """
    found: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for i, position in enumerate(_list(data.get("positions"))):
        quotes = _list(position.get("quotes")) if isinstance(position, dict) else []
        for j, quote in enumerate(quotes):
            if isinstance(quote, dict) and isinstance(quote.get("text"), str):
                found.append((("positions", i, "quotes", j), quote))
    for i, item in enumerate(_list(data.get("reported"))):
        quote = item.get("quote") if isinstance(item, dict) else None
        if isinstance(quote, dict) and isinstance(quote.get("text"), str):
            found.append((("reported", i, "quote"), quote))
    return found


def text_path(folder: Path, text: str) -> tuple[Path | None, str]:
    """The file `source.text` names inside `folder`, or None and why it is refused."""
    if (
        PurePosixPath(text).is_absolute()
        or PureWindowsPath(text).is_absolute()
        or PureWindowsPath(text).drive
    ):
        return None, f"source text '{text}' must be a path relative to the negotiation folder"
    target = folder / text
    try:
        resolved = target.resolve()
        resolved.relative_to(folder.resolve())
    except ValueError:
        return None, f"source text '{text}' points outside the negotiation folder"
    except OSError as exc:  # pragma: no cover - a symlink loop, say
        return None, f"source text '{text}' cannot be resolved: {exc}"
    if not resolved.exists():
        return None, f"source text '{text}' does not exist (relative to {folder.as_posix()}/)"
    if not resolved.is_file():
        return None, f"source text '{text}' is not a file"
    return target, ""


def read_source_text(path: Path, shown: str) -> SourceText:
    """Read and parse a local text; raise `LoadError` when it is not readable UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}", "source-text-unreadable")
        ) from None
    return SourceText.parse(read_text(raw, shown), shown)


class _Texts:
    """Source texts by path, each read once however many snapshots share it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.cache: dict[Path, SourceText | Problem] = {}

    def get(self, text: str) -> tuple[SourceText | None, str, str]:
        """(the text, why it is missing, the problem code) for a `source.text` value."""
        path, why = text_path(self.folder, text)
        if path is None:
            return None, why, "source-text-missing"
        key = path.resolve()
        if key not in self.cache:
            shown = (self.folder / text).as_posix()
            try:
                self.cache[key] = read_source_text(path, shown)
            except LoadError as exc:
                self.cache[key] = exc.problem
        found = self.cache[key]
        if isinstance(found, Problem):
            return None, f"source text '{text}' cannot be used: {found.message}", "source-text-unreadable"
        return found, "", ""


def snapshot_quotes(folder: Path, snapshot_path: str, texts: _Texts | None = None) -> SnapshotQuotes:
    """Check the quotes of one snapshot file of the negotiation in `folder` (valid or not:
    what is not shaped as the schema wants is skipped)."""
    from .repository import read_document

    texts = texts or _Texts(folder)
    doc = read_document(Path(snapshot_path))
    data = doc.data if isinstance(doc.data, dict) else {}
    block = data.get("source")
    source_block: dict[str, Any] = block if isinstance(block, dict) else {}
    text = source_block.get("text", "") if isinstance(source_block.get("text"), str) else ""
    source, problems = None, []
    if text:
        source, why, code = texts.get(text)
        if source is None:
            problems.append(doc.problem(("source", "text"), why, code))
    checks = []
    missing = bool(problems)
    for at, quote in _quote_values(data):
        line, column = doc.where((*at, "text"))
        status: Status
        if missing:  # the quotes cannot be checked either way
            status, found, closest = "unverified", 0, None
        else:
            status, found, closest = check_quote(quote["text"], source)
        speaker = quote["speaker"] if isinstance(quote.get("speaker"), str) else ""
        checks.append(QuoteCheck(line, column, speaker, quote["text"], status, found, closest))
        if status == "mismatched":
            problems.append(
                Problem(doc.path, line, column, _mismatch_message(text, closest), "quote-mismatch")
            )
        elif (
            status == "verified"
            and source is not None
            and (negation := source.negation_before(quote["text"]))
        ):
            problems.append(
                Problem(
                    doc.path,
                    line,
                    column,
                    f"quote starts right after '{negation}' "
                    f"in its sentence of '{text}' (line {found}): without it the "
                    "quote may read as its opposite; start it earlier",
                    "quote-drops-negation",
                    "warning",
                )
            )
    source_line = doc.where(("source",), key=True)[0]
    return SnapshotQuotes(
        doc.path, str(data.get("date", "")), text, source_line, tuple(checks), tuple(problems)
    )


def _mismatch_message(text: str, closest: Passage | None) -> str:
    message = f"quote does not appear verbatim in '{text}'"
    if closest is None:
        return message + "; no passage of the text is close to it"
    changes = [f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in closest.words if op != "="]
    shown = " ".join(changes[:6]) + (" ..." if len(changes) > 6 else "")
    return (
        f"{message}; closest passage at line {closest.line} "
        f"({closest.similarity:.0%} similar) differs: {shown}"
    )


def check_loaded(loaded: Loaded) -> list[SnapshotQuotes]:
    """Check the quotes of every valid snapshot of a loaded negotiation, in file order."""
    folder = Path(loaded.folder)
    texts = _Texts(folder)
    return [snapshot_quotes(folder, s.path, texts) for s in sorted(loaded.snapshots, key=lambda s: s.path)]


def check_folder(folder: Path) -> list[SnapshotQuotes]:
    """Check the quotes of every snapshot file of `folder` that parses as YAML, valid or not,
    in file order: one file's errors never stop the others' quotes being checked."""
    from .filesource import DiskFolder, snapshot_names

    texts = _Texts(folder)
    results = []
    for path in (folder / name for name in snapshot_names(DiskFolder(folder).names())):
        try:
            results.append(snapshot_quotes(folder, str(path), texts))
        except LoadError:
            continue  # not YAML: `redline validate` says why
    return results


def quote_problems(loaded: Loaded) -> list[Problem]:
    """The errors `redline validate --quotes` adds: mismatched quotes and missing texts.

    Quotes of snapshots without a local text are not reported here (most sources may
    not be copied); `redline sources` lists them as unverified.
    """
    return [p for result in check_loaded(loaded) for p in result.problems]


def unverified_problem(result: SnapshotQuotes) -> Problem | None:
    """The warning `redline sources` gives for a snapshot whose quotes cannot be checked."""
    count = result.count("unverified")
    if not count or result.problems:
        return None
    return Problem(
        result.path,
        result.source_line,
        1,
        f"{count} quote(s) unverified: the snapshot names no local source text",
        "quote-unverified",
        "warning",
    )
