"""Review as a gate (issue 16), on real git repositories: every move named in the first line,
unquoted moves and misquotes caught, effects on today's state, definition edits flagged."""

from __future__ import annotations

import io
import json

import pytest

from conftest import NEGOTIATION_YAML
from redline.render.review import render_github
from redline.render.review_phrases import summary_line
from test_review import (
    DEMO,
    FIRST,
    NORTH,
    NORTH_RED,
    SECOND,
    SOUTH,
    SOUTH_RED,
    Repo,
    _git_identity,  # noqa: F401 - an autouse fixture: no user git config
    core,
    demo_repo,
    snapshot,
)

TEXT = f"We hold line A and nothing else. Line D or nothing, said the South. {SOUTH_RED[1]}"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    """The demo negotiation committed (deadlocked on 2022-01-10, restated on 2022-01-20)."""
    return demo_repo(tmp_path, monkeypatch, {f"{DEMO}/sources/text.md": TEXT + "\n"})


def with_text(text: str) -> str:
    """A snapshot's text with `source.text` naming the stored text."""
    return text.replace("  kind: news\n", "  kind: news\n  text: sources/text.md\n")


NEW = f"{DEMO}/2022-01-25-new.yaml"


# --- unquoted moves --------------------------------------------------------------------------


def test_a_new_snapshot_that_moves_without_a_quote_is_flagged(repo, invoke):
    repo.write(NEW, snapshot("2022-01-25", {"party": "south", "stance": "c", "red_line": "b"}))
    repo.commit("south gives ground, unquoted")
    result = core(repo, base="HEAD~1", head="HEAD")
    flags = [(f.code, f.line, f.message) for f in result.flags]
    assert flags == [
        (
            "unquoted-move",
            repo.line_of(NEW, "stance: c"),
            "south's stance on border moves (d → c) in a new snapshot without a quote",
        ),
        (
            "unquoted-move",
            repo.line_of(NEW, "red_line: b"),
            "south's red line on border moves (c → b) in a new snapshot without a quote "
            "supporting the red line",
        ),
    ]
    plain = invoke("review", "--base", "HEAD~1", "--head", "HEAD")
    assert plain.exit_code == 0
    assert plain.stdout.splitlines()[0] == (
        "redline review: south's stance on border d → c (conceded), south's red line on border "
        "c → b (conceded); today border leaves deadlock (deadlocked → converging); 0 "
        "validation errors, 1 warning; 2 review flags"
    )
    # the flag is about the move; validate's warning about the red line's missing evidence
    (warning,) = result.problems
    assert (warning.code, warning.path, warning.line) == (
        "red-line-unquoted",
        NEW,
        repo.line_of(NEW, "red_line: b"),
    )
    strict = invoke("review", "--base", "HEAD~1", "--head", "HEAD", "--strict")
    assert strict.exit_code == 1


def test_a_new_snapshot_that_restates_needs_no_quote(repo, invoke):
    # the red line is not addressed: the standing one (c) carries on
    repo.write(NEW, snapshot("2022-01-25", {"party": "south", "stance": "d"}))
    result = core(repo)
    assert result.flags == () and result.problems == ()
    (fc,) = result.negotiations[0].files
    ((stated),) = fc.stated
    assert stated.restates and stated.moves == ()
    assert summary_line(result) == (
        "no position moves; no status change today; 1 restatement; no validation problems; no review flags"
    )
    assert invoke("review", "--base", "HEAD", "--strict").exit_code == 0


def test_a_restated_red_line_without_its_quote_is_a_warning_not_a_flag(repo, invoke):
    repo.write(NEW, snapshot("2022-01-25", {"party": "south", "stance": "d", "red_line": "c"}))
    result = core(repo)
    assert result.flags == ()
    ((stated),) = result.negotiations[0].files[0].stated
    assert stated.restates
    assert [(p.code, p.line) for p in result.problems] == [
        ("red-line-unquoted", repo.line_of(NEW, "red_line: c"))
    ]
    assert summary_line(result) == (
        "no position moves; no status change today; 1 restatement; "
        "0 validation errors, 1 warning; no review flags"
    )
    assert invoke("review", "--base", "HEAD", "--strict").exit_code == 0


