"""Time of ``python -m kb_tools graph TREE --format svg`` (the layout and the
SVG text) on every real tree and on generated ones, with the crossings of
arrows read back from the SVG.

    .venv/bin/python -m benchmarks.graph
"""

from __future__ import annotations

import time

from benchmarks import report as generated
from benchmarks.common import Figure, command, median, table
from kb_tools.graph_svg import to_svg
from kb_tools.model import KnowledgeBase, Tree
from kb_tools.project import load_project
from tests.conftest import ROOT
from tests.unit.test_graph_layout import crossings, read_picture

RUNS = 20


def timed(kb: KnowledgeBase, tree: Tree, runs: int) -> tuple[float, str]:
    times, svg = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        svg = to_svg(kb, tree)
        times.append(time.perf_counter() - started)
    return median(times), svg


def main() -> list[Figure]:
    kb, _ = load_project(ROOT / "trees")
    rows = [["tree", "nodes", "answers", "crossings", "time (ms)"]]
    cases = [(kb, tree, RUNS) for tree in kb.trees.values()]
    for tree in (generated.chain(500), generated.wide(4, 4)):
        tree["title"] = tree["id"]
        cases.append((KnowledgeBase(trees={tree["id"]: tree}), tree, 3))
    real: list[tuple[float, str, int]] = []
    for where, tree, runs in sorted(cases, key=lambda case: len(case[1]["nodes"])):
        seconds, svg = timed(where, tree, runs)
        answers = len(read_picture(svg).edges)
        crossed = crossings(read_picture(svg))
        rows.append([tree["id"], str(len(tree["nodes"])), str(answers), str(crossed), f"{seconds * 1000:.1f}"])
        if where is kb:
            real.append((seconds, tree["id"], crossed))
    print(f"graph: SVG picture per tree (median of {RUNS} runs, 3 for generated trees)")
    print(table(rows))
    seconds, slowest, _ = max(real)
    return [Figure(f"graph --format svg: slowest of the {len(real)} trees of this site ({slowest})",
                   f"{seconds * 1000:.1f} ms (median of {RUNS})", "", None, command("graph")),
            Figure("graph --format svg: arrows crossing, all trees of this site",
                   str(sum(c for _, _, c in real)), "", None, command("graph"))]


if __name__ == "__main__":
    main()
