"""`redline review`: what a change to the positions does, between two git revisions.

`build_review` reads, through `gitfiles`, only the negotiations the change touches
(every file of those folders at the base, the changed ones at the head; unchanged
files are parsed once), validates both sides, and returns a `Review` value:

- per negotiation, the changed snapshot files and, per file, the semantic changes to
  its positions (`compare.diff_states` on each side of the file taken on its own);
- the effect on the folded state at each date the change touches (the states as of
  that date folded from the base and from the head, compared; the issues' status
  changes, deadlock entered or left);
- review flags pointing at a file and line: a stance or red line moved without a new
  or changed quote, a quote's text edited in an existing snapshot, a snapshot dated
  after `today`, a source without url, a snapshot deleted or renamed;
- the validation problems of the head, and those of the base apart.

Nothing here prints; renderers live in `redline.render.review`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath

from .analysis import analyse
from .cache import FolderCache, digest
from .compare import (
    MOVE_KINDS,
    Change,
    StatusChange,
    diff_states,
    stance_direction,
    status_changes,
)
from .errors import UsageError
from .fold import Key, State, history, same_date_conflicts, snapshot_state
from .gitfiles import Changed, Git, Revision
from .loading import Document, LoadError
from .model import Negotiation, Position, Quote, Snapshot
from .problems import Problem, has_errors
from .repository import (
    NEGOTIATION_FILE,
    YAML_SUFFIXES,
    check_negotiation_bytes,
    check_snapshot_document,
)

# Most important first: the order of the flags in every output.
FLAG_ORDER = ("history-removed", "quote-edited", "unquoted-move", "future-date", "no-url")
DEADLOCK_EVENTS = ("entered deadlock", "left deadlock")
Day = date  # for fields declared after a field named `date`


@dataclass(frozen=True)
class FileChange:
    """One snapshot file (or negotiation.yaml) the change touches, with what changed in it."""

    status: str  # added | modified | deleted | renamed
    path: str  # at the head; at the base when deleted or moved out of the negotiation
    old_path: str = ""  # at the base, when renamed
    changes: tuple[Change, ...] = ()
    compared: bool = True  # False when one side has errors: changes not computed
    date: date | None = None
    old_date: Day | None = None  # the snapshot's date at the base, when it changed


@dataclass(frozen=True)
class Effect:
    """How the folded state as of one date differs from the base to the head."""

    date: date
    changes: tuple[Change, ...]
    status_changes: tuple[StatusChange, ...] = ()


@dataclass(frozen=True)
class Flag:
    """Something a reviewer should look at, at a file and line (0: the whole file)."""

    code: str
    message: str
    path: str
    line: int = 0


@dataclass(frozen=True)
class NegotiationReview:
    folder: str
    negotiation: Negotiation | None  # the head's, else the base's; None when neither is valid
    files: tuple[FileChange, ...]
    effects: tuple[Effect, ...] = ()
    definition: tuple[str, ...] = ()  # what changed in negotiation.yaml
    note: str = ""  # why effects were not computed

    @property
    def id(self) -> str:
        return PurePosixPath(self.folder).name


@dataclass(frozen=True)
class Summary:
    files: int = 0
    added: int = 0
    changed: int = 0
    withdrawn: int = 0
    removed: int = 0
    reworded: int = 0
    entering_deadlock: int = 0
    leaving_deadlock: int = 0
    errors: int = 0
    warnings: int = 0
    flags: int = 0


@dataclass(frozen=True)
class Review:
    base: Revision
    head: Revision
    root: str
    negotiations: tuple[NegotiationReview, ...]
    flags: tuple[Flag, ...]
    problems: tuple[Problem, ...]  # of the head, in the touched negotiations
    base_problems: tuple[Problem, ...]
    base_is_ancestor: bool = True
    today: date | None = None

    @property
    def valid(self) -> bool:
        return not has_errors(list(self.problems))

    @property
    def summary(self) -> Summary:
        counts = {"added": 0, "changed": 0, "withdrawn": 0, "removed": 0, "reworded": 0}
        entering: set[tuple[str, str]] = set()
        leaving: set[tuple[str, str]] = set()
        files = 0
        for neg in self.negotiations:
            files += len(neg.files)
            for fc in neg.files:
                by_key: dict[Key, set[str]] = {}
                for c in fc.changes:
                    by_key.setdefault((c.party, c.issue), set()).add(c.kind)
                for kinds in by_key.values():
                    for kind in ("added", "withdrawn", "removed"):
                        counts[kind] += kind in kinds
                    if kinds & {"stance", "red_line"}:
                        counts["changed"] += 1
                    elif not kinds & {"added", "withdrawn", "removed"}:
                        counts["reworded"] += 1
            for effect in neg.effects:
                for s in effect.status_changes:
                    if s.event == "entered deadlock":
                        entering.add((neg.folder, s.issue))
                    elif s.event == "left deadlock":
                        leaving.add((neg.folder, s.issue))
        errors = sum(1 for p in self.problems if p.severity == "error")
        return Summary(files, counts["added"], counts["changed"], counts["withdrawn"],
                       counts["removed"], counts["reworded"], len(entering), len(leaving), errors,
                       len(self.problems) - errors, len(self.flags))


# --- reading files from bytes -----------------------------------------------------------


@dataclass
class Parsed:
    """One snapshot file as read at one side."""

    path: str
    doc: Document | None  # None when the file came from the parse cache
    snapshot: Snapshot | None
    problems: list[Problem]
    raw: bytes | None = None

    @property
    def ok(self) -> bool:
        return self.snapshot is not None and not has_errors(self.problems)


def load_snapshot_bytes(raw: bytes, path: str, negotiation: Negotiation | None) -> Parsed:
    """A snapshot's bytes, checked as `redline validate` checks a file, with its document."""
    doc, snapshot, problems = check_snapshot_document(raw, path, negotiation)
    return Parsed(path, doc, snapshot, problems, raw)