def test_a_quoted_move_in_a_new_snapshot_is_not_flagged(repo):
    south = {"party": "south", "stance": "c", "quotes": [("S", "We can live with C.")]}
    repo.write(NEW, snapshot("2022-01-25", south))
    assert [f.code for f in core(repo).flags] == []


# --- the six-file pull request ---------------------------------------------------------------


def test_the_first_line_names_the_one_move_among_restatements(repo, invoke):
    days = ["2022-02-01", "2022-02-03", "2022-02-05", "2022-02-07", "2022-02-09", "2022-02-11"]
    for i, day in enumerate(days):
        south = dict(SOUTH)
        if i >= 3:  # the one concession, on 2022-02-07, then restated
            south.update(stance="c", quotes=[("S", f"C will do ({day})."), SOUTH_RED])
        repo.write(f"{DEMO}/{day}-src.yaml", snapshot(day, NORTH, south))
    repo.commit("six snapshots")
    first = invoke("review", "--base", "HEAD~1", "--head", "HEAD").stdout.splitlines()[0]
    assert first == (
        "redline review: south's stance on border d → c (conceded); no status "
        "change today; 11 restatements; no validation problems; no review flags"
    )
    result = core(repo, base="HEAD~1", head="HEAD")
    moved = [(fc.path, s.party) for n in result.negotiations for fc in n.files for s in fc.stated if s.moves]
    assert moved == [(f"{DEMO}/2022-02-07-src.yaml", "south")]


def test_many_moves_are_counted_by_direction(repo):
    repo.write(
        NEW,
        snapshot(
            "2022-01-25", {**NORTH, "stance": "b", "red_line": "c"}, {**SOUTH, "stance": "c", "red_line": "d"}
        ),
    )
    line = summary_line(core(repo))
    assert line.startswith("4 moves (3 conceded, 1 hardened); ")


# --- misquotes -------------------------------------------------------------------------------


MISQUOTED = {
    "party": "south",
    "stance": "d",
    "red_line": "c",
    "quotes": [("S", "Line E or nothing, said the South."), SOUTH_RED],
}


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "json"])
def test_a_one_word_misquote_in_a_new_snapshot_fails_review(repo, invoke, fmt):
    repo.write(NEW, with_text(snapshot("2022-01-25", MISQUOTED)))
    repo.commit("misquote")
    line = repo.line_of(NEW, 'text: "Line E')
    result = invoke("review", "--base", "HEAD~1", "--head", "HEAD", "--format", fmt)
    assert result.exit_code == 1
    if fmt == "json":
        (problem,) = json.loads(result.stdout)["problems"]
        assert (problem["code"], problem["path"], problem["line"]) == ("quote-mismatch", NEW, line)
        assert "[-D-] {+E+}" in problem["message"]
    elif fmt == "github":
        assert f"::error file={NEW},line={line}::quote does not appear verbatim" in result.stdout
    else:
        assert f"{NEW}:{line}:" in result.stdout and "(quote-mismatch)" in result.stdout


def test_a_quote_that_appears_in_the_text_passes(repo, invoke):
    quoted = {**MISQUOTED, "quotes": [("S", "Line D or nothing, said the South."), SOUTH_RED]}
    repo.write(NEW, with_text(snapshot("2022-01-25", quoted)))
    assert invoke("review", "--base", "HEAD").exit_code == 0


def test_a_missing_stored_text_is_an_error_for_new_quotes(repo, invoke):
    repo.write(NEW, with_text(snapshot("2022-01-25", MISQUOTED)).replace("text.md", "gone.md"))
    result = invoke("review", "--base", "HEAD", "--format", "json")
    (problem,) = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1
    assert (problem["code"], problem["message"]) == (
        "source-text-missing",
        f"source text 'sources/gone.md' does not exist (relative to {DEMO}/)",
    )


