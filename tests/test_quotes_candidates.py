"""Quote candidates: sentences of a stored text, their speakers, and verification by construction."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATASET
from redline.curate import _double_quoted
from redline.loading import parse_yaml
from redline.quotes import SourceText, read_source_text
from redline.sentences import sentences


def texts(source: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in sentences(SourceText.parse(source))]


def test_sentences_split_at_ends_blank_lines_and_speaker_labels():
    assert texts(
        "---\ntitle: x\n---\nThe U.S. side met Mr. Roy at 10 a.m. today. It ended!\n"
        "Did it?\n\nA heading\n\nFOREIGN MINISTER LAVROV: (Via interpreter) We wait.\n"
        "QUESTION: Will you answer?\nSECRETARY BLINKEN: We will.\n"
    ) == [
        ("", "The U.S. side met Mr. Roy at 10 a.m. today."),
        ("", "It ended!"),
        ("", "Did it?"),
        ("", "A heading"),
        ("Lavrov", "We wait."),
        ("?", "Will you answer?"),
        ("Blinken", "We will."),
    ]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Talks were hard, Deputy Foreign Minister Sergei Ryabkov said.", "Sergei Ryabkov"),
        ('"No," said Deputy Secretary of State Wendy Sherman.', "Wendy Sherman"),
        ("Russia's Lavrov told reporters that it was over.", "Lavrov"),
        ("He said it was over.", ""),
        ("The talks were over.", ""),
    ],
)
def test_the_speaker_is_guessed_from_what_the_sentence_says(sentence, speaker):
    assert texts(sentence) == [(speaker, sentence)]


def test_an_unmatched_quote_mark_is_trimmed_from_the_ends():
    assert texts('"We will not. They said so."') == [("", "We will not."), ("", "They said so.")]


def verifies(candidate: str, source: SourceText) -> bool:
    written = parse_yaml(f"text: {_double_quoted(candidate)}\n", "x").data["text"]
    return source.find(written) is not None


@pytest.mark.parametrize("path", sorted((DATASET / "sources").glob("*.md")), ids=lambda p: p.name)
def test_every_sentence_of_the_bundled_texts_verifies_as_written(path: Path):
    source = read_source_text(path, path.name)
    found = sentences(source)
    assert found
    assert [s.text for s in found if not verifies(s.text, source)] == []


@given(
    st.lists(
        st.sampled_from(
            [
                "We",
                "will",
                "not.",
                "U.S.",
                "\u201cyes\u201d",
                "a\u2014b",
                "--",
                '"No,"',
                "(Via",
                "interpreter)",
                "\n",
                "\n\n",
                "SHERMAN:",
                "#",
                "it's",
                "end?",
                "Mr.",
                "\u00ad",
                "'q",
            ]
        ),
        max_size=40,
    )
)
def test_any_candidate_verifies_by_construction(words):
    source = SourceText.parse(" ".join(words))
    for sentence in sentences(source):
        assert verifies(sentence.text, source), sentence


def test_a_speaker_named_next_to_a_party_speaks_for_it(demo):
    from redline.candidates import candidates, speaker_parties
    from redline.repository import load_folder

    negotiation = load_folder(demo.path).negotiation
    found = sentences(
        SourceText.parse(
            "North's envoy Ann Lee met South's Bo Kim on the border.\n\n"
            "ENVOY LEE: We want line A on the border, nothing else.\n\nKIM: Line D it is."
        )
    )
    assert speaker_parties(found, negotiation) == {"Lee": "north", "Kim": "south"}
    assert [c.text for c in candidates(found, negotiation, "north", "border")] == [
        "We want line A on the border, nothing else.",
        "North's envoy Ann Lee met South's Bo Kim on the border.",
    ]