def _cached_or_parsed(raw: bytes, path: str, negotiation: Negotiation | None,
                      cache: FolderCache | None) -> Parsed:
    """A file of the base: from the parse cache `redline validate` fills, when it has the
    same bytes under the same negotiation; else parsed (the cache is only read)."""
    if cache is not None:
        hit = cache.get(PurePosixPath(path).name, digest(raw), path)
        if hit is not None:
            return Parsed(path, None, hit[0], hit[1], raw)
    return load_snapshot_bytes(raw, path, negotiation)


# --- one negotiation at one side ----------------------------------------------------------


@dataclass
class Side:
    """A negotiation folder at one revision: its definition and its snapshot files."""

    folder: str
    present: bool = False  # the folder holds a negotiation.yaml
    negotiation: Negotiation | None = None
    negotiation_raw: bytes | None = None
    problems: list[Problem] = field(default_factory=list)  # of negotiation.yaml
    files: dict[str, Parsed] = field(default_factory=dict)

    @property
    def snapshots(self) -> list[Snapshot]:
        return [p.snapshot for p in self.files.values() if p.snapshot is not None]

    def all_problems(self) -> list[Problem]:
        found = list(self.problems)
        for parsed in self.files.values():
            found.extend(parsed.problems)
        return found

    @property
    def ok(self) -> bool:
        return self.negotiation is not None and not has_errors(self.all_problems())


