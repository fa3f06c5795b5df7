"""Which nodes can still reach an outcome, across every tree.

A hand-over to another tree is not an exit by itself: tree A can pass the
player to B, and B back to A, with no outcome anywhere. So the question is
asked once for the whole knowledge base, on one graph of ``(tree, node)``
pairs, by a walk backwards from every outcome: linear in nodes and edges.
"""

from __future__ import annotations

from collections import deque

from .model import KnowledgeBase

NodeKey = tuple[str, str]


def reaching_exit(kb: KnowledgeBase) -> set[NodeKey]:
    """Every ``(tree, node)`` from which some path ends on an outcome.

    A reference that leads nowhere, or into a tree that could not be
    loaded, counts as an exit: it is reported on its own, and piling a
    « no exit » error on top of it would only add noise.
    """
    incoming: dict[NodeKey, list[NodeKey]] = {}
    found: set[NodeKey] = set()
    for tree_id, tree in kb.trees.items():
        for node_id, node in tree["nodes"].items():
            here = (tree_id, node_id)
            if node["type"] == "outcome":
                found.add(here)
            for answer in node["answers"]:
                where = kb.resolve(answer["next"], tree_id)
                if where is None:
                    found.add(here)
                else:
                    incoming.setdefault(where, []).append(here)
    todo = deque(found)
    while todo:
        for before in incoming.get(todo.popleft(), ()):
            if before not in found:
                found.add(before)
                todo.append(before)
    return found
