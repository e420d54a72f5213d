"""One loading pipeline: a folder on disk and a git revision are read by the same rules.

Each case commits a hazard to a real repository and checks that `redline review` of that
commit reports exactly the problem `redline validate` reports for the checked-out tree:
same path, same message, same rule.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from redline import repository
from redline.filesource import DiskFolder, GitFolder
from redline.gitfiles import Git
from redline.problems import Problem
from redline.repository import load
from test_review import (
    FIRST,
    NORTH,
    SOUTH,
    Repo,
    _git_identity,  # noqa: F401 - an autouse fixture: no user git config
    demo_repo,
    snapshot,
)

DEMO = "positions/demo"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    """The demo negotiation committed, as in test_review."""
    return demo_repo(tmp_path, monkeypatch)


def validate_problems(invoke) -> list[dict]:
    result = invoke("validate", "--format", "json")
    return json.loads(result.stdout)["problems"]


def review_problems(invoke, *extra: str) -> tuple[int, list[dict]]:
    result = invoke("review", "--base", "HEAD~1", "--head", "HEAD", "--format", "json", *extra)
    return result.exit_code, json.loads(result.stdout)["problems"]


def same_in_both(repo: Repo, invoke, code: str) -> dict:
    """The problem with `code`, which validate (on disk) and review (in git) both report."""
    repo.commit("hazard")
    on_disk = [p for p in validate_problems(invoke) if p["code"] == code]
    _, in_git = review_problems(invoke)
    assert on_disk and [p for p in in_git if p["code"] == code] == on_disk
    return on_disk[0]


def test_a_committed_link_out_of_the_root_fails_review_as_it_fails_validate(repo, invoke, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cr3t\n", encoding="utf-8")
    (repo.path / DEMO / "2022-01-25-evil.yaml").symlink_to(secret)
    problem = same_in_both(repo, invoke, "outside-root")
    assert problem == {
        "path": f"{DEMO}/2022-01-25-evil.yaml",
        "line": 0,
        "column": 0,
        "severity": "error",
        "code": "outside-root",
        "message": "is a symbolic link to a file outside the positions root; not read",
    }
    assert "s3cr3t" not in invoke("review", "--base", "HEAD~1", "--head", "HEAD").stdout


def test_a_committed_relative_link_climbing_out_fails_in_both(repo, invoke):
    (repo.path / "secret.yaml").write_text("date: 2022-01-25\n", encoding="utf-8")
    (repo.path / DEMO / "2022-01-25-evil.yaml").symlink_to("../../secret.yaml")
    same_in_both(repo, invoke, "outside-root")


def test_a_folder_named_like_a_snapshot_fails_review_as_it_fails_validate(repo, invoke):
    repo.write(f"{DEMO}/2022-01-25-folder.yaml/inside.yaml", "date: 2022-01-25\n")
    problem = same_in_both(repo, invoke, "not-a-file")
    assert (problem["path"], problem["message"]) == (
        f"{DEMO}/2022-01-25-folder.yaml",
        "is a folder, not a YAML file",
    )


def test_a_dangling_link_is_unreadable_in_both(repo, invoke):
    (repo.path / DEMO / "2022-01-25-gone.yaml").symlink_to("2022-01-24-missing.yaml")
    problem = same_in_both(repo, invoke, "unreadable")
    assert problem["message"] == "cannot read file: No such file or directory"


def test_a_link_inside_the_root_is_read_in_both(repo, invoke):
    # the link's name says 2022-01-25, the file it leads to 2022-01-10: a real finding
    (repo.path / DEMO / "2022-01-25-copy.yaml").symlink_to("2022-01-10-src.yaml")
    problem = same_in_both(repo, invoke, "date-mismatch")
    assert problem["path"] == f"{DEMO}/2022-01-25-copy.yaml" and problem["line"] > 0


def test_an_oversized_file_is_refused_before_it_is_read_in_both(repo, invoke):
    repo.write(f"{DEMO}/2022-01-25-big.yaml", "# " + "x" * (2 * 1024 * 1024) + "\n")
    problem = same_in_both(repo, invoke, "file-too-large")
    assert problem["message"].startswith("file is 2,097,155 bytes, over the limit of")


def test_a_cross_file_rule_added_in_one_place_holds_in_validate_and_review(repo, invoke, monkeypatch):
    def lonely(negotiation, snapshots):
        """A made-up rule: a snapshot must not be the only one of its month."""
        months = [s.date.strftime("%Y-%m") for s in snapshots]
        return [
            Problem(s.path, 1, 1, "only snapshot of its month", "lonely-month", "warning")
            for s in snapshots
            if months.count(s.date.strftime("%Y-%m")) == 1
        ]

    monkeypatch.setitem(repository.CROSS_FILE_RULES, "lonely-month", lonely)
    repo.write(f"{DEMO}/2022-02-03-src.yaml", snapshot("2022-02-03", NORTH, SOUTH))
    problem = same_in_both(repo, invoke, "lonely-month")
    assert problem["path"] == f"{DEMO}/2022-02-03-src.yaml"


def test_git_and_disk_sources_load_to_the_same_model(repo):
    git = Git.at(repo.path)
    in_git = load(GitFolder(git, git.resolve("HEAD"), DEMO))
    on_disk = load(DiskFolder(repo.path / DEMO, shown_as=DEMO))
    assert in_git.ok and on_disk.ok
    assert in_git.negotiation == on_disk.negotiation
    assert in_git.snapshots == on_disk.snapshots
    assert [s.path for s in in_git.snapshots] == [FIRST, f"{DEMO}/2022-01-20-src.yaml"]


def test_a_git_source_lists_every_kind_of_entry(repo):
    (repo.path / DEMO / "2022-01-25-link.yaml").symlink_to("2022-01-10-src.yaml")
    repo.write(f"{DEMO}/sources/text.txt", "words\n")
    repo.commit("entries")
    git = Git.at(repo.path)
    kinds = {e.path.rsplit("/", 1)[-1]: (e.mode, e.kind) for e in git.entries(git.resolve("HEAD"), DEMO)}
    assert kinds["2022-01-25-link.yaml"] == ("120000", "blob")
    assert kinds["sources"] == ("040000", "tree")
    assert git.entries(git.resolve("HEAD"), "positions/nothing") == []


def test_a_git_source_lists_nothing_where_the_folder_is_not_a_tree(repo):
    """`Git.entries` asks git once (`ls-tree folder/`): a file, a link or a submodule where
    the folder should be lists nothing, as when it is missing."""
    (repo.path / "positions" / "linked").symlink_to("demo")
    repo.write("positions/plain", "not a folder\n")
    head = repo.commit("not folders")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{head},positions/sub")
    repo.commit("a submodule")
    git = Git.at(repo.path)
    at = git.resolve("HEAD")
    for path in ("positions/linked", "positions/plain", "positions/sub", "positions/sub/"):
        assert git.entries(at, path) == [], path
    assert [e.path for e in git.entries(at, DEMO + "/")] == [e.path for e in git.entries(at, DEMO)]
    assert "positions" in {e.path for e in git.entries(at, ".")}


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_loop_is_unreadable_not_a_hang(repo, invoke):
    (repo.path / DEMO / "2022-01-25-a.yaml").symlink_to("2022-01-25-b.yaml")
    (repo.path / DEMO / "2022-01-25-b.yaml").symlink_to("2022-01-25-a.yaml")
    repo.commit("loop")
    status, in_git = review_problems(invoke)
    assert status == 1
    assert {(p["path"], p["code"]) for p in in_git} >= {
        (f"{DEMO}/2022-01-25-a.yaml", "unreadable"),
        (f"{DEMO}/2022-01-25-b.yaml", "unreadable"),
    }


def test_review_of_the_working_tree_reads_the_folder_as_validate_does(repo, invoke):
    repo.write(f"{DEMO}/2022-01-25-folder.yaml/x.yaml", "date: 2022-01-25\n")
    subprocess.run(["git", "add", "-A"], cwd=repo.path, check=True)
    on_disk = [p for p in validate_problems(invoke) if p["code"] == "not-a-file"]
    result = invoke("review", "--base", "HEAD", "--format", "json")
    assert (
        on_disk and [p for p in json.loads(result.stdout)["problems"] if p["code"] == "not-a-file"] == on_disk
    )
    assert result.exit_code == 1
    assert Path(repo.path / DEMO).is_dir()


def test_a_committed_link_with_a_huge_target_is_not_read(repo, invoke, monkeypatch):
    from redline import filesource

    monkeypatch.setattr(filesource, "MAX_LINK", 8)
    (repo.path / DEMO / "2022-01-25-long.yaml").symlink_to("2022-01-10-src.yaml")
    repo.commit("a link")
    _, in_git = review_problems(invoke)
    assert [(p["path"], p["code"], p["message"]) for p in in_git] == [
        (f"{DEMO}/2022-01-25-long.yaml", "unreadable", "cannot read file: File name too long")
    ]
