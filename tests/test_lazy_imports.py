"""Heavy modules stay out of the commands that do not need them (issue 19).

deepdiff (which imports numpy whenever numpy is installed) is imported only to describe
a nested change the keyed comparison cannot name; never by `--help`, `validate` or a
`diff` whose changes are all keyed. Checked in a fresh interpreter, never timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATASET, POSITIONS, ROOT
from redline.evidence import deep_changes, flat_changes

PROBE = """
import json, sys
from redline.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""

# two bundled snapshots that share positions whose summaries and quotes differ
OLD = DATASET / "2021-12-21-bloomberg-putin-defence-board.yaml"
NEW = DATASET / "2021-12-23-apa-putin-nato-should-not-advance.yaml"


def imported(*args: str, env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """The top-level packages a run of `redline ARGS` imported, and its output."""
    env = dict(env or os.environ, NO_COLOR="1")
    env.pop("REDLINE_ROOT", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    return json.loads(result.stderr.splitlines()[-1]), result.stdout


@pytest.mark.parametrize(
    "args", [["--help"], ["diff", "--help"], ["validate"], ["validate", str(OLD)]], ids=" ".join
)
def test_no_heavy_import(args):
    found, _ = imported(*args)
    assert "deepdiff" not in found and "numpy" not in found


def test_a_diff_of_two_files_with_keyed_changes_only_imports_no_deepdiff():
    found, out = imported("diff", str(OLD), str(NEW))
    assert "summary reworded" in out and "quote added" in out  # evidence really was compared
    assert "deepdiff" not in found and "numpy" not in found


@settings(deadline=None)  # the first example imports deepdiff
@given(
    st.text(max_size=6),
    st.text(max_size=6),
    st.lists(st.text(max_size=4), max_size=5, unique=True),
    st.lists(st.text(max_size=4), max_size=5, unique=True),
)
def test_the_flat_comparison_finds_what_deepdiff_finds(s1, s2, q1, q2):
    a, b = {"summary": s1, "quotes": sorted(q1)}, {"summary": s2, "quotes": sorted(q2)}
    fields, added, removed = flat_changes(a, b)  # type: ignore[misc]
    deep_fields, deep_added, deep_removed = deep_changes(a, b)
    assert fields == deep_fields
    assert (added, removed) == (sorted(deep_added), sorted(deep_removed))


def test_nested_values_are_left_to_deepdiff():
    a = {"summary": "s", "quotes": [{"text": "x", "supports": "stance"}]}
    b = {"summary": "s", "quotes": [{"text": "x", "supports": "red_line"}]}
    assert flat_changes(a, b) is None
    assert deep_changes(a, b) != (set(), [], [])  # DeepDiff sees the change inside the quote


def test_an_html_briefing_with_charts_never_imports_matplotlib(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    args = ["brief", "--root", str(POSITIONS), "--format", "html", "--charts", str(tmp_path / "c")]
    found, out = imported(*args, env=env)
    assert "matplotlib" not in found and "redline" in found
    assert out.count("<svg") == 5 and len(list((tmp_path / "c").glob("*.svg"))) == 5
