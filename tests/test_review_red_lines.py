"""`redline review` on the merged red-line semantics: a red line left out of a snapshot is
not addressed (the standing one carries on), `red_line: null` withdraws it, and each needs
the quote that supports it; the review flags are the vocabulary's."""

from __future__ import annotations

import json
import re

import pytest

from conftest import NEGOTIATION_YAML, ROOT
from redline import vocabulary
from redline.render.review_phrases import (
    change_phrase,
    negotiation_counts,
    stated_phrase,
    summary_line,
)
from test_review import (
    DEMO,
    FIRST,
    NORTH,
    SECOND,
    SOUTH,
    _git_identity,  # noqa: F401 - an autouse fixture: no user git config
    core,
    snapshot,
)
from test_review import repo as _demo_repo

repo = _demo_repo  # the demo negotiation committed: a fixture of test_review

NEW = f"{DEMO}/2022-01-25-new.yaml"
LEFT_OUT = {k: v for k, v in NORTH.items() if k != "red_line"}  # north, red line not addressed


def test_a_red_line_left_out_of_an_edited_file_is_not_a_withdrawal(repo, invoke):
    repo.write(SECOND, snapshot("2022-01-20", LEFT_OUT, SOUTH))
    result = core(repo)
    (neg,) = result.negotiations
    (change,) = neg.files[0].changes
    assert (change.kind, change.old, change.new, change.direction) == ("red_line", "b", None, None)
    assert change_phrase(neg.negotiation, change) == (
        "north on border: red line left out (was b (Line B)): not addressed here, not withdrawn"
    )
    # no move to quote, and the red line of 2022-01-10 carries on: the history is the same
    assert result.flags == () and neg.effects == () and neg.today is not None
    assert neg.today.changes == ()
    assert summary_line(result) == (
        "no position moves; no status change today; no validation problems; no review flags"
    )
    assert negotiation_counts(neg) == "1 file, 0 moves in the files, 0 shifts in the folded state"
    out = invoke("review", "--base", "HEAD").stdout
    assert "red line withdrawn" not in out and "no red line" not in out


def test_red_line_null_in_an_edited_file_is_a_withdrawal_and_needs_a_quote(repo, invoke):
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "red_line": None}, SOUTH))
    result = core(repo)
    (neg,) = result.negotiations
    (change,) = neg.files[0].changes
    assert (change.kind, change.old, change.new, change.direction) == ("red_line", "b", None, "dropped")
    assert change.line == repo.line_of(SECOND, "red_line: null")
    assert change_phrase(neg.negotiation, change) == (
        "north on border: red line withdrawn (red_line: null, was b (Line B))"
    )
    assert [(f.code, f.line, f.message) for f in result.flags] == [
        (
            "unquoted-move",
            repo.line_of(SECOND, "red_line: null"),
            "north's red line on border changed (b → withdrawn) without a new or changed quote",
        )
    ]
    (effect,) = neg.effects
    (moved,) = effect.changes
    assert (moved.party, moved.kind, moved.old, moved.new) == ("north", "red_line", "b", None)
    out = invoke("review", "--base", "HEAD").stdout
    assert out.splitlines()[0].startswith("redline review: north's red line on border b → none; ")
    assert "as of 2022-01-20, north holds no red line on border (Line B before this change)" in out
    quoted = {**NORTH, "red_line": None, "quotes": [*NORTH["quotes"], ("N", "We drop our red line.")]}
    repo.write(SECOND, snapshot("2022-01-20", quoted, SOUTH))
    assert core(repo).flags == ()


def test_a_withdrawal_added_to_a_file_that_states_no_red_line_is_a_change(repo):
    repo.write(SECOND, snapshot("2022-01-20", LEFT_OUT, SOUTH))
    repo.commit("the red line left out on the 20th")
    repo.write(SECOND, snapshot("2022-01-20", {**LEFT_OUT, "red_line": None}, SOUTH))
    result = core(repo)
    (neg,) = result.negotiations
    (change,) = neg.files[0].changes
    assert (change.kind, change.old, change.new, change.direction) == ("red_line", None, None, "dropped")
    assert change_phrase(neg.negotiation, change) == ("north on border: red line withdrawn (red_line: null)")
    assert [f.code for f in result.flags] == ["unquoted-move"]
    # taken out again, it is told as such, and needs no quote
    repo.commit("withdrawn on the 20th")
    repo.write(SECOND, snapshot("2022-01-20", LEFT_OUT, SOUTH))
    result = core(repo)
    (change,) = result.negotiations[0].files[0].changes
    assert (change.old, change.new, change.direction) == (None, None, None)
    assert change_phrase(result.negotiations[0].negotiation, change) == (
        "north on border: withdrawal of the red line taken out (red_line: null removed)"
    )
    assert result.flags == ()


