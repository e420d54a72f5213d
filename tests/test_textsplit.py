"""The whole-text normaliser and sentence splitter give what the word-at-a-time ones gave
(`textsplit_reference`): the same words, lines and offsets, the same sentences, lines and
speakers, on generated texts with speaker labels, abbreviations, quote marks, non-ASCII
and CRLF line ends."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import textsplit_reference as reference
from conftest import DATASET
from redline.sentences import sentences
from redline.sourcetext import SourceText

PLAIN = """
We will not. talks ended said told Lavrov Ryabkov, Sherman said. minister
U.S. Mr. Dr. a.m. (U.N.) etc. Sept. e.g. No. 3. # * > -- --- | 1. 12.
Prof. Gen. Mrs. vs. St. I. xMr. Sep. Dec.) (a. ab. talks. on. said.
"No," "yes" 'q it's "We Alliance." end? end! (Via interpreter) [...]
SHERMAN: QUESTION: Q: MR. SMITH: (LAVROV): Deputy Secretary said: NATO Russia's
"""
WORDS = [
    *PLAIN.split(),
    "\u201cyes\u201d",
    "\u2018so\u2019",
    "\u00abnon\u00bb",
    "a\u2014b",
    "\u2013",
    "x\u00ady",
    "\u200b",
    "\ufb01ne",  # a ligature: NFKC makes it two letters
    "e\u0301",
    "\u0130stanbul",
    "\u00c9TAT:",
    "\u2163.",
    "\uff21\uff22:",
]
SEPARATORS = [
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "\r\n\r\n",
    "\n \n",
    "\u00a0",
    "\u2028",
    "\x0c",
]


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60))
    text = "".join(w + s for w, s in parts)
    header = draw(
        st.sampled_from(["", "---\ntitle: x\n---\n", "---\r\nurl: y\r\n---\r\n\r\n", "---\nno end\n"])
    )
    return header + text


def same_as_before(text: str) -> None:
    source = SourceText.parse(text)
    assert (source.words, source.lines, source.joined, source.starts) == reference.parse(text)
    assert [(s.text, s.line, s.speaker) for s in sentences(source)] == reference.sentences(text)


@settings(max_examples=400)
@given(texts())
def test_the_splitter_cuts_generated_texts_as_before(text):
    same_as_before(text)


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from("aB .!?:\"')(#-\u2014\u00ad\u201c\n\r\t\u00a0\u0301\u0130ÉQ1"), max_size=80
    )
)
def test_the_splitter_cuts_any_characters_as_before(text):
    same_as_before(text)


def test_the_bundled_texts_are_cut_as_before():
    for path in sorted((DATASET / "sources").glob("*.md")):
        same_as_before(path.read_text(encoding="utf-8"))


def test_the_words_and_lines_are_worked_out_only_when_asked_for():
    source = SourceText.parse("---\nt: x\n---\nOne  two\n\n\u201cthree\u201d\n")
    assert "words" not in vars(source) and "starts" not in vars(source)
    assert source.body == 'One two\n\n"three"\n'
    assert (source.words, source.lines, source.starts) == (("One", "two", '"three"'), (4, 4, 6), (0, 4, 8))


def test_the_other_spaces_are_every_space_str_split_knows():
    import sys

    from redline.sourcetext import _OTHER_SPACES

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(_OTHER_SPACES) == spaces - {" ", "\n"}


def test_every_quote_mark_dash_and_invisible_character_is_made_uniform_as_before():
    from redline.sourcetext import _MARKS

    text = " ".join(f"a{chr(c)}b {chr(c)}{chr(c)}x" for c in _MARKS) + "\n\u00e9t\u00e9 \u2014\u2013 end."
    same_as_before(text)
