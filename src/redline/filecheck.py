"""Checking one file's bytes: parsed as YAML, checked against its schema, then against
the rules (a snapshot against its negotiation). Many files are checked on every core.

Every reader comes here through `repository.load`; nothing in this module reads a file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .loading import Document, LoadError, parse_yaml, read_text
from .model import Negotiation, Snapshot
from .problems import Problem
from .references import reference_problems
from .schema import schema_problems
from .validation import check_negotiation, check_snapshot

if TYPE_CHECKING:
    from concurrent.futures import Executor


def parse_document(raw: bytes, shown: str) -> Document | Problem:
    """The parsed YAML of a file's bytes, or the problem that stopped it."""
    try:
        return parse_yaml(read_text(raw, shown), shown)
    except LoadError as exc:
        return exc.problem


def check_negotiation_bytes(
    raw: bytes, shown: str, folder_name: str
) -> tuple[Negotiation | None, list[Problem]]:
    """Parse and check a negotiation.yaml's bytes; its id must be `folder_name`."""
    doc = parse_document(raw, shown)
    if isinstance(doc, Problem):
        return None, [doc]
    problems = schema_problems(doc, "negotiation")
    if problems:
        return None, doc.warnings + problems
    negotiation, found = check_negotiation(doc, folder_name)
    return negotiation, doc.warnings + found


def check_snapshot_document(
    raw: bytes, shown: str, negotiation: Negotiation | None
) -> tuple[Document | None, Snapshot | None, list[Problem]]:
    """Parse and check a snapshot's bytes (schema only, without a negotiation); the parsed
    document comes back too, for callers that point at lines the model does not keep."""
    doc = parse_document(raw, shown)
    if isinstance(doc, Problem):
        return None, None, [doc]
    problems = schema_problems(doc, "snapshot")
    if problems or negotiation is None:
        return doc, None, doc.warnings + sorted([*problems, *reference_problems(doc, negotiation)])
    snapshot, found = check_snapshot(doc, negotiation)
    return doc, snapshot, doc.warnings + found


def check_snapshot_bytes(
    raw: bytes, shown: str, negotiation: Negotiation | None
) -> tuple[Snapshot | None, list[Problem]]:
    """Parse and check one snapshot file's bytes (schema only, without a negotiation)."""
    _, snapshot, problems = check_snapshot_document(raw, shown, negotiation)
    return snapshot, problems


# Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 400


def worker_count() -> int:
    """How many processes may check files at once: one per core (at most 8) on Linux.

    Workers are forked, so that they start at once with everything imported and nothing
    re-imports the caller's __main__ (a script using redline needs no `if __name__`
    guard). Elsewhere (macOS, Windows) fork is unsafe or missing: files are checked in
    this process.
    """
    if sys.platform != "linux":
        return 1
    return min(os.cpu_count() or 1, 8)


@contextmanager
def worker_pool(workers: int) -> Iterator[Executor]:
    """A pool of `workers` forked processes (see `worker_count`).

    Each worker first freezes what it inherited (`gc.freeze`): the garbage collector then
    never walks the modules and objects of this process again, which costs up to a fifth
    of the time of checking large files, and leaves their pages shared.
    """
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=gc.freeze) as pool:
        yield pool


def check_chunk(
    negotiation: Negotiation | None, chunk: list[tuple[bytes, str]]
) -> list[tuple[Snapshot | None, list[Problem]]]:
    return [check_snapshot_bytes(raw, shown, negotiation) for raw, shown in chunk]


def check_many(
    negotiation: Negotiation | None, todo: list[tuple[bytes, str]], parallel: bool = True
) -> list[tuple[Snapshot | None, list[Problem]]]:
    """Check files, on every core when there are enough of them to be worth it."""
    workers = worker_count()
    if len(todo) < PARALLEL_THRESHOLD or workers < 2 or not parallel:
        return check_chunk(negotiation, todo)
    size = max(50, len(todo) // (workers * 4))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    with worker_pool(workers) as pool:
        results = pool.map(check_chunk, [negotiation] * len(chunks), chunks)
        return [item for chunk in results for item in chunk]
