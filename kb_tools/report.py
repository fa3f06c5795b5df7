"""Figures about each tree for editors (``python -m kb_tools report``).

For each tree: its number of nodes, the longest path in clicks from the
start to an outcome, and its outcomes per channel.  A click is one answer
(or « Résolu » / « Toujours bloqué » on a checklist); handing over to another
tree counts as one click and ends the path, since that tree has its own line.
A path never takes an answer that loops back to a node already on its way, and
the figures take one pass over nodes and answers, whatever the tree's size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .graph import targets
from .model import KnowledgeBase, Target, Tree, anchor


@dataclass(frozen=True)
class TreeFigures:
    tree_id: str
    nodes: int
    #: Clicks on the longest path from the start to an outcome (None: no such path).
    clicks: int | None
    #: That path: where each click leads, the last one into another tree when it ends by handing over.
    path: tuple[Target, ...]
    outcomes: dict[str, int]
    warnings: int = 0


def _local_graph(kb: KnowledgeBase, tree: Tree) -> dict[str, list[Target]]:
    return {node_id: [where for _, where in targets(kb, tree, node)] for node_id, node in tree["nodes"].items()}


def _forward_order(graph: dict[str, list[Target]], tree_id: str, start: str) -> tuple[list[str], set[tuple[str, int]]]:
    """Depth first from ``start`` in answer order, without recursion: the nodes
    reached, each after every node it leads to, and the answers that go back
    to a node already on the way (the loops)."""
    on_way = {start}
    done: set[str] = set()
    order: list[str] = []
    back: set[tuple[str, int]] = set()
    stack = [(start, 0)]
    while stack:
        node, index = stack[-1]
        if index == len(graph[node]):
            stack.pop()
            on_way.discard(node)
            done.add(node)
            order.append(node)
            continue
        stack[-1] = (node, index + 1)
        where = graph[node][index]
        nxt = where["node"]
        if where["tree"] != tree_id or nxt in done:
            continue
        if nxt in on_way:
            back.add((node, index))
        else:
            on_way.add(nxt)
            stack.append((nxt, 0))
    return order, back


def longest_path(kb: KnowledgeBase, tree: Tree) -> tuple[int | None, tuple[Target, ...]]:
    """Clicks on the longest path from the start to an outcome, and that path.

    The longest path that never visits a node twice is, in general, a search
    over every path (39 s on a 34-node tree with loops).  Here a path never
    takes an answer that goes back to a node already on its way from the start
    (a loop: « Retour », « Je réessaie »); what remains has no loop and its
    longest path takes one pass over nodes and answers.  Without loops this is
    the exact longest path.  On a tie the first path in answer order wins.
    """
    nodes = tree["nodes"]
    graph = _local_graph(kb, tree)
    start = tree["start"]
    if start not in nodes:
        return None, ()
    order, back = _forward_order(graph, tree["id"], start)
    # best[node]: clicks from node to an outcome, and the next step on that way
    best: dict[str, tuple[int, Target | None]] = {}
    for node_id in order:  # every node after the nodes it leads to
        if nodes[node_id]["type"] == "outcome":
            best[node_id] = (0, None)
            continue
        found: tuple[int, Target | None] | None = None
        for index, nxt in enumerate(graph[node_id]):
            if (node_id, index) in back:
                continue
            if nxt["tree"] != tree["id"]:
                clicks = 1  # handing over ends the path: that tree has its own line
            elif nxt["node"] in best:
                clicks = best[nxt["node"]][0] + 1
            else:
                continue  # no way to an outcome from there
            if found is None or clicks > found[0]:
                found = clicks, nxt
        if found is not None:
            best[node_id] = found
    if start not in best:
        return None, ()
    path = [Target(tree=tree["id"], node=start, anchor=anchor(tree["id"], start))]
    step = best[start][1]
    while step is not None:
        path.append(step)
        step = None if step["tree"] != tree["id"] else best[step["node"]][1]
    return best[start][0], tuple(path)


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
            steps = " → ".join(p["node"] if p["tree"] == row.tree_id else f"parcours {p['tree']}" for p in row.path)
            out.append(f"  {row.tree_id} ({row.clicks} clic{'s' if row.clicks > 1 else ''}) : {steps}")
    return "\n".join(out) + "\n"
