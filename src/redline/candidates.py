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

A candidate's text is a sentence of the text (`redline.sentences`): a run of the text's
own normalised words, so it verifies against the text by construction. The speaker is
guessed from what the text says: a transcript's speaker label (`FOREIGN MINISTER
LAVROV:`) or a `... Ryabkov said` in the sentence; otherwise it is the party's name.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .model import Issue, Negotiation, Party
from .sentences import Sentence

MIN_WORDS, MAX_WORDS = 5, 60
_SEPARATOR, _WORD = "\x00", re.compile(r"\w")  # between sentences searched at once; `(?<!\w)`
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
class Candidate:
    speaker: str
    text: str
    line: int
    score: int


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
    return _score(_issue_patterns(issue, ignore), text.lower())


def _issue_patterns(issue: Issue, ignore: frozenset[str]) -> list[tuple[re.Pattern[str], int]]:
    """What `issue_score` looks for in a lower-case text, each with what it scores."""
    phrases, words = _issue_terms(issue)
    prefixes = [w for w in ignore if len(w) > 3]
    kept = [w for w in words if not any(w.startswith(p) for p in prefixes)]
    weighted = [*((phrase, 3) for phrase in phrases), *((word, 1) for word in kept)]
    return [(re.compile(r"(?<!\w)" + re.escape(term)), weight) for term, weight in weighted]


def _score(patterns: list[tuple[re.Pattern[str], int]], lowered: str) -> int:
    return sum(weight for pattern, weight in patterns if pattern.search(lowered))


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
    mentioned = re.compile("|".join(map(re.escape, sorted(speakers))))  # in a sentence worth a look
    for sentence in found:
        if not mentioned.search(sentence.text):
            continue
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
        hint, patterns = _issue_hint(issue), _issue_patterns(issue, self.ignore)
        scored = []
        for order, sentence, lowered in self.naming(party_id):
            if not hint.search(lowered):
                continue
            score = _score(patterns, lowered)
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
