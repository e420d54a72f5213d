"""Quote integrity: every quote of a snapshot, checked against the source's local text.

A snapshot's `source.text` names a local copy of its source document (a path relative
to the negotiation folder, for sources whose licence allows a copy). Every quote of
the snapshot (`positions[].quotes[].text`, `reported[].quote.text`) must appear in
that text verbatim, after normalising what differs between copies of one document
and not in its words: Unicode compatibility forms (NFKC), curly quote marks and
guillemets (to `'` and `"`), dashes (every dash, and runs of them, to `-`), invisible
characters (soft hyphens, zero-width spaces) and runs of whitespace. Case and
punctuation otherwise count, and a quote may not start or end inside a word.

When a quote is not found, `closest_passage` finds the passage of the text most like
it (a window of about the quote's length in words, scored with difflib) and the word
diff between the two, so that a curator sees at once which word was changed.

A local text may open with a front-matter header about the document (title, URL,
licence) between two lines that are exactly `---`, the first being the file's first
line: the header is not searched. Line numbers are always the file's own.

The core (`normalise`, `SourceText`, `check_quote`) is pure; `snapshot_quotes` and
`quote_problems` read the snapshot and text files of a loaded negotiation.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, Literal

from .compare import word_diff
from .loading import LoadError, read_text
from .problems import Problem

if TYPE_CHECKING:
    from .repository import Loaded

Status = Literal["verified", "mismatched", "unverified"]

_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'",
    "\u203a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2e3a": "-", "\u2e3b": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
})
_DASH_RUN = re.compile(r"-{2,}")
_WORD = re.compile(r"\S+")
_FOLD = re.compile(r"[\W_]+")
_NEGATIONS = {"not", "never", "no", "nor", "cannot"}


def normalise(text: str) -> str:
    """`text` with quote marks, dashes, invisible characters and whitespace made uniform.

    >>> normalise("NATO\u2019s \u201cOpen Door\u201d \u2014  policy")
    'NATO\\'s "Open Door" - policy'
    """
    return " ".join(_tokens(text))


def _tokens(text: str) -> list[str]:
    text = _DASH_RUN.sub("-", unicodedata.normalize("NFKC", text).translate(_MARKS))
    return text.split()


def _fold(word: str) -> str:
    """A word as compared when looking for the closest passage: lower case, letters only."""
    return _FOLD.sub("", word.lower()) or word


@dataclass(frozen=True)
class Passage:
    """The passage of a source text closest to a quote that is not in it."""

    text: str
    line: int
    similarity: float
    words: tuple[tuple[str, str], ...]  # source -> quote: '=' same, '-' source only, '+' quote only

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "line": self.line, "similarity": round(self.similarity, 3),
                "words": [{"op": op, "text": text} for op, text in self.words]}


@dataclass(frozen=True)
class SourceText:
    """A local source text, normalised for searching; `lines[i]` is the file line of word i."""

    path: str
    words: tuple[str, ...]
    lines: tuple[int, ...]
    joined: str = field(repr=False)
    starts: tuple[int, ...] = field(repr=False)  # offset of word i in `joined`
    folded: tuple[str, ...] = field(repr=False)  # word i as `closest_passage` compares it

    @classmethod
    def parse(cls, text: str, path: str = "") -> SourceText:
        """Split `text` into normalised words, skipping a `---` front-matter header."""
        body_start, first_line = 0, 1
        opening = re.match(r"---[ \t]*\r?\n", text)
        if opening is not None:
            closing = re.compile(r"^---[ \t]*\r?$", re.M).search(text, opening.end())
            if closing is not None:
                body_start = closing.end() + 1
                first_line = text.count("\n", 0, body_start) + 1
        words: list[str] = []
        lines: list[int] = []
        for number, raw_line in enumerate(text[body_start:].split("\n"), start=first_line):
            for token in _tokens(raw_line):
                words.append(token)
                lines.append(number)
        starts, position = [], 0
        for word in words:
            starts.append(position)
            position += len(word) + 1
        return cls(path, tuple(words), tuple(lines), " ".join(words), tuple(starts),
                   tuple(_fold(w) for w in words))

    def find(self, quote: str) -> int | None:
        """The file line where `quote` appears verbatim (normalised), or None."""
        word = self.find_word(quote)
        return None if word is None else self.lines[word]

    def find_word(self, quote: str) -> int | None:
        """The index of the word where `quote` first appears verbatim (normalised), or None."""
        needle = normalise(quote)
        if not needle:
            return None
        haystack = self.joined
        at = haystack.find(needle)
        while at >= 0:
            end = at + len(needle)
            cut_before = needle[0].isalnum() and at > 0 and haystack[at - 1].isalnum()
            cut_after = needle[-1].isalnum() and end < len(haystack) and haystack[end].isalnum()
            if not cut_before and not cut_after:
                return bisect.bisect_right(self.starts, at) - 1
            at = haystack.find(needle, at + 1)
        return None

    def negation_before(self, quote: str) -> str:
        """The negation ('not', 'never', 'no', "won't"...) right before `quote` inside its
        sentence of the text, or "": a quote that starts after it may read as its opposite."""
        word = self.find_word(quote)
        if not word:  # not found, or the text's first word
            return ""
        before = self.words[word - 1]
        if re.search(r"[.!?:;]['\")\]]*$", before):
            return ""
        bare = before.lower().strip("\"'(,")
        return before if bare in _NEGATIONS or bare.endswith("n't") else ""


def closest_passage(quote: str, source: SourceText, candidates: int = 8, slack: int = 3,
                    minimum: float = 0.3) -> Passage | None:
    """The passage of `source` most like `quote`, with the word diff; None when nothing is
    at least `minimum` similar (difflib's ratio over lower-cased words).

    Windows of the quote's length are ranked by how many of the quote's words they hold
    (a sliding count, linear in the text); the best few are then scored with difflib,
    their start and length shifted by up to `slack` words to fit the quote.
    """
    quote_words = _tokens(quote)
    if not source.words or not quote_words:
        return None
    folded_quote = [_fold(w) for w in quote_words]
    folded = source.folded
    size = min(len(folded_quote), len(folded))
    wanted = Counter(folded_quote)
    window: Counter[str] = Counter(folded[:size])
    overlap = sum(min(n, wanted[w]) for w, n in window.items())
    scores = [overlap]
    for start in range(1, len(folded) - size + 1):
        gone, come = folded[start - 1], folded[start + size - 1]
        if window[gone] <= wanted[gone]:
            overlap -= 1
        window[gone] -= 1
        window[come] += 1
        if window[come] <= wanted[come]:
            overlap += 1
        scores.append(overlap)
    chosen: list[int] = []
    for start in sorted(range(len(scores)), key=lambda s: (-scores[s], s)):
        if all(abs(start - c) > size // 2 for c in chosen):
            chosen.append(start)
        if len(chosen) == candidates:
            break
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(folded_quote)
    best: tuple[float, int, int] = (-1.0, 0, 0)
    for start in chosen:
        for first in range(max(0, start - slack), min(len(folded) - 1, start + slack) + 1):
            for length in range(max(1, size - slack), size + slack + 1):
                if first + length > len(folded):
                    break
                matcher.set_seq1(folded[first:first + length])
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, first, length)
    ratio, first, length = best
    if ratio < minimum:
        return None
    words = list(source.words[first:first + length])
    # Trim the quote marks and punctuation that surround the passage in the text but
    # not the quote ('"We' for 'We', 'Alliance,"' for 'Alliance'): they are not a difference.
    if words[0] != quote_words[0] and words[0].endswith(quote_words[0]):
        words[0] = quote_words[0]
    if words[-1] != quote_words[-1] and words[-1].startswith(quote_words[-1]):
        words[-1] = quote_words[-1]
    text = " ".join(words)
    return Passage(text, source.lines[first], ratio, word_diff(text, " ".join(quote_words)))


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
        return {"line": self.line, "column": self.column, "speaker": self.speaker,
                "text": self.text, "status": self.status, "found_line": self.found_line or None,
                "closest": self.closest.to_json() if self.closest else None}


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
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or \
            PureWindowsPath(text).drive:
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
        raise LoadError(Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}",
                                "source-text-unreadable")) from None
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
            return None, f"source text '{text}' cannot be used: {found.message}", \
                "source-text-unreadable"
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
            problems.append(Problem(doc.path, line, column, _mismatch_message(text, closest),
                                    "quote-mismatch"))
        elif status == "verified" and source is not None and (negation := source.negation_before(
                quote["text"])):
            problems.append(Problem(doc.path, line, column, f"quote starts right after '{negation}' "
                                    f"in its sentence of '{text}' (line {found}): without it the "
                                    "quote may read as its opposite; start it earlier",
                                    "quote-drops-negation", "warning"))
    source_line = doc.where(("source",), key=True)[0]
    return SnapshotQuotes(doc.path, str(data.get("date", "")), text, source_line, tuple(checks),
                          tuple(problems))


def _mismatch_message(text: str, closest: Passage | None) -> str:
    message = f"quote does not appear verbatim in '{text}'"
    if closest is None:
        return message + "; no passage of the text is close to it"
    changes = [f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in closest.words if op != "="]
    shown = " ".join(changes[:6]) + (" ..." if len(changes) > 6 else "")
    return (f"{message}; closest passage at line {closest.line} "
            f"({closest.similarity:.0%} similar) differs: {shown}")


def check_loaded(loaded: Loaded) -> list[SnapshotQuotes]:
    """Check the quotes of every valid snapshot of a loaded negotiation, in file order."""
    folder = Path(loaded.folder)
    texts = _Texts(folder)
    return [snapshot_quotes(folder, s.path, texts) for s in sorted(loaded.snapshots,
                                                                   key=lambda s: s.path)]


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
    return Problem(result.path, result.source_line, 1,
                   f"{count} quote(s) unverified: the snapshot names no local source text",
                   "quote-unverified", "warning")