def test_only_changed_quotes_are_checked(repo, invoke):
    # an old misquote already in the base is validate --quotes' business, not this review's
    repo.write(SECOND, with_text(snapshot("2022-01-20", NORTH, MISQUOTED)))
    repo.commit("an old misquote")
    north = {**NORTH, "summary": "Reworded."}
    repo.write(SECOND, with_text(snapshot("2022-01-20", north, MISQUOTED)))
    assert invoke("review", "--base", "HEAD").exit_code == 0


def test_the_pre_commit_hook_fails_on_a_misquote(repo, invoke):
    repo.write(NEW, with_text(snapshot("2022-01-25", MISQUOTED)))
    result = invoke("validate", "--quotes", NEW)  # what the redline-quotes hook runs
    assert result.exit_code == 1
    line = repo.line_of(NEW, 'text: "Line E')
    assert f"{NEW}:{line}:" in result.stdout
    assert "(quote-mismatch)" in result.stdout


# --- effects on today's state ------------------------------------------------------------------


def test_deleting_an_early_snapshot_reports_todays_status_change(repo, invoke):
    middle = f"{DEMO}/2022-01-15-src.yaml"
    repo.write(
        middle,
        snapshot(
            "2022-01-15", {**SOUTH, "stance": "c", "red_line": "b", "quotes": [("S", "C, then."), SOUTH_RED]}
        ),
    )
    repo.write(SECOND, snapshot("2022-01-20", NORTH))
    repo.commit("south concedes on the 15th")
    (repo.path / middle).unlink()
    result = core(repo)
    neg = result.negotiations[0]
    assert neg.today is not None and neg.today.date.isoformat() == "2022-01-20"
    assert [(s.issue, s.old, s.new) for s in neg.today.status_changes] == [
        ("border", "converging", "deadlocked")
    ]
    first = invoke("review", "--base", "HEAD").stdout.splitlines()[0]
    assert "today border enters deadlock (converging → deadlocked)" in first


def test_an_edit_that_a_later_snapshot_restates_ripples_to_its_date(repo, invoke):
    # north's 2022-01-20 snapshot restates line A; moving the 2022-01-10 stance to B turns
    # that restatement into a move back to A, away from the south: a hardening
    repo.write(
        FIRST,
        snapshot("2022-01-10", {**NORTH, "stance": "b", "quotes": [("N", "B, then."), NORTH_RED]}, SOUTH),
    )
    neg = core(repo).negotiations[0]
    (ripple,) = [e for e in neg.effects if e.ripple]
    assert ripple.date.isoformat() == "2022-01-20"
    ((before, after),) = ripple.retold
    assert before is None
    assert (after.party, after.kind, after.old, after.new, after.direction) == (
        "north",
        "stance",
        "b",
        "a",
        "hardened",
    )
    out = invoke("review", "--base", "HEAD").stdout
    assert (
        "↻ as of 2022-01-20 (ripple), north on border: a restatement before this change, "
        "a move of its stance b → a (hardened) now"
    ) in out
    # from the 20th on, both histories hold line A again: today's state is unchanged
    assert neg.today is not None and neg.today.changes == ()


# --- definition changes --------------------------------------------------------------------------


def test_inserting_a_scale_point_is_flagged(repo):
    inserted = NEGOTIATION_YAML.replace(
        "      - id: c\n", "      - id: bc\n        label: Between B and C\n      - id: c\n"
    )
    assert inserted != NEGOTIATION_YAML
    repo.write(f"{DEMO}/negotiation.yaml", inserted)
    result = core(repo)
    (flag,) = [f for f in result.flags if f.code == "scale-changed"]
    assert (flag.path, flag.message) == (
        f"{DEMO}/negotiation.yaml",
        "scale of border: bc inserted: the steps and directions of the whole history are measured anew",
    )


