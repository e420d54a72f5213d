"""The strict YAML loader: `read_text` (bytes to text) and `parse_yaml` (text to values and marks).

In the style of yamllint's rule tests: a YAML string in, the exact value or the exact
`Problem.format()` line out. Most tests run under both parsers (libyaml's C parser, the
default, and PyYAML's pure-Python one) through the `parser` fixture: both must give the
same values, the same marks and the same messages for redline's own rules.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from redline import loading
from redline.loading import DEFAULT_LIMITS, Document, Limits, LoadError, parse_yaml, read_text
from redline.problems import Problem
from redline.yamlbuilder import Builder

DATASET = Path(__file__).resolve().parents[1] / "positions" / "us-russia-2022"
DATASET_FILES = sorted(DATASET.glob("*.yaml"))


@pytest.fixture(params=["libyaml", "python"])
def parser(request, monkeypatch) -> str:
    """Run the test with libyaml's C parser, then with PyYAML's pure-Python one."""
    if request.param == "python":
        monkeypatch.setattr(loading, "_Loader", yaml.SafeLoader)
    else:
        assert loading._Loader is yaml.CSafeLoader
    return request.param


def load(text: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    return parse_yaml(text, "f.yaml", limits)


def problem(text: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The one formatted problem `parse_yaml` raises for `text`."""
    with pytest.raises(LoadError) as info:
        parse_yaml(text, "f.yaml", limits)
    assert str(info.value) == info.value.problem.format()
    return info.value.problem.format()


def read_problem(raw: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    with pytest.raises(LoadError) as info:
        read_text(raw, "f.yaml", limits)
    return info.value.problem.format()


# --- values: YAML 1.2's reading of plain scalars -------------------------------------------


def test_plain_scalars_read_the_yaml_1_2_way(parser):
    text = (
        "a: no\n"
        "b: on\n"
        "c: yes\n"
        "d: off\n"
        "e: true\n"
        "f: false\n"
        "g: 2022-01-10\n"
        "h: 12\n"
        "i: null\n"
        "j: ~\n"
        "k:\n"
        "l: 1.5\n"
        "m: -3\n"
        "n: 0x1F\n"
        "o: a, b  # a comment\n"
        "p: '12'\n"
        'q: "true"\n'
        "r: 2022-01-10T10:00:00Z\n"
    )
    assert load(text).data == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": "off",
        "e": True,
        "f": False,
        "g": "2022-01-10",
        "h": 12,
        "i": None,
        "j": None,
        "k": None,
        "l": 1.5,
        "m": -3,
        "n": 31,
        "o": "a, b",
        "p": "12",
        "q": "true",
        "r": "2022-01-10T10:00:00Z",
    }


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "Yes", "on", "On", "off", "OFF", "y", "n"])
def test_norway_words_stay_strings(parser, word):
    data = load(f"value: {word}\nlist: [{word}]\n").data
    assert data == {"value": word, "list": [word]}
    assert type(data["value"]) is str


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
    ],
)
def test_only_true_and_false_are_booleans(parser, word, value):
    assert load(f"a: {word}\n").data == {"a": value}


@pytest.mark.parametrize("written", ["2022-01-10", "2022-02-30", "2021-12-31", "2022-01-10 10:00:00"])
def test_bare_dates_stay_the_iso_strings_written(parser, written):
    # Even a date that is not a real day stays as written; the validator judges it later.
    data = load(f"date: {written}\n").data
    assert data == {"date": written}
    assert type(data["date"]) is str


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: !!str 12\n", "12"),
        ("a: !!int '12'\n", 12),
        ("a: !!float 1\n", 1.0),
        ("a: !!null ''\n", None),
        ("a: !!bool true\n", True),
        ("a: !!timestamp 2022-01-01\n", "2022-01-01"),
        ("a: !<tag:yaml.org,2002:str> x\n", "x"),
    ],
)
def test_core_tags_are_accepted(parser, text, value):
    assert load(text).data == {"a": value}


def test_scalar_and_sequence_documents(parser):
    assert load("- a\n- b\n").data == ["a", "b"]
    assert load("just text\n").data == "just text"
    assert load("~\n").data is None
    assert load("---\n").data is None


