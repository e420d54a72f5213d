"""Reading positions files at git revisions, through git itself.

`git` runs as a subprocess with argument lists (never a shell), from the top of the
repository, with pathspecs taken literally and without optional locks, so a review
never checks anything out, never touches the working tree and never rewrites the
index. The working tree is read from disk. Every failure becomes a `GitError` with a
one-line message.

Only what a review needs is read: the names of the files that changed under the
positions root (`git diff --name-status -M`), the entries of a negotiation folder at
a revision (`git ls-tree --long`), and the bytes of chosen blobs, in one `git cat-file
--batch` call per folder.

    >>> git = Git.at(Path.cwd())                              # doctest: +SKIP
    >>> base = git.resolve("origin/main")                     # doctest: +SKIP
    >>> git.changed(base, None, "positions")                  # doctest: +SKIP
    [Changed(status='modified', path='positions/demo/2022-01-10-a.yaml', old_path='')]
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import GitError, UsageError

DEFAULT_BRANCHES = ("origin/main", "main")
_STATUS = {
    "A": "added",
    "C": "added",
    "D": "deleted",
    "M": "modified",
    "R": "renamed",
    "T": "modified",
    "U": "modified",
}


@dataclass(frozen=True)
class Changed:
    """One file that differs between two revisions: its path at the head (at the base
    when deleted) and, for a rename, its path at the base."""

    status: str  # added | modified | deleted | renamed
    path: str
    old_path: str = ""


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a tree at a revision, as `git ls-tree --long` lists it."""

    path: str  # from the top of the repository
    mode: str  # 100644, 100755 (files), 120000 (symbolic link), 040000 (tree), 160000
    kind: str  # blob | tree | commit
    oid: str
    size: int = 0  # of a blob; 0 for the others


@dataclass(frozen=True)
class Revision:
    """A side of a review: what the user asked for, and the commit (None: working tree)."""

    label: str
    commit: str | None

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else "working tree"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_OPTIONAL_LOCKS": "0",  # `git diff` must not refresh (write) the index
            "GIT_LITERAL_PATHSPECS": "1",  # a positions root is a path, not a pattern
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }
    )
    return env


def _first_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip().removeprefix("fatal: ").removeprefix("error: ")
    return "no message"


