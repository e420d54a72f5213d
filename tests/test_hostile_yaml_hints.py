"""Silent truncation and baffling syntax errors: plain text cut by a ` #` comment that
reads as more text (`#1`, `#tag`) is a warning, and libyaml's "mapping values are not
allowed" for an unquoted value holding ': ' gets a plain hint to quote it. Exact
messages and positions."""

from __future__ import annotations

import pytest

from conftest import snapshot_yaml
from redline.loading import LoadError, parse_yaml

CUT = (
    "'{field}' ends before ' #': YAML reads the rest of the line as a comment; put the "
    "whole value in quotes if it belongs to the text (comment-after-text)"
)
COLON = (
    "mapping values are not allowed in this context; the value of '{field}' holds ': ', "
    "which YAML reads as another key: put the whole value in quotes (yaml-syntax)"
)


def warnings(text: str) -> list[str]:
    return [w.format() for w in parse_yaml(text, "f.yaml").warnings]


def test_a_comment_after_plain_text_is_a_warning_at_the_hash():
    doc = parse_yaml("summary: We accept EUR 100 #1 priority\n", "f.yaml")
    assert doc.data == {"summary": "We accept EUR 100"}
    assert [w.format() for w in doc.warnings] == ["f.yaml:1:28: warning: " + CUT.format(field="summary")]


@pytest.mark.parametrize("field", ["text", "title", "speaker", "name", "label", "description"])
def test_every_text_field_is_checked(field):
    assert warnings(f"a:\n  - {field}: Point #3\n") == [
        f"f.yaml:2:{len(field) + 13}: warning: " + CUT.format(field=field)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "stance: a  # the hardest line they drew\n",  # an id: a comment is what one expects
        "summary: 'We accept EUR 100 #1 priority'\n",  # quoted: nothing is cut
        'summary: "We accept EUR 100" # a note\n',
        "summary: We accept EUR 100#1\n",  # no space: '#' is part of the text
        "summary: >\n  We accept EUR 100 #1 priority\n",  # a block scalar keeps the '#'
        "summary: We accept EUR 100\n# a comment on its own line\n",
        "line: 12 # a number\n",
        "description: Where the border runs.   # optional\n",  # '# ' reads as a comment
        "summary: Cut here #\n",
    ],
)
def test_no_warning_where_nothing_was_cut(text):
    assert warnings(text) == []


def test_crlf_and_tabs():
    assert warnings("summary: Cut here\t#rest\r\nstance: a\r\n") == [
        "f.yaml:1:19: warning: " + CUT.format(field="summary")
    ]


def test_validate_reports_the_warning_and_exits_0(invoke, demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    text = snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}]).replace(
        "summary: A summary.", "summary: We accept EUR 100 #1 priority"
    )
    demo.write("2022-01-10-src.yaml", text)
    result = invoke("validate", "--root", "positions")
    assert result.exit_code == 0
    assert result.stdout == (
        "positions/demo/2022-01-10-src.yaml:10:32: warning: "
        + CUT.format(field="summary")
        + "\n2 files checked: 0 error(s) in 0 file(s), 1 warning(s)\n"
    )
    assert invoke("validate", "--root", "positions").stdout == result.stdout  # from the cache


@pytest.mark.parametrize(
    ("text", "where", "field"),
    [
        ("summary: Russia wants: no NATO expansion\n", "1:22", "summary"),
        ("positions:\n  - party: a\n    summary: Demand: no bases\n", "3:20", "summary"),
        ("quotes:\n  - text: He said: never\n", "2:18", "text"),
    ],
)
def test_an_unquoted_colon_gets_a_hint(text, where, field):
    with pytest.raises(LoadError) as caught:
        parse_yaml(text, "f.yaml")
    assert caught.value.problem.format() == f"f.yaml:{where}: error: " + COLON.format(field=field)


@pytest.mark.parametrize(
    "text",
    [
        "a: b\n  c: d\n",  # bad indentation, not a colon in a value
        "summary: 'quoted: fine' x: y\n",
    ],
)
def test_no_colon_hint_where_it_would_mislead(text):
    with pytest.raises(LoadError) as caught:
        parse_yaml(text, "f.yaml")
    assert "holds ': '" not in caught.value.problem.message