def test_block_and_quoted_scalars(parser):
    text = "a: |\n  l1\n  l2\nb: >-\n  folded\n  text\nc: 'it''s'\nd: \"tab\\there\"\n"
    assert load(text).data == {"a": "l1\nl2\n", "b": "folded text", "c": "it's", "d": "tab\there"}


def test_anchors_and_aliases_work(parser):
    doc = load("a: &x {b: 1}\nc: *x\nd: &s text\ne: *s\n")
    assert doc.data == {"a": {"b": 1}, "c": {"b": 1}, "d": "text", "e": "text"}
    assert doc.marks[("c",)] == (2, 4)  # an alias stands where the alias is written
    assert doc.where(("c", "b")) == (2, 4)


def test_explicit_document_markers_hold_one_document(parser):
    doc = load("%YAML 1.1\n---\na: 1\n...\n")
    assert doc.data == {"a": 1}
    assert doc.marks == {(): (3, 1), ("a",): (3, 4)}


# --- marks ------------------------------------------------------------------------------------


def test_marks_of_nested_values_and_keys(parser):
    doc = load("a:\n  b:\n    - x\n    - {c: 1, d: [2, 3]}\n")
    assert doc.data == {"a": {"b": ["x", {"c": 1, "d": [2, 3]}]}}
    assert doc.marks == {
        (): (1, 1),
        ("a",): (2, 3),
        ("a", "b"): (3, 5),
        ("a", "b", 0): (3, 7),
        ("a", "b", 1): (4, 7),
        ("a", "b", 1, "c"): (4, 11),
        ("a", "b", 1, "d"): (4, 17),
        ("a", "b", 1, "d", 0): (4, 18),
        ("a", "b", 1, "d", 1): (4, 21),
    }
    assert doc.key_marks == {
        ("a",): (1, 1),
        ("a", "b"): (2, 3),
        ("a", "b", 1, "c"): (4, 8),
        ("a", "b", 1, "d"): (4, 14),
    }


def test_where_falls_back_to_the_nearest_ancestor(parser):
    doc = load("top:\n  list:\n    - {name: x}\n")
    assert doc.where(("top", "list", 0, "name")) == (3, 14)
    assert doc.where(("top", "list", 0, "missing")) == (3, 7)
    assert doc.where(("top", "list", 5)) == (3, 5)
    assert doc.where(("nowhere",)) == (1, 1)
    assert doc.where(("top", "list"), key=True) == (2, 3)
    assert doc.where(("top", "list", 0, "missing"), key=True) == (3, 7)
    assert doc.problem(("top", "list"), "a message", "a-code", key=True).format() == (
        "f.yaml:2:3: error: a message (a-code)"
    )
    assert doc.problem(("top",), "a note", "a-code", severity="warning").format() == (
        "f.yaml:2:3: warning: a note (a-code)"
    )


def test_marks_after_a_leading_comment_and_multibyte_text(parser):
    doc = load("# comment\ntitle: US–Russia talks\nnext: 😀 é\nlast: [中文, x]\n")
    assert doc.marks == {
        (): (2, 1),
        ("title",): (2, 8),
        ("next",): (3, 7),
        ("last",): (4, 7),
        ("last", 0): (4, 8),
        ("last", 1): (4, 12),
    }


# --- duplicate keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nb: 2\na: 3\n",
            "f.yaml:3:1: error: duplicate key 'a' (first defined at line 1) (duplicate-key)",
        ),
        (
            "top:\n  k: 1\n  j: 2\n  k: 3\n",
            "f.yaml:4:3: error: duplicate key 'k' (first defined at line 2) (duplicate-key)",
        ),
        (
            "items:\n  - a: 1\n    b: 2\n\n    a: 3\n",
            "f.yaml:5:5: error: duplicate key 'a' (first defined at line 2) (duplicate-key)",
        ),
        ("{a: 1, a: 2}\n", "f.yaml:1:8: error: duplicate key 'a' (first defined at line 1) (duplicate-key)"),
        ("a: 1\n'a': 2\n", "f.yaml:2:1: error: duplicate key 'a' (first defined at line 1) (duplicate-key)"),
        ("? a\n? a\n", "f.yaml:2:3: error: duplicate key 'a' (first defined at line 1) (duplicate-key)"),
    ],
)
def test_duplicate_keys_name_both_lines(parser, text, expected):
    assert problem(text) == expected


