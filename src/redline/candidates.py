"""Quote candidates: the sentences of a stored source text that speak of a party and an issue.

`redline new --text` lists them, commented, under each position it scaffolds, so that
finding the quotes is reading, not searching. A sentence is a candidate for a party
and an issue when it names the party (its name, the name without a parenthesis, an
alias, or a short id written in capitals such as `NATO`) and the issue (its title, a
scale label or one of its `keywords` as a phrase, or a long word of its title). Case
counts for party names (proper nouns), not for issue words.

A sentence also names a party when its speaker speaks for it: when the text names the
speaker next to a party ("Russian Foreign Minister Sergey Lavrov", "Anna Berg of
Northland"), what that speaker says in the first person counts for that party.

A candidate's text is a run of the text's own normalised words (see `redline.quotes`),
trimmed only of markup and of an unmatched quote mark at either end, so it verifies
against the text by construction. The speaker is guessed from what the text says: a
transcript's speaker label (`FOREIGN MINISTER LAVROV:`) or a `... Ryabkov said` in the
sentence; otherwise it is the party's name.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .model import Issue, Negotiation, Party
from .sourcetext import SourceText

MIN_WORDS, MAX_WORDS = 5, 60
# In a normalised text (`SourceText.body`: words separated by one space, lines by "\n"):
# the end of a word that may end a sentence, a blank line, a line that may open with a
# speaker label (a word ending in ':' among its first five), and leading markup words.
_END = re.compile(r"[.!?][\"')\]]*(?=[ \n]|\Z)")
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
_SEPARATOR, _WORD = "\x00", re.compile(r"\w")  # between sentences searched at once; `(?<!\w)`
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
_STOPWORDS = {
    "about",
    "after",
    "against",
    "among",
    "between",
    "their",
    "there",
    "these",
    "those",
    "which",
    "while",
    "would",
    "without",
    "other",
    "under",
    "where",
}


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    speaker: str  # "" when the text does not say who speaks


@dataclass(frozen=True)
class Candidate:
    speaker: str
    text: str
    line: int
    score: int


def sentences(source: SourceText) -> list[Sentence]:
    """The sentences of a text: split after `.`, `!`, `?` (not after abbreviations), at blank
    lines and at transcript speaker labels, which set the speaker of what follows."""
    body, found = source.body, []
    # Where `_said_by` may find a name, searched once in the whole text: a sentence
    # holding none has no name to find (a match never spans two sentences).
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
    ends = [m.end() for m in _END.finditer(body)]
    breaks += [(end, end, None) for end in ends if body[end - 1] != "." or not _abbreviated(body, end)]
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
    # a named one is five characters at most; a longer one is letters and dots: "U.S."
    return (len(word) <= 5 or word[-3] in ".(") and _ABBREVIATION.match(word) is not None


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


def _sentence(text: str, line: int, label: str, said: bool = True) -> Sentence:
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
    return Sentence(text.strip(), line, label or (_said_by(text) if said else ""))


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


# --- Matching sentences to parties and issues -------------------------------------------


def party_terms(party: Party) -> list[re.Pattern[str]]:
    """How a text may name a party: name, name without its parenthesis, aliases, ID."""
    return [re.compile(r"(?<!\w)" + re.escape(n)) for n in _party_names(party)]


def _party_names(party: Party) -> list[str]:
    names = {party.name, party.name.split(" (")[0], *party.aliases}
    if len(party.id) <= 5:
        names.add(party.id.upper())
    return [n for n in sorted(names) if n.strip()]


def _party_pattern(party: Party) -> re.Pattern[str]:
    """`party_terms` as one alternation: it finds a match where any of them would."""
    names = _party_names(party)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + ")" if names else r"(?!)")


def _issue_terms(issue: Issue) -> tuple[list[str], list[str]]:
    """The phrases (title, labels, keywords) and the long words of the title, lower case."""
    phrases = [p.lower() for p in {issue.title, *(p.label for p in issue.scale), *issue.keywords}]
    return phrases, sorted(set(re.findall(r"\w{5,}", issue.title.lower())) - _STOPWORDS)


def _issue_hint(issue: Issue) -> re.Pattern[str]:
    """A pattern that finds nothing in a lower-case text `issue_score` gives 0 (it matches
    where any phrase or title word would, whatever words are ignored)."""
    phrases, words = _issue_terms(issue)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in [*phrases, *words]) + ")")


def issue_score(issue: Issue, text: str, ignore: frozenset[str] = frozenset()) -> int:
    """How strongly `text` names `issue`: 3 per phrase (title, label, keyword), 1 per long
    word of the title that does not start with a word in `ignore` (see `common_words`:
    "States" and "Russian" name no issue)."""
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


def common_words(negotiation: Negotiation) -> frozenset[str]:
    """Words that name no single issue: those of the parties' names and aliases, and those
    in the titles of several issues ("military" in "Military exercises" and "Military
    cooperation")."""
    words = {
        w for p in negotiation.parties for n in (p.name, *p.aliases) for w in re.findall(r"\w+", n.lower())
    }
    seen: set[str] = set()
    for issue in negotiation.issues:
        title = set(re.findall(r"\w+", issue.title.lower()))
        words |= title & seen
        seen |= title
    return frozenset(words)


def speaker_parties(found: list[Sentence], negotiation: Negotiation) -> dict[str, str]:
    """The party each speaker speaks for, where the text says so next to the speaker's name
    ("Russian Foreign Minister Sergey Lavrov", "Anna Berg of Northland"): a sentence a
    speaker says then names that party, in the first person as much as by name."""
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
            for near in (words[max(0, i - 4) : i], words[i + 1 : i + 3]):  # before, then after it
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


class Matcher:
    """The sentences of a text matched to a negotiation's parties and issues, each sentence
    searched once per party and once per issue (not once per pair), so that listing every
    pair a long text addresses costs about one pass over it per party and issue."""

    def __init__(self, found: list[Sentence], negotiation: Negotiation) -> None:
        self.negotiation = negotiation
        self.ignore = common_words(negotiation)
        self.speakers = speaker_parties(found, negotiation)
        self.usable = [  # a sentence's words are separated by one space
            (order, s)
            for order, s in enumerate(found)
            if s.speaker != "?" and MIN_WORDS <= s.text.count(" ") + 1 <= MAX_WORDS and "[...]" not in s.text
        ]
        self._naming: dict[str, list[tuple[int, Sentence, str]]] = {}
        self._joined = _SEPARATOR.join(u[1].text for u in self.usable)
        starts = itertools.accumulate((len(s.text) + 1 for _, s in self.usable[:-1]), initial=0)
        self._starts = list(starts) if self.usable else []

    def naming(self, party_id: str) -> list[tuple[int, Sentence, str]]:
        """(order, sentence, lower case) of the usable sentences that name the party or
        that one of its speakers says."""
        if party_id not in self._naming:
            hits = self._naming_party(self.negotiation.party_by_id[party_id])
            speaking = {s for s, p in self.speakers.items() if p == party_id}
            if speaking:
                hits |= {n for n, (_, s) in enumerate(self.usable) if s.speaker in speaking}
            self._naming[party_id] = [
                (order, s, s.text.lower()) for order, s in (self.usable[n] for n in sorted(hits))
            ]
        return self._naming[party_id]

    def _naming_party(self, party: Party) -> set[int]:
        r"""The indices of the usable sentences in which `party_terms` find the party, with
        one `str.find` pass over the sentences joined per name (a name never holds the
        separator): a hit is a name not preceded by a word character, as `(?<!\w)`."""
        names = _party_names(party)
        if any(_SEPARATOR in n for n in names):
            pattern = _party_pattern(party)
            return {n for n, u in enumerate(self.usable) if pattern.search(u[1].text)}
        joined, starts = self._joined, self._starts
        hits: set[int] = set()
        for name in names:
            if any(name.startswith(other) for other in names if other != name):
                continue  # found where the shorter name is ("Russian Federation", "Russia")
            at = joined.find(name)
            while at >= 0:
                if at and _WORD.match(joined, at - 1):  # inside a word
                    at = joined.find(name, at + 1)
                    continue
                n = bisect.bisect_right(starts, at) - 1
                hits.add(n)
                at = joined.find(name, starts[n + 1]) if n + 1 < len(starts) else -1
        return hits

    def candidates(self, party_id: str, issue_id: str, limit: int = 5) -> tuple[Candidate, ...]:
        """The best `limit` sentences naming the party and the issue, best first."""
        party = self.negotiation.party_by_id[party_id]
        issue = self.negotiation.issue_by_id[issue_id]
        default = party.name.split(" (")[0]
        hint = _issue_hint(issue)
        scored = []
        for order, sentence, lowered in self.naming(party_id):
            if not hint.search(lowered):
                continue
            score = issue_score(issue, sentence.text, self.ignore)
            if score:
                scored.append((-score, not sentence.speaker, order, sentence, score))
        scored.sort(key=lambda s: s[:3])
        return tuple(
            Candidate(s.speaker or default, s.text, s.line, score) for *_, s, score in scored[:limit]
        )

    def addressed_pairs(self) -> list[tuple[str, str, int]]:
        """(party, issue, sentences) for every pair the text seems to address, most first."""
        pairs = []
        for issue in self.negotiation.issues:
            for party in self.negotiation.parties:
                count = len(self.candidates(party.id, issue.id, limit=10_000))
                if count:
                    pairs.append((party.id, issue.id, count))
        return sorted(pairs, key=lambda p: -p[2])


def candidates(
    found: list[Sentence], negotiation: Negotiation, party_id: str, issue_id: str, limit: int = 5
) -> tuple[Candidate, ...]:
    """The best `limit` sentences naming the party and the issue, best first (for several
    pairs, one `Matcher` does the work once)."""
    return Matcher(found, negotiation).candidates(party_id, issue_id, limit)


def addressed_pairs(found: list[Sentence], negotiation: Negotiation) -> list[tuple[str, str, int]]:
    """(party, issue, sentences) for every pair the text seems to address, most sentences first."""
    return Matcher(found, negotiation).addressed_pairs()
