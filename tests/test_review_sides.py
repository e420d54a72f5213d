"""A review's base does not read again, through git, the files the change leaves alone:
it takes the head's digests of them, and finds the same review as when it reads them."""

from __future__ import annotations

import pytest

from redline.filesource import GitFolder
from redline.gitfiles import Git
from redline.review import sides
from test_review import DEMO, FIRST, NORTH, SECOND, SOUTH, core, snapshot
from test_review import _git_identity as _git_identity  # an autouse fixture
from test_review import repo as repo  # a fixture

MOVED = {**NORTH, "stance": "b"}


def _read_at_base(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    read = GitFolder.read

    def counted(self: GitFolder, name: str) -> bytes:
        names.append(name)
        return read(self, name)

    monkeypatch.setattr(GitFolder, "read", counted)
    return names


def _fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    oids: list[str] = []
    blobs = Git.blobs

    def counted(self: Git, wanted: list[str]) -> dict[str, bytes]:
        oids.extend(wanted)
        return blobs(self, wanted)

    monkeypatch.setattr(Git, "blobs", counted)
    return oids


def _unshared(r):
    """The review with the base reading every file through git, as before."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(sides, "_unchanged", lambda *a: {})
        return core(r)


def test_the_base_reads_only_the_changed_files_through_git(repo, monkeypatch):
    repo.write(SECOND, snapshot("2022-01-20", MOVED, SOUTH))
    names, oids = _read_at_base(monkeypatch), _fetched(monkeypatch)
    shared = core(repo)
    assert sorted(names) == ["2022-01-20-src.yaml", "negotiation.yaml"]
    assert len(oids) == 2  # not even fetched from git
    assert shared == _unshared(repo)
    assert len(names) > 2 and len(oids) > 2  # the unshared review read the others


def test_a_file_git_takes_as_unchanged_but_of_another_size_is_read_from_git(repo, monkeypatch):
    repo.git("update-index", "--assume-unchanged", FIRST)
    repo.write(FIRST, snapshot("2022-01-10", MOVED, SOUTH, title="Another, longer title"))
    repo.write(SECOND, snapshot("2022-01-20", MOVED, SOUTH))
    names = _read_at_base(monkeypatch)
    shared = core(repo)
    assert sorted(names) == ["2022-01-10-src.yaml", "2022-01-20-src.yaml", "negotiation.yaml"]
    assert shared == _unshared(repo)


def test_a_new_definition_still_checks_the_base_against_its_own(repo, monkeypatch):
    text = (repo.path / DEMO / "negotiation.yaml").read_text(encoding="utf-8")
    repo.write(f"{DEMO}/negotiation.yaml", text.replace("Line A", "Line Alpha"))
    repo.write(SECOND, snapshot("2022-01-20", MOVED, SOUTH))
    calls: list[int] = []
    blobs = Git.blobs
    monkeypatch.setattr(Git, "blobs", lambda self, oids: calls.append(len(oids)) or blobs(self, oids))
    shared = core(repo)
    assert sorted(calls) == [1, 2]  # the files it turns out to need: in one more call, not one each
    assert shared == _unshared(repo)


def test_a_review_asks_git_once_for_each_revision_and_skips_the_merge_base_of_a_commit_with_itself(
    repo, monkeypatch
):
    from redline import gitfiles

    repo.write(SECOND, snapshot("2022-01-20", MOVED, SOUTH))
    calls: list[str] = []
    run = gitfiles.run_git

    def counted(args: list[str], *rest: object, **kw: object) -> bytes:
        calls.append(" ".join(args[:2]))
        return run(args, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(gitfiles, "run_git", counted)
    merge_bases = []
    monkeypatch.setattr(Git, "merge_base", lambda self, a, b: merge_bases.append((a, b)))
    result = core(repo)  # resolves the base (HEAD), then the head's commit (HEAD, the same)
    assert calls.count("rev-parse --verify") == 1
    assert result.base_is_ancestor and merge_bases == []