def test_same_key_in_different_mappings_is_fine(parser):
    assert load("a: 1\nb:\n  a: 2\nc: [{a: 3}, {a: 4}]\n").data == {
        "a": 1,
        "b": {"a": 2},
        "c": [{"a": 3}, {"a": 4}],
    }


# --- syntax -----------------------------------------------------------------------------------

TAB_MESSAGE = "tab character where indentation or a value was expected; indent with spaces"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n\t- b\n", f"f.yaml:2:1: error: {TAB_MESSAGE} (yaml-syntax)"),
        ("a: 1\n\tb: 2\n", f"f.yaml:2:1: error: {TAB_MESSAGE} (yaml-syntax)"),
        ("source:\n\ttitle: x\n", f"f.yaml:2:1: error: {TAB_MESSAGE} (yaml-syntax)"),
    ],
)
def test_tab_indentation(parser, text, expected):
    assert problem(text) == expected


def test_tab_after_a_colon_is_only_a_separator(parser):
    # YAML allows a tab as separation; PyYAML's pure-Python scanner does not (a PyYAML
    # limitation that only shows when redline runs without libyaml).
    if parser == "libyaml":
        assert load("a:\tb\n").data == {"a": "b"}
    else:
        assert problem("a:\tb\n") == f"f.yaml:1:3: error: {TAB_MESSAGE} (yaml-syntax)"


SYNTAX = {
    "a: [1, 2\n": {
        "libyaml": "f.yaml:2:1: error: did not find expected ',' or ']' "
        "(while parsing a flow sequence), started at line 1, column 4 (yaml-syntax)",
        "python": "f.yaml:2:1: error: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence), started at line 1, column 4 (yaml-syntax)",
    },
    "a: b: c\n": {
        "libyaml": "f.yaml:1:5: error: mapping values are not allowed in this context; the value "
        "of 'a' holds ': ', which YAML reads as another key: put the whole value in "
        "quotes (yaml-syntax)",
        "python": "f.yaml:1:5: error: mapping values are not allowed here; the value of 'a' "
        "holds ': ', which YAML reads as another key: put the whole value in quotes "
        "(yaml-syntax)",
    },
    'a: "abc\n': {
        "libyaml": "f.yaml:2:1: error: found unexpected end of stream "
        "(while scanning a quoted scalar), started at line 1, column 4 (yaml-syntax)",
        "python": "f.yaml:2:1: error: found unexpected end of stream "
        "(while scanning a quoted scalar), started at line 1, column 4 (yaml-syntax)",
    },
    "a: @x\n": {
        "libyaml": "f.yaml:1:4: error: found character that cannot start any token "
        "(while scanning for the next token) (yaml-syntax)",
        "python": "f.yaml:1:4: error: found character '@' that cannot start any token "
        "(while scanning for the next token) (yaml-syntax)",
    },
    "a: *nope\n": {
        "libyaml": "f.yaml:1:4: error: alias *nope refers to no complete anchor (yaml-alias)",
        "python": "f.yaml:1:4: error: alias *nope refers to no complete anchor (yaml-alias)",
    },
    "a: &x [1, *x]\n": {
        "libyaml": "f.yaml:1:11: error: alias *x refers to no complete anchor (yaml-alias)",
        "python": "f.yaml:1:11: error: alias *x refers to no complete anchor (yaml-alias)",
    },
}


@pytest.mark.parametrize("text", list(SYNTAX))
def test_malformed_yaml(parser, text):
    assert problem(text) == SYNTAX[text][parser]


def test_unclosed_quote_says_where_it_opened():
    text = 'a: 1\nb: "abc\nc: 2\nd: 3\n'
    with pytest.raises(LoadError) as info:
        load(text)
    assert "line 2" in info.value.problem.message


