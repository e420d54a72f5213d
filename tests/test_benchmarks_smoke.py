"""The benchmark runner, as a small smoke: it runs end to end on both corpora and reports
every measure, with its budget, side by side; it regenerates the docs' table.

Times are printed by the runner, never asserted here (see benchmarks/run.py).
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

MEASURES = [
    "cold validate",
    "  the same on one core",
    "warm validate",
    "warm report --all",
    "peak memory of report --all",
    "diff A.yaml B.yaml",
    "  the same, numpy not importable",
    "redline --help",
    "redline validate of one small file",
    "keyed diff of two 100-position snapshots",
    "  the same with status changes",
    "brief (markdown) of the bundled dataset",
    "brief (HTML) of the bundled dataset",
    "  the same, the first after a change",
    "new --text on a long document",
    "review of a one-file change",
]
START, END = "<!-- benchmark table: benchmarks/run.py --write-docs -->", "<!-- end of table -->"


def test_benchmark_smoke_runs_every_measure_on_both_corpora(tmp_path):
    out = tmp_path / "results.json"
    page = tmp_path / "performance.md"
    page.write_text(f"# Performance\n\n{START}\nold table\n{END}\n\nafter\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--smoke",
            "--corpus",
            str(tmp_path / "large"),
            "--small-corpus",
            str(tmp_path / "small"),
            "--json",
            str(out),
            "--write-docs",
            str(page),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["files"] == {"large": 2 * 16, "small": 2 * 16}
    rows = data["rows"]
    assert [r["measure"] for r in rows] == MEASURES
    for row in rows:
        if row["note"].startswith("skipped: "):  # a command this redline does not have
            assert row["results"] == {}
            continue
        assert sorted(row["results"]) == ["large", "small"], row["measure"]
        for res in row["results"].values():
            assert res["redline"] > 0 and res["baseline"] > 0
            assert res["ok"] is (row["limit"] is None or res["ratio"] <= row["limit"])
    for measure in MEASURES:
        assert measure in result.stdout
    text = page.read_text(encoding="utf-8")
    assert "old table" not in text and text.endswith(f"{END}\n\nafter\n")
    assert "| measure | large corpus (32 files) | small corpus (32 files) | budget |" in text
    assert text.count("\n| ") == len(MEASURES) + 1


def test_the_small_corpus_is_the_size_of_the_bundled_snapshots(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import SMALL, generate

    generate(tmp_path, 1, 40, *SMALL.values(), seed=1)
    sizes = [p.stat().st_size for p in tmp_path.glob("*/2*.yaml")]
    bundled = [p.stat().st_size for p in (ROOT / "positions").glob("*/2*.yaml")]
    mean, bundled_mean = sum(sizes) / len(sizes), sum(bundled) / len(bundled)
    assert 0.5 * bundled_mean <= mean <= 2 * bundled_mean, (mean, bundled_mean)
