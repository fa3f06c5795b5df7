"""Where a tree's page goes in the site menu when ``mkdocs.yml`` does not list it.

A new tree needs no ``nav:`` edit: its page joins the menu section that
already holds tree pages, right after the last page of that section whose
tree has the same category (so a new « Paiements » tree sits with the other
payment guides), or at the end of the section when none has. Trees placed at
the same spot follow category then title, accents and case aside. A tree the
editor lists in ``nav:`` keeps the editor's place.

The MkDocs side (kb_tools/plugin/pages.py) applies this order; nothing here
knows MkDocs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .search_index import fold

#: The section made for tree pages when the menu has none.
SECTION_TITLE = "Parcours guidés"


def _category(tree: Mapping[str, Any]) -> str:
    return fold(str(tree.get("category", "")))


def section_order(children: Sequence[str | None], new: Iterable[str],
                  trees: Mapping[str, Mapping[str, Any]]) -> list[int | str]:
    """The section's new order: ``children`` are its items (a tree id, or None
    for anything else), kept as their index; ``new`` trees are inserted as
    their id."""
    anchors: dict[str, int] = {}
    for index, tree_id in enumerate(children):
        if tree_id is not None and tree_id in trees:
            anchors[_category(trees[tree_id])] = index
    after: dict[int, list[str]] = defaultdict(list)
    for tree_id in sorted(new, key=lambda t: (_category(trees[t]), fold(str(trees[t].get("title", ""))), t)):
        after[anchors.get(_category(trees[tree_id]), len(children) - 1)].append(tree_id)
    order: list[int | str] = list(after.get(-1, []))
    for index in range(len(children)):
        order.append(index)
        order += after.get(index, [])
    return order