def _is_snapshot_name(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.endswith(YAML_SUFFIXES) and name != NEGOTIATION_FILE


def _load_side(folder: str, raw: dict[str, bytes | Problem], reuse: Side | None = None,
               unchanged: Iterable[str] = (), top: Path | None = None,
               cache_dir: Path | None = None) -> Side:
    """Parse a folder's files; `unchanged` files are taken from `reuse` (the base side).

    With `top`, files may come from the parse cache of the folder in the working tree.
    """
    side = Side(folder)
    neg_path = f"{folder}/{NEGOTIATION_FILE}"
    same = set(unchanged)
    neg_raw = raw.get(neg_path)
    if reuse is not None and neg_path in same:
        side.present, side.negotiation_raw = reuse.present, reuse.negotiation_raw
        side.negotiation, side.problems = reuse.negotiation, list(reuse.problems)
    elif isinstance(neg_raw, Problem):
        side.present, side.problems = True, [neg_raw]
    elif neg_raw is not None:
        side.present, side.negotiation_raw = True, neg_raw
        side.negotiation, side.problems = check_negotiation_bytes(
            neg_raw, neg_path, PurePosixPath(neg_path).parent.name)
    paths = sorted(p for p in (set(raw) | same) if _is_snapshot_name(p))
    if paths and not side.present:
        side.problems.append(Problem(neg_path, 0, 0, f"snapshots without a {NEGOTIATION_FILE} "
                                     "beside them", "unreadable"))
    cache = None
    if top is not None and side.negotiation is not None and side.negotiation_raw is not None:
        cache = _folder_cache(top / folder, side.negotiation_raw, cache_dir)
    definition_same = reuse is not None and side.negotiation == reuse.negotiation
    for path in paths:
        old = reuse.files.get(path) if reuse is not None and path in same else None
        if old is not None and definition_same:
            side.files[path] = old
        elif old is not None:
            side.files[path] = (load_snapshot_bytes(old.raw, path, side.negotiation)
                                if old.raw is not None else old)
        else:
            data = raw[path]
            side.files[path] = (Parsed(path, None, None, [data]) if isinstance(data, Problem)
                                else _cached_or_parsed(data, path, side.negotiation, cache))
    return side


def _folder_cache(folder: Path, negotiation_raw: bytes, cache_dir: Path | None
                  ) -> FolderCache | None:
    if cache_dir is None:
        return None
    return FolderCache(folder, negotiation_raw, cache_dir)


def _read_side(git: Git, rev: str, folder: str) -> tuple[dict[str, bytes | Problem],
                                                         dict[str, str]]:
    tree = git.tree(rev, folder) if git.is_folder(rev, folder) else {}
    wanted = {p: oid for p, oid in tree.items() if p.endswith(YAML_SUFFIXES)}
    blobs = git.blobs(list(wanted.values()))
    return {p: blobs[oid] for p, oid in wanted.items()}, wanted


def _read_worktree(git: Git, paths: Iterable[str]) -> dict[str, bytes | Problem]:
    """Files of the working tree, read as `redline validate` reads them: a link leading out
    of the positions root, a device, a FIFO or an oversized file is a problem, not read."""
    from .repository import read_bytes

    found: dict[str, bytes | Problem] = {}
    for path in paths:
        try:
            found[path] = read_bytes(git.top / path, path)
        except LoadError as exc:
            found[path] = exc.problem
    return found


def load_sides(git: Git, base: Revision, head: Revision, folder: str,
               changes: list[Changed], cache_dir: Path | None = None) -> tuple[Side, Side]:
    """The folder at the base (every file) and at the head (changed files read anew)."""
    assert base.commit is not None
    base_raw, base_oids = _read_side(git, base.commit, folder)
    base_side = _load_side(folder, base_raw, top=git.top, cache_dir=cache_dir)
    if head.commit is not None:
        head_oids = git.tree(head.commit, folder) if git.is_folder(head.commit, folder) else {}
        head_oids = {p: o for p, o in head_oids.items() if p.endswith(YAML_SUFFIXES)}
        unchanged = [p for p, o in head_oids.items() if base_oids.get(p) == o]
        fresh = [o for p, o in head_oids.items() if p not in unchanged]
        blobs = git.blobs(fresh)
        head_raw: dict[str, bytes | Problem] = {p: blobs[o] for p, o in head_oids.items()
                                                if p not in unchanged}
    else:
        gone = {c.old_path or c.path for c in changes if c.status in ("deleted", "renamed")}
        touched = {c.path for c in changes if c.status != "deleted"}
        unchanged = [p for p in base_raw if p not in gone and p not in touched]
        head_raw = _read_worktree(git, sorted(p for p in touched if _in_folder(p, folder)
                                              and p.endswith(YAML_SUFFIXES)))
    return base_side, _load_side(folder, head_raw, base_side, unchanged)


def _in_folder(path: str, folder: str) -> bool:
    return str(PurePosixPath(path).parent) == folder


# --- what changed ----------------------------------------------------------------------------


def _fits(negotiation: Negotiation, party: str, issue: str, *points: str | None) -> bool:
    found = negotiation.issue_by_id.get(issue)
    return (found is not None and party in negotiation.party_by_id
            and all(p is None or found.has(p) for p in points))


def _fit_state(negotiation: Negotiation, state: State) -> State:
    """The positions of `state` that `negotiation` can place (it may have changed)."""
    kept = {k: h for k, h in state.positions.items()
            if _fits(negotiation, h.party, h.issue, h.stance, h.red_line)}
    return State(state.as_of, kept, state.reported, state.conflicts)


def _fit_snapshots(negotiation: Negotiation, snapshots: list[Snapshot]) -> list[Snapshot]:
    return [replace(s, positions=tuple(p for p in s.positions if _fits(
        negotiation, p.party, p.issue, p.stance, p.red_line))) for s in snapshots]


def _by_key(parsed: Parsed | None) -> dict[Key, Position]:
    if parsed is None or parsed.snapshot is None:
        return {}
    return {(p.party, p.issue): p for p in parsed.snapshot.positions}


def _located(change: Change, old: Parsed | None, new: Parsed | None) -> Change:
    """Point a file change at the head file's line (at the base's for a removed position)."""
    key = (change.party, change.issue)
    after = _by_key(new).get(key)
    if change.kind == "withdrawn":
        if after is not None and after.withdrawn and new is not None and new.snapshot:
            return replace(change, path=new.path, line=after.line, date=new.snapshot.date)
        before = _by_key(old).get(key)
        assert old is not None and old.snapshot is not None
        return replace(change, kind="removed", path=old.path,
                       line=before.line if before else 0, date=old.snapshot.date)
    assert new is not None and new.snapshot is not None and after is not None
    line = after.line
    if change.kind == "stance":
        line = after.stance_line or line
    elif change.kind == "red_line":
        line = after.red_line_line or line
    elif change.kind == "quote_added":
        line = next((q.line for q in after.quotes if q.text == change.new), line)
    return replace(change, path=new.path, line=line, date=new.snapshot.date)


def file_changes(negotiation: Negotiation, old: Parsed | None, new: Parsed | None
                 ) -> tuple[Change, ...]:
    """The semantic changes between two versions of a snapshot file, each taken on its own."""
    empty = State(None)
    before = snapshot_state(old.snapshot) if old is not None and old.snapshot else empty
    after = snapshot_state(new.snapshot) if new is not None and new.snapshot else empty
    diff = diff_states(negotiation, _fit_state(negotiation, before),
                       _fit_state(negotiation, after))
    return tuple(_located(c, old, new) for c in diff.changes)


def _states_at(snapshots: list[Snapshot], dates: list[date]) -> dict[date, tuple[State,
                                                                                  frozenset[Key]]]:
    """The folded state as of each date, and the keys that date's snapshots report."""
    found: dict[date, tuple[State, frozenset[Key]]] = {}
    pending = sorted(dates)
    state = State(None)
    for day in history(snapshots):
        while pending and pending[0] < day.date:
            found[pending.pop(0)] = (state, frozenset())
        if pending and pending[0] == day.date:
            found[pending.pop(0)] = (day.state, day.touched)
        state = day.state
    for when in pending:
        found[when] = (state, frozenset())
    return found


@dataclass(frozen=True)
class Folded:
    """The folded states of both sides as of each affected date, with the keys reported then."""

    negotiation: Negotiation
    base: list[Snapshot]
    head: list[Snapshot]
    old_at: dict[date, tuple[State, frozenset[Key]]]
    new_at: dict[date, tuple[State, frozenset[Key]]]

    @classmethod
    def of(cls, negotiation: Negotiation, base: list[Snapshot], head: list[Snapshot],
           dates: Iterable[date], refit: bool = False) -> Folded:
        """`refit` drops the base's positions the (changed) negotiation cannot place; the
        head's were checked against it."""
        if refit:
            base = _fit_snapshots(negotiation, base)
        wanted = sorted(set(dates))
        return cls(negotiation, base, head, _states_at(base, wanted), _states_at(head, wanted))

    def redirect(self, changes: tuple[Change, ...], when: date | None) -> tuple[Change, ...]:
        """Measure the direction of a file's moves against the folded states at its date,
        not against the other stances of that one file."""
        if when not in self.old_at:
            return changes
        states = (self.old_at[when][0], self.new_at[when][0])
        out = []
        for c in changes:
            if c.kind in ("stance", "red_line") and c.old and c.new:
                issue = self.negotiation.issue_by_id[c.issue]
                c = replace(c, direction=stance_direction(self.negotiation, c.party, issue,
                                                          c.old, c.new, states))
            out.append(c)
        return tuple(out)

    def effects(self) -> tuple[Effect, ...]:
        """The moves in the folded state, and the status changes, at each affected date."""
        out = []
        for when in sorted(self.old_at):
            (old, t_old), (new, t_new) = self.old_at[when], self.new_at[when]
            touched = t_old | t_new
            if not touched:
                continue
            diff = diff_states(self.negotiation, old, new)
            moves = tuple(c for c in diff.changes
                          if c.kind in MOVE_KINDS and (c.party, c.issue) in touched)
            issues = {issue for _, issue in touched}
            statuses = tuple(
                s for s in status_changes(analyse(self.negotiation, self.base, when),
                                          analyse(self.negotiation, self.head, when))
                if s.issue in issues and (s.old != s.new or s.event in DEADLOCK_EVENTS))
            if moves or statuses:
                out.append(Effect(when, moves, statuses))
        return tuple(out)


def definition_changes(old: Negotiation, new: Negotiation) -> tuple[str, ...]:
    """What changed in negotiation.yaml, in short sentences."""
    out = []
    for party in new.parties:
        before = old.party_by_id.get(party.id)
        if before is None:
            out.append(f"party '{party.id}' added")
        elif before.side != party.side:
            out.append(f"party '{party.id}' changed side: {before.side or 'none'} → "
                       f"{party.side or 'none'}")
    out += [f"party '{p.id}' removed" for p in old.parties if p.id not in new.party_by_id]
    for issue in new.issues:
        before_issue = old.issue_by_id.get(issue.id)
        if before_issue is None:
            out.append(f"issue '{issue.id}' added")
            continue
        a, b = [p.id for p in before_issue.scale], [p.id for p in issue.scale]
        if a != b:
            out.append(f"issue '{issue.id}': scale changed from {', '.join(a)} to {', '.join(b)}"
                       " (directions and statuses may change at every date)")
    out += [f"issue '{i.id}' removed" for i in old.issues if i.id not in new.issue_by_id]
    if old.analysis != new.analysis:
        out.append("analysis settings changed")
    return tuple(out)


# --- flags -----------------------------------------------------------------------------------


def _similar(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if len(a) * len(b) > 4_000_000:  # ratio() is quadratic: bound it on long texts
        return matcher.quick_ratio()
    return matcher.ratio()


def _text_line(doc: Document | None, quote: Quote) -> int:
    """The line of a quote's `text` (the quote itself starts at its `speaker`, often)."""
    if doc is not None:
        for path, (line, _) in doc.marks.items():
            if path and path[-1] == "text" and doc.marks.get(path[:-1], (0, 0))[0] == quote.line:
                return line
    return quote.line


def quote_flags(old: Parsed, new: Parsed) -> list[Flag]:
    """Quotes whose text changed in place: same position, same speaker or nearly same text."""
    flags = []
    before, after = _by_key(old), _by_key(new)
    for key, position in after.items():
        previous = before.get(key)
        if previous is None:
            continue
        old_texts = {q.text for q in previous.quotes}
        new_texts = {q.text for q in position.quotes}
        removed = [q for q in previous.quotes if q.text not in new_texts]
        for quote in (q for q in position.quotes if q.text not in old_texts):
            match = next((r for r in removed if r.speaker == quote.speaker), None) or max(
                removed, key=lambda r: _similar(r.text, quote.text), default=None)
            if match is None or (match.speaker != quote.speaker
                                 and _similar(match.text, quote.text) < 0.6):
                continue
            removed.remove(match)
            flags.append(Flag("quote-edited", f"{key[0]} on {key[1]}: quote of {quote.speaker} "
                              f"edited in an existing snapshot (a possible misquote): "
                              f"“{match.text}” → “{quote.text}”", new.path,
                              _text_line(new.doc, quote)))
    assert old.snapshot is not None and new.snapshot is not None
    reports = {r.issue: r for r in old.snapshot.reported}
    for item in new.snapshot.reported:
        previous_report = reports.get(item.issue)
        if (previous_report is not None and previous_report.quote is not None
                and item.quote is not None and previous_report.quote.text != item.quote.text):
            flags.append(Flag("quote-edited", f"reported status on {item.issue}: quote of "
                              f"{item.quote.speaker} edited in an existing snapshot (a possible "
                              f"misquote): “{previous_report.quote.text}” → “{item.quote.text}”",
                              new.path, _text_line(new.doc, item.quote)))
    return flags


def move_flags(changes: tuple[Change, ...], old: Parsed, new: Parsed) -> list[Flag]:
    """Stance and red-line moves whose position gained no new or changed quote."""
    before, after = _by_key(old), _by_key(new)
    flags = []
    for c in changes:
        if c.kind not in ("stance", "red_line"):
            continue
        key = (c.party, c.issue)
        old_texts = {q.text for q in before[key].quotes} if key in before else set()
        if any(q.text not in old_texts for q in after[key].quotes):
            continue
        what = "stance" if c.kind == "stance" else "red line"
        flags.append(Flag("unquoted-move", f"{c.party}'s {what} on {c.issue} changed "
                          f"({c.old or 'none'} → {c.new or 'none'}) without a new or changed "
                          "quote", c.path, c.line))
    return flags


def source_flags(new: Parsed, today: date) -> list[Flag]:
    """A snapshot (or its publication) dated after today; a source without url."""
    snapshot, doc = new.snapshot, new.doc
    assert snapshot is not None and doc is not None
    flags = []
    if snapshot.date > today:
        flags.append(Flag("future-date", f"snapshot dated {snapshot.date.isoformat()}, after "
                          f"today ({today.isoformat()})", new.path, doc.where(("date",))[0]))
    published = snapshot.source.published
    if published is not None and published > today:
        flags.append(Flag("future-date", f"source published {published.isoformat()}, after "
                          f"today ({today.isoformat()})", new.path,
                          doc.where(("source", "published"))[0]))
    if not snapshot.source.url:
        flags.append(Flag("no-url", "source has no url: reviewers cannot check the positions "
                          "and quotes against it", new.path, doc.where(("source",), key=True)[0]))
    return flags


# --- the review ------------------------------------------------------------------------------


def _negotiation_folder(path: str, root: str) -> str | None:
    """The negotiation folder a file belongs to, when it is a YAML file directly in one."""
    rel = PurePosixPath(path) if root == "." else None
    if rel is None:
        if not path.startswith(root.rstrip("/") + "/"):
            return None
        rel = PurePosixPath(path[len(root.rstrip("/")) + 1:])
    if len(rel.parts) != 2 or not rel.name.endswith(YAML_SUFFIXES):
        return None
    return str(PurePosixPath(path).parent)


def _side_paths(change: Changed, folder: str) -> tuple[str | None, str | None]:
    """The file's path at the base and at the head, as far as `folder` is concerned."""
    old = None if change.status == "added" else (change.old_path or change.path)
    new = None if change.status == "deleted" else change.path
    return (old if old and _in_folder(old, folder) else None,
            new if new and _in_folder(new, folder) else None)


@dataclass(frozen=True)
class _Entry:
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


def _entries(changes: list[Changed], folder: str, base: Side, head: Side) -> list[_Entry]:
    out = []
    for change in changes:
        old_path, new_path = _side_paths(change, folder)
        status = change.status
        if status == "renamed" and (old_path is None or new_path is None):
            status = "deleted" if new_path is None else "added"
        out.append(_Entry(change, status, base.files.get(old_path) if old_path else None,
                          head.files.get(new_path) if new_path else None, old_path, new_path))
    return out


def _history_flags(entry: _Entry) -> list[Flag]:
    change = entry.change
    if change.status == "deleted":
        return [Flag("history-removed", "snapshot deleted: its positions leave the history",
                     entry.path)]
    if change.status != "renamed":
        return []
    if entry.new_path is None:
        return [Flag("history-removed", f"snapshot moved to {change.path}: its positions leave "
                     "this negotiation's history", entry.path)]
    return [Flag("history-removed", f"snapshot renamed from {change.old_path} (its history "
                 "under the old name is removed)", change.path, 1)]


def _not_folded(base: Side, head: Side) -> str:
    """Why the folded states cannot be compared, or '' when they can."""
    if base.present and not head.present:
        return "the negotiation is removed at the head"
    if not head.ok:
        return "effects not computed: the head has validation errors in this negotiation"
    if base.present and not base.ok:
        return "effects not computed: the base has validation errors in this negotiation"
    return ""


def review_negotiation(git: Git, base: Revision, head: Revision, folder: str,
                       changes: list[Changed], today: date, cache_dir: Path | None = None
                       ) -> tuple[NegotiationReview, list[Flag], list[Problem], list[Problem]]:
    """The review of one negotiation folder: files, changes, effects, flags and problems."""
    base_side, head_side = load_sides(git, base, head, folder, changes, cache_dir)
    negotiation = head_side.negotiation or base_side.negotiation
    entries = _entries(changes, folder, base_side, head_side)
    definition: tuple[str, ...] = ()
    if base_side.negotiation and head_side.negotiation:
        definition = definition_changes(base_side.negotiation, head_side.negotiation)
    dates = {side.snapshot.date for e in entries for side in (e.old, e.new)
             if side is not None and side.snapshot is not None}
    if definition and head_side.snapshots:
        dates.add(max(s.date for s in head_side.snapshots))
    note = _not_folded(base_side, head_side)
    folded = None
    if not note and head_side.negotiation is not None:
        folded = Folded.of(head_side.negotiation, base_side.snapshots, head_side.snapshots, dates,
                           refit=base_side.negotiation != head_side.negotiation)

    flags: list[Flag] = []
    files: list[FileChange] = []
    for e in entries:
        if PurePosixPath(e.path).name == NEGOTIATION_FILE:
            files.append(FileChange(e.status, e.path))
            continue
        compared = (negotiation is not None and (e.old is None or e.old.ok)
                    and (e.new is None or e.new.ok) and (e.old is not None or e.new is not None))
        found: tuple[Change, ...] = ()
        if compared:
            assert negotiation is not None
            found = file_changes(negotiation, e.old, e.new)
            if folded is not None:
                found = folded.redirect(found, e.date)
        old_date = e.old.snapshot.date if e.old is not None and e.old.snapshot else None
        files.append(FileChange(e.status, e.path, e.change.old_path if e.status == "renamed"
                                else "", found, compared, e.date,
                                old_date if e.new is not None and old_date != e.date else None))
        flags += _history_flags(e)
        if compared and e.old is not None and e.new is not None:
            flags += quote_flags(e.old, e.new) + move_flags(found, e.old, e.new)
        if e.new is not None and e.new.ok:
            flags += source_flags(e.new, today)

    head_problems = head_side.all_problems()
    if head_side.ok:
        head_paths = {e.new_path for e in entries if e.new_path}
        head_problems += [p for p in same_date_conflicts(head_side.snapshots)
                          if p.path in head_paths]
    review = NegotiationReview(folder, negotiation, tuple(files),
                               folded.effects() if folded else (), definition, note)
    return review, flags, head_problems, base_side.all_problems()


def build_review(git: Git, base: Revision, head: Revision, root: str,
                 today: date | None = None, cache_dir: Path | None = None) -> Review:
    """Review the changes to the positions under `root` from `base` to `head`."""
    assert base.commit is not None
    today = today or date.today()
    if not git.is_folder(head.commit, root) and not git.is_folder(base.commit, root):
        raise UsageError(f"positions root '{root}' (relative to the top of the repository) is not "
                         "a folder at the base nor at the head", setting="root")
    groups: dict[str, list[Changed]] = {}
    for change in git.changed(base.commit, head.commit, root):
        for path in {change.path, change.old_path} - {""}:
            folder = _negotiation_folder(path, root)
            if folder is not None and change not in groups.setdefault(folder, []):
                groups[folder].append(change)
    reviews, flags, problems, base_problems = [], [], [], []
    for folder in sorted(groups):
        review, found, head_found, base_found = review_negotiation(
            git, base, head, folder, groups[folder], today, cache_dir)
        if not review.files:
            continue
        reviews.append(review)
        flags += [f for f in found if f not in flags]
        problems += head_found
        base_problems += base_found
    flags.sort(key=lambda f: (FLAG_ORDER.index(f.code), f.path, f.line, f.message))
    head_commit = head.commit or git.try_resolve("HEAD")
    ancestor = head_commit is None or git.is_ancestor(base.commit, head_commit)
    return Review(base, head, root, tuple(reviews), tuple(flags),
                  tuple(sorted(set(problems), key=_problem_order)),
                  tuple(sorted(set(base_problems), key=_problem_order)), ancestor, today)


def _problem_order(p: Problem) -> tuple[bool, str, int, int, str]:
    return (p.severity != "error", p.path, p.line, p.column, p.message)
