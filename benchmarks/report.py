"""Time of ``python -m kb_tools report``'s longest path on generated trees:
long chains, a 34-node tree whose questions all lead back (the shape that took
39 s when every path was tried), and a wide branching tree.

    .venv/bin/python -m benchmarks.report
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.common import Figure, command, median, table
from kb_tools.model import KnowledgeBase, Tree, normalise_node
from kb_tools.report import longest_path

RUNS = 3


def _question(*targets: str) -> dict[str, Any]:
    return {"type": "question", "text": "?", "answers": [{"label": t, "next": t} for t in targets]}


def _tree(tree_id: str, nodes: dict[str, dict[str, Any]], start: str) -> Tree:
    nodes["fin"] = {"type": "outcome", "title": "Fin", "channel": "faq", "text": "Fin."}
    return {"id": tree_id, "start": start, "nodes": {nid: normalise_node(tree_id, nid, n) for nid, n in nodes.items()}}


def chain(length: int) -> Tree:
    """q0 → q1 → … → fin: one long line of questions."""
    nodes = {f"q{i}": _question(f"q{i + 1}" if i + 1 < length else "fin") for i in range(length)}
    return _tree(f"chaine-{length}", nodes, "q0")


def loops(size: int = 34) -> Tree:
    """Every question goes on, back to every question before it, or ends."""
    count = size - 1
    nodes = {f"q{i}": _question(f"q{i + 1}" if i + 1 < count else "fin", *(f"q{j}" for j in range(i)), "fin")
             for i in range(count)}
    return _tree(f"boucles-{size}", nodes, "q0")


def wide(depth: int, fan: int) -> Tree:
    """A full tree: each question has ``fan`` answers, ``depth`` levels deep."""
    nodes: dict[str, dict[str, Any]] = {}
    level = ["r"]
    for d in range(depth):
        below = [f"{name}-{i}" for name in level for i in range(fan)] if d + 1 < depth else []
        for k, name in enumerate(level):
            nodes[name] = _question(*(below[k * fan:(k + 1) * fan] or ["fin"] * fan))
        level = below
    return _tree(f"large-{depth}x{fan}", nodes, "r")


def timed(tree: Tree) -> tuple[float, int | None]:
    kb = KnowledgeBase(trees={tree["id"]: tree})
    times, clicks = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        clicks, _ = longest_path(kb, tree)
        times.append(time.perf_counter() - started)
    return median(times), clicks


def main() -> list[Figure]:
    rows = [["tree", "nodes", "answers", "longest path (clicks)", "time (ms)"]]
    slowest = ("", 0.0)
    for tree in (chain(1000), chain(10_000), loops(34), wide(6, 4)):
        seconds, clicks = timed(tree)
        answers = sum(len(n.get("answers", ())) for n in tree["nodes"].values())
        rows.append([tree["id"], str(len(tree["nodes"])), str(answers), str(clicks), f"{seconds * 1000:.1f}"])
        slowest = max(slowest, (tree["id"], seconds), key=lambda pair: pair[1])
    print("report: longest path per tree (median of 3 runs)")
    print(table(rows))
    return [Figure(f"report: longest path, slowest of {len(rows) - 1} generated trees ({slowest[0]})",
                   f"{slowest[1] * 1000:.1f} ms (median of {RUNS})", "", None, command("report"))]


if __name__ == "__main__":
    main()