def test_deleting_the_snapshot_that_stated_a_red_line_is_not_told_as_a_withdrawal(repo, invoke):
    # the red line of 2022-01-10 carries on through the 20th, which leaves it out
    repo.write(SECOND, snapshot("2022-01-20", LEFT_OUT, SOUTH))
    repo.commit("the red line left out on the 20th")
    (repo.path / FIRST).unlink()
    result = core(repo)
    today = result.negotiations[0].today
    assert today is not None
    assert [(c.party, c.kind, c.old, c.new) for c in today.changes] == [("north", "red_line", "b", None)]
    out = invoke("review", "--base", "HEAD").stdout
    assert "north holds no red line on border (Line B before this change)" in out
    # nobody withdrew anything: the snapshot left the history
    assert out.splitlines()[0].startswith(
        "redline review: north no longer holds a position on border (was a), south no longer "
        "holds a position on border (was d); "
    )
    assert "withdr" not in out, out


def test_a_new_snapshot_withdrawing_a_red_line_says_so_and_needs_a_quote(repo):
    repo.write(NEW, snapshot("2022-01-25", {"party": "north", "stance": "a", "red_line": None}))
    result = core(repo)
    ((stated),) = result.negotiations[0].files[0].stated
    assert [(c.kind, c.old, c.new) for c in stated.moves] == [("red_line", "b", None)]
    assert stated_phrase(stated) == "north on border: moves red line withdrawn (was b)"
    assert [(f.code, f.line, f.message) for f in result.flags] == [
        (
            "unquoted-move",
            repo.line_of(NEW, "red_line: null"),
            "north's red line on border moves (b → withdrawn) in a new snapshot without a quote",
        )
    ]


def test_a_new_position_needs_the_quote_of_its_red_line(repo, invoke):
    repo.write(f"{DEMO}/negotiation.yaml", _with_east())
    repo.commit("a third party")
    east = {"party": "east", "stance": "b", "red_line": "c", "quotes": [("E", "B suits us.")]}
    repo.write(NEW, snapshot("2022-01-25", east))
    result = core(repo)
    ((stated),) = result.negotiations[0].files[0].stated
    assert stated_phrase(stated) == "east on border: moves new position b, red line c"
    assert [(f.code, f.line, f.message) for f in result.flags] == [
        (
            "unquoted-move",
            repo.line_of(NEW, "red_line: c"),
            "east's red line on border is new (c) in a new snapshot without a quote supporting the red line",
        )
    ]
    east["quotes"] = [("E", "B suits us."), ("E", "C at the very most.", "red_line")]
    repo.write(NEW, snapshot("2022-01-25", east))
    assert core(repo).flags == ()


def _with_east() -> str:
    return NEGOTIATION_YAML.replace(
        "  - id: south\n", "  - id: east\n    name: East\n    side: e\n  - id: south\n"
    )


def test_a_stance_move_needs_a_stance_quote_not_a_red_line_one(repo):
    north = {**NORTH, "stance": "b", "quotes": [*NORTH["quotes"], ("N", "Never past line B.", "red_line")]}
    repo.write(SECOND, snapshot("2022-01-20", north, SOUTH))
    assert [(f.code, f.message) for f in core(repo).flags] == [
        (
            "unquoted-move",
            "north's stance on border changed (a → b) without a new or changed quote supporting the stance",
        )
    ]
    repo.write(
        NEW,
        snapshot(
            "2022-01-25", {**SOUTH, "stance": "c", "quotes": [("S", "Not one step past C.", "red_line")]}
        ),
    )
    repo.write(SECOND, snapshot("2022-01-20", NORTH, SOUTH))
    assert [(f.code, f.message) for f in core(repo).flags] == [
        (
            "unquoted-move",
            "south's stance on border moves (d → c) in a new snapshot without a quote supporting the stance",
        )
    ]


def test_review_flags_are_the_vocabulary_and_documented_in_order():
    docs = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    table = docs.split("| flag | what to check |")[1].split("\n\n")[0]
    documented = re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)
    assert documented == list(vocabulary.FLAG_ORDER)
    assert set(vocabulary.FLAG_WORDS) == set(vocabulary.FLAG_ORDER)
    from redline.review import FLAG_ORDER

    assert FLAG_ORDER is vocabulary.FLAG_ORDER


def test_every_flag_review_raises_is_a_flag_of_the_vocabulary():
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "redline" / "review").glob("*.py")
    )
    raised = set(re.findall(r'Flag\("([a-z-]+)"', source))
    assert raised and raised <= set(vocabulary.FLAG_ORDER)


def test_a_files_move_is_measured_per_counterpart_against_the_folded_state(repo):
    # the edited file holds north alone: the south it concedes toward is in another file
    repo.write(SECOND, snapshot("2022-01-20", NORTH))
    repo.commit("north alone on the 20th")
    north = {**NORTH, "stance": "b", "quotes": [*NORTH["quotes"], ("N", "B will do.")]}
    repo.write(SECOND, snapshot("2022-01-20", north))
    (change,) = [c for c in core(repo).negotiations[0].files[0].changes if c.kind == "stance"]
    assert (change.direction, [(t.party, t.direction, t.steps) for t in change.counterparts]) == (
        "conceded",
        [("south", "conceded", 1)],
    )