def test_control_character_reported_with_line_and_column():
    with pytest.raises(LoadError) as info:
        load("a: 1\nb: x\x07y\n")
    found = info.value.problem
    assert (found.line, found.column, found.code) == (2, 5, "yaml-syntax")
    assert "\n" not in found.message
    assert "U+0007" in found.message
    assert "<unicode string>" not in found.message


# --- one document per file -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\n---\nb: 2\n",
            "f.yaml:2:1: error: file holds several YAML documents; keep one per file (several-documents)",
        ),
        (
            "--- a\n--- b\n",
            "f.yaml:2:1: error: file holds several YAML documents; keep one per file (several-documents)",
        ),
        (
            "a: 1\n...\n---\nb: 2\n",
            "f.yaml:3:1: error: file holds several YAML documents; keep one per file (several-documents)",
        ),
    ],
)
def test_several_documents(parser, text, expected):
    assert problem(text) == expected


@pytest.mark.parametrize("text", ["", "# only a comment\n", "# one\n\n# two\n", "\n   \n\n"])
def test_empty_and_comment_only_files(parser, text):
    assert problem(text) == (
        "f.yaml:1:1: error: file holds no YAML document (empty, or only comments) (empty-file)"
    )


# --- merge keys, tags, keys -------------------------------------------------------------------

MERGE = "merge keys (<<) are not supported; write the keys out (merge-key)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", f"f.yaml:3:3: error: {MERGE}"),
        ("<<: {x: 1}\n", f"f.yaml:1:1: error: {MERGE}"),
        ("a: 1\n!!merge <<: x\n", f"f.yaml:2:1: error: {MERGE}"),
    ],
)
def test_merge_keys_are_rejected(parser, text, expected):
    assert problem(text) == expected


def test_a_quoted_double_angle_is_an_ordinary_key(parser):
    assert load("'<<': x\n").data == {"<<": "x"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: !!python/object/apply:os.system ['{cmd}']\n",
            "f.yaml:1:4: error: unsupported tag !!python/object/apply:os.system (yaml-tag)",
        ),
        (
            "a: !!python/object/apply:os.system\n  args: ['{cmd}']\n",
            "f.yaml:1:4: error: unsupported tag !!python/object/apply:os.system (yaml-tag)",
        ),
        (
            "a: !!python/object/new:os.system ['{cmd}']\n",
            "f.yaml:1:4: error: unsupported tag !!python/object/new:os.system (yaml-tag)",
        ),
        (
            "a: !!python/name:os.system\n",
            "f.yaml:1:4: error: unsupported tag !!python/name:os.system (yaml-tag)",
        ),
        ("ok: 1\nb: !!python/str '{cmd}'\n", "f.yaml:2:4: error: unsupported tag !!python/str (yaml-tag)"),
    ],
)
def test_python_tags_are_rejected_and_never_run(parser, tmp_path, text, expected):
    marker = tmp_path / "pwned"
    text = text.replace("{cmd}", f"touch {marker}")
    assert problem(text) == expected
    assert not marker.exists()
    if "apply" in text:  # the same text would run the command in an unsafe loader
        yaml.unsafe_load(text)
        assert marker.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !custom x\n", "f.yaml:1:4: error: unsupported tag !custom (yaml-tag)"),
        ("a: !!binary aGVsbG8=\n", "f.yaml:1:4: error: unsupported tag !!binary (yaml-tag)"),
        ("a: !!set {x}\n", "f.yaml:1:4: error: unsupported tag !!set (yaml-tag)"),
        ("a: !!omap [b: 1]\n", "f.yaml:1:4: error: unsupported tag !!omap (yaml-tag)"),
        ("a: !!str [x]\n", "f.yaml:1:4: error: unsupported tag !!str (yaml-tag)"),
    ],
)
def test_other_tags_are_rejected(parser, text, expected):
    assert problem(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1: a\n", "f.yaml:1:1: error: mapping key '1' must be a string; quote it (non-string-key)"),
        (
            "a: x\ntrue: x\n",
            "f.yaml:2:1: error: mapping key 'true' must be a string; quote it (non-string-key)",
        ),
        ("null: x\n", "f.yaml:1:1: error: mapping key 'null' must be a string; quote it (non-string-key)"),
        ("~: x\n", "f.yaml:1:1: error: mapping key '~' must be a string; quote it (non-string-key)"),
        ("1.5: x\n", "f.yaml:1:1: error: mapping key '1.5' must be a string; quote it (non-string-key)"),
        (
            "a:\n  2022: x\n",
            "f.yaml:2:3: error: mapping key '2022' must be a string; quote it (non-string-key)",
        ),
        (
            "? [a]\n: b\n",
            "f.yaml:1:3: error: mapping key must be a string, not a collection (non-string-key)",
        ),
        (
            "? {a: 1}\n: b\n",
            "f.yaml:1:3: error: mapping key must be a string, not a collection (non-string-key)",
        ),
    ],
)
def test_non_string_keys(parser, text, expected):
    assert problem(text) == expected


