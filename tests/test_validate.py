"""`redline validate`: every rule with a bad fixture and its exact `path:line:col` line.

Fixtures live in tests/fixtures/{invalid,valid}/{snapshot,negotiation}/. A snapshot
fixture is copied into the `demo` negotiation folder under its own name (the name matters
for the date rules); a negotiation fixture is copied as that folder's negotiation.yaml.
The tests run from the temporary folder, so paths print as `positions/demo/...`.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import DATASET, FIXTURES, NEGOTIATION_YAML, POSITIONS, ROOT, snapshot_yaml

INVALID_SNAPSHOTS = FIXTURES / "invalid" / "snapshot"
INVALID_NEGOTIATIONS = FIXTURES / "invalid" / "negotiation"
VALID_SNAPSHOTS = FIXTURES / "valid" / "snapshot"
VALID_NEGOTIATIONS = FIXTURES / "valid" / "negotiation"
SCHEMAS = ROOT / "schemas"

DATASET_SNAPSHOTS = sorted(
    p for p in DATASET.iterdir() if p.suffix in (".yaml", ".yml") and p.name != "negotiation.yaml"
)
DATASET_YAML = sorted(DATASET.glob("*.yaml"))
DATASET_COUNT = 1 + len(DATASET_SNAPSHOTS)  # negotiation.yaml and the snapshots: 36 today


@pytest.fixture
def here(demo, monkeypatch):
    """The demo root, with the working folder set so that paths print as positions/demo/..."""
    monkeypatch.chdir(demo.root.parent)
    return demo


def place(demo, fixture: Path, name: str | None = None) -> Path:
    target = demo.path / (name or fixture.name)
    shutil.copyfile(fixture, target)
    return target


def expected_output(problems: dict[str, list[str]], files: int, warnings: int = 0) -> str:
    lines = [f"positions/demo/{name}:{p}" for name in sorted(problems) for p in problems[name]]
    errors = sum(1 for line in lines if ": error: " in line)
    bad = sum(1 for name in problems if any(": error: " in p for p in problems[name]))
    if not lines:
        summary = f"{files} file{'s' if files != 1 else ''} checked: all valid"
    else:
        summary = (
            f"{files} file{'s' if files != 1 else ''} checked: {errors} error(s) in "
            f"{bad} file(s), {warnings} warning(s)"
        )
    return "".join(line + "\n" for line in [*lines, summary])


# --- one rule per snapshot fixture --------------------------------------------------------------

SNAPSHOT_PROBLEMS: dict[str, list[str]] = {
    "2022-01-10-malformed.yaml": [
        "9:11: error: did not find expected ',' or ']' (while parsing a flow sequence), started at "
        "line 8, column 12 (yaml-syntax)",
    ],
    "2022-01-10-duplicate-key.yaml": [
        "11:5: error: duplicate key 'stance' (first defined at line 9) (duplicate-key)",
    ],
    "2022-01-10-tab.yaml": [
        "4:1: error: tab character where indentation or a value was expected; indent with spaces "
        "(yaml-syntax)",
    ],
    "2022-01-10-merge-key.yaml": [
        "12:5: error: merge keys (<<) are not supported; write the keys out (merge-key)",
    ],
    "2022-01-10-two-documents.yaml": [
        "7:1: error: file holds several YAML documents; keep one per file (several-documents)",
    ],
    "2022-01-10-python-tag.yaml": [
        "4:10: error: unsupported tag !!python/object/apply:os.system (yaml-tag)",
    ],
    "2022-01-10-empty.yaml": [
        "1:1: error: file holds no YAML document (empty, or only comments) (empty-file)",
    ],
    "2022-01-10-comments-only.yaml": [
        "1:1: error: file holds no YAML document (empty, or only comments) (empty-file)",
    ],
    "2022-01-10-stance-not-string.yaml": [
        "9:13: error: 'stance' should be a string, not the number 3; put it in quotes (schema)",
    ],
    "2022-01-10-positions-not-list.yaml": [
        "6:12: error: 'positions' should be a list, not a mapping (schema)",
    ],
    "2022-01-10-unknown-key.yaml": [
        "9:5: error: unknown key 'stnace'; did you mean 'stance'? (schema)",
    ],
    "2022-01-10-missing-key.yaml": [
        "4:3: error: missing required key 'kind' in 'source' (schema)",
    ],
    "2022-01-10-missing-date.yaml": [
        "2:1: error: missing required key 'date' (schema)",
    ],
    "2022-01-10-date-format.yaml": [
        "2:7: error: 'date' should be a date as YYYY-MM-DD, not the string '10/01/2022' (schema)",
    ],
    "2022-01-10-bad-kind.yaml": [
        "5:9: error: 'kind' must be one of: news, official, transcript; not the string 'blog' (schema)",
    ],
    "2022-01-10-bad-status.yaml": [
        "9:13: error: 'status' must be one of: impasse, no-progress, progress, agreed; "
        "not the string 'stuck' (schema)",
    ],
    "2022-01-10-withdrawn-with-stance.yaml": [
        "7:5: error: a withdrawn position takes no stance or red_line (schema)",
    ],
    "2022-01-10-withdrawn-yes.yaml": [
        "9:16: error: 'withdrawn' should be true or false, not the string 'yes'; write true or false "
        "(schema)",
    ],
    "2022-01-10-unknown-party.yaml": [
        "7:12: error: unknown party 'nrth'; did you mean 'north'? (unknown-party)",
    ],
    "2022-01-10-party-alias.yaml": [
        "7:12: error: unknown party 'Capital N'; did you mean 'north'? (unknown-party)",
    ],
    "2022-01-10-unknown-issue.yaml": [
        "8:12: error: unknown issue 'bordr'; did you mean 'border'? (unknown-issue)",
    ],
    "2022-01-10-off-scale.yaml": [
        "9:13: error: stance 'e' is not a point on the scale of 'border'; the scale is: a, b, c, d "
        "(off-scale)",
        "10:15: error: red line 'B' is not a point on the scale of 'border'; did you mean 'b'? (off-scale)",
    ],
    "2022-01-10-duplicate-position.yaml": [
        "11:5: error: 'north' on 'border' is already given at line 7; one position per party and "
        "issue in a snapshot (duplicate-position)",
    ],
    "2022-01-10-bad-event.yaml": [
        "8:11: error: '2022-02-30' is not a real calendar date (bad-date)",
        "10:15: error: unknown party 'nrth'; did you mean 'north'? (unknown-party)",
    ],
    "2022-01-11-date-mismatch.yaml": [
        "2:7: error: date 2022-01-10 differs from the date in the file name (2022-01-11) (date-mismatch)",
    ],
    "2022-02-30-not-a-day.yaml": [
        "2:7: error: '2022-02-30' is not a real calendar date (bad-date)",
    ],
    "talks-2022-01-10.yaml": [
        "2:1: error: snapshot file name 'talks-2022-01-10.yaml' should be <YYYY-MM-DD>-<slug>.yaml "
        "(file-name)",
    ],
}


def test_every_invalid_snapshot_fixture_has_its_expected_problems():
    assert sorted(p.name for p in INVALID_SNAPSHOTS.iterdir()) == sorted(SNAPSHOT_PROBLEMS)


@pytest.mark.parametrize("name", sorted(SNAPSHOT_PROBLEMS))
def test_invalid_snapshot(invoke, here, name):
    place(here, INVALID_SNAPSHOTS / name)
    result = invoke("validate", f"positions/demo/{name}")
    assert result.exit_code == 1
    assert result.stdout == expected_output({name: SNAPSHOT_PROBLEMS[name]}, files=2)
    assert result.stderr == ""
    assert "Traceback" not in result.output


def test_all_invalid_snapshots_at_once_report_every_problem(invoke, here):
    # A file that fails (even one that does not parse) never hides the problems of the others.
    for fixture in INVALID_SNAPSHOTS.iterdir():
        place(here, fixture)
    result = invoke("validate", "--root", "positions")
    assert result.exit_code == 1
    assert result.stdout == expected_output(SNAPSHOT_PROBLEMS, files=1 + len(SNAPSHOT_PROBLEMS))
    assert "Traceback" not in result.output


def test_two_bad_files_are_both_reported(invoke, here):
    place(here, INVALID_SNAPSHOTS / "2022-01-10-malformed.yaml")
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-party.yaml")
    here.snapshot("2022-01-12", [{"party": "south", "stance": "d"}])
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == (
        "positions/demo/2022-01-10-malformed.yaml:9:11: error: did not find expected ',' or ']' "
        "(while parsing a flow sequence), started at line 8, column 12 (yaml-syntax)\n"
        "positions/demo/2022-01-10-unknown-party.yaml:7:12: error: unknown party 'nrth'; "
        "did you mean 'north'? (unknown-party)\n"
        "4 files checked: 2 error(s) in 2 file(s), 0 warning(s)\n"
    )
    assert "Traceback" not in result.output


# --- one rule per negotiation fixture -------------------------------------------------------------

NEGOTIATION_PROBLEMS: dict[str, list[str]] = {
    "malformed.yaml": [
        "16:7: error: did not find expected node content (while parsing a flow node) (yaml-syntax)",
    ],
    "duplicate-key.yaml": [
        "3:1: error: duplicate key 'id' (first defined at line 2) (duplicate-key)",
    ],
    "id-mismatch.yaml": [
        "2:5: error: negotiation id 'other' differs from its folder name 'demo' (id-mismatch)",
    ],
    "bad-id.yaml": [
        "2:5: error: id 'Demo' is not valid: use lowercase letters, digits, '-' and '_' (schema)",
    ],
    "duplicate-party.yaml": [
        "9:9: error: party id 'north' is declared twice (first at line 5) (duplicate-id)",
    ],
    "alias-of-another-party.yaml": [
        "12:15: error: alias 'capital n' of party 'south' already names party 'north' (duplicate-id)",
    ],
    "duplicate-issue.yaml": [
        "22:9: error: issue id 'border' is declared twice (first at line 13) (duplicate-id)",
    ],
    "duplicate-scale-point.yaml": [
        "18:13: error: scale point 'a' appears twice in the scale of 'border' (duplicate-id)",
    ],
    "accept-aliases-not-boolean.yaml": [
        "4:17: error: 'accept_aliases' should be true or false, not the string 'yes'; "
        "write true or false (schema)",
    ],
    "analysis-settings.yaml": [
        "5:19: error: 'stalemate_days' must be at least 1 (schema)",
        "6:3: error: unknown key 'stalemate_restatments'; did you mean 'stalemate_restatements'? (schema)",
    ],
    "missing-issues.yaml": [
        "2:1: error: missing required key 'issues' (schema)",
    ],
    "unknown-top-key.yaml": [
        "12:1: error: unknown key 'issuse'; did you mean 'issues'? (schema)",
    ],
}


def test_every_invalid_negotiation_fixture_has_its_expected_problems():
    assert sorted(p.name for p in INVALID_NEGOTIATIONS.iterdir()) == sorted(NEGOTIATION_PROBLEMS)


@pytest.mark.parametrize("name", sorted(NEGOTIATION_PROBLEMS))
def test_invalid_negotiation(invoke, here, name):
    place(here, INVALID_NEGOTIATIONS / name, "negotiation.yaml")
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == expected_output({"negotiation.yaml": NEGOTIATION_PROBLEMS[name]}, files=1)
    assert result.stderr == ""
    assert "Traceback" not in result.output


def test_a_broken_negotiation_still_reports_the_snapshots_own_problems(invoke, here):
    # Without a negotiation the cross-file rules cannot run (the unknown party goes
    # unnoticed), but each snapshot's YAML and schema problems are still reported.
    place(here, INVALID_NEGOTIATIONS / "malformed.yaml", "negotiation.yaml")
    place(here, INVALID_SNAPSHOTS / "2022-01-10-bad-kind.yaml")
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-party.yaml")
    place(here, INVALID_SNAPSHOTS / "2022-01-10-duplicate-key.yaml")
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == expected_output(
        {
            "2022-01-10-bad-kind.yaml": SNAPSHOT_PROBLEMS["2022-01-10-bad-kind.yaml"],
            "2022-01-10-duplicate-key.yaml": SNAPSHOT_PROBLEMS["2022-01-10-duplicate-key.yaml"],
            "negotiation.yaml": NEGOTIATION_PROBLEMS["malformed.yaml"],
        },
        files=4,
    )


def test_a_negotiation_with_rule_problems_still_checks_the_snapshots(invoke, here):
    place(here, INVALID_NEGOTIATIONS / "id-mismatch.yaml", "negotiation.yaml")
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-party.yaml")
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == expected_output(
        {
            "2022-01-10-unknown-party.yaml": SNAPSHOT_PROBLEMS["2022-01-10-unknown-party.yaml"],
            "negotiation.yaml": NEGOTIATION_PROBLEMS["id-mismatch.yaml"],
        },
        files=2,
    )


# --- valid fixtures, aliases, warnings ------------------------------------------------------------


def test_the_valid_fixtures_are_valid_together(invoke, here):
    names = sorted(p.name for p in VALID_SNAPSHOTS.iterdir())
    assert len(names) == 4
    for name in names:
        place(here, VALID_SNAPSHOTS / name)
    result = invoke("validate", "positions/demo")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "5 files checked: all valid\n", "")


@pytest.mark.parametrize("name", sorted(p.name for p in VALID_SNAPSHOTS.iterdir()))
def test_each_valid_fixture_is_valid(invoke, here, name):
    place(here, VALID_SNAPSHOTS / name)
    result = invoke("validate", f"positions/demo/{name}")
    assert (result.exit_code, result.stdout) == (0, "2 files checked: all valid\n")


@pytest.mark.parametrize("name", sorted(p.name for p in VALID_SNAPSHOTS.iterdir()))
def test_crlf_and_utf8_bom_change_nothing(invoke, here, name):
    raw = (VALID_SNAPSHOTS / name).read_bytes()
    (here.path / name).write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    result = invoke("validate", f"positions/demo/{name}")
    assert (result.exit_code, result.stdout) == (0, "2 files checked: all valid\n")


@pytest.mark.parametrize(
    "name",
    [
        "2022-01-10-off-scale.yaml",
        "2022-01-10-duplicate-key.yaml",
        "2022-01-10-unknown-key.yaml",
        "2022-01-10-malformed.yaml",
    ],
)
def test_crlf_reports_the_same_lines_as_lf(invoke, here, name):
    raw = (INVALID_SNAPSHOTS / name).read_bytes()
    (here.path / name).write_bytes(raw.replace(b"\n", b"\r\n"))
    result = invoke("validate", f"positions/demo/{name}")
    assert result.exit_code == 1
    assert result.stdout == expected_output({name: SNAPSHOT_PROBLEMS[name]}, files=2)


def test_aliases_are_accepted_when_the_negotiation_says_so(invoke, here):
    place(here, VALID_NEGOTIATIONS / "accept-aliases.yaml", "negotiation.yaml")
    place(here, INVALID_SNAPSHOTS / "2022-01-10-party-alias.yaml")
    here.write("2022-01-11-lower.yaml", snapshot_yaml("2022-01-11", [{"party": "capital n", "stance": "a"}]))
    result = invoke("validate", "positions/demo")
    assert (result.exit_code, result.stdout) == (0, "3 files checked: all valid\n")


def test_an_alias_and_its_id_in_one_snapshot_are_one_position(invoke, here):
    place(here, VALID_NEGOTIATIONS / "accept-aliases.yaml", "negotiation.yaml")
    here.write(
        "2022-01-10-both.yaml",
        snapshot_yaml(
            "2022-01-10", [{"party": "north", "stance": "a"}, {"party": "Capital N", "stance": "b"}]
        ),
    )
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == expected_output(
        {
            "2022-01-10-both.yaml": [
                "11:5: error: 'north' on 'border' is already given at line 7; one position per party and "
                "issue in a snapshot (duplicate-position)"
            ]
        },
        files=2,
    )


def test_unknown_party_still_reported_when_aliases_are_accepted(invoke, here):
    place(here, VALID_NEGOTIATIONS / "accept-aliases.yaml", "negotiation.yaml")
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-party.yaml")
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == expected_output(
        {"2022-01-10-unknown-party.yaml": SNAPSHOT_PROBLEMS["2022-01-10-unknown-party.yaml"]}, files=2
    )


def test_same_date_disagreement_is_a_warning(invoke, here):
    here.snapshot("2022-01-10", [{"party": "north", "stance": "a"}], slug="one")
    here.snapshot("2022-01-10", [{"party": "north", "stance": "b"}], slug="two")
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 0
    assert result.stdout == (
        "positions/demo/2022-01-10-one.yaml:9:1: warning: north's stance on border is a here, but "
        "another snapshot of 2022-01-10 disagrees (positions/demo/2022-01-10-two.yaml:9 says b) "
        "(same-date-conflict)\n"
        "positions/demo/2022-01-10-two.yaml:9:1: warning: north's stance on border is b here, but "
        "another snapshot of 2022-01-10 disagrees (positions/demo/2022-01-10-one.yaml:9 says a) "
        "(same-date-conflict)\n"
        "3 files checked: 0 error(s) in 0 file(s), 2 warning(s)\n"
    )


def test_a_time_in_a_title_is_a_string(invoke, here):
    here.write("2022-01-10-time.yaml", snapshot_yaml("2022-01-10", [], title="10:30"))
    result = invoke("validate", "positions/demo")
    assert (result.exit_code, result.stdout) == (0, "2 files checked: all valid\n")


def test_a_url_ending_in_a_newline_is_refused(invoke, here):
    here.write(
        "2022-01-10-url.yaml",
        snapshot_yaml("2022-01-10", []).replace(
            "  kind: news\n", '  kind: news\n  url: "https://example.org/\\n"\n'
        ),
    )
    assert '  url: "https://example.org/\\n"\n' in (here.path / "2022-01-10-url.yaml").read_text()
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout.startswith("positions/demo/2022-01-10-url.yaml:6:8: error: ")


def test_every_problem_is_one_line(invoke, here):
    here.write(
        "2022-01-10-block.yaml",
        snapshot_yaml("2022-01-10", [{"party": "north", "stance": "|\n      a"}]).replace(
            "date: 2022-01-10", "date: |\n  2022-01-10"
        ),
    )
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # The date's schema error and the stance's off-scale error: one never hides the other.
    assert lines[-1] == "2 files checked: 2 error(s) in 1 file(s), 0 warning(s)"
    assert all(line.startswith("positions/demo/2022-01-10-block.yaml:") for line in lines[:-1])


def test_the_parse_cache_changes_nothing(invoke, here, monkeypatch):
    for fixture in INVALID_SNAPSHOTS.iterdir():
        place(here, fixture)
    here.snapshot("2022-01-12", [{"party": "north", "stance": "a"}], slug="one")
    here.snapshot("2022-01-12", [{"party": "north", "stance": "b"}], slug="two")
    first = invoke("validate", "positions/demo")
    second = invoke("validate", "positions/demo")  # from the cache
    monkeypatch.setenv("REDLINE_NO_CACHE", "1")
    fresh = invoke("validate", "positions/demo")
    assert first.exit_code == second.exit_code == fresh.exit_code == 1
    assert first.stdout == second.stdout == fresh.stdout
    assert first.stdout.endswith(
        f"{len(SNAPSHOT_PROBLEMS) + 3} files checked: 29 error(s) in 27 file(s), 2 warning(s)\n"
    )


def test_paths_follow_the_working_folder(invoke, here, monkeypatch):
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-issue.yaml")
    monkeypatch.chdir(here.root)
    result = invoke("validate", "demo")
    assert result.stdout.startswith("demo/2022-01-10-unknown-issue.yaml:8:12: error: ")
    result = invoke("validate", str(here.path))
    assert result.stdout.startswith("demo/2022-01-10-unknown-issue.yaml:8:12: error: ")


@pytest.mark.parametrize(("where", "arg"), [("demo", "."), ("demo", "negotiation.yaml"), ("demo/sub", "..")])
def test_validate_from_inside_the_folder(invoke, here, monkeypatch, where, arg):
    (here.path / "sub").mkdir()
    monkeypatch.chdir(here.root / where)
    result = invoke("validate", arg)
    assert (result.exit_code, result.stdout) == (0, "1 file checked: all valid\n")


# --- files the loader refuses, through the CLI ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"date: 2022-01-10\x00\n", "1:17: error: file contains a NUL byte; is it a binary file? (encoding)"),
        (
            "date: 2022-01-10\n".encode("utf-16"),
            "1:1: error: file is encoded as UTF-16; save it as UTF-8 (encoding)",
        ),
        (
            b"date: 2022-01-10\nsource:\n  title: Caf\xe9\n",
            "3:13: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8 (encoding)",
        ),
    ],
)
def test_encoding_problems(invoke, here, raw, expected):
    (here.path / "2022-01-10-bytes.yaml").write_bytes(raw)
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == expected_output({"2022-01-10-bytes.yaml": [expected]}, files=2)


def test_file_too_large(invoke, here):
    (here.path / "2022-01-10-big.yaml").write_bytes(b"#" * (2 * 1024 * 1024 + 1))
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == (
        "positions/demo/2022-01-10-big.yaml: error: file is 2,097,153 bytes, over the limit of "
        "2,097,152 (file-too-large)\n"
        "2 files checked: 1 error(s) in 1 file(s), 0 warning(s)\n"
    )


def test_a_folder_named_like_a_snapshot(invoke, here):
    (here.path / "2022-01-10-folder.yaml").mkdir()
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == (
        "positions/demo/2022-01-10-folder.yaml: error: is a folder, not a YAML file (not-a-file)\n"
        "2 files checked: 1 error(s) in 1 file(s), 0 warning(s)\n"
    )


def test_a_broken_link(invoke, here):
    # Named as the user sees it, not after the link's target (positions/demo/missing.yaml).
    (here.path / "2022-01-10-link.yaml").symlink_to(here.path / "missing.yaml")
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == (
        "positions/demo/2022-01-10-link.yaml: error: cannot read file: No such file or directory "
        "(unreadable)\n"
        "2 files checked: 1 error(s) in 1 file(s), 0 warning(s)\n"
    )


def test_a_linked_snapshot_is_checked_under_its_own_name(invoke, here):
    # The file-name rule and the messages use the link's name, not its target's (talks.yaml).
    # The target is under the positions root: a link leading outside it is refused
    # (outside-root, see tests/test_hostile_files.py).
    shared = here.root / "shared"
    shared.mkdir()
    (shared / "talks.yaml").write_text(
        snapshot_yaml("2022-01-10", [{"party": "nrth", "stance": "a"}]), encoding="utf-8"
    )
    (here.path / "2022-01-10-talks.yaml").symlink_to(shared / "talks.yaml")
    result = invoke("validate", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == expected_output(
        {
            "2022-01-10-talks.yaml": [
                "7:12: error: unknown party 'nrth'; did you mean 'north'? (unknown-party)"
            ]
        },
        files=2,
    )


# --- the CLI ---------------------------------------------------------------------------------------


def test_dataset_count():
    assert DATASET_COUNT == len(DATASET_YAML) == 1 + len(list(DATASET.glob("2*.yaml")))
    assert DATASET_COUNT > 1


@pytest.mark.parametrize("how", ["folder", "root-option", "env", "default", "root-folder"])
def test_the_bundled_dataset_is_valid(invoke, monkeypatch, how):
    if how == "folder":
        result = invoke("validate", str(DATASET))
    elif how == "root-folder":
        result = invoke("validate", str(POSITIONS))
    elif how == "root-option":
        result = invoke("validate", "--root", str(POSITIONS))
    elif how == "env":
        monkeypatch.setenv("REDLINE_ROOT", str(POSITIONS))
        monkeypatch.chdir(POSITIONS.parent / "tests")
        result = invoke("validate")
    else:
        monkeypatch.chdir(ROOT)
        result = invoke("validate")
    # No errors and no warnings: every red line carries its quote, none is crossed (issue 12).
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"{DATASET_COUNT} files checked: all valid\n",
        "",
    )


def test_one_file_of_the_dataset(invoke):
    result = invoke("validate", str(DATASET_SNAPSHOTS[0]))
    assert (result.exit_code, result.stdout) == (0, "2 files checked: all valid\n")
    result = invoke("validate", str(DATASET / "negotiation.yaml"))
    assert (result.exit_code, result.stdout) == (0, "1 file checked: all valid\n")
    result = invoke(
        "validate", str(DATASET_SNAPSHOTS[0]), str(DATASET_SNAPSHOTS[1]), str(DATASET_SNAPSHOTS[0])
    )
    assert (result.exit_code, result.stdout) == (0, "3 files checked: all valid\n")


def test_json_of_the_dataset(invoke):
    result = invoke("validate", "--format", "json", str(DATASET))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    # No errors. Red-line warnings remain until the corrected dataset is merged (issue 12).
    assert (data["valid"], data["files"], data["errors"]) == (True, DATASET_COUNT, 0)
    assert {p["code"] for p in data["problems"]} <= {"red-line-unquoted", "red-line-crossed"}


def test_json_of_problems(invoke, here):
    place(here, INVALID_SNAPSHOTS / "2022-01-10-off-scale.yaml")
    here.snapshot("2022-01-12", [{"party": "north", "stance": "a"}], slug="one")
    here.snapshot("2022-01-12", [{"party": "north", "stance": "b"}], slug="two")
    result = invoke("validate", "-f", "json", "positions/demo")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["valid", "files", "errors", "warnings", "problems"]
    assert {k: v for k, v in data.items() if k != "problems"} == {
        "valid": False,
        "files": 4,
        "errors": 2,
        "warnings": 2,
    }
    assert all(list(p) == ["path", "line", "column", "severity", "code", "message"] for p in data["problems"])
    assert data["problems"][:2] == [
        {
            "path": "positions/demo/2022-01-10-off-scale.yaml",
            "line": 9,
            "column": 13,
            "severity": "error",
            "code": "off-scale",
            "message": "stance 'e' is not a point on the scale of 'border'; the scale is: a, b, c, d",
        },
        {
            "path": "positions/demo/2022-01-10-off-scale.yaml",
            "line": 10,
            "column": 15,
            "severity": "error",
            "code": "off-scale",
            "message": "red line 'B' is not a point on the scale of 'border'; did you mean 'b'?",
        },
    ]
    assert [(p["path"], p["line"], p["column"], p["severity"], p["code"]) for p in data["problems"][2:]] == [
        ("positions/demo/2022-01-12-one.yaml", 9, 1, "warning", "same-date-conflict"),
        ("positions/demo/2022-01-12-two.yaml", 9, 1, "warning", "same-date-conflict"),
    ]


def test_json_with_only_warnings_is_valid(invoke, here):
    here.snapshot("2022-01-12", [{"party": "north", "stance": "a"}], slug="one")
    here.snapshot("2022-01-12", [{"party": "north", "stance": "b"}], slug="two")
    result = invoke("validate", "--format", "json", "positions/demo")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["valid"], data["errors"], data["warnings"], len(data["problems"])) == (True, 0, 2, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.yaml"], "no such file or folder: 'nope.yaml'"),
        (["notes.txt"], "'notes.txt' is not a .yaml file"),
        (["empty"], "'empty' holds no negotiation.yaml, nor folders that do"),
        (["lonely.yaml"], "'lonely.yaml' has no negotiation.yaml beside it"),
        (["--root", "empty"], "no negotiation under 'empty' (no */negotiation.yaml)"),
        (
            ["--root", "missing"],
            "positions root 'missing' is not a folder (set it with --root or REDLINE_ROOT)",
        ),
    ],
)
def test_usage_errors(invoke, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "lonely.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = invoke("validate", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"redline: error: {message}\n"
    assert "Traceback" not in result.output


def test_missing_default_root(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "redline: error: positions root 'positions' is not a folder (set it with --root or REDLINE_ROOT)\n"
    )


def test_redline_root_is_honoured(invoke, here, monkeypatch, tmp_path):
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-issue.yaml")
    monkeypatch.setenv("REDLINE_ROOT", str(here.root))
    monkeypatch.chdir(tmp_path / "positions" / "demo")
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "2022-01-10-unknown-issue.yaml:8:12: error: unknown issue 'bordr'; did you mean 'border'? "
        "(unknown-issue)\n"
        "2 files checked: 1 error(s) in 1 file(s), 0 warning(s)\n"
    )


def test_root_option_wins_over_redline_root(invoke, here, monkeypatch):
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-issue.yaml")
    monkeypatch.setenv("REDLINE_ROOT", str(POSITIONS))
    result = invoke("validate")
    _no_errors_in_the_dataset(result)
    result = invoke("validate", "--root", "positions")
    assert result.exit_code == 1
    assert result.stdout.endswith("2 files checked: 1 error(s) in 1 file(s), 0 warning(s)\n")
    monkeypatch.setenv("REDLINE_ROOT", "nowhere")
    result = invoke("validate", "--root", str(POSITIONS))
    _no_errors_in_the_dataset(result)


def test_github_format(invoke, here):
    place(here, INVALID_SNAPSHOTS / "2022-01-10-unknown-issue.yaml")
    result = invoke("validate", "--format", "github", "positions/demo")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=positions/demo/2022-01-10-unknown-issue.yaml,line=8,col=12,"
        "title=redline validate::unknown issue 'bordr'; did you mean 'border'? (unknown-issue)\n"
    )
    assert result.stderr == ""


def test_github_format_of_a_valid_dataset_is_empty(invoke):
    result = invoke("validate", "--format", "github", str(DATASET))
    assert (result.exit_code, result.stderr) == (0, "")
    # Red-line warnings remain until the corrected dataset is merged (issue 12).
    assert all(line.startswith(("::warning ", "::notice::")) for line in result.stdout.splitlines())


def _no_errors_in_the_dataset(result):
    """Exit 0 and no error; red-line warnings remain until the corrected dataset is merged."""
    assert result.exit_code == 0
    assert ": error: " not in result.stdout
    assert re.fullmatch(
        rf"{DATASET_COUNT} files checked: (all valid|0 error\(s\) in 0 file\(s\), "
        r"\d+ warning\(s\))",
        result.stdout.splitlines()[-1],
    )


# --- every file of the dataset against its schema, with an independent validator ----------------

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json"


def _iso_dates(value):
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _kind(path: Path) -> str:
    return "negotiation" if path.name == "negotiation.yaml" else "snapshot"


@pytest.mark.parametrize("path", DATASET_YAML, ids=lambda p: p.name)
def test_dataset_file_matches_the_schema_its_first_line_names(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == SCHEMA_LINE.format(kind=_kind(path))
    named = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert named == (SCHEMAS / f"{_kind(path)}.schema.json").resolve()
    assert named.is_file()
    data = _iso_dates(yaml.safe_load(text))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(_kind(path)).iter_errors(data)]
    assert errors == []


def test_the_independent_validator_can_fail():
    data = _iso_dates(yaml.safe_load(DATASET_SNAPSHOTS[0].read_text(encoding="utf-8")))
    data["positions"][0]["stnace"] = data["positions"][0].pop("stance")
    data["date"] = "2022-02-30"
    messages = sorted(e.message for e in _validator("snapshot").iter_errors(data))
    assert "'2022-02-30' is not a 'date'" in messages
    assert any("stnace" in m for m in messages)


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *VALID_SNAPSHOTS.iterdir(),
            *VALID_NEGOTIATIONS.iterdir(),
            *INVALID_SNAPSHOTS.iterdir(),
            *INVALID_NEGOTIATIONS.iterdir(),
        ]
    ),
    ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}",
)
def test_fixture_first_line_names_its_schema(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:  # the empty-file fixture
        assert path.name == "2022-01-10-empty.yaml"
        return
    kind = path.parent.name
    assert lines[0] == f"# yaml-language-server: $schema=../../../../schemas/{kind}.schema.json"
    assert (path.parent / lines[0].split("$schema=", 1)[1]).resolve() == (
        SCHEMAS / f"{kind}.schema.json"
    ).resolve()


@pytest.mark.parametrize(
    "path", sorted([*VALID_SNAPSHOTS.iterdir(), *VALID_NEGOTIATIONS.iterdir()]), ids=lambda p: p.name
)
def test_valid_fixtures_match_their_schema(path):
    # ruamel.yaml reads YAML 1.2 (`title: no` stays a string), as redline does.
    from ruamel.yaml import YAML

    data = _iso_dates(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))
    assert list(_validator(path.parent.name).iter_errors(data)) == []


def test_check_jsonschema_agrees_on_the_dataset():
    """The same check with check-jsonschema (its own YAML reader), in one run per schema."""
    pytest.importorskip("check_jsonschema")
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "check_jsonschema",
                "--schemafile",
                str(SCHEMAS / f"{kind}.schema.json"),
                *map(str, files),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for kind, files in [("snapshot", DATASET_SNAPSHOTS), ("negotiation", [DATASET / "negotiation.yaml"])]
    ]  # both at once: each run spends most of its time starting up
    for run in runs:
        out, _ = run.communicate(timeout=60)
        assert (run.returncode, out.strip()) == (0, "ok -- validation done"), out


def test_negotiation_yaml_constant_is_the_demo():
    # The demo fixture this file relies on: parties north/south, one issue with a..d.
    data = yaml.safe_load(NEGOTIATION_YAML)
    assert [p["id"] for p in data["parties"]] == ["north", "south"]
    assert [s["id"] for s in data["issues"][0]["scale"]] == ["a", "b", "c", "d"]
