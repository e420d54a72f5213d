"""The quote candidates' Matcher finds a party where `party_terms` do, searching all the
sentences at once: never inside a word, at a sentence's start, once per sentence."""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

import textsplit_reference as reference
from conftest import POSITIONS
from redline.candidates import Matcher, common_words, issue_score, party_terms, speaker_parties
from redline.model import Negotiation
from redline.repository import load_folder
from redline.sentences import sentences
from redline.sourcetext import SourceText

TEXT = (
    "Russia wants guarantees on NATO enlargement now.\n\n"
    "The XRussia delegation spoke about enlargement at length.\n\n"
    "Talks about enlargement with the Russian Federation ended.\n\n"
    "Nothing here names anyone at all today.\n\n"
    "Moscow, Moscow and Moscow again on enlargement."
)


def test_matcher_names_a_party_where_its_terms_do():
    negotiation = load_folder(POSITIONS / "us-russia-2022").negotiation
    found = sentences(SourceText.parse(TEXT))
    matcher = Matcher(found, negotiation)
    for party in negotiation.parties:
        terms = party_terms(party)
        expected = [s.text for s in found if any(t.search(s.text) for t in terms)]
        assert [s.text for _, s, _ in matcher.naming(party.id)] == expected
    assert [s.text.split()[0] for _, s, _ in matcher.naming("russia")] == ["Russia", "Talks", "Moscow,"]


NAMES = ["Russia", "XRussia", "Russian Federation", "Russians", "NATO", "NATO's", "US", "USA", "USAF"]
FILLER = ["talks", "on", "enlargement", "ended", "the", "Kremlin", "Alliance", "said.", "(NATO)", "-Moscow"]


@functools.cache
def dataset() -> Negotiation:
    return load_folder(POSITIONS / "us-russia-2022").negotiation


@settings(max_examples=200)
@given(st.lists(st.sampled_from(NAMES + FILLER), min_size=1, max_size=80))
def test_matcher_finds_the_parties_of_generated_texts_where_their_terms_do(words):
    negotiation = dataset()
    found = sentences(SourceText.parse(" ".join(words)))
    matcher = Matcher(found, negotiation)
    usable = [s.text for _, s in matcher.usable]
    for party in negotiation.parties:
        terms = party_terms(party)
        expected = [t for t in usable if any(term.search(t) for term in terms)]
        assert [s.text for _, s, _ in matcher.naming(party.id)] == expected


SPOKEN = [
    "LAVROV:",
    "SHERMAN:",
    "QUESTION:",
    "Lavrov",
    "Sherman",
    "Russian Foreign Minister Sergey Lavrov said",
    "U.S. Deputy Secretary Wendy Sherman",
    "NATO enlargement",
    "open door",
    "missile",
    "deployment",
    "military exercises",
    "we",
    "refuse.",
    "\n\n",
]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(NAMES + FILLER + SPOKEN), min_size=1, max_size=80))
def test_speakers_and_issue_scores_are_found_as_before(words):
    negotiation = dataset()
    found = sentences(SourceText.parse(" ".join(words)))
    assert speaker_parties(found, negotiation) == reference.speaker_parties(found, negotiation)
    ignore = common_words(negotiation)
    for issue in negotiation.issues:
        for sentence in found:
            assert issue_score(issue, sentence.text, ignore) == reference.issue_score(
                issue, sentence.text, ignore
            )