def test_quoted_and_word_keys_are_strings(parser):
    assert load("'1': a\n\"true\": b\nno: c\n2022-01-10: d\n").data == {
        "1": "a",
        "true": "b",
        "no": "c",
        "2022-01-10": "d",
    }


# --- limits -----------------------------------------------------------------------------------

BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([prev] * 10)}]\n"
    for name, prev in zip("abcdefghi", ["x", *("*" + c for c in "abcdefgh")], strict=True)
)


def test_alias_bomb_is_stopped(parser):
    assert BILLION_LAUGHS.startswith("a: &a [x, x, x")
    assert "i: &i [*h, *h" in BILLION_LAUGHS  # 10**9 values once expanded
    assert problem(BILLION_LAUGHS) == (
        "f.yaml:6:8: error: document expands to more than 200,000 values (an alias bomb?) (too-many-values)"
    )


def test_values_limit_counts_aliased_values(parser):
    # map, key a, list, 1, 2, key b, list, then 3 for each alias of the list
    text = "a: &a [1, 2]\nb: [*a, *a]\n"
    assert load(text, Limits(max_values=13)).data == {"a": [1, 2], "b": [[1, 2], [1, 2]]}
    assert problem(text, Limits(max_values=12)) == (
        "f.yaml:2:9: error: document expands to more than 12 values (an alias bomb?) (too-many-values)"
    )


def test_values_limit_counts_the_keys_of_an_aliased_mapping():
    written = "a: {k1: x, k2: x}\nb: {k1: x, k2: x}\n"
    aliased = "a: &a {k1: x, k2: x}\nb: *a\n"
    limits = Limits(max_values=12)
    with pytest.raises(LoadError):
        load(written, limits)
    with pytest.raises(LoadError):
        load(aliased, limits)


def test_nesting_limit(parser):
    assert load("[" * 64 + "]" * 64).data is not None
    assert problem("[" * 65 + "]" * 65) == ("f.yaml:1:65: error: nesting deeper than 64 levels (too-deep)")
    block = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 70))
    assert problem(block) == "f.yaml:65:129: error: nesting deeper than 64 levels (too-deep)"
    assert problem("a: [[[x]]]\n", Limits(max_depth=3)) == (
        "f.yaml:1:6: error: nesting deeper than 3 levels (too-deep)"
    )


def test_very_deep_nesting_is_bounded(parser):
    # libyaml's scanner reads ahead and stops on its own limit of 1000 flow levels before
    # redline's builder sees level 65; either way the file is rejected with a line and column.
    expected = {
        "libyaml": "f.yaml:1:1001: error: exceeded maximum nesting depth "
        "(while increasing flow level) (yaml-syntax)",
        "python": "f.yaml:1:65: error: nesting deeper than 64 levels (too-deep)",
    }
    # (PyYAML's pure-Python scanner is slow on deep flow nesting: keep its input smaller.)
    depth = {"libyaml": 1500, "python": 300}[parser]
    assert problem("[" * depth + "]" * depth) == expected[parser]


# --- YAML 1.1 leftovers ------------------------------------------------------------------------


def test_sexagesimal_numbers_stay_strings():
    assert load("title: 10:30\n").data == {"title": "10:30"}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("0777", 777),
        ("0b11", "0b11"),
        ("1_000", "1_000"),
        ("0o17", 15),
    ],
)
def test_integers_follow_the_yaml_1_2_core_schema(written, value):
    assert load(f"a: {written}\n").data == {"a": value}


