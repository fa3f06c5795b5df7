"""Figures about each tree for editors (``python -m kb_tools report``).

For each tree: its number of nodes, the longest path in clicks from the
start to an outcome, and its outcomes per channel.  A click is one answer
(or « Résolu » / « Toujours bloqué » on a checklist); handing over to another
tree counts as one click and ends the path, since that tree has its own line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from .graph import targets
from .model import KnowledgeBase, Tree


@dataclass(frozen=True)
class TreeFigures:
    tree_id: str
    nodes: int
    #: Clicks on the longest path from the start to an outcome (None: no such path).
    clicks: int | None
    #: That path: node ids, then ``tree:ID`` when it ends by handing over.
    path: tuple[str, ...]
    outcomes: dict[str, int]
    warnings: int = 0


def _local_graph(kb: KnowledgeBase, tree: Tree) -> dict[str, list[str]]:
    return {node_id: [target for _, target in targets(kb, tree, node)] for node_id, node in tree["nodes"].items()}


def _has_cycle(graph: dict[str, list[str]]) -> bool:
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in graph.get(node, []):
            if nxt in graph and (state.get(nxt) == 1 or (nxt not in state and visit(nxt))):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in graph)


def longest_path(kb: KnowledgeBase, tree: Tree) -> tuple[int | None, tuple[str, ...]]:
    """Clicks on the longest path from the start to an outcome, and that path.

    Paths never visit a node twice.  Without loops this is a linear walk;
    with loops (allowed when they have an exit), every simple path is tried,
    which stays small at the size of a help-centre tree.  On a tie the first
    path in answer order wins.
    """
    nodes = tree["nodes"]
    graph = _local_graph(kb, tree)
    start = tree["start"]
    if start not in nodes:
        return None, ()

    def ends(node_id: str) -> bool:
        return bool(nodes[node_id]["type"] == "outcome")

    if not _has_cycle(graph):

        @cache
        def best(node_id: str) -> tuple[int, tuple[str, ...]] | None:
            if ends(node_id):
                return 0, (node_id,)
            found: tuple[int, tuple[str, ...]] | None = None
            for nxt in graph[node_id]:
                tail = (1, (nxt,)) if nxt.startswith("tree:") else best(nxt)
                if tail is None:
                    continue
                clicks = tail[0] + (0 if nxt.startswith("tree:") else 1)
                if found is None or clicks > found[0]:
                    found = clicks, (node_id, *tail[1])
            return found

        result = best(start)
        return (result[0], result[1]) if result else (None, ())

    found: tuple[int, tuple[str, ...]] | None = None

    def walk(path: tuple[str, ...]) -> None:
        nonlocal found
        here = path[-1]
        if here.startswith("tree:") or ends(here):
            clicks = len(path) - 1
            if found is None or clicks > found[0]:
                found = clicks, path
            return
        for nxt in graph[here]:
            if nxt not in path:
                walk((*path, nxt))

    walk((start,))
    return (found[0], found[1]) if found else (None, ())


def tree_figures(kb: KnowledgeBase, tree: Tree, warnings: int = 0) -> TreeFigures:
    clicks, path = longest_path(kb, tree)
    outcomes = Counter(str(n["channel"]) for n in tree["nodes"].values() if n["type"] == "outcome")
    return TreeFigures(tree["id"], len(tree["nodes"]), clicks, path, dict(sorted(outcomes.items())), warnings)


def format_table(rows: list[TreeFigures]) -> str:
    """A plain-text table in French, aligned for a terminal, then each longest path."""
    header = ("Parcours", "Nœuds", "Clics max", "Avertissements", "Issues par canal")
    body = [
        (
            row.tree_id,
            str(row.nodes),
            "—" if row.clicks is None else str(row.clicks),
            str(row.warnings),
            ", ".join(f"{channel} {count}" for channel, count in row.outcomes.items()) or "aucune",
        )
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *body]) for i in range(len(header))]
    numeric = (False, True, True, True, False)

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    out = [line(header), line(tuple("-" * w for w in widths)), *(line(cells) for cells in body)]
    total_nodes = sum(row.nodes for row in rows)
    total_warnings = sum(row.warnings for row in rows)
    out.append("")
    out.append(f"{len(rows)} parcours, {total_nodes} nœuds, {total_warnings} avertissement(s) de rédaction")
    if rows:
        out.append("")
        out.append("Chemin le plus long de chaque parcours :")
        for row in rows:
            if row.clicks is None:
                out.append(f"  {row.tree_id} : aucun chemin du début vers une issue")
                continue
            steps = " → ".join(f"parcours {p[5:]}" if p.startswith("tree:") else p for p in row.path)
            out.append(f"  {row.tree_id} ({row.clicks} clic{'s' if row.clicks > 1 else ''}) : {steps}")
    return "\n".join(out) + "\n"