def test_a_change_that_crosses_a_red_line_says_so_in_the_first_line(repo, invoke):
    # south stated red line c from stance d: a stance of b lies beyond it
    south = {"party": "south", "stance": "b", "quotes": [("S", "B, then.")]}  # red line c stands
    repo.write(NEW, snapshot("2022-01-25", south))
    result = core(repo)
    (crossing,) = result.negotiations[0].crossings
    assert (crossing.party, crossing.issue, crossing.stance, crossing.red_line) == (
        "south",
        "border",
        "b",
        "c",
    )
    assert summary_line(result) == (
        "south's stance on border d → b (conceded); today border leaves deadlock (deadlocked → "
        "converging); south crossed its own red line on border on 2022-01-25 (stance b beyond red "
        "line c); 0 validation errors, 1 warning; no review flags"
    )
    assert [p.code for p in result.problems] == ["red-line-crossed"]
    out = invoke("review", "--base", "HEAD").stdout
    assert (
        f"  ! South crossed its own red line on border on 2022-01-25: its stance Line B lies "
        f"beyond its red line Line C, stated 2022-01-20 ({SECOND})"
    ) in out
    data = json.loads(invoke("review", "--base", "HEAD", "--format", "json").stdout)
    assert [(c["party"], c["stance"]) for c in data["negotiations"][0]["crossings"]] == [("south", "b")]
    # restating the crossing stance later crosses nothing anew
    repo.commit("south crosses")
    repo.write(f"{DEMO}/2022-01-30-again.yaml", snapshot("2022-01-30", south))
    assert core(repo).negotiations[0].crossings == ()


def test_many_moves_count_red_lines_gone_or_new_by_what_holds(repo):
    north = {**NORTH, "stance": "b", "red_line": None, "quotes": [("N", "B, and no red line.")]}
    south = {
        **SOUTH,
        "stance": "c",
        "red_line": "b",
        "quotes": [("S", "C."), ("S", "B at most.", "red_line")],
    }
    repo.write(NEW, snapshot("2022-01-25", north, south))
    assert summary_line(core(repo)).startswith("4 moves (3 conceded, 1 red line no longer held); ")


def _council_moves_toward_parliament_away_from_commission():
    """A three-party move: two steps nearer one counterpart and farther from the other."""
    from redline.compare import Change, Toward

    return Change(
        "council",
        "fines",
        "stance",
        "stance",
        "two",
        "four",
        steps=2,
        direction="mixed",
        counterparts=(Toward("commission", "hardened", 2), Toward("parliament", "conceded", 2)),
    )


def test_a_move_toward_one_counterpart_and_away_from_another_is_spelled_out():
    # A file's change is described per counterpart, never "mixed by 1 step".
    from redline.render.review_phrases import change_phrase

    move = _council_moves_toward_parliament_away_from_commission()
    assert change_phrase(None, move) == (
        "council's stance on fines: two → four (two → four), hardened 2 steps away from commission, "
        "conceded 2 steps toward parliament"
    )


def test_the_first_line_names_each_counterpart_of_a_mixed_move():
    from redline.compare import Change, Toward
    from redline.render.review_phrases import move_words

    move = _council_moves_toward_parliament_away_from_commission()
    assert move_words(move) == (
        "council's stance on fines two → four (hardened 2 steps away from "
        "commission, conceded 2 steps toward parliament)"
    )
    agreed = Change(
        "council",
        "fines",
        "stance",
        "stance",
        "two",
        "three",
        steps=1,
        direction="conceded",
        counterparts=(Toward("parliament", "conceded", 1),),
    )
    assert move_words(agreed) == "council's stance on fines two → three (conceded)"


def test_the_bases_red_line_warnings_are_those_validate_finds_at_the_base(repo, monkeypatch):
    """The review checks the base's red lines on its own fold (`Folded.base_crossings`),
    without folding the base again: the same warnings as loading the base on its own,
    before, at and after the change."""
    from redline.gitfiles import Git
    from redline.repository import load
    from redline.review import sides
    from redline.review.sides import source_at

    south = {"party": "south", "stance": "b", "quotes": [("S", "B, then.")]}  # beyond red line c
    north = {"party": "north", "stance": "c", "quotes": [("N", "C, then.")]}  # beyond red line b
    repo.write(f"{DEMO}/2022-01-25-a.yaml", snapshot("2022-01-25", south))
    repo.write(f"{DEMO}/2022-01-27-b.yaml", snapshot("2022-01-27", {**SOUTH, "red_line": None}))
    repo.write(f"{DEMO}/2022-01-29-c.yaml", snapshot("2022-01-29", north))
    base = repo.commit("crossings at the base")
    repo.write(f"{DEMO}/2022-01-27-b.yaml", snapshot("2022-01-27", {**SOUTH, "stance": "c"}))
    with monkeypatch.context() as m:
        m.setattr(sides, "crossing_problems", lambda *a: pytest.fail("the base was folded again"))
        result = core(repo)
    git = Git.at(repo.path)
    alone = load(source_at(git, result.base, DEMO)).problems
    assert [p.code for p in alone].count("red-line-crossed") == 2, alone
    assert sorted(set(alone), key=str) == sorted(result.base_problems, key=str)
    assert result.base.commit == base