def run_git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """Run `git ARGS` in `cwd` and return its stdout; raise `GitError` on any failure."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, env=_environment(), check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {_first_line(done.stderr)}")
    return done.stdout


@dataclass(frozen=True)
class Git:
    """A repository, addressed by its top folder."""

    top: Path
    # the commits revisions named in this run (`HEAD` is read once, however often asked)
    _resolved: dict[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def at(cls, folder: Path) -> Git:
        """The repository holding `folder`; `GitError` when there is none."""
        try:
            out = run_git(["rev-parse", "--show-toplevel"], folder)
        except GitError as exc:
            if "not a git repository" in str(exc):
                raise GitError(f"'{folder}' is not inside a git repository") from None
            raise
        return cls(Path(out.decode("utf-8", "surrogateescape").strip()))

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        return run_git(list(args), self.top, stdin)

    def resolve(self, rev: str) -> str:
        """The commit `rev` names, as a full hash; `GitError` when it names none."""
        if not rev or rev.startswith("-") or "\n" in rev:
            raise GitError(f"unknown revision '{rev}'")
        if rev not in self._resolved:
            try:
                # A leading '-' was refused above, so `rev` cannot be read as an option.
                out = self.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
            except GitError:
                raise GitError(f"unknown revision '{rev}' (not a commit here; was it fetched?)") from None
            self._resolved[rev] = out.decode().strip()
        return self._resolved[rev]

    def try_resolve(self, rev: str) -> str | None:
        try:
            return self.resolve(rev)
        except GitError:
            return None

    def merge_base(self, a: str, b: str) -> str | None:
        """The best common ancestor of two commits, or None when they share no history."""
        done = subprocess.run(
            ["git", "merge-base", a, b], cwd=self.top, capture_output=True, env=_environment(), check=False
        )
        if done.returncode == 1 and not done.stderr.strip():
            return None
        if done.returncode != 0:
            raise GitError(f"git merge-base failed: {_first_line(done.stderr)}")
        return done.stdout.decode().strip()

    def is_ancestor(self, a: str, b: str) -> bool:
        return a == b or self.merge_base(a, b) == a  # a commit is its own ancestor

    def default_base(self, head: str | None) -> Revision:
        """The merge-base of the head (or HEAD) with origin/main, else main."""
        for branch in DEFAULT_BRANCHES:
            tip = self.try_resolve(branch)
            if tip is None:
                continue
            other = head or self.try_resolve("HEAD")
            if other is None:
                raise GitError("the repository has no commit yet; pass --base REV")
            found = self.merge_base(tip, other)
            if found is None:
                raise GitError(
                    f"'{branch}' and the head share no history (a shallow clone? "
                    "fetch with full history, or pass --base REV)"
                )
            return Revision(f"merge-base with {branch}", found)
        raise GitError("no default branch to compare with (neither origin/main nor main); pass --base REV")

    def changed(self, base: str, head: str | None, root: str) -> list[Changed]:
        """Files under `root` that differ from `base` to `head` (None: the working tree,
        untracked files included), renames detected."""
        args = ["diff", "--name-status", "-z", "-M", "--no-color", "--no-ext-diff", "--no-textconv", base]
        if head is not None:
            args.append(head)
        out = self.git(*args, "--", root)
        found = _parse_name_status(out)
        if head is None:
            extra = self.git("ls-files", "-z", "--others", "--exclude-standard", "--", root)
            found += [Changed("added", p) for p in _split_z(extra)]
        return sorted(found, key=lambda c: (c.path, c.old_path))

    def entries(self, rev: str, folder: str) -> list[TreeEntry]:
        """Every entry directly in `folder` at `rev` (files, links, sub-trees, submodules);
        [] when `folder` is not a folder there."""
        if folder.strip("/") in ("", "."):
            return [_tree_entry(item) for item in _split_z(self.git("ls-tree", "-z", "--long", rev))]
        # One git call: `folder/` lists nothing where `folder` is a file, a link or missing,
        # and a submodule's own entry, which is not inside it.
        inside = folder.strip("/") + "/"
        out = self.git("ls-tree", "-z", "--long", rev, "--", inside)
        return [e for e in map(_tree_entry, _split_z(out)) if e.path.startswith(inside)]

    def entry(self, rev: str, path: str) -> TreeEntry | None:
        """The tree entry at `path` at `rev`, or None when there is none."""
        out = self.git("ls-tree", "-z", "--long", rev, "--", path.rstrip("/"))
        found = [_tree_entry(item) for item in _split_z(out)]
        return next((e for e in found if e.path == path.rstrip("/")), None)

    def is_folder(self, rev: str | None, path: str) -> bool:
        """Whether `path` is a folder at `rev` (None: in the working tree)."""
        if rev is None:
            return (self.top / path).is_dir()
        if path in ("", "."):
            return True
        done = subprocess.run(
            ["git", "cat-file", "-t", f"{rev}:{path}"],
            cwd=self.top,
            capture_output=True,
            env=_environment(),
            check=False,
        )
        return done.returncode == 0 and done.stdout.strip() == b"tree"

    def blobs(self, oids: list[str]) -> dict[str, bytes]:
        """The contents of the given blobs, read in one `git cat-file --batch` call."""
        if not oids:
            return {}
        wanted = list(dict.fromkeys(oids))
        out = self.git("cat-file", "--batch", stdin="".join(f"{o}\n" for o in wanted).encode())
        found: dict[str, bytes] = {}
        at = 0
        for oid in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].decode().split(" ")
            at = end + 1
            if len(header) != 3:
                raise GitError(f"git cat-file: object {oid} is missing")
            size = int(header[2])
            found[oid] = out[at : at + size]
            at += size + 1
        return found


def _tree_entry(item: str) -> TreeEntry:
    meta, _, path = item.partition("\t")
    mode, kind, oid, size = meta.split()
    return TreeEntry(path, mode, kind, oid, int(size) if size.isdigit() else 0)


def _split_z(out: bytes) -> list[str]:
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def _parse_name_status(out: bytes) -> list[Changed]:
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    found = []
    i = 0
    while i < len(fields) and fields[i]:
        code = fields[i][0]
        status = _STATUS.get(code, "modified")
        if code in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            found.append(Changed("renamed", new, old) if code == "R" else Changed(status, new))
        else:
            found.append(Changed(status, fields[i + 1]))
            i += 2
    return found


def relative_root(top: Path, root: str) -> str:
    """The positions root as a POSIX path relative to the top of the repository."""
    path = Path(root)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(top.resolve())
        except ValueError:
            raise UsageError(f"positions root '{root}' is outside the repository at '{top}'") from None
    parts = [p for p in PurePosixPath(path.as_posix()).parts if p != "."]
    if ".." in parts:
        raise UsageError(f"positions root '{root}' must be a folder inside the repository")
    return "/".join(parts) or "."
