"""Bounded expansion: a small file that aliases one long text many times is refused
by the loader, before anything copies it, in every reader (validate, report, review).

The bomb is built here: one 1 MiB quote anchored once and aliased 1,000 times is a
1.06 MB file (within the 2 MiB file limit) that would expand to about 1 GB of text.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc

import pytest

from conftest import commit_all, snapshot_yaml
from redline.loading import Limits, LoadError, parse_yaml

MIB = 1024 * 1024
LIMIT = Limits().max_text_chars


def bomb(aliases: int = 1000, size: int = MIB) -> str:
    """A snapshot whose first quote is `size` characters, aliased `aliases` times."""
    head = snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}])
    lines = [head.rstrip("\n"), "    quotes:", "      - speaker: North", f"        text: &big {'x' * size}"]
    lines += ["      - speaker: North", "        text: *big"] * aliases
    return "\n".join(lines) + "\n"


def test_the_bomb_fits_the_file_limit():
    text = bomb()
    assert MIB < len(text.encode()) < Limits().max_bytes


def test_the_bomb_is_refused_at_the_alias_that_crosses_the_limit():
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as caught:
            parse_yaml(bomb(), "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 1 MiB per text, keys and the rest: the third alias takes the document past 4 MiB of text.
    assert caught.value.problem.format() == (
        "bomb.yaml:19:15: error: document expands to more than 4,194,304 characters of text "
        "through alias *big (an alias bomb?) (too-much-text)"
    )
    assert peak < 20 * MIB  # the file's text and the one scalar, never a copy per alias


def test_text_within_the_limit_loads_with_its_aliases():
    doc = parse_yaml(bomb(aliases=2), "ok.yaml")
    quotes = doc.data["positions"][0]["quotes"]
    assert len(quotes) == 3 and all(len(q["text"]) == MIB for q in quotes)


def test_keys_count_as_text():
    limits = Limits(max_text_chars=10)
    with pytest.raises(LoadError) as caught:
        parse_yaml("abcdefgh: x\nyz: w\n", "k.yaml", limits)
    assert caught.value.problem.format() == (
        "k.yaml:2:1: error: document expands to more than 10 characters of text (too-much-text)"
    )


def test_an_aliased_mapping_counts_its_whole_text():
    limits = Limits(max_text_chars=40)
    text = "a: &m {k1: abcdefghij, k2: abcdefghij}\nb: *m\n"
    with pytest.raises(LoadError) as caught:
        parse_yaml(text, "m.yaml", limits)
    assert caught.value.problem.format() == (
        "m.yaml:2:4: error: document expands to more than 40 characters of text through "
        "alias *m (an alias bomb?) (too-much-text)"
    )
    assert parse_yaml(text, "m.yaml", Limits(max_text_chars=50)).data["b"]["k2"] == "abcdefghij"


RUN = """
import os, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(proc.returncode, peak, sep="\\n")
sys.stdout.write(proc.stdout + proc.stderr)
"""


@pytest.mark.parametrize("command", [["validate"], ["report", "--format", "json"]])
def test_every_reader_refuses_the_bomb_within_100_mb(demo, tmp_path, command):
    demo.write("2022-01-10-bomb.yaml", bomb())
    redline = [os.path.join(os.path.dirname(sys.executable), "redline")]
    env = dict(
        os.environ, REDLINE_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1", REDLINE_ROOT=str(demo.root)
    )
    proc = subprocess.run(
        [sys.executable, "-c", RUN, *redline, *command],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    code, peak_kib, output = proc.stdout.split("\n", 2)
    assert code == "1"
    assert int(peak_kib) < 100 * 1024, f"peak RSS {int(peak_kib) // 1024} MiB"
    assert (
        "positions/demo/2022-01-10-bomb.yaml:19:15: error: document expands to more than "
        "4,194,304 characters of text through alias *big (an alias bomb?) (too-much-text)" in output
    )
    assert "Traceback" not in output


def test_review_refuses_the_bomb_too(invoke, demo, monkeypatch, tmp_path):
    monkeypatch.chdir(demo.root.parent)
    demo.snapshot("2022-01-05", [{"party": "north", "stance": "a"}])
    commit_all(demo.root.parent, monkeypatch, tmp_path)
    demo.write("2022-01-10-bomb.yaml", bomb())
    result = invoke("review", "--base", "HEAD", "--root", "positions", "--format", "github")
    assert result.exit_code == 1
    assert (
        "file=positions/demo/2022-01-10-bomb.yaml,line=19::document expands to more than "
        "4,194,304 characters of text through alias *big (an alias bomb?) (too-much-text)" in result.stdout
    ), result.stdout[:2000]
