"""The layered layout behind the SVG picture of a tree (graph_svg), Sugiyama style.

* Loops: a depth-first walk from the start node (answers in order) finds the
  edges that close a cycle; only those are drawn back up, round the side.
* Layers: every other edge goes down; a node sits one layer below the lowest
  node that leads to it (longest path from the start).
* Order within a layer: sweeps down and up, each box placed at the median
  position of its neighbours in the layer just swept, then swaps of
  neighbours while they remove crossings; the order with the fewest
  crossings wins (ties: the earliest, so YAML order breaks ties).

Written here rather than taken from grandalf (the Sugiyama layout on PyPI:
alpha, last release 2023, GPL/EPL, an extra dependency, and it changes the
interpreter's recursion limit): our labels have rows of their own and loops go
round the side, which this short code does directly (boxes: `graph_svg`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import pairwise
from typing import TypeVar

__all__ = ["cycle_edges", "layers", "order_rows", "row_crossings"]

N = TypeVar("N", bound=Hashable)
SWEEPS = 8
TRANSPOSE_PASSES = 6  # after each sweep, at most this many passes of swaps


def cycle_edges(start: N, nodes: Sequence[N], out: dict[N, list[N]]) -> set[tuple[N, int]]:
    """The edges ``(source, index in out[source])`` that close a cycle, found by a
    depth-first walk from ``start`` (then from nodes it does not reach, in order)."""
    on_path: set[N] = set()
    seen: set[N] = set()
    closing: set[tuple[N, int]] = set()
    for seed in (start, *nodes):
        if seed in seen:
            continue
        seen.add(seed)
        on_path.add(seed)
        stack: list[tuple[N, int]] = [(seed, 0)]
        while stack:
            node, index = stack[-1]
            following = out.get(node, [])
            if index == len(following):
                stack.pop()
                on_path.discard(node)
                continue
            stack[-1] = (node, index + 1)
            nxt = following[index]
            if nxt in on_path:
                closing.add((node, index))
            elif nxt not in seen:
                seen.add(nxt)
                on_path.add(nxt)
                stack.append((nxt, 0))
    return closing


def layers(nodes: Sequence[N], down: dict[N, list[N]]) -> dict[N, int]:
    """Longest-path layering of an acyclic graph: 0 for a node nothing leads
    to, otherwise one more than the deepest node leading to it."""
    waiting = {node: 0 for node in nodes}
    for node in nodes:
        for nxt in down.get(node, []):
            waiting[nxt] += 1
    depth = {node: 0 for node in nodes}
    ready = [node for node in nodes if waiting[node] == 0]
    while ready:
        node = ready.pop()
        for nxt in down.get(node, []):
            depth[nxt] = max(depth[nxt], depth[node] + 1)
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    if any(waiting.values()):
        raise ValueError("layers() needs an acyclic graph")
    return depth


def row_crossings(upper: Sequence[N], lower: Sequence[N], down: dict[N, list[N]]) -> int:
    """Crossings between two adjacent layers: pairs of edges whose ends come
    in opposite orders (counted in E log E with a Fenwick tree)."""
    where = {node: i for i, node in enumerate(lower)}
    ends = sorted((i, where[nxt]) for i, node in enumerate(upper) for nxt in down.get(node, []) if nxt in where)
    tree = [0] * (len(lower) + 1)
    crossings = 0
    for count, (_, b) in enumerate(ends):
        k, at_most_b = b + 1, 0  # edges so far ending at b or before
        while k > 0:
            at_most_b += tree[k]
            k -= k & -k
        crossings += count - at_most_b
        k = b + 1
        while k <= len(lower):
            tree[k] += 1
            k += k & -k
    return crossings


def _total(rows: list[list[N]], down: dict[N, list[N]]) -> int:
    return sum(row_crossings(a, b, down) for a, b in pairwise(rows))


def _median(values: list[int]) -> float:
    values = sorted(values)
    middle = len(values) // 2
    return float(values[middle]) if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _sort_by(row: list[N], neighbours: dict[N, list[N]], fixed: Sequence[N]) -> list[N]:
    """``row`` sorted by the median position of each box's neighbours in
    ``fixed``; a box without any keeps its place."""
    where = {node: i for i, node in enumerate(fixed)}
    keys: list[float] = []
    for i, node in enumerate(row):
        seen = [where[n] for n in neighbours.get(node, []) if n in where]
        # One scale for both: median m of len(fixed) against place i of len(row).
        keys.append(_median(seen) * len(row) if seen else float(i * len(fixed)))
    order = sorted(range(len(row)), key=lambda i: (keys[i], i))
    return [row[i] for i in order]


def _pair(u: list[list[int]], v: list[list[int]]) -> int:
    """Crossings between the edges of two neighbours when ``u`` comes first:
    their ends in the layer above (index 0) and below (index 1)."""
    return sum(1 for side in (0, 1) for a in u[side] for b in v[side] if a > b)


def _transpose(rows: list[list[N]], down: dict[N, list[N]], up: dict[N, list[N]]) -> None:
    """Swap neighbours in a layer while that removes crossings with the layers around it."""
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for r, row in enumerate(rows):
            above = {n: i for i, n in enumerate(rows[r - 1])} if r > 0 else {}
            below = {n: i for i, n in enumerate(rows[r + 1])} if r + 1 < len(rows) else {}
            ends = [[[above[n] for n in up.get(node, []) if n in above],
                     [below[n] for n in down.get(node, []) if n in below]] for node in row]
            for i in range(len(row) - 1):
                if _pair(ends[i + 1], ends[i]) < _pair(ends[i], ends[i + 1]):
                    row[i], row[i + 1] = row[i + 1], row[i]
                    ends[i], ends[i + 1] = ends[i + 1], ends[i]
                    improved = True
        if not improved:
            return


def order_rows(rows: list[list[N]], down: dict[N, list[N]]) -> list[list[N]]:
    """An order of each layer with few crossings (edges only join adjacent layers)."""
    up: dict[N, list[N]] = {}
    for node, following in down.items():
        for nxt in following:
            up.setdefault(nxt, []).append(node)
    current = [list(row) for row in rows]
    best, fewest = [list(row) for row in current], _total(current, down)
    for sweep in range(SWEEPS):
        if fewest == 0:
            break
        if sweep % 2 == 0:
            for r in range(1, len(current)):
                current[r] = _sort_by(current[r], up, current[r - 1])
        else:
            for r in range(len(current) - 2, -1, -1):
                current[r] = _sort_by(current[r], down, current[r + 1])
        _transpose(current, down, up)
        count = _total(current, down)
        if count < fewest:
            best, fewest = [list(row) for row in current], count
    return best
