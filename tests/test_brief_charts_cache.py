"""The briefing's charts are remembered in the folder's cache while no file changes: an HTML
briefing drawn again neither imports matplotlib nor draws, and gives the same bytes."""

from __future__ import annotations

import shutil

import pytest

from conftest import POSITIONS


@pytest.fixture
def root(tmp_path):
    pytest.importorskip("matplotlib")
    copy = tmp_path / "positions"
    shutil.copytree(POSITIONS, copy)
    return copy


def _drawn(monkeypatch) -> list[int]:
    """Count the calls of the chart drawing."""
    from redline.render import charts

    calls: list[int] = []
    draw = charts.svg_files

    def counting(briefing):
        calls.append(1)
        return draw(briefing)

    monkeypatch.setattr(charts, "svg_files", counting)
    return calls


def test_charts_drawn_once_while_no_file_changes(invoke, root, monkeypatch):
    calls = _drawn(monkeypatch)
    first = invoke("brief", "--root", str(root), "--format", "html")
    again = invoke("brief", "--root", str(root), "--format", "html")
    assert first.exit_code == again.exit_code == 0
    assert first.stdout.count("<svg") == 5 and again.stdout == first.stdout
    assert calls == [1]
    other = invoke("brief", "--root", str(root), "--format", "html", "--as-of", "2022-01-13")
    assert other.exit_code == 0 and other.stdout != first.stdout
    assert calls == [1, 1]  # another date, other charts


def test_charts_drawn_again_when_a_file_changes(invoke, root, monkeypatch):
    calls = _drawn(monkeypatch)
    first = invoke("brief", "--root", str(root), "--format", "html")
    snapshot = sorted((root / "us-russia-2022").glob("2022-*.yaml"))[-1]
    snapshot.write_text(snapshot.read_text(encoding="utf-8") + "# revised\n", encoding="utf-8")
    again = invoke("brief", "--root", str(root), "--format", "html")
    assert first.exit_code == again.exit_code == 0
    assert calls == [1, 1]


def test_without_matplotlib_remembered_charts_are_not_shown(invoke, root, monkeypatch):
    import sys

    assert invoke("brief", "--root", str(root), "--format", "html").stdout.count("<svg") == 5
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if uninstalled since
    result = invoke("brief", "--root", str(root), "--format", "html")
    assert result.exit_code == 0 and "<svg" not in result.stdout


def test_charts_do_not_follow_the_users_matplotlibrc(monkeypatch):
    """The remembered charts are keyed by matplotlib's version only: the user's rc settings
    must not change them."""
    import matplotlib

    from redline.briefing import build_briefing
    from redline.render.charts import svg
    from redline.repository import load_folder

    loaded = load_folder(POSITIONS / "us-russia-2022")
    when = max(s.date for s in loaded.snapshots)
    briefing = build_briefing(loaded.negotiation, loaded.snapshots, when, None, {})
    plain = svg(briefing, briefing.charts[0])
    monkeypatch.setitem(matplotlib.rcParams, "axes.facecolor", "#ff0000")
    monkeypatch.setitem(matplotlib.rcParams, "lines.linewidth", 7.0)
    assert svg(briefing, briefing.charts[0]) == plain
    assert matplotlib.rcParams["axes.facecolor"] == "#ff0000"  # the user's settings are left as they were
