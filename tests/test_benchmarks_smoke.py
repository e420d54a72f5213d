"""The benchmark runner, as a small smoke: it runs end to end and reports every measure.

Times are printed by the runner, never asserted here (see benchmarks/run.py).
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

MEASURES = [
    "cold validate + report --all",
    "warm validate + report --all",
    "peak memory of report --all",
    "diff of two 100-position snapshots",
    "  the same with status changes",
    "redline --help",
    "redline validate of one small file",
    "review of a one-file change",
]


def test_benchmark_smoke_runs_every_measure(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--negotiations", "2",
         "--snapshots", "15", "--repeats", "1", "--corpus", str(tmp_path / "corpus"),
         "--json", str(out)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert [r["measure"] for r in rows] == MEASURES
    assert all(r["redline"] > 0 and r["baseline"] > 0 for r in rows)
    assert json.loads(out.read_text(encoding="utf-8"))["files"] == 2 * 16
    for measure in MEASURES:
        assert measure in result.stdout
