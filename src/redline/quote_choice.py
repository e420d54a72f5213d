"""Which quote speaks for a claim: verified, primary, whole, and never read against its source.

A briefing shows one quote per claim (a party's position on an issue, or a source's own
word on the talks). Among the quotes the data holds for it, the best is:

1. **verified**: found verbatim in the source's stored text (`quotes.SourceText`);
2. from a **primary** source (`official` or `transcript`), not a report about it;
3. **whole**: it starts and ends a sentence, so nothing around it changes its sense;
4. the newest, then the first in file order.

A quote that starts right after "not", "never" or "no" in its stored text is never
used: cut there, it says the opposite of its speaker ("allow anyone to slam closed..."
from "We will not allow anyone to slam closed..."). A quote already shown elsewhere in
the briefing is not shown twice.

Pure functions: the stored texts are read by the caller and passed in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .sourcetext import SourceText, locate, normalise

PRIMARY_KINDS = ("official", "transcript")
NEGATIONS = frozenset({"not", "never", "no", "nor", "cannot"})
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*$")
_WORD_CHARS = re.compile(r"[^\w']+")


@dataclass(frozen=True)
class Grade:
    """What is known of one quote against its source's stored text."""

    verified: bool  # found verbatim in the stored text
    whole: bool  # starts and ends a sentence
    after_negation: bool  # starts right after "not", "never", "no"... in the stored text


def grade(text: str, source: SourceText | None) -> Grade:
    """Grade `text` against `source` (None: no stored text; judged on its own words)."""
    needle = normalise(text)
    ends = bool(_SENTENCE_END.search(needle))
    starts = bool(needle) and needle[0].isupper()
    if source is None or not needle:
        return Grade(False, starts and ends, False)
    at = locate(source.joined, needle)
    if at is None:
        return Grade(False, starts and ends, False)
    before = source.joined[:at].split()
    previous = before[-1] if before else ""
    after = source.joined[at + len(needle) :].split()
    following = after[0] if after else ""
    starts = not previous or bool(_SENTENCE_END.search(previous))
    ends = ends or not following or following[0] in ".!?…"
    word = _WORD_CHARS.sub("", previous.lower())
    negated = word in NEGATIONS or word.endswith("n't")
    return Grade(True, starts and ends, negated)


def words(text: str) -> tuple[str, ...]:
    """A quote's words as compared for sameness: lower case, letters and digits only."""
    return tuple(w for w in (_WORD_CHARS.sub("", t.lower()) for t in normalise(text).split()) if w)


def same_quote(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two quotes are one statement: with the same negations, one holds the other's
    words in a row, or 80% of the shorter one's words (five or more) stand in the longer one
    in the same order (two outlets' wordings of one line, one of them cut short)."""
    if not one or not other:
        return one == other
    if _negations(one) != _negations(other):  # "we are open" is not "we are not open"
        return False
    short, long_ = sorted((one, other), key=len)
    if " " + " ".join(short) + " " in " " + " ".join(long_) + " ":
        return True
    matcher = difflib.SequenceMatcher(None, short, long_, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return len(short) >= 5 and common >= 0.8 * len(short)


def _negations(quote: tuple[str, ...]) -> set[str]:
    return {w for w in quote if w in NEGATIONS or w.endswith("n't")}


def rank(g: Grade, kind: str) -> tuple[bool, bool, bool]:
    """Sort key: lower is better (verified, then primary, then whole)."""
    return (not g.verified, kind not in PRIMARY_KINDS, not g.whole)
