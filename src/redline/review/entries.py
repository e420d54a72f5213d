"""`build_review`: the changed files of each touched negotiation, reviewed one by one."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from ..compare import Change
from ..errors import UsageError
from ..gitfiles import Changed, Git, Revision
from ..model import Negotiation
from ..problems import Problem
from ..repository import NEGOTIATION_FILE, YAML_SUFFIXES
from ..settings import Settings
from ..vocabulary import FLAG_ORDER
from .changes import definition_changes, file_changes
from .effects import Folded
from .flags import (
    history_flags,
    move_flags,
    quote_flags,
    scale_flags,
    source_flags,
    stated_flags,
)
from .model import FileChange, Flag, NegotiationReview, Review, Stated
from .quotes import quote_problems
from .sides import Entry, Side, base_crossings, in_folder, load_sides


def _entry_path(path: str, root: str) -> str | None:
    """The entry of a negotiation folder that a changed file is, or is inside of (a
    folder named like a snapshot), when it may be read as YAML; else None."""
    prefix = "" if root == "." else root.rstrip("/") + "/"
    if not path.startswith(prefix):
        return None
    parts = PurePosixPath(path[len(prefix) :]).parts
    if len(parts) < 2 or PurePosixPath(parts[1]).suffix.lower() not in YAML_SUFFIXES:
        return None
    return prefix + "/".join(parts[:2])


def _grouped(changes: list[Changed], root: str) -> dict[str, list[Changed]]:
    """The changes by negotiation folder, a file inside a folder named like a snapshot
    standing for that folder."""
    groups: dict[str, list[Changed]] = {}
    for change in changes:
        entries = {p: _entry_path(p, root) for p in (change.path, change.old_path) if p}
        if any(e is not None and e != p for p, e in entries.items()):
            entry = entries.get(change.path) or entries.get(change.old_path)
            assert entry is not None
            change = Changed("modified" if change.status == "renamed" else change.status, entry)
            entries = {entry: entry}
        for entry in entries.values():
            folder = str(PurePosixPath(entry).parent) if entry else None
            if folder is not None and change not in groups.setdefault(folder, []):
                groups[folder].append(change)
    return groups


def _side_paths(change: Changed, folder: str) -> tuple[str | None, str | None]:
    """The file's path at the base and at the head, as far as `folder` is concerned."""
    old = None if change.status == "added" else (change.old_path or change.path)
    new = None if change.status == "deleted" else change.path
    return (old if old and in_folder(old, folder) else None, new if new and in_folder(new, folder) else None)


def _entries(changes: list[Changed], folder: str, base: Side, head: Side) -> list[Entry]:
    out = []
    for change in changes:
        old_path, new_path = _side_paths(change, folder)
        status = change.status
        if status == "renamed" and (old_path is None or new_path is None):
            status = "deleted" if new_path is None else "added"
        out.append(
            Entry(
                change,
                status,
                base.file(old_path) if old_path else None,
                head.file(new_path) if new_path else None,
                old_path,
                new_path,
            )
        )
    return out


def _not_folded(base: Side, head: Side) -> str:
    """Why the folded states cannot be compared, or '' when they can."""
    if base.present and not head.present:
        return "the negotiation is removed at the head"
    if not head.ok:
        return "effects not computed: the head has validation errors in this negotiation"
    if base.present and not base.ok:
        return "effects not computed: the base has validation errors in this negotiation"
    return ""


def _folded(
    base: Side, head: Side, entries: list[Entry], definition: tuple[str, ...]
) -> tuple[Folded | None, str]:
    """Both sides folded from the earliest date the change touches, or why they cannot be."""
    note = _not_folded(base, head)
    if note or head.negotiation is None:
        return None, note
    dates = {
        side.snapshot.date
        for e in entries
        for side in (e.old, e.new)
        if side is not None and side.snapshot is not None
    }
    if definition and head.snapshots:  # a new definition may re-read the whole history
        dates |= {min(s.date for s in head.snapshots), max(s.date for s in head.snapshots)}
    return Folded.of(
        head.negotiation, base.snapshots, head.snapshots, dates, refit=base.negotiation != head.negotiation
    ), ""


def _stated(e: Entry, folded: Folded | None, only: set[tuple[str, str]] | None = None) -> tuple[Stated, ...]:
    """Each position of an added snapshot (or the `only` ones of an edited snapshot) with
    the moves it makes in the new history."""
    if e.new is None or e.new.snapshot is None or not e.new.ok:
        return ()
    positions = tuple(p for p in e.new.snapshot.positions if only is None or (p.party, p.issue) in only)
    moves = (
        folded.stated_moves(e.new.snapshot.date, {(p.party, p.issue) for p in positions})
        if folded is not None
        else ()
    )
    return tuple(
        Stated(
            p.party,
            p.issue,
            p.line,
            tuple(c for c in moves if (c.party, c.issue) == (p.party, p.issue)),
            p.quotes,
            p.withdrawn,
            p.stance_line,
            p.red_line_line,
            p.stance,
            p.red_line,
            p.red_line_withdrawn,
        )
        for p in positions
    )