def test_non_specific_tag_makes_a_string():
    assert load("a: ! 12\n").data == {"a": "12"}


# --- bytes to text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfea\x00:\x00 \x001\x00",
        b"\xfe\xff\x00a\x00:\x00 \x001",
        "a: 1\n".encode("utf-16"),
        b"\xfe\xff" + "a: 1\n".encode("utf-16-be"),
    ],
)
def test_utf16_is_refused_with_a_hint(raw):
    assert read_problem(raw) == "f.yaml:1:1: error: file is encoded as UTF-16; save it as UTF-8 (encoding)"


def test_utf8_bom_is_accepted_and_changes_nothing(parser):
    plain = "a: é\nb:\n  c: 2\n"
    text = read_text(b"\xef\xbb\xbf" + plain.encode(), "f.yaml")
    assert text == plain
    with_bom, without = load(text), load(plain)
    assert with_bom.data == without.data == {"a": "é", "b": {"c": 2}}
    assert with_bom.marks == without.marks
    assert with_bom.key_marks == without.key_marks


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"a: 1\nb: x\xffy\n",
            "f.yaml:2:5: error: invalid UTF-8 (byte 0xff); save the file as UTF-8 (encoding)",
        ),
        (
            b"title: caf\xe9\n",
            "f.yaml:1:11: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8 (encoding)",
        ),
        (
            b"\xef\xbb\xbfa: \x80\n",
            "f.yaml:1:4: error: invalid UTF-8 (byte 0x80); save the file as UTF-8 (encoding)",
        ),
        (
            b"a: 1\n\nb: \xc3(\n",
            "f.yaml:3:4: error: invalid UTF-8 (byte 0xc3); save the file as UTF-8 (encoding)",
        ),
    ],
)
def test_invalid_utf8_names_line_and_column(raw, expected):
    assert read_problem(raw) == expected


def test_invalid_utf8_column_counts_characters():
    # 'b', ':', ' ', 'é' then the bad byte: character column 5, byte column 6.
    assert read_problem(b"a: 1\nb: \xc3\xa9\xff\n") == (
        "f.yaml:2:5: error: invalid UTF-8 (byte 0xff); save the file as UTF-8 (encoding)"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\nb: x\x00\n", "f.yaml:2:5: error: file contains a NUL byte; is it a binary file? (encoding)"),
        (b"\x00\x01\x02", "f.yaml:1:1: error: file contains a NUL byte; is it a binary file? (encoding)"),
        (
            "a: 1\n".encode("utf-16-le"),
            "f.yaml:1:2: error: file contains a NUL byte; is it a binary file? (encoding)",
        ),
    ],
)
def test_nul_byte(raw, expected):
    assert read_problem(raw) == expected


def test_crlf_gives_the_same_values_and_lines_as_lf(parser):
    lf = "# c\na: 1\nb:\n  c: x\n  d: [1, 2]\ne: |\n  l1\n  l2\nf: >-\n  g\n  h\n"
    crlf_raw = lf.replace("\n", "\r\n").encode()
    assert b"\r\n" in crlf_raw
    crlf = load(read_text(crlf_raw, "f.yaml"))
    plain = load(read_text(lf.encode(), "f.yaml"))
    assert crlf.data == plain.data == {"a": 1, "b": {"c": "x", "d": [1, 2]}, "e": "l1\nl2\n", "f": "g h"}
    assert crlf.marks == plain.marks
    assert crlf.key_marks == plain.key_marks


def test_crlf_problem_lines_match_lf(parser):
    lf = "a: 1\nb:\n  k: 1\n  k: 2\n"
    expected = "f.yaml:4:3: error: duplicate key 'k' (first defined at line 3) (duplicate-key)"
    assert problem(lf) == expected
    assert problem(lf.replace("\n", "\r\n")) == expected
    assert read_problem(b"a: 1\r\nb: \xff\r\n") == (
        "f.yaml:2:4: error: invalid UTF-8 (byte 0xff); save the file as UTF-8 (encoding)"
    )


