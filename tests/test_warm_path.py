"""The warm path's costs per file, and that the refusals hold however they are found."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline import filesource
from redline.filesource import DiskFolder, suffix
from redline.loading import LoadError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    demo = tmp_path / "positions" / "demo"
    demo.mkdir(parents=True)
    for n in range(5):
        (demo / f"2022-01-1{n}-a.yaml").write_text("date: 2022-01-10\n", encoding="utf-8")
    return demo


def counted(monkeypatch, name: str) -> list[str]:
    calls: list[str] = []
    real = getattr(os, name)

    def count(path, *args, **kwargs):
        calls.append(os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, count)
    return calls


def test_a_regular_file_costs_one_lstat_and_the_folder_one_link_check(folder, monkeypatch):
    source = DiskFolder(folder)
    names = source.names()
    lstats, stats = counted(monkeypatch, "lstat"), counted(monkeypatch, "stat")
    infos = [source.info(name) for name in names]
    assert [i.st_size for i in infos] == [17] * 5
    assert stats == []
    assert sorted(lstats) == sorted([os.fspath(folder)] + [os.path.join(folder, n) for n in names])


def test_a_link_is_followed_with_stat_and_checked_against_the_root(folder, monkeypatch):
    (folder / "2022-01-20-copy.yaml").symlink_to("2022-01-10-a.yaml")
    stats = counted(monkeypatch, "stat")
    info = DiskFolder(folder).info("2022-01-20-copy.yaml")
    assert info.st_size == 17 and len(stats) == 1


def test_a_link_out_of_the_root_is_refused(folder, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("x: 1\n", encoding="utf-8")
    (folder / "2022-01-20-evil.yaml").symlink_to(secret)
    with pytest.raises(LoadError) as exc:
        DiskFolder(folder).info("2022-01-20-evil.yaml")
    assert exc.value.problem.code == "outside-root"
    with pytest.raises(LoadError):
        DiskFolder(folder).read("2022-01-20-evil.yaml")


def test_the_files_of_a_linked_folder_are_checked_against_the_root(tmp_path):
    elsewhere = tmp_path / "elsewhere" / "demo"
    elsewhere.mkdir(parents=True)
    (elsewhere / "2022-01-10-a.yaml").write_text("date: 2022-01-10\n", encoding="utf-8")
    root = tmp_path / "positions"
    root.mkdir()
    (root / "demo").symlink_to(elsewhere)
    source = DiskFolder(root / "demo")
    for _ in range(2):  # the folder's link check is remembered, and still refuses
        with pytest.raises(LoadError) as exc:
            source.info("2022-01-10-a.yaml")
        assert exc.value.problem.code == "outside-root"


def test_a_missing_file_and_a_folder_are_refused_as_before(folder):
    (folder / "2022-01-20-dir.yaml").mkdir()
    source = DiskFolder(folder)
    with pytest.raises(LoadError) as exc:
        source.info("2022-01-30-gone.yaml")
    assert exc.value.problem.message == "cannot read file: No such file or directory"
    with pytest.raises(LoadError) as exc:
        source.info("2022-01-20-dir.yaml")
    assert exc.value.problem.message == "is a folder, not a YAML file"


def test_the_shown_name_is_found_once(folder, monkeypatch):
    source = DiskFolder(folder)
    calls = []
    real = filesource.display_path
    monkeypatch.setattr(filesource, "display_path", lambda p: calls.append(p) or real(p))
    for name in source.names():
        source.info(name)
    assert source.shown == source.shown and len(calls) == 1


@given(st.text(alphabet="ab.yYmlAML", max_size=12))
def test_suffix_is_pathlibs(name):
    if name in ("", ".", "..") or "/" in name:
        return
    assert suffix(name) == PurePosixPath(name).suffix
