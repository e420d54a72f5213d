"""A source's stored text, and where a quote is (or nearly is) in it.

Quotes are matched verbatim after normalising what differs between copies of one
document and not in its words: Unicode compatibility forms (NFKC), curly quote marks and
guillemets (to `'` and `"`), dashes (every dash, and runs of them, to `-`), invisible
characters (soft hyphens, zero-width spaces) and runs of whitespace. Case and
punctuation otherwise count, and a quote may not start or end inside a word.

When a quote is not found, `closest_passage` finds the passage of the text most like
it (a window of about the quote's length in words, scored with difflib) and the word
diff between the two, so that a curator sees at once which word was changed.

A text may open with a front-matter header about the document (title, URL, licence)
between two lines that are exactly `---`, the first being the file's first line: the
header is not searched. Line numbers are always the file's own. Everything here is pure.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .evidence import word_diff

_MARKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u2039": "'",
        "\u203a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2e3a": "-",
        "\u2e3b": "-",
        "\ufe58": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_MARK = re.compile("[" + re.escape("".join(map(chr, _MARKS))) + "]")
_DASH_RUN = re.compile(r"-{2,}")
# What `str.split()` splits at besides ' ' and '\n' (every `str.isspace()` character).
_OTHER_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WORD = re.compile(r"\S+")
_FOLD = re.compile(r"[\W_]+")
_NEGATIONS = {"not", "never", "no", "nor", "cannot"}


def locate(haystack: str, needle: str) -> int | None:
    """Where `needle` first stands in `haystack` as whole words (neither end inside a word),
    or None: the verbatim match of a (normalised) quote in a (normalised) text."""
    at = haystack.find(needle)
    while at >= 0:
        end = at + len(needle)
        cut_before = needle[0].isalnum() and at > 0 and haystack[at - 1].isalnum()
        cut_after = needle[-1].isalnum() and end < len(haystack) and haystack[end].isalnum()
        if not cut_before and not cut_after:
            return at
        at = haystack.find(needle, at + 1)
    return None


def normalise(text: str) -> str:
    """`text` with quote marks, dashes, invisible characters and whitespace made uniform.

    >>> normalise("NATO\u2019s \u201cOpen Door\u201d \u2014  policy")
    'NATO\\'s "Open Door" - policy'
    """
    return " ".join(_tokens(text))


def _tokens(text: str) -> list[str]:
    return _uniform(text).split()


def _uniform(text: str) -> str:
    """`text` in NFKC with quote marks, dashes and invisible characters made uniform."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():  # every mark is non-ASCII; `translate` would look up every character
        text = _MARK.sub(lambda mark: _MARKS[ord(mark.group())] or "", text)
    return _DASH_RUN.sub("-", text) if "--" in text else text


def _normalised_lines(text: str) -> str:
    """`text` made uniform, each line's words separated by one space: as `_tokens` would
    cut each line, in one pass over the whole text (NFKC and the marks never join or
    make a line break). A text already so spaced is returned as it is."""
    text = _uniform(text)
    if (
        any(c in text for c in _OTHER_SPACES)
        or "  " in text
        or " \n" in text
        or "\n " in text
        or text.startswith(" ")
        or text.endswith(" ")
    ):
        return "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return text


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
        return {
            "text": self.text,
            "line": self.line,
            "similarity": round(self.similarity, 3),
            "words": [{"op": op, "text": text} for op, text in self.words],
        }


@dataclass(frozen=True)
class SourceText:
    """A local source text, normalised for searching.

    `body` is the text below its front matter, normalised: its line i is the file's line
    `first_line + i`, with its words separated by one space. The words, the file line of
    each and the words joined are worked out from it when first asked for.
    """

    path: str
    body: str = field(repr=False)
    first_line: int = 1

    @classmethod
    def parse(cls, text: str, path: str = "") -> SourceText:
        """Normalise `text`, skipping a `---` front-matter header."""
        body_start, first_line = 0, 1
        opening = re.match(r"---[ \t]*\r?\n", text)
        if opening is not None:
            closing = re.compile(r"^---[ \t]*\r?$", re.M).search(text, opening.end())
            if closing is not None:
                body_start = closing.end() + 1
                first_line = text.count("\n", 0, body_start) + 1
        return cls(path, _normalised_lines(text[body_start:]), first_line)

    @functools.cached_property
    def words(self) -> tuple[str, ...]:
        """The normalised words, in order."""
        return tuple(self.body.split())

    @functools.cached_property
    def lines(self) -> tuple[int, ...]:
        """`lines[i]` is the file line of word i."""
        numbers: list[int] = []
        for number, line in enumerate(self.body.split("\n"), start=self.first_line):
            if line:
                numbers += itertools.repeat(number, line.count(" ") + 1)
        return tuple(numbers)

    @functools.cached_property
    def joined(self) -> str:
        """The words joined by one space: where quotes are searched."""
        return " ".join(self.words)

    @functools.cached_property
    def starts(self) -> tuple[int, ...]:
        """The offset of word i in `joined`."""
        words = self.words
        return tuple(itertools.accumulate((len(w) + 1 for w in words[:-1]), initial=0)) if words else ()

    @functools.cached_property
    def folded(self) -> tuple[str, ...]:
        """Word i as `closest_passage` compares it (worked out when a quote is not found)."""
        return tuple(_fold(w) for w in self.words)

    def find(self, quote: str) -> int | None:
        """The file line where `quote` appears verbatim (normalised), or None."""
        word = self.find_word(quote)
        return None if word is None else self.lines[word]

    def find_word(self, quote: str) -> int | None:
        """The index of the word where `quote` first appears verbatim (normalised), or None."""
        needle = normalise(quote)
        if not needle:
            return None
        at = locate(self.joined, needle)
        return None if at is None else bisect.bisect_right(self.starts, at) - 1

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


def closest_passage(
    quote: str, source: SourceText, candidates: int = 8, slack: int = 3, minimum: float = 0.3
) -> Passage | None:
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
                matcher.set_seq1(folded[first : first + length])
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, first, length)
    ratio, first, length = best
    if ratio < minimum:
        return None
    words = list(source.words[first : first + length])
    # Trim the quote marks and punctuation that surround the passage in the text but
    # not the quote ('"We' for 'We', 'Alliance,"' for 'Alliance'): they are not a difference.
    if words[0] != quote_words[0] and words[0].endswith(quote_words[0]):
        words[0] = quote_words[0]
    if words[-1] != quote_words[-1] and words[-1].startswith(quote_words[-1]):
        words[-1] = quote_words[-1]
    text = " ".join(words)
    return Passage(text, source.lines[first], ratio, word_diff(text, " ".join(quote_words)))
