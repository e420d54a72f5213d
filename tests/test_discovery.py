"""Nothing under the positions root is skipped in silence (issue 17, item 2).

A folder that holds snapshots but no readable negotiation.yaml (missing, a folder, spelt
negotiation.yml), and a snapshot whose suffix would keep it from being read
(`.YAML`), are each reported with their path; the valid negotiations are still checked.
"""

from __future__ import annotations

import pytest

from conftest import NEGOTIATION_YAML, snapshot_yaml
from redline.discovery import stray_folders

GOOD = [{"party": "north", "stance": "a"}]


@pytest.fixture
def root(demo, monkeypatch):
    """The demo root, with one valid snapshot, as the working folder."""
    demo.snapshot("2022-01-10", GOOD)
    monkeypatch.chdir(demo.root.parent)
    return demo.root


def stray(root, *, definition: str | None = None, as_folder: bool = False):
    """A folder `other` with a valid and a broken snapshot."""
    folder = root / "other"
    folder.mkdir()
    (folder / "2022-01-10-a.yaml").write_text(snapshot_yaml("2022-01-10", GOOD), encoding="utf-8")
    (folder / "2022-01-11-b.yaml").write_text("date: [broken\n", encoding="utf-8")
    if definition is not None:
        (folder / definition).write_text(NEGOTIATION_YAML.replace("id: demo", "id: other"), encoding="utf-8")
    if as_folder:
        (folder / "negotiation.yaml").mkdir()
    return folder


def error_lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": error: " in line]


def test_a_folder_of_snapshots_without_negotiation_yaml_is_an_error(root, invoke):
    stray(root)
    result = invoke("validate")
    assert result.exit_code == 1
    assert (
        "positions/other/negotiation.yaml: error: missing: the 2 snapshot file(s) of this "
        "folder cannot be checked without it (no-negotiation)" in result.stdout
    )
    # the snapshots are still read as far as they can be: the broken one is named
    broken = "positions/other/2022-01-11-b.yaml:2:1: error: did not find"
    assert any(line.startswith(broken) for line in error_lines(result))
    assert not any(line.startswith("positions/demo/") for line in error_lines(result))


def test_negotiation_yml_is_named_as_the_mistake(root, invoke):
    stray(root, definition="negotiation.yml")
    result = invoke("validate")
    assert result.exit_code == 1
    assert (
        "positions/other/negotiation.yaml: error: missing: this folder has a "
        "negotiation.yml; name it negotiation.yaml (no-negotiation)"
    ) in result.stdout


def test_negotiation_yaml_that_is_a_folder_is_an_error(root, invoke):
    stray(root, as_folder=True)
    result = invoke("validate")
    assert result.exit_code == 1
    assert (
        "positions/other/negotiation.yaml: error: is a folder, not a YAML file (not-a-file)" in result.stdout
    )


def test_an_upper_case_suffix_is_not_skipped(root, invoke, demo):
    demo.write("2022-01-12-loud.YAML", snapshot_yaml("2022-01-12", GOOD))
    result = invoke("validate")
    assert result.exit_code == 1
    assert error_lines(result) == [
        "positions/demo/2022-01-12-loud.YAML: error: not read: a snapshot's file name must end "
        "in .yaml (or .yml), in lower case (file-name)"
    ]


def test_a_yml_snapshot_is_read_and_checked(root, invoke, demo):
    demo.write("2022-01-12-short.yml", "date: 2022-01-13\n")
    result = invoke("validate")
    assert result.exit_code == 1
    assert any(line.startswith("positions/demo/2022-01-12-short.yml:") for line in error_lines(result))


def test_a_stray_folder_alone_is_reported_not_a_usage_error(tmp_path, monkeypatch, invoke):
    (tmp_path / "positions").mkdir()
    stray(tmp_path / "positions")
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 1
    assert "positions/other/negotiation.yaml: error: missing" in result.stdout
    named = invoke("validate", "positions/other")
    assert named.exit_code == 1 and "(no-negotiation)" in named.stdout


def test_folders_without_snapshots_are_left_alone(root, invoke):
    (root / "notes").mkdir()
    (root / "notes" / "README.md").write_text("notes\n", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "2022-01-10-x.yaml").write_text("x: 1\n", encoding="utf-8")
    assert stray_folders(root) == []
    result = invoke("validate")
    assert result.exit_code == 0, result.stdout


def test_a_folder_that_cannot_be_listed_is_an_error_not_empty(root, invoke, monkeypatch):
    from pathlib import Path

    real = Path.iterdir

    def iterdir(self):
        if self.name == "demo":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    from redline.repository import load_folder

    loaded = load_folder(root / "demo")
    assert [(p.code, p.message) for p in loaded.problems] == [
        ("unreadable", "cannot read folder: Permission denied")
    ]


def test_a_negotiation_yml_beside_the_negotiation_yaml_is_a_warning(root, invoke, demo):
    demo.write("negotiation.yml", NEGOTIATION_YAML)
    result = invoke("validate")
    assert result.exit_code == 0
    assert (
        "positions/demo/negotiation.yml: warning: not read: the negotiation is defined by "
        "negotiation.yaml (file-name)"
    ) in result.stdout