def test_file_size_limit():
    limits = Limits(max_bytes=10)
    assert read_text(b"a: 1234567", "f.yaml", limits) == "a: 1234567"
    assert read_problem(b"a: 12345678", limits) == (
        "f.yaml: error: file is 11 bytes, over the limit of 10 (file-too-large)"
    )
    assert DEFAULT_LIMITS.max_bytes == 2 * 1024 * 1024
    big = b"#" * (2 * 1024 * 1024)
    assert len(read_text(big, "f.yaml")) == 2 * 1024 * 1024
    assert read_problem(big + b"\n") == (
        "f.yaml: error: file is 2,097,153 bytes, over the limit of 2,097,152 (file-too-large)"
    )


def test_load_error_carries_the_problem():
    with pytest.raises(LoadError) as info:
        parse_yaml("a: 1\na: 2\n", "dir/x.yaml")
    found = info.value.problem
    assert (found.path, found.line, found.column, found.code, found.severity) == (
        "dir/x.yaml",
        2,
        1,
        "duplicate-key",
        "error",
    )
    assert found.message == "duplicate key 'a' (first defined at line 1)"


# --- the two parsers agree on the bundled dataset ------------------------------------------------


def test_libyaml_is_used_here():
    assert loading.HAVE_LIBYAML is True
    assert loading._Loader is yaml.CSafeLoader


def _iso_dates(value):
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


YAML_11_WORDS = re.compile(r"(?im)(?::|-|\[|,)\s*(yes|no|on|off|y|n)\s*(?:$|,|\]|#)")


def test_the_dataset_is_there():
    assert len(DATASET_FILES) >= 2
    assert DATASET / "negotiation.yaml" in DATASET_FILES


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.name)
def test_both_parsers_agree_on_the_dataset(path, monkeypatch):
    raw = path.read_bytes()
    text = read_text(raw, path.name)
    fast = parse_yaml(text, path.name)
    monkeypatch.setattr(loading, "_Loader", yaml.SafeLoader)
    slow = parse_yaml(text, path.name)
    assert fast.data == slow.data
    assert fast.marks == slow.marks
    assert fast.key_marks == slow.key_marks
    assert len(fast.marks) > 10
    if not YAML_11_WORDS.search(text):
        assert fast.data == _iso_dates(yaml.load(text, Loader=yaml.CSafeLoader))


def test_the_yaml_11_word_filter_works():
    assert YAML_11_WORDS.search("a: no\n")
    assert YAML_11_WORDS.search("a: [x, on]\n")
    assert not YAML_11_WORDS.search("a: no way\n")


def _fed(text: str, path: str) -> object:
    """What feeding `yaml.parse`'s events one by one to the builder makes of `text`."""
    from redline.yamlerrors import syntax_problem

    doc = Document(path, None)
    builder = Builder(doc, DEFAULT_LIMITS, text)
    try:
        for event in yaml.parse(text, Loader=loading._Loader):
            builder.feed(event)
    except LoadError as exc:
        return exc.problem
    except yaml.MarkedYAMLError as exc:
        return syntax_problem(exc, text, path)
    return doc.data, doc.marks, doc.key_marks, doc.warnings


def test_the_builder_pulling_events_builds_what_feeding_them_one_by_one_builds(parser):
    root = Path(__file__).parent
    paths = sorted([*root.glob("fixtures/**/*.yaml"), *root.glob("hostile/**/*.yaml"), *DATASET_FILES])
    compared = 0
    for path in (p for p in paths if p.stat().st_size < 64 * 1024):
        try:
            text = read_text(path.read_bytes(), str(path))
        except LoadError:
            continue
        try:
            doc = parse_yaml(text, str(path))
            built: object = (doc.data, doc.marks, doc.key_marks, doc.warnings)
        except LoadError as exc:
            built = exc.problem
        if isinstance(built, Problem) and built.code in ("empty-file", "yaml-syntax"):
            if built.code == "yaml-syntax" and "control character" not in built.message:
                assert built == _fed(text, str(path)), path
            continue  # no document, or the reader's own error: not the builder's
        assert built == _fed(text, str(path)), path
        compared += 1
    assert compared > 50
