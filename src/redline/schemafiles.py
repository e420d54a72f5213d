"""Schemas that travel: copies of redline's schemas beside the positions they describe.

Editors validate a YAML file while it is typed when its first line names a schema
(`# yaml-language-server: $schema=PATH`). A path into redline's own source tree works
only inside a clone of redline, so `redline init` and `redline schemas --write` copy the
installed schemas into `<positions root>/.schemas/`, and the files `init` and `new`
write point there with a relative path (`../.schemas/...`) that resolves in any
repository. `validate` warns when a copy differs from the installed redline's schema
(an older redline wrote it), so that editors never check against stale rules.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problem
from .schema import SCHEMA_NAMES, schema_dir

SCHEMA_FOLDER = ".schemas"


def schema_header(name: str) -> str:
    """The first line of a file written at `<root>/<negotiation>/`: its schema, by a relative path."""
    return f"# yaml-language-server: $schema=../{SCHEMA_FOLDER}/{name}.schema.json\n"


def installed_schema(name: str) -> bytes:
    return (schema_dir() / f"{name}.schema.json").read_bytes()


def write_schemas(root: Path) -> list[tuple[Path, str]]:
    """Copy the installed schemas into `root/.schemas/`; (path, what happened) for each.

    What happened is `created`, `updated` or `unchanged`; an up-to-date copy is not
    rewritten. Raises `UsageError` when the folder or a file cannot be written.
    """
    from .errors import UsageError
    from .fsutil import write_atomic

    folder = root / SCHEMA_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file of that name, a read-only root
        raise UsageError(f"cannot create '{folder.as_posix()}/': {exc.strerror or exc}") from None
    done = []
    for name in SCHEMA_NAMES:
        target = folder / f"{name}.schema.json"
        wanted = installed_schema(name)
        if target.is_file() and target.read_bytes() == wanted:
            done.append((target, "unchanged"))
            continue
        existed = target.exists()
        write_atomic(target, wanted.decode("utf-8"), force=True)
        done.append((target, "updated" if existed else "created"))
    return done


def stale_schema_problems(root: Path, shown_root: str) -> list[Problem]:
    """Warnings for copies under `root/.schemas/` that differ from the installed schemas.

    Nothing is said when the folder does not exist (the files may name the schemas by
    another path); a missing file in an existing folder is reported too.
    """
    folder = root / SCHEMA_FOLDER
    if not folder.is_dir():
        return []
    problems = []
    for name in SCHEMA_NAMES:
        target = folder / f"{name}.schema.json"
        shown = f"{shown_root.rstrip('/')}/{SCHEMA_FOLDER}/{name}.schema.json"
        try:
            current = target.read_bytes()
        except OSError:
            current = None
        if current == installed_schema(name):
            continue
        what = "is missing" if current is None else "differs from the installed redline's schema"
        problems.append(
            Problem(
                shown,
                0,
                0,
                f"schema copy {what}: editors check files against stale rules; run redline schemas --write",
                "schema-outdated",
                "warning",
            )
        )
    return problems
