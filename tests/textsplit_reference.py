"""The normaliser and sentence splitter of `redline new --text` before they worked on the
whole text at once (line by line, then a word at a time), kept as they were: the
reference the tests hold the faster ones to."""

from __future__ import annotations

import itertools
import re
import unicodedata

from redline.sentences import _PRONOUNS, _QUESTIONER, _TITLES  # data, unchanged
from redline.sourcetext import _DASH_RUN, _MARKS

_ENDS = re.compile(r"[.!?][\"')\]]*$")
_END_CHARS = frozenset(".!?\"')]")
_ABBREVIATION = re.compile(
    r"^\(?(?:[A-Za-z]\.)+$|^(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|St|Sen|Rep|Gov|Prof|"
    r"Jr|Sr|No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.$"
)
_MARKUP = re.compile(r"^[#*>|_=~`+-]+$|^\d+\.$")
_SAID = r"(?:said|says|told|added|stressed|warned|noted|insisted|declared|stated|explained)"
_NAME_RUN = r"((?:[A-Z][\w'.-]*\s(?:of\s)?){0,5}[A-Z][\w'-]*)"
_BEFORE_SAID = re.compile(_NAME_RUN + r",?\s" + _SAID + r"\b")
_AFTER_SAID = re.compile(r"\b" + _SAID + r"\s" + _NAME_RUN)
_SAID_NEXT_TO_NAME = re.compile(r"[A-Z][\w'-]*,?\s" + _SAID + r"\b|\b" + _SAID + r"\s[A-Z]")


def tokens(text: str) -> list[str]:
    text = _DASH_RUN.sub("-", unicodedata.normalize("NFKC", text).translate(_MARKS))
    return text.split()


def parse(text: str) -> tuple[tuple[str, ...], tuple[int, ...], str, tuple[int, ...]]:
    """(words, the file line of each, the words joined, the offset of each in the joined)."""
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
        found = tokens(raw_line)
        words += found
        lines += [number] * len(found)
    starts = tuple(itertools.accumulate((len(w) + 1 for w in words[:-1]), initial=0)) if words else ()
    return tuple(words), tuple(lines), " ".join(words), starts


def sentences(text: str) -> list[tuple[str, int, str]]:
    """(text, line, speaker) of each sentence of `text`, as the old splitter cut them."""
    words, lines, _, _ = parse(text)
    ends = [
        i
        for i, w in enumerate(words)
        if w[-1] in _END_CHARS and _ENDS.search(w) and not _ABBREVIATION.match(w)
    ]
    firsts = [i for i in range(len(words)) if i == 0 or lines[i] != lines[i - 1]]
    found: list[tuple[str, int, str]] = []
    current: list[str] = []
    start_line, label, k = 0, "", 0

    def close() -> None:
        if current:
            found.append(_sentence(current, start_line, label))
            current.clear()

    for n, first in enumerate(firsts):
        stop = firsts[n + 1] if n + 1 < len(firsts) else len(words)
        if first == 0 or lines[first] > lines[first - 1] + 1:
            close()
        speaker, used = _label(words, lines, first)
        if used:
            close()
            label, first = speaker, first + used
        while k < len(ends) and ends[k] < first:
            k += 1
        while first < stop:
            closing = k < len(ends) and ends[k] < stop
            end = ends[k] + 1 if closing else stop
            if not current:
                start_line = lines[first]
            current.extend(words[first:end])
            if closing:
                close()
                k += 1
            first = end
    close()
    return [s for s in found if s[0]]


def _label(words: tuple[str, ...], lines: tuple[int, ...], i: int) -> tuple[str, int]:
    for k in range(i, min(i + 5, len(words))):
        if lines[k] != lines[i]:
            return "", 0
        word = words[k]
        if not any(c.isalpha() for c in word) or not (word.isupper() or (k > i and word[0].isupper())):
            return "", 0
        if word.endswith(":"):
            name = word[:-1].strip("()").title()
            if name.lower() in _QUESTIONER:
                name = "?"
            return name, k - i + 1
    return "", 0


def _sentence(words: list[str], line: int, label: str) -> tuple[str, int, str]:
    while words and (_MARKUP.match(words[0])):
        words = words[1:]
    if words and words[0].startswith("("):
        end = next((k for k, w in enumerate(words) if w.endswith(")")), None)
        if end is not None and end < 4:
            words = words[end + 1 :]
    text = " ".join(words)
    for mark in ('"', "'"):
        if text.count(mark) % 2:
            if text.startswith(mark):
                text = text[1:]
            elif text.endswith(mark):
                text = text[:-1]
    return text.strip(), line, label or _said_by(text)


def _said_by(text: str) -> str:
    if not _SAID_NEXT_TO_NAME.search(text):
        return ""
    for pattern in (_BEFORE_SAID, _AFTER_SAID):
        for match in pattern.finditer(text):
            names = [w.strip(",.") for w in match.group(1).split()]
            while names and (names[0].lower() in _TITLES or names[0].endswith("'s")):
                names = names[1:]
            names = names[: names.index("of")] if "of" in names else names
            if names and names[0].lower() not in _PRONOUNS and not names[-1].endswith("'s"):
                return " ".join(names)
    return ""


# --- The matching helpers as they were (the Matcher compiles them once now) ---------------


def issue_score(issue, text: str, ignore: frozenset[str] = frozenset()) -> int:
    from redline.candidates import _issue_terms

    lowered = text.lower()
    phrases, words = _issue_terms(issue)
    score = 0
    for phrase in phrases:
        if re.search(r"(?<!\w)" + re.escape(phrase), lowered):
            score += 3
    for word in words:
        if any(word.startswith(w) for w in ignore if len(w) > 3):
            continue
        if re.search(r"(?<!\w)" + re.escape(word), lowered):
            score += 1
    return score


def speaker_parties(found, negotiation) -> dict[str, str]:
    from redline.candidates import _party_pattern

    speakers = {s.speaker.split()[-1] for s in found if s.speaker and s.speaker != "?"}
    if not speakers:
        return {}
    terms = {p.id: _party_pattern(p) for p in negotiation.parties}
    found_for: dict[str, set[str]] = {}
    for sentence in found:
        words = sentence.text.split()
        for i, word in enumerate(words):
            name = word.strip(",.;:'\"()")
            if name not in speakers:
                continue
            for near in (words[max(0, i - 4) : i], words[i + 1 : i + 3]):
                named = {p for p, t in terms.items() if t.search(" ".join(near))}
                if named:
                    found_for.setdefault(name, set()).update(named)
                    break
    parties = {name: next(iter(ids)) for name, ids in found_for.items() if len(ids) == 1}
    return {
        s.speaker: parties[s.speaker.split()[-1]]
        for s in found
        if s.speaker and s.speaker != "?" and s.speaker.split()[-1] in parties
    }