def _file_review(
    e: Entry, negotiation: Negotiation | None, folded: Folded | None, today: date
) -> tuple[FileChange, list[Flag]]:
    """One changed snapshot file: its changes to positions and its flags."""
    compared = (
        negotiation is not None
        and (e.old is None or e.old.ok)
        and (e.new is None or e.new.ok)
        and (e.old is not None or e.new is not None)
    )
    found: tuple[Change, ...] = ()
    if compared:
        assert negotiation is not None
        found = file_changes(negotiation, e.old, e.new)
        if folded is not None:
            found = folded.redirect(found, e.date)
    old_date = e.old.snapshot.date if e.old is not None and e.old.snapshot else None
    stated = _stated(e, folded) if e.status == "added" else ()
    source = e.new.snapshot.source if stated and e.new and e.new.snapshot else None
    change = FileChange(
        e.status,
        e.path,
        e.change.old_path if e.status == "renamed" else "",
        found,
        compared,
        e.date,
        old_date if e.new is not None and old_date != e.date else None,
        stated,
        source,
    )
    flags = history_flags(e) + stated_flags(stated, e.path)
    if compared and e.old is not None and e.new is not None:
        flags += quote_flags(e.old, e.new) + move_flags(found, e.old, e.new)
        # a position new to an edited snapshot is held to the rule of a new snapshot's
        entered = {(c.party, c.issue) for c in found if c.kind == "added"}
        flags += stated_flags(_stated(e, folded, entered), e.path) if entered else []
    if e.new is not None and e.new.ok:
        flags += source_flags(e.new, today)
    return change, flags


def review_negotiation(
    git: Git,
    base: Revision,
    head: Revision,
    folder: str,
    changes: list[Changed],
    today: date,
    settings: Settings | None = None,
) -> tuple[NegotiationReview, list[Flag], list[Problem], list[Problem]]:
    """The review of one negotiation folder: files, changes, effects, flags and problems."""
    changed = {p for c in changes for p in (c.path, c.old_path) if p}
    base_side, head_side = load_sides(git, base, head, folder, changed, settings)
    negotiation = head_side.negotiation or base_side.negotiation
    entries = _entries(changes, folder, base_side, head_side)
    definition: tuple[str, ...] = ()
    if base_side.negotiation and head_side.negotiation:
        definition = definition_changes(base_side.negotiation, head_side.negotiation)
    folded, note = _folded(base_side, head_side, entries, definition)
    effects = folded.effects() if folded else ()
    flags: list[Flag] = []
    files: list[FileChange] = []
    for e in entries:
        if PurePosixPath(e.path).name == NEGOTIATION_FILE:
            files.append(FileChange(e.status, e.path))
            if base_side.negotiation and head_side.negotiation:
                flags += scale_flags(base_side.negotiation, head_side.negotiation, e.path)
            continue
        change, found = _file_review(e, negotiation, folded, today)
        files.append(change)
        flags += found
    review = NegotiationReview(
        folder,
        negotiation,
        tuple(files),
        effects,
        definition,
        note,
        folded.today() if folded else None,
        folded.crossings() if folded else (),
    )
    head_problems = head_side.all_problems()
    source = head_side.loaded.source
    for e in entries:
        if e.new is not None and e.new.ok and source is not None:
            head_problems += quote_problems(source, e.new, e.old)
    return (
        review,
        flags,
        head_problems,
        base_side.all_problems() + base_crossings(base_side, head_side, folded),
    )


def build_review(
    git: Git,
    base: Revision,
    head: Revision,
    root: str,
    today: date | None = None,
    settings: Settings | None = None,
) -> Review:
    """Review the changes to the positions under `root` from `base` to `head`."""
    assert base.commit is not None
    today = today or date.today()
    if not git.is_folder(head.commit, root) and not git.is_folder(base.commit, root):
        raise UsageError(
            f"positions root '{root}' (relative to the top of the repository) is not "
            "a folder at the base nor at the head",
            setting="root",
        )
    groups = _grouped(git.changed(base.commit, head.commit, root), root)
    reviews, flags, problems, base_problems = [], [], [], []
    for folder in sorted(groups):
        review, found, head_found, base_found = review_negotiation(
            git, base, head, folder, groups[folder], today, settings
        )
        if not review.files:
            continue
        reviews.append(review)
        flags += [f for f in found if f not in flags]
        problems += head_found
        base_problems += base_found
    flags.sort(key=lambda f: (FLAG_ORDER.index(f.code), f.path, f.line, f.message))
    head_commit = head.commit or git.try_resolve("HEAD")
    ancestor = head_commit is None or git.is_ancestor(base.commit, head_commit)
    return Review(
        base,
        head,
        root,
        tuple(reviews),
        tuple(flags),
        tuple(sorted(set(problems), key=_problem_order)),
        tuple(sorted(set(base_problems), key=_problem_order)),
        ancestor,
        today,
    )


def _problem_order(p: Problem) -> tuple[bool, str, int, int, str]:
    return (p.severity != "error", p.path, p.line, p.column, p.message)
