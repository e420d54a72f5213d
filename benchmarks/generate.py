"""Generate a deterministic synthetic positions corpus for benchmarks.

    python benchmarks/generate.py OUT --negotiations 20 --snapshots 500 --seed 1
    python benchmarks/generate.py OUT --small      # snapshots the size of the bundled ones

writes OUT/<negotiation>/negotiation.yaml and OUT/<negotiation>/<date>-<slug>.yaml files
with realistic text lengths (about 9 KB and 20 positions per snapshot by default; with
`--small`, about 2 KB and 3 positions, as the bundled dataset's, so that a file's fixed
costs show), where most reports restate a party's position and a few (`--move`, 5%) move
it one step. Every red line is quoted (`supports: red_line`), so that the corpus validates
without a warning, as a curated archive does. The same seed and sizes give byte-identical
files. The output is valid redline data.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

WORDS = (  # noqa: SIM905 (one string reads better than 53 quoted words)
    "security guarantees alliance enlargement forces border exercises missiles transparency "
    "proposal dialogue reciprocal limits verification consultations treaty commitment "
    "partners sovereignty deployment withdrawal talks negotiation delegation statement "
    "demand concession principle framework agreement sanctions pressure response written "
    "the a of to and in on for with that this will not we they our their must should"
).split()


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize() + "."


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def negotiation_yaml(nid: str, parties: int, issues: int, points: int) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schemas/negotiation.schema.json",
        f"id: {nid}",
        f"title: Synthetic negotiation {nid}",
        "parties:",
    ]
    for p in range(parties):
        lines += [f"  - id: party-{p}", f"    name: Party {p}", f"    side: side-{p % 2}"]
    lines.append("issues:")
    for i in range(issues):
        lines += [f"  - id: issue-{i}", f"    title: Issue {i}", "    scale:"]
        for s in range(points):
            lines += [f"      - id: point-{s}", f"        label: Point {s}"]
    return "\n".join(lines) + "\n"


Held = tuple[int, int | None, int]  # stance, red line, the side of the red line the stance stood on


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


def _within(stance: int, red_line: int | None, side: int) -> bool:
    """Whether a party may move to `stance` without crossing its own red line (`side`: where
    its stance stood from the red line when it was drawn; at it, the stance stays): as in a
    curated archive, where a red line given up is withdrawn or redrawn, never just crossed."""
    return red_line is None or (side != 0 and _sign(stance - red_line) != -side)


def snapshot_yaml(
    rng: random.Random,
    day: date,
    parties: int,
    issues: int,
    points: int,
    per_snapshot: int,
    held: dict[tuple[int, int], Held] | None = None,
    move: float = 1.0,
    quotes: random.Random | None = None,
) -> str:
    """One snapshot. With `held` (the stances so far), a position moves one step with
    probability `move` and is otherwise restated, as in real archives. A position with a
    red line quotes it too (`supports: red_line`), as a curated archive does; its words
    come from `quotes` (default `rng`), so that a separate generator leaves the rest of
    the corpus as it was."""
    lines = [
        "# yaml-language-server: $schema=../../schemas/snapshot.schema.json",
        f"date: {day.isoformat()}",
        "source:",
        f"  title: {quoted(sentence(rng, 6, 12))}",
        "  outlet: Synthetic Wire",
        f"  url: https://example.org/{day.isoformat()}/{rng.randrange(10**6)}",
        "  kind: news",
        "positions:",
    ]
    pairs = [(p, i) for p in range(parties) for i in range(issues)]
    for p, i in rng.sample(pairs, min(per_snapshot, len(pairs))):
        if held is None:
            stance, red_line = rng.randrange(points), (rng.randrange(points) if rng.random() < 0.4 else None)
        else:
            if (p, i) not in held:
                first = rng.randrange(points)
                red = rng.randrange(points) if rng.random() < 0.4 else None
                held[(p, i)] = (first, red, 0 if red is None else _sign(first - red))
            stance, red_line, side = held[(p, i)]
            if rng.random() < move:
                step = min(points - 1, max(0, stance + rng.choice((-1, 1))))
                if _within(step, red_line, side):
                    stance = step
                    held[(p, i)] = (stance, red_line, side)
        lines += [f"  - party: party-{p}", f"    issue: issue-{i}", f"    stance: point-{stance}"]
        if red_line is not None:
            lines.append(f"    red_line: point-{red_line}")
        lines.append(f"    summary: {quoted(sentence(rng, 12, 24))}")
        lines.append("    quotes:")
        lines += [
            f"      - speaker: Speaker {rng.randrange(50)}",
            f"        text: {quoted(sentence(rng, 15, 30))}",
        ]
        if red_line is not None:
            words = quotes or rng
            lines += [
                f"      - speaker: Speaker {words.randrange(50)}",
                f"        text: {quoted(sentence(words, 10, 20))}",
                "        supports: red_line",
            ]
    return "\n".join(lines) + "\n"


SMALL = {"parties": 3, "issues": 5, "points": 4, "per_snapshot": 3}  # the bundled dataset's shape


def generate(
    out: Path,
    negotiations: int,
    snapshots: int,
    parties: int,
    issues: int,
    points: int,
    per_snapshot: int,
    seed: int,
    move: float = 0.05,
) -> int:
    """Write the corpus; returns the number of snapshots written."""
    rng = random.Random(seed)
    quotes = random.Random(f"{seed} red lines")  # str seeds are hashed with SHA-512: stable
    count = 0
    for n in range(negotiations):
        nid = f"neg-{n:03d}"
        folder = out / nid
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "negotiation.yaml").write_text(
            negotiation_yaml(nid, parties, issues, points), encoding="utf-8"
        )
        start = date(2020, 1, 1)
        held: dict[tuple[int, int], Held] = {}
        for s in range(snapshots):
            day = start + timedelta(days=s)
            text = snapshot_yaml(rng, day, parties, issues, points, per_snapshot, held, move, quotes)
            (folder / f"{day.isoformat()}-source-{s:05d}.yaml").write_text(text, encoding="utf-8")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--negotiations", type=int, default=20)
    parser.add_argument("--snapshots", type=int, default=500, help="per negotiation")
    parser.add_argument("--parties", type=int, default=4)
    parser.add_argument("--issues", type=int, default=6)
    parser.add_argument("--points", type=int, default=5)
    parser.add_argument("--positions", type=int, default=20, help="per snapshot")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--move", type=float, default=0.05, help="chance that a reported position moved since its last report"
    )
    parser.add_argument(
        "--small", action="store_true", help="bundled-size snapshots: 3 parties, 5 issues, 3 positions each"
    )
    args = parser.parse_args()
    if args.small:
        args.parties, args.issues, args.points = SMALL["parties"], SMALL["issues"], SMALL["points"]
        args.positions = SMALL["per_snapshot"]
    n = generate(
        args.out,
        args.negotiations,
        args.snapshots,
        args.parties,
        args.issues,
        args.points,
        args.positions,
        args.seed,
        args.move,
    )
    print(f"wrote {n} snapshots under {args.out}")


if __name__ == "__main__":
    main()
