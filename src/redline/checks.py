"""`redline validate`: which files to check, and the collected result."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .copies import curation_problems
from .discovery import is_stray
from .errors import UsageError
from .filecheck import PARALLEL_THRESHOLD, worker_count, worker_pool
from .problems import Problem
from .repository import (
    NEGOTIATION_FILE,
    YAML_SUFFIXES,
    load_folder,
    negotiation_folders,
    resolve_root,
    stray_folders,
)
from .settings import Settings


@dataclass
class CheckResult:
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def summary(self) -> str:
        noun = "file" if self.files == 1 else "files"
        if not self.problems:
            return f"{self.files} {noun} checked: all valid"
        bad = len({p.path for p in self.problems if p.severity == "error"})
        return (
            f"{self.files} {noun} checked: {self.errors} error(s) in {bad} file(s), "
            f"{self.warnings} warning(s)"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "valid": self.errors == 0,
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [p.to_json() for p in self.problems],
        }


def _targets(paths: list[str] | None, root: str | Path | None) -> dict[Path, list[Path] | None]:
    """Map each negotiation folder to check to the snapshot files to check (None: all)."""
    if not paths:
        base = resolve_root(root)
        folders = sorted(negotiation_folders(base) + stray_folders(base))
        if not folders:
            raise UsageError(f"no negotiation under '{base}' (no */{NEGOTIATION_FILE})")
        return {folder: None for folder in folders}
    targets: dict[Path, list[Path] | None] = {}
    for text in paths:
        path = Path(text)
        if path.is_dir():
            if (path / NEGOTIATION_FILE).is_file() or is_stray(path):
                targets[path] = None
                continue
            folders = sorted(negotiation_folders(path) + stray_folders(path))
            if not folders:
                raise UsageError(f"'{text}' holds no {NEGOTIATION_FILE}, nor folders that do")
            for folder in folders:
                targets[folder] = None
        elif path.exists() or path.is_symlink():
            if path.suffix not in YAML_SUFFIXES:
                raise UsageError(f"'{text}' is not a .yaml file")
            folder = path.parent
            if not (folder / NEGOTIATION_FILE).is_file():
                raise UsageError(f"'{text}' has no {NEGOTIATION_FILE} beside it")
            if targets.get(folder, []) is None:
                continue
            files = targets.setdefault(folder, [])
            assert files is not None
            if path.name != NEGOTIATION_FILE and path not in files:
                files.append(path)
        else:
            raise UsageError(f"no such file or folder: '{text}'")
    return targets


def run_validate(
    paths: list[str] | None, settings: Settings | None = None, quotes: bool = False
) -> CheckResult:
    """Check the given files or folders (default: the whole root) and collect every problem.

    With `quotes`, also check every quote against its snapshot's local source text.
    """
    settings = settings or Settings()
    result = CheckResult()
    for files, problems, curation in check_folders(_targets(paths, settings.root), settings, quotes):
        result.files += files
        result.problems.extend(problems)
        result.problems.extend(p for p in curation if p not in result.problems)
    result.problems.sort(key=lambda p: (p.path, p.line, p.column, p.message))
    return result


FolderResult = tuple[int, list[Problem], list[Problem]]  # files, their problems, curation warnings


def check_folder(folder: Path, files: list[Path] | None, settings: Settings, quotes: bool) -> FolderResult:
    """Check one negotiation folder (or only some of its files)."""
    loaded = load_folder(folder, files, settings)
    curation = curation_problems(loaded, whole=files is None)
    if quotes:
        from .quotes import quote_problems

        curation = curation + quote_problems(loaded)
    return loaded.files, loaded.problems, curation


def check_folders(
    targets: dict[Path, list[Path] | None], settings: Settings, quotes: bool
) -> list[FolderResult]:
    """Check every target folder; the results in the targets' order.

    With `settings.parallel`, the folders the cache does not know are handed out to a pool
    of worker processes when there are enough files to be worth it (see `_cold_folders`),
    while this process checks the others. A folder is one worker's, whole: its cache
    files are written and its cross-file and curation rules run there, and only its
    problems come back (nothing else to pickle)."""
    cold = _cold_folders(targets, settings)
    if not cold:
        return [check_folder(folder, files, settings, quotes) for folder, files in targets.items()]
    alone = replace(settings, parallel=False)
    with worker_pool(min(worker_count(), len(cold))) as pool:
        # the biggest first, so that no worker is left with a big one at the end
        futures = {
            folder: pool.submit(check_folder, folder, None, alone, quotes)
            for folder in sorted(cold, key=lambda f: -cold[f])
        }
        here = {
            folder: check_folder(folder, files, settings, quotes)
            for folder, files in targets.items()
            if folder not in futures
        }
        return [futures[folder].result() if folder in futures else here[folder] for folder in targets]


def _cold_folders(targets: dict[Path, list[Path] | None], settings: Settings) -> dict[Path, int]:
    """The whole folders to check in workers, with their number of entries: those the
    cache does not know (when there is no cache, all), when they are several, together
    hold enough files to be worth the workers, and none holds most of them (a folder
    much bigger than the others is checked here, its files spread over the workers)."""
    if not settings.parallel or worker_count() < 2:
        return {}
    from .cache import has_index

    cold: dict[Path, int] = {}
    for folder, files in targets.items():
        if files is None and (settings.cache_dir is None or not has_index(folder, settings.cache_dir)):
            try:
                cold[folder] = len(os.listdir(folder))
            except OSError:
                continue  # load reports it
    total = sum(cold.values())
    if len(cold) < 2 or total < PARALLEL_THRESHOLD or max(cold.values()) * 2 > total:
        return {}
    return cold
