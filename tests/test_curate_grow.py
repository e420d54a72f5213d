"""Growing a negotiation (docs/curation.md): adding an issue or a scale point, checked by validate.

A scale point is named by its id everywhere, so inserting one leaves every snapshot valid,
but it lengthens every distance across it: past moves and gaps are counted again.
"""

from __future__ import annotations

import json

import pytest

from conftest import NEGOTIATION_YAML


@pytest.fixture
def history(demo, monkeypatch):
    """North moves from line A to line B; South holds line D."""
    monkeypatch.chdir(demo.root.parent)
    demo.snapshot("2022-01-10", [{"party": "north", "stance": "a"}, {"party": "south", "stance": "d"}])
    demo.snapshot("2022-01-20", [{"party": "north", "stance": "b", "summary": "North moves."}], slug="later")
    return demo


def steps(invoke) -> list[int]:
    result = invoke("diff", "--format", "json")
    assert result.exit_code == 0, result.output
    return [c["steps"] for c in json.loads(result.stdout)["changes"]]


def write_negotiation(demo, text: str) -> None:
    (demo.path / "negotiation.yaml").write_text(text, encoding="utf-8")


def test_inserting_a_scale_point_keeps_the_files_valid_and_recounts_past_steps(invoke, history):
    assert steps(invoke) == [1]
    assert "      - id: b\n" in NEGOTIATION_YAML
    write_negotiation(
        history,
        NEGOTIATION_YAML.replace(
            "      - id: b\n", "      - id: a-and-half\n        label: Line A and a half\n      - id: b\n"
        ),
    )
    assert invoke("validate").stdout == "3 files checked: all valid\n"
    assert steps(invoke) == [2]  # the move from A to B now crosses the new point


def test_renaming_or_removing_a_point_in_use_is_an_error_with_a_hint(invoke, history):
    write_negotiation(history, NEGOTIATION_YAML.replace("- id: b\n", "- id: line-b\n"))
    result = invoke("validate")
    assert result.exit_code == 1
    assert (
        "2022-01-20-later.yaml:9:13: error: stance 'b' is not a point on the scale of 'border'; "
        "the scale is: a, line-b, c, d (off-scale)" in result.stdout
    )


def test_a_new_issue_is_valid_at_once_and_new_scaffolds_it_without_a_stance(invoke, history):
    write_negotiation(
        history,
        NEGOTIATION_YAML
        + (
            "  - id: fish\n    title: Fishing\n    keywords: [catch]\n    scale:\n"
            "      - {id: equal, label: Equal shares}\n      - {id: coast, label: By coast}\n"
        ),
    )
    assert invoke("validate").stdout == "3 files checked: all valid\n"
    result = invoke("new", "--date", "2022-02-01", "--title", "Fish", "-p", "north:fish")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "north:fish: Fishing\n    equal: Equal shares\n    coast: By coast\n\n"
        "next: write each summary, change a stance the source moves, uncomment "
        "the quotes to keep; then run redline validate\n"
    )
    text = (history.path / "2022-02-01-fish.yaml").read_text(encoding="utf-8")
    assert text.endswith("  - party: north\n    issue: fish\n    stance:\n    summary:\n")
