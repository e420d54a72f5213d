"""The sentences of a stored source text, and who says each, as `redline new --text`
lists them as quote candidates (see `redline.candidates`).

A text is cut after `.`, `!`, `?` (not after abbreviations such as `U.S.` or `Mr.`), at
blank lines and at transcript speaker labels (`FOREIGN MINISTER LAVROV:`), which set the
speaker of what follows; otherwise a sentence's speaker is the name in a `... Ryabkov
said` or `said Deputy Secretary Wendy Sherman` in it. A sentence is a run of the text's
own normalised words (see `SourceText.body`), trimmed only of leading markup, of a
leading parenthesis ("(Via interpreter)") and of an unmatched quote mark at either end,
so that it verifies against the text by construction.

The text is searched whole with regular expressions (a few passes over it), not a word
at a time: a 2 MB text is cut in well under a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sourcetext import SourceText

# In a normalised text (`SourceText.body`: words separated by one space, lines by "\n"):
# the end of a word that may end a sentence, a blank line, a line that may open with a
# speaker label (a word ending in ':' among its first five), and leading markup words.
_END = re.compile(r"[!?][\"')\]]*(?=[ \n]|\Z)")  # "." apart: a search for one character is faster
_DOT_END = re.compile(
    r"\.[\"')\]]*(?=[ \n]|\Z)"
    # and, as group 1, whether the word may be an `_ABBREVIATION`: a '.' after one letter
    # or after one of the named abbreviations (looked behind only where a word may end)
    r"((?<=\.)(?<![A-Za-z]{2}\.)|(?<=(?:Mr|Ms|Dr|Lt|St|Jr|Sr|No|vs)\.)"
    r"|(?<=(?:Mrs|Gen|Col|Sgt|Sen|Rep|Gov|etc|Jan|Feb|Mar|Apr|Aug|Sep|Oct|Nov|Dec)\.)|(?<=(?:Prof|Sept)\.))?"
)
_BLANK = re.compile(r"\n\n+")
_LABEL_LINE = re.compile(r"^(?:[^ \n]+ ){0,4}[^ \n]*:(?=[ \n]|\Z)", re.M)
_LEADING_MARKUP = re.compile(r"(?:(?:[#*>|_=~`+-]+|\d+\.)(?: |\Z))+")
_MARKUP_FIRST = frozenset("#*>|_=~`+-")
_ABBREVIATION = re.compile(
    r"^\(?(?:[A-Za-z]\.)+$|^(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|St|Sen|Rep|Gov|Prof|"
    r"Jr|Sr|No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.$"
)
_SAID_WORDS = [
    "said",
    "says",
    "told",
    "added",
    "stressed",
    "warned",
    "noted",
    "insisted",
    "declared",
    "stated",
    "explained",
]
_SAID = "(?:" + "|".join(_SAID_WORDS) + ")"
_NAME_RUN = r"((?:[A-Z][\w'.-]*\s(?:of\s)?){0,5}[A-Z][\w'-]*)"
_BEFORE_SAID = re.compile(_NAME_RUN + r",?\s" + _SAID + r"\b")
_AFTER_SAID = re.compile(r"\b" + _SAID + r"\s" + _NAME_RUN)
# What both patterns need: `Name said` or `said Name`, written to start at the capital,
# so that the search skips to capitals (`said Name` is looked behind from `N`).
_SAID_NEXT_TO_NAME = re.compile(
    r"[A-Z](?:[\w'-]*,?\s" + _SAID + r"\b|" + "|".join(rf"(?<=\b{w}\s[A-Z])" for w in _SAID_WORDS) + ")"
)
_TITLES = {
    "the",
    "deputy",
    "foreign",
    "minister",
    "secretary",
    "president",
    "general",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "under",
    "state",
    "chief",
    "prime",
    "vice",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "press",
    "secretary-general",
    "envoy",
    "official",
    "senior",
    "defense",
    "defence",
    "national",
    "security",
    "adviser",
    "advisor",
    "assistant",
    "first",
    "of",
}
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you", "this", "that", "officials"}
_QUESTIONER = {"question", "q", "journalist", "reporter", "moderator"}


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    speaker: str  # "" when the text does not say who speaks


def sentences(source: SourceText) -> list[Sentence]:
    """The sentences of a text: split after `.`, `!`, `?` (not after abbreviations), at blank
    lines and at transcript speaker labels, which set the speaker of what follows."""
    body, found = source.body, []
    # Where `_said_by` may find a name, searched once in the whole text: a sentence
    # holding none has no name to find (a match never crosses a sentence break, and
    # trimming a sentence's ends can take a match away, never make one).
    said, k = [m.start() for m in _SAID_NEXT_TO_NAME.finditer(body)] + [len(body)], 0
    cursor, label, line, counted = 0, "", source.first_line, 0
    for start, resume, speaker in [*_breaks(body), (len(body), len(body), None)]:
        if start < cursor:  # a sentence end among a speaker label's words
            continue
        text = body[cursor:start].lstrip(" \n")
        if text:
            at = start - len(text)
            line += body.count("\n", counted, at)
            counted = at
            while said[k] < at:
                k += 1
            text = text.rstrip(" \n").replace("\n", " ")
            sentence = _sentence(text, line, label, said[k] < start)
            if sentence.text:
                found.append(sentence)
        cursor = resume
        label = label if speaker is None else speaker
    return found


def _breaks(body: str) -> list[tuple[int, int, str | None]]:
    """Where a normalised text (see `SourceText.body`) breaks into sentences, in order:
    (where the sentence before stops, where the next may start, the speaker a label sets
    or None)."""
    breaks: list[tuple[int, int, str | None]] = [(m.start(), m.end(), None) for m in _BLANK.finditer(body)]
    ends = [
        m.end() for m in _DOT_END.finditer(body) if m.lastindex is None or not _abbreviated(body, m.end())
    ]
    if "!" in body or "?" in body:
        ends += [m.end() for m in _END.finditer(body)]
    breaks += [(end, end, None) for end in ends]
    if ":" in body:
        for match in _LABEL_LINE.finditer(body):
            start = match.start()
            stop = body.find("\n", start)
            words = body[start : len(body) if stop < 0 else stop].split(" ", 5)[:5]
            speaker, used = _label(words)
            if used:
                breaks.append((start, start + len(" ".join(words[:used])), speaker))
    return sorted(breaks)


def _abbreviated(body: str, end: int) -> bool:
    """Whether the word of `body` ending at `end` is an abbreviation (`_ABBREVIATION`)."""
    word = body[body.rfind(" ", 0, end) + 1 : end]
    if "\n" in word:
        word = word[word.rfind("\n") + 1 :]
    return _ABBREVIATION.match(word) is not None


def _label(words: list[str]) -> tuple[str, int]:
    """A speaker label opening a line, whose first words are `words`: (the speaker, words
    used), or ("", 0)."""
    for k, word in enumerate(words):
        if not any(c.isalpha() for c in word) or not (word.isupper() or (k and word[0].isupper())):
            return "", 0
        if word.endswith(":"):
            name = word[:-1].strip("()").title()
            if name.lower() in _QUESTIONER:
                name = "?"
            return name, k + 1
    return "", 0


def _sentence(text: str, line: int, label: str, may_name: bool = True) -> Sentence:
    """The sentence `text` trimmed; its speaker is the label's, else `_said_by` (when the
    text `may_name` one)."""
    if text[0] in _MARKUP_FIRST or text[0].isdecimal():  # as `\d`
        markup = _LEADING_MARKUP.match(text)
        text = text if markup is None else text[markup.end() :]
    if text.startswith("("):  # "(Via interpreter)" and the like
        words = text.split(" ")
        end = next((k for k, w in enumerate(words) if w.endswith(")")), None)
        if end is not None and end < 4:
            text = " ".join(words[end + 1 :])
    for mark in ('"', "'"):
        if mark in text and text.count(mark) % 2:
            if text.startswith(mark):
                text = text[1:]
            elif text.endswith(mark):
                text = text[:-1]
    return Sentence(text.strip(), line, label or (_said_by(text) if may_name else ""))


def _said_by(text: str) -> str:
    """The name in `... Ryabkov said` or `said Deputy Secretary Wendy Sherman`, titles dropped."""
    if not _SAID_NEXT_TO_NAME.search(text):  # what both patterns need, found faster
        return ""
    for pattern in (_BEFORE_SAID, _AFTER_SAID):
        for match in pattern.finditer(text):
            names = [w.strip(",.") for w in match.group(1).split()]
            while names and (names[0].lower() in _TITLES or names[0].endswith("'s")):
                names = names[1:]
            names = names[: names.index("of")] if "of" in names else names  # "Berg of Northland"
            if names and names[0].lower() not in _PRONOUNS and not names[-1].endswith("'s"):
                return " ".join(names)
    return ""
