"""Checks for curators: copied summaries and quotes, reference errors a schema error does not
hide, and quotes that start right after a negation."""

from __future__ import annotations

import pytest

from conftest import snapshot_yaml


@pytest.fixture
def at_demo(demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    return demo


def test_a_summary_copied_from_another_source_is_a_warning(invoke, at_demo):
    at_demo.snapshot("2022-01-10", [{"party": "north", "stance": "a", "summary": "North holds A."}])
    at_demo.write(
        "2022-01-12-other.yaml",
        snapshot_yaml(
            "2022-01-12", [{"party": "north", "stance": "a", "summary": "North holds A."}], title="Other"
        ),
    )
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        "positions/demo/2022-01-12-other.yaml:7:1: warning: the summary of north on border is word for "
        "word the one from 2022-01-10-src.yaml, another source: say what this source says "
        "(summary-copied)\n3 files checked: 0 error(s) in 0 file(s), 1 warning(s)\n"
    )


def test_the_same_source_on_two_dates_may_repeat_its_summary_and_quotes(invoke, at_demo):
    position = {
        "party": "north",
        "stance": "a",
        "summary": "North holds A.",
        "quotes": [("N", "We hold line A.")],
    }
    at_demo.write("2022-01-10-a.yaml", snapshot_yaml("2022-01-10", [position], url="https://x.org/1"))
    at_demo.write(
        "2022-01-12-b.yaml",
        snapshot_yaml("2022-01-12", [position], title="Another title", url="https://x.org/1"),
    )
    assert invoke("validate").stdout == "3 files checked: all valid\n"


def test_a_quote_copied_from_another_source_is_a_warning(invoke, at_demo):
    at_demo.snapshot("2022-01-10", [{"party": "north", "stance": "a", "quotes": [("N", "We hold A.")]}])
    at_demo.write(
        "2022-01-12-other.yaml",
        snapshot_yaml(
            "2022-01-12",
            [
                {
                    "party": "south",
                    "stance": "d",
                    "summary": "South holds D.",
                    "quotes": [("S", "We  hold A.")],
                }
            ],
            title="Other",
        ),
    )
    result = invoke("validate")
    assert result.stdout == (
        "positions/demo/2022-01-12-other.yaml:12:1: warning: this quote is word for word a quote of "
        "2022-01-10-src.yaml (line 12), another source: keep it only if this source prints the same "
        "words (quote-copied)\n3 files checked: 0 error(s) in 0 file(s), 1 warning(s)\n"
    )


def test_a_quote_found_in_the_snapshots_own_text_is_no_copy(invoke, at_demo):
    (at_demo.path / "sources").mkdir()
    (at_demo.path / "sources" / "t.md").write_text("He said: We hold A. Then left.\n", encoding="utf-8")
    at_demo.snapshot("2022-01-10", [{"party": "north", "stance": "a", "quotes": [("N", "We hold A.")]}])
    text = snapshot_yaml(
        "2022-01-12",
        [{"party": "south", "stance": "d", "summary": "South holds D.", "quotes": [("S", "We hold A.")]}],
        title="Other",
    )
    at_demo.write(
        "2022-01-12-other.yaml", text.replace("  kind: news\n", "  kind: news\n  text: sources/t.md\n")
    )
    assert invoke("validate").stdout == "3 files checked: all valid\n"


def test_a_schema_error_does_not_hide_reference_errors(invoke, at_demo):
    at_demo.write(
        "2022-01-10-src.yaml",
        (
            "date: 2022-01-10\nsource: {title: T, kind: news}\npositions:\n"
            "  - party: Capital N\n    issue: the-border\n    stance: a\n    red-line: b\n    summary: S.\n"
            "  - party: south\n    issue: border\n    stance: line-z\n"
            "events:\n  - {date: 2022-01-20, title: Talks, parties: [sout]}\n"
        ),
    )
    result = invoke("validate")
    assert result.stdout == (
        "positions/demo/2022-01-10-src.yaml:4:12: error: unknown party 'Capital N'; did you mean "
        "'north'? (unknown-party)\n"
        "positions/demo/2022-01-10-src.yaml:5:12: error: unknown issue 'the-border'; did you mean "
        "'border'? (unknown-issue)\n"
        "positions/demo/2022-01-10-src.yaml:7:5: error: unknown key 'red-line'; did you mean "
        "'red_line'? (schema)\n"
        "positions/demo/2022-01-10-src.yaml:9:5: error: missing required key 'summary' (schema)\n"
        "positions/demo/2022-01-10-src.yaml:11:13: error: stance 'line-z' is not a point on the scale "
        "of 'border'; the scale is: a, b, c, d (off-scale)\n"
        "positions/demo/2022-01-10-src.yaml:13:48: error: unknown party 'sout'; did you mean 'south'? "
        "(unknown-party)\n"
        "2 files checked: 6 error(s) in 1 file(s), 0 warning(s)\n"
    )


def test_sources_checks_the_quotes_of_a_file_with_errors(invoke, at_demo):
    (at_demo.path / "sources").mkdir()
    (at_demo.path / "sources" / "t.md").write_text("North said: we hold line A.\n", encoding="utf-8")
    at_demo.write(
        "2022-01-10-src.yaml",
        (
            "date: 2022-01-10\nsource: {title: T, kind: news, text: sources/t.md}\npositions:\n"
            "  - party: north\n    issue: border\n    stance: a\n    summry: S.\n"
            "    quotes: [{speaker: N, text: we hold line B}]\n"
        ),
    )
    result = invoke("sources")
    assert result.exit_code == 1
    assert "2022-01-10-src.yaml:8:33: error: quote of N does not appear verbatim" in result.stdout
    assert result.stderr == (
        "redline: 1 error(s) in the data of 'positions/demo' besides the quotes (see redline validate)\n"
    )


NEGATED = "The envoy said the West would not allow anyone to close the door. Nor would it wait."


@pytest.mark.parametrize(
    ("quote", "warned"),
    [
        ("allow anyone to close the door", "'not'"),
        ("would not allow anyone to close the door", None),
        ("Nor would it wait.", None),  # a sentence of its own
        ("would it wait", "'Nor'"),
    ],
)
def test_a_quote_that_drops_a_negation_is_a_warning(invoke, at_demo, quote, warned):
    (at_demo.path / "sources").mkdir()
    (at_demo.path / "sources" / "t.md").write_text(NEGATED + "\n", encoding="utf-8")
    text = snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a", "quotes": [("Envoy", quote)]}])
    at_demo.write(
        "2022-01-10-src.yaml", text.replace("  kind: news\n", "  kind: news\n  text: sources/t.md\n")
    )
    result = invoke("validate", "--quotes")
    assert result.exit_code == 0
    if warned is None:
        assert result.stdout == "2 files checked: all valid\n"
    else:
        assert result.stdout == (
            f"positions/demo/2022-01-10-src.yaml:14:15: warning: quote starts right after {warned} in "
            "its sentence of 'sources/t.md' (line 1): without it the quote may read as its opposite; "
            "start it earlier (quote-drops-negation)\n"
            "2 files checked: 0 error(s) in 0 file(s), 1 warning(s)\n"
        )
        assert "(quote-drops-negation)" in invoke("sources").stdout
