"""Output that cannot be weaponised: every rendered value is bounded, `GH-123` does not
link, whitespace-only text is refused, and a huge value cannot hide the review's first
error. Hostile files are built here.
"""

from __future__ import annotations

import pytest

from conftest import commit_all, snapshot_yaml
from redline.render import escape
from redline.render.github import command

HUGE = 100_000


# ---------------------------------------------------------------- bounds


def test_a_long_value_is_cut_with_a_marker_and_its_length():
    text = "x" * HUGE
    assert escape.bounded(text) == "x" * escape.MAX_SHOWN + "… [cut: 100,000 characters in all]"
    assert escape.bounded("short") == "short"
    assert escape.bounded("x" * escape.MAX_SHOWN) == "x" * escape.MAX_SHOWN


@pytest.mark.parametrize(
    "render",
    [escape.terminal, escape.markdown, escape.markdown_start, lambda t: command("error", t, "a.yaml", 1, 1)],
)
def test_every_escaping_is_bounded(render):
    out = render("y" * HUGE)
    assert len(out) < escape.MAX_SHOWN + 100
    assert out.rstrip().endswith("[cut: 100,000 characters in all]") or (
        "\\[cut: 100,000 characters in all\\]" in out
    )


def test_the_cut_comes_before_escaping():
    # Escapes are never cut in half: the limit counts characters of the data.
    out = escape.terminal("\x1b" * HUGE)
    assert out == "\\x1b" * escape.MAX_SHOWN + "… [cut: 100,000 characters in all]"


# ---------------------------------------------------------------- references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see GH-4", "see GH-&#8203;4"),
        ("gh-12 and Gh-3", "gh-&#8203;12 and Gh-&#8203;3"),
        ("#5 and @x", "#&#8203;5 and @&#8203;x"),
        ("HIGH-4", "HIGH-4"),  # not a reference: GitHub needs GH at a word's start
    ],
)
def test_gh_references_are_broken_like_hash_references(text, expected):
    assert escape.markdown(text) == expected


def test_gh_reference_does_not_link_in_rendered_markdown():
    from conftest import parse_markdown, walk_tokens

    tokens = list(walk_tokens(parse_markdown(escape.markdown("GH-4") + "\n")))
    texts = "".join(t.content for t in tokens if t.type == "text")
    assert "GH-4" not in texts and "GH-\u200b4" in texts


# ---------------------------------------------------------------- CLI


@pytest.fixture
def here(demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    return demo


def test_a_huge_summary_gives_bounded_terminal_output(invoke, here):
    here.snapshot(
        "2022-01-10",
        [{"party": "north", "stance": "a", "summary": "s" * HUGE}, {"party": "south", "stance": "d"}],
    )
    here.snapshot("2022-01-20", [{"party": "north", "stance": "b", "summary": "t" * HUGE}])
    for args in (
        ["report"],
        ["diff", "--from", "2022-01-10", "--to", "2022-01-20"],
        ["timeline"],
        ["report", "--format", "markdown"],
    ):
        result = invoke(*args, "--root", "positions")
        assert result.exit_code == 0, (args, result.output[:500])
        assert len(result.stdout) < 4 * escape.MAX_SHOWN + 4_000, args
        if "s" * 200 in result.stdout:
            assert "characters in all" in result.stdout, args


def test_a_huge_kind_gives_a_bounded_error_line(invoke, here):
    text = snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}]).replace(
        "kind: news", "kind: " + "k" * 1_500_000
    )
    here.write("2022-01-10-src.yaml", text)
    for fmt in ("text", "github"):
        result = invoke("validate", "--root", "positions", "--format", fmt)
        assert result.exit_code == 1
        first = result.stdout.splitlines()[0]
        assert len(first) < escape.MAX_SHOWN + 300
        assert "[cut: 1,500,0" in first, first[:200]


BLANK_CASES = [
    (
        "summary",
        "    summary: A summary.",
        "    summary: '   '",
        "10:14",
        "'summary' must not be blank (only spaces)",
    ),
    ("title", "  title: A source", "  title: '  '", "4:10", "'title' must not be blank (only spaces)"),
]


@pytest.mark.parametrize(
    ("field", "old", "new", "where", "message"), BLANK_CASES, ids=[c[0] for c in BLANK_CASES]
)
def test_whitespace_only_text_is_refused(invoke, here, field, old, new, where, message):
    text = snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}])
    assert old in text
    here.write("2022-01-10-src.yaml", text.replace(old, new))
    result = invoke("validate", "--root", "positions")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"positions/demo/2022-01-10-src.yaml:{where}: error: {message} (schema)"
    )


def test_a_whitespace_only_speaker_is_refused(invoke, here):
    text = snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a", "quotes": [("X", "We hold.")]}])
    here.write("2022-01-10-src.yaml", text.replace("speaker: X", 'speaker: "\\t "'))
    result = invoke("validate", "--root", "positions")
    assert result.exit_code == 1
    assert "error: 'speaker' must not be blank (only spaces) (schema)" in result.stdout


def test_a_whitespace_only_party_name_is_refused(invoke, here):
    path = here.path / "negotiation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: South", "name: '    '"), encoding="utf-8")
    result = invoke("validate", "--root", "positions")
    assert result.exit_code == 1
    assert "error: 'name' must not be blank (only spaces) (schema)" in result.stdout


def test_the_review_comment_keeps_a_huge_first_error_visible(invoke, here, monkeypatch, tmp_path):
    here.snapshot("2022-01-10", [{"party": "north", "stance": "a"}])
    commit_all(here.root.parent, monkeypatch, tmp_path)
    text = snapshot_yaml("2022-01-20", [{"party": "north", "stance": "b"}]).replace(
        "kind: news", "kind: " + "k" * 1_500_000
    )
    here.write("2022-01-20-src.yaml", text)
    result = invoke("review", "--base", "HEAD", "--root", "positions", "--format", "markdown")
    assert result.exit_code == 1
    assert "2022-01-20-src.yaml" in result.stdout
    assert "must be one of" in result.stdout  # the error itself, cut, not dropped
    assert "characters in all" in result.stdout
    assert len(result.stdout) <= 65_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u0378b", "a\\u0378b"),  # unassigned
        ("p\ue000q", "p\\ue000q"),  # private use
        ("r\u0600s", "r\\u0600s"),  # a format character outside the named list
        ("no\u00a0break", "no\u00a0break"),  # a space stays a space
        ("Škoda – naïve", "Škoda – naïve"),
    ],
)
def test_hidden_characters_of_any_kind_are_escaped(text, expected):
    assert escape.terminal(text) == expected


def test_a_schema_message_quoting_an_unassigned_key_is_one_visible_line(invoke, here):
    text = snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}]) + '"\\u0378": x\n'
    here.write("2022-01-10-src.yaml", text)
    result = invoke("validate", "--root", "positions")
    assert "error: unknown key '\\u0378'; expected one of:" in result.stdout