def test_reordering_and_renaming_are_told(repo):
    text = NEGOTIATION_YAML.replace("label: Line A", "label: Line Alpha").replace(
        "title: Demo talks", "title: Demo talks, round two"
    )
    repo.write(f"{DEMO}/negotiation.yaml", text)
    neg = core(repo).negotiations[0]
    assert neg.definition == (
        "negotiation title renamed: “Demo talks” → “Demo talks, round two”",
        "issue 'border' point 'a' label renamed: “Line A” → “Line Alpha”",
    )
    assert core(repo).flags == ()


# --- annotations and discovery ------------------------------------------------------------------


def test_moves_are_annotated_on_their_line_within_githubs_limits(repo):
    for day in range(11, 31):
        if day == 20:
            continue
        stance = "c" if day % 2 else "d"
        repo.write(f"{DEMO}/2022-01-{day}-src.yaml", snapshot(f"2022-01-{day}", {**SOUTH, "stance": stance}))
    out = io.StringIO()
    render_github(core(repo), out)
    lines = out.getvalue().splitlines()
    notices = [line for line in lines if line.startswith("::notice")]
    assert len(notices) == 10
    assert notices[-1].startswith("::notice::redline: ") and "see the job summary" in notices[-1]
    moved = f"::notice file={DEMO}/2022-01-11-src.yaml,line="
    assert any(line.startswith(moved) and "moves stance d → c" in line for line in notices)


def test_an_upper_case_snapshot_fails_review_as_it_fails_validate(repo, invoke):
    repo.write(f"{DEMO}/2022-01-25-loud.YAML", snapshot("2022-01-25", NORTH))
    repo.commit("loud")
    result = invoke("review", "--base", "HEAD~1", "--head", "HEAD", "--format", "json")
    (problem,) = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1
    assert (problem["path"], problem["code"]) == (f"{DEMO}/2022-01-25-loud.YAML", "file-name")


def test_a_position_new_to_an_edited_snapshot_needs_a_quote_too(repo):
    # the first snapshot held only north's position: south's enters it, moving the state
    repo.write(FIRST, snapshot("2022-01-10", NORTH))
    repo.commit("north alone on the 10th")
    repo.write(FIRST, snapshot("2022-01-10", NORTH, {"party": "south", "stance": "c"}))
    flags = [(f.code, f.line) for f in core(repo).flags]
    assert flags == [("unquoted-move", repo.line_of(FIRST, "stance: c"))]


def test_the_workflow_artifact_carries_the_pull_request_and_head_commit():
    import yaml

    from conftest import ROOT

    text = (ROOT / ".github" / "workflows" / "redline-review.yml").read_text(encoding="utf-8")
    (job,) = yaml.safe_load(text)["jobs"].values()
    review = next(s for s in job["steps"] if "redline review" in s.get("run", ""))
    assert review["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    assert review["env"]["HEAD_SHA"] == "${{ github.event.pull_request.head.sha }}"
    assert review["env"]["REDLINE_STRICT"] == ""  # flags warn; "--strict" makes them block
    script = review["run"]
    assert "${{" not in script  # event data reaches the script only through the environment
    assert '"$PR_NUMBER" > "$RUNNER_TEMP/redline-review/pr-number"' in script
    assert '"$HEAD_SHA" > "$RUNNER_TEMP/redline-review/head-sha"' in script
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"] == "${{ runner.temp }}/redline-review/"
    docs = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    assert "workflow_run:" in docs and "pull-requests: write" in docs


def test_the_first_line_claims_no_move_when_nothing_was_folded(repo):
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "zz"}, SOUTH))
    assert summary_line(core(repo)).startswith(
        "moves and statuses not computed: the head has validation errors in this negotiation; "
        "1 validation error"
    )
