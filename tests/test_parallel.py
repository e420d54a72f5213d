"""Checking on every core gives what checking in one process gives: the same problems,
files and output, whether the folders go to workers whole or their files in chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import NEGOTIATION_YAML, snapshot_yaml
from redline import checks, filecheck
from redline.checks import run_validate
from redline.repository import load_folder
from redline.settings import Settings

NEGOTIATIONS = ("east", "north", "west")


def _folder(root: Path, name: str, days: int) -> None:
    """A negotiation with valid snapshots and one of each kind of problem."""
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "negotiation.yaml").write_text(NEGOTIATION_YAML.replace("id: demo", f"id: {name}"), "utf-8")
    for n in range(days):
        stance = "abcd"[n % 4]
        positions = [{"party": "north", "stance": stance}, {"party": "south", "stance": "d", "red_line": "c"}]
        day = f"2022-01-{n + 1:02d}"
        (folder / f"{day}-src.yaml").write_text(snapshot_yaml(day, positions), "utf-8")
    bad = {
        "2022-02-01-syntax.yaml": "date: 2022-02-01\nsource: [\n",
        "2022-02-02-schema.yaml": "date: 2022-02-02\npositions: []\n",
        "2022-02-03-duplicate.yaml": "date: 2022-02-03\ndate: 2022-02-04\n",
        "2022-02-04-stance.yaml": snapshot_yaml("2022-02-04", [{"party": "north", "stance": "z"}]),
        "2022-02-05-comment.yaml": snapshot_yaml(
            "2022-02-05", [{"party": "north", "stance": "a", "summary": "EUR 100 #1 priority"}]
        ),
        # the same day as a valid snapshot, another stance: a cross-file warning
        "2022-01-01-other.yaml": snapshot_yaml("2022-01-01", [{"party": "north", "stance": "d"}]),
        "2022-02-06-Upper.YAML": "date: 2022-02-06\n",
    }
    for file_name, text in bad.items():
        (folder / file_name).write_text(text, "utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    positions = tmp_path / "positions"
    for name in NEGOTIATIONS:
        _folder(positions, name, days=12)
    return positions


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """Two workers even on one core, at any number of files; the pools started, by size."""
    started: list[int] = []
    real = filecheck.worker_pool

    def counted(workers: int):
        started.append(workers)
        return real(workers)

    for module in (checks, filecheck):
        monkeypatch.setattr(module, "worker_count", lambda: 2)
        monkeypatch.setattr(module, "worker_pool", counted)
        monkeypatch.setattr(module, "PARALLEL_THRESHOLD", 1)
    return started


def _validate(root: Path, cache: Path | None, parallel: bool) -> tuple[int, list]:
    result = run_validate(None, Settings(root=root, cache_dir=cache, parallel=parallel))
    return result.files, result.problems


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
def test_folders_checked_in_workers_give_the_serial_problems(root, tmp_path, pools, cached):
    serial = _validate(root, tmp_path / "serial" if cached else None, parallel=False)
    assert pools == []
    codes = {p.code for p in serial[1]}
    assert {"yaml-syntax", "schema", "duplicate-key", "same-date-conflict", "file-name"} <= codes
    assert {p.path.split("/")[-2] for p in serial[1]} == set(NEGOTIATIONS)
    cache = tmp_path / "parallel" if cached else None
    assert _validate(root, cache, parallel=True) == serial
    assert pools == [2]  # one pool for the whole run, the folders handed out whole
    # what the workers cached serves the next run, which needs no worker
    assert _validate(root, cache, parallel=True) == serial
    assert pools == ([2] if cached else [2, 2])


def test_a_folder_much_bigger_than_the_others_is_checked_in_chunks(tmp_path, pools):
    root = tmp_path / "positions"
    _folder(root, "north", days=30)
    _folder(root, "west", days=2)
    serial = _validate(root, tmp_path / "serial", parallel=False)
    assert _validate(root, tmp_path / "parallel", parallel=True) == serial
    assert pools == [2, 2]  # each folder in turn, its files spread over the workers


def test_one_folder_checked_in_chunks_gives_the_serial_result(root, tmp_path, pools):
    folder = root / "north"
    serial = load_folder(folder, settings=Settings(root=root, parallel=False))
    parallel = load_folder(folder, settings=Settings(root=root, parallel=True))
    assert pools == [2]
    assert parallel.problems == serial.problems
    assert parallel.snapshots == serial.snapshots


def test_the_output_is_the_same_with_and_without_workers(root, tmp_path, invoke, pools):
    command = ("validate", "--root", str(root))
    alone = invoke(*command, env={"REDLINE_NO_PARALLEL": "1", "REDLINE_CACHE_DIR": str(tmp_path / "a")})
    assert pools == []
    together = invoke(*command, env={"REDLINE_CACHE_DIR": str(tmp_path / "b")})
    assert pools == [2]
    assert (together.exit_code, together.stdout) == (alone.exit_code, alone.stdout) == (1, alone.stdout)
    assert alone.stdout.count("\n") > 10


def test_the_folders_the_cache_knows_are_checked_here_the_others_in_workers(root, tmp_path, pools):
    serial = _validate(root, tmp_path / "serial", parallel=False)
    settings = Settings(root=root, cache_dir=tmp_path / "mixed", parallel=True)
    run_validate([str(root / "north")], settings)  # one folder alone, now cached
    assert pools == [2]  # its files spread over the workers
    assert _validate(root, tmp_path / "mixed", parallel=True) == serial
    assert pools == [2, 2]  # east and west in workers, north from the cache here
