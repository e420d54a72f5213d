"""Schemas that travel: init copies them under the positions root, headers point there by a
relative path, `redline schemas` refreshes them and validate warns while a copy is stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import NEGOTIATION_YAML
from redline.schema import schema_dir

HEADER = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """A fresh folder outside the clone, as a user's own positions repository."""
    folder = tmp_path / "my-repo"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def schema_of(path: Path) -> dict:
    """The schema a file's header names, resolved from the file's folder as an editor does."""
    target = (path.parent / HEADER.match(path.read_text(encoding="utf-8")).group(1)).resolve()
    return json.loads(target.read_text(encoding="utf-8"))


def test_headers_written_by_init_and_new_resolve_to_the_schemas_in_any_repository(invoke, outside):
    assert invoke("init", "talks", "--title", "Talks").exit_code == 0
    negotiation = outside / "positions" / "talks" / "negotiation.yaml"
    assert schema_of(negotiation)["$id"] == "urn:redline:schema:negotiation"
    negotiation.write_text(NEGOTIATION_YAML.replace("id: demo", "id: talks"), encoding="utf-8")
    assert invoke("new", "--date", "2022-01-10", "--title", "First").exit_code == 0
    snapshot = outside / "positions" / "talks" / "2022-01-10-first.yaml"
    assert schema_of(snapshot)["$id"] == "urn:redline:schema:snapshot"
    assert schema_of(snapshot) == json.loads((schema_dir() / "snapshot.schema.json").read_text())
    assert invoke("validate").stdout == "2 files checked: all valid\n"


def test_validate_warns_while_a_copy_is_stale_and_schemas_write_refreshes_it(invoke, outside):
    invoke("init", "talks", "--title", "Talks")
    (outside / "positions" / "talks" / "negotiation.yaml").write_text(
        NEGOTIATION_YAML.replace("id: demo", "id: talks"), encoding="utf-8"
    )
    copy = outside / "positions" / ".schemas" / "snapshot.schema.json"
    copy.write_text('{"$id": "urn:redline:schema:snapshot"}\n', encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        "positions/.schemas/snapshot.schema.json: warning: schema copy differs from the installed "
        "redline's schema: editors check files against stale rules; run redline schemas --write "
        "(schema-outdated)\n1 file checked: 0 error(s) in 0 file(s), 1 warning(s)\n"
    )
    result = invoke("schemas")
    assert result.exit_code == 1
    assert "(schema-outdated)" in result.stdout
    result = invoke("schemas", "--write")
    assert result.exit_code == 0
    assert result.stdout == (
        "unchanged positions/.schemas/negotiation.schema.json\n"
        "updated positions/.schemas/snapshot.schema.json\n"
    )
    assert invoke("validate").stdout == "1 file checked: all valid\n"
    result = invoke("schemas")
    assert (result.exit_code, result.stdout) == (0, "positions/.schemas/ holds this redline's schemas\n")


def test_schemas_without_a_copy_says_how_to_make_one(invoke, outside):
    (outside / "positions").mkdir()
    result = invoke("schemas")
    assert (result.exit_code, result.stdout) == (
        1,
        "positions/.schemas/ does not exist; run redline schemas --write\n",
    )
    result = invoke("schemas", "--write")
    assert result.stdout == (
        "created positions/.schemas/negotiation.schema.json\n"
        "created positions/.schemas/snapshot.schema.json\n"
    )


def test_a_missing_copy_is_reported(invoke, outside):
    invoke("init", "talks", "--title", "Talks")
    (outside / "positions" / ".schemas" / "negotiation.schema.json").unlink()
    result = invoke("schemas")
    assert result.exit_code == 1
    assert result.stdout == (
        "positions/.schemas/negotiation.schema.json: warning: schema copy is missing: editors "
        "check files against stale rules; run redline schemas --write (schema-outdated)\n"
    )


def test_issue_keywords_are_part_of_the_negotiation_format(invoke, demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    text = NEGOTIATION_YAML.replace(
        "    title: The border\n", "    title: The border\n    keywords: [frontier, boundary]\n"
    )
    (demo.path / "negotiation.yaml").write_text(text, encoding="utf-8")
    assert invoke("validate").stdout == "1 file checked: all valid\n"
    (demo.path / "negotiation.yaml").write_text(
        text.replace("[frontier, boundary]", "frontier"), encoding="utf-8"
    )
    result = invoke("validate")
    assert "'keywords' should be a list, not the string 'frontier'" in result.stdout


def test_a_file_in_the_way_of_the_schema_folder_is_a_usage_error(invoke, outside):
    (outside / "positions").mkdir()
    (outside / "positions" / ".schemas").write_text("not a folder\n", encoding="utf-8")
    result = invoke("schemas", "--write")
    assert result.exit_code == 2
    assert result.stderr == "redline: error: cannot create 'positions/.schemas/': File exists\n"
    assert (outside / "positions" / ".schemas").read_text(encoding="utf-8") == "not a folder\n"
