"""Both sides of a review: a negotiation folder at the base and at the head, each loaded
through `repository.load` (the path `redline validate` takes), so every rule holds at both."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..filesource import DiskFolder, FolderSource, GitFolder
from ..gitfiles import Changed, Git, Revision
from ..loading import Document
from ..model import Negotiation, Snapshot
from ..problems import Problem, has_errors
from ..redlines import RED_LINE_CROSSED, crossing_problems
from ..repository import Checked, Loaded, load
from ..settings import Settings

if TYPE_CHECKING:
    from .effects import Folded

CROSSINGS = "red-line-crossings"  # the base's cross-file rule `base_crossings` runs


@dataclass
class Parsed:
    """One snapshot file as read at one side."""

    path: str
    doc: Document | None  # kept for the head's changed files only
    snapshot: Snapshot | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.snapshot is not None and not has_errors(self.problems)


@dataclass
class Side:
    """A negotiation folder at one revision, as loaded."""

    folder: str
    loaded: Loaded

    @property
    def present(self) -> bool:
        return self.loaded.present

    @property
    def negotiation(self) -> Negotiation | None:
        return self.loaded.negotiation

    @property
    def snapshots(self) -> list[Snapshot]:
        return self.loaded.snapshots

    def all_problems(self) -> list[Problem]:
        return list(self.loaded.problems)

    @property
    def ok(self) -> bool:
        return self.loaded.ok

    def file(self, path: str) -> Parsed | None:
        """The file at `path` (from the top of the repository), None when it is not read."""
        if not in_folder(path, self.folder):
            return None
        snapshot = next((s for s in self.snapshots if s.path == path), None)
        problems = [p for p in self.loaded.problems if p.path == path]
        name = PurePosixPath(path).name
        if snapshot is None and not problems and name not in self.loaded.documents:
            return None
        return Parsed(path, self.loaded.documents.get(name), snapshot, problems)


@dataclass(frozen=True)
class Entry:
    """A changed file as one negotiation folder sees it."""

    change: Changed
    status: str
    old: Parsed | None
    new: Parsed | None
    old_path: str | None
    new_path: str | None

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or self.change.path

    @property
    def date(self) -> date | None:
        for side in (self.new, self.old):
            if side is not None and side.snapshot is not None:
                return side.snapshot.date
        return None


def in_folder(path: str, folder: str) -> bool:
    return str(PurePosixPath(path).parent) == folder


def source_at(git: Git, revision: Revision, folder: str) -> FolderSource:
    """The folder at a commit, or in the working tree (named from the repository's top)."""
    if revision.commit is None:
        return DiskFolder(git.top / folder, shown_as=folder)
    return GitFolder(git, revision.commit, folder)


def load_sides(
    git: Git,
    base: Revision,
    head: Revision,
    folder: str,
    changed: Collection[str],
    settings: Settings | None = None,
) -> tuple[Side, Side]:
    """The folder at the base and at the head; the head's `changed` files keep their
    parsed documents, for flags that point at lines the model does not keep. The base's
    red-line check is left to `base_crossings`, once both sides are folded."""
    names = {PurePosixPath(p).name for p in changed if in_folder(p, folder)}
    checked = Checked()
    head_side = Side(
        folder, load(source_at(git, head, folder), settings=settings, documents=names, checked=checked)
    )
    base_source = source_at(git, base, folder)
    same = _unchanged(base_source, head_side.loaded, names)
    if isinstance(base_source, GitFolder):
        base_source.unread = frozenset(same)
    base_side = Side(
        folder, load(base_source, settings=settings, checked=checked, same=same, skip=(CROSSINGS,))
    )
    return base_side, head_side


def _unchanged(base: FolderSource, head: Loaded, changed: Collection[str]) -> dict[str, str]:
    """The head's digests of the files the change leaves alone, for the base not to read
    them again: plain files of the same size at both sides, by name."""
    if not isinstance(base, GitFolder):
        return {}
    entries = base.entries()
    return {
        name: sha
        for name, (sha, size) in head.digests.items()
        if name not in changed
        and (e := entries.get(name)) is not None
        and e.kind == "blob"
        and e.mode in ("100644", "100755")
        and e.size == size
    }


def base_crossings(base: Side, head: Side, folded: Folded | None) -> list[Problem]:
    """The base's `red-line-crossed` warnings (the cross-file rule `load_sides` leaves
    out): from the review's fold where it can tell them, else by folding the base again."""
    negotiation = base.negotiation
    if negotiation is None:
        return []
    found = None
    if folded is not None and negotiation == head.negotiation:
        head_found = [p for p in head.loaded.problems if p.code == RED_LINE_CROSSED]
        found = folded.base_crossings(head.snapshots, head_found)
    return crossing_problems(negotiation, base.snapshots) if found is None else found
