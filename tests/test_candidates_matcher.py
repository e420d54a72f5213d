"""The quote candidates' Matcher finds a party where `party_terms` do, searching all the
sentences at once: never inside a word, at a sentence's start, once per sentence."""

from __future__ import annotations

from conftest import POSITIONS
from redline.candidates import Matcher, party_terms, sentences
from redline.repository import load_folder
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
