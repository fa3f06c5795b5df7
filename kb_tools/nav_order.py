"""Where a tree's page goes in the site menu when ``mkdocs.yml`` does not list it.

A new tree needs no ``nav:`` edit: its page joins the menu section that
already holds tree pages, right after the last page of that section whose
tree has the same category (so a new « Paiements » tree sits with the other
payment guides), or at the end of the section when none has. Trees placed at
the same spot follow category then title, accents and case aside. A tree the
editor lists in ``nav:`` keeps the editor's place; once the menu is filed by
category (``MAX_FLAT``), in its category (``menu_categories``).

The MkDocs side (kb_tools/plugin/pages.py) applies this order; nothing here
knows MkDocs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .search_index import fold
from .text import ident, plain, yaml_string

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


#: Above this many tree pages that ``nav:`` does not list, they are filed by
#: category: one sub-section per category, headed by a generated page listing
#: its guides (``CATEGORY_DIR/<category>/``). With Material's ``navigation.prune``
#: each page then carries the categories and its own category's guides, not
#: every guide of the site (a page's menu, and its build time, stay small).
MAX_FLAT = 30
#: Where the category pages go, under docs/ (as generated pages).
CATEGORY_DIR = "rubriques"


def category_slug(category: str) -> str:
    """The category's address: ``Sécurité du compte`` -> ``securite-du-compte``."""
    return fold(category).replace(" ", "-") or "rubrique"


def by_category(tree_ids: Iterable[str], trees: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, list[str]]]:
    """``(slug, title, tree ids)`` per category, by category then title as in the
    menu; the title is the category as written in its first tree."""
    groups: dict[str, list[str]] = defaultdict(list)
    for tree_id in sorted(tree_ids, key=lambda t: (_category(trees[t]), fold(str(trees[t].get("title", ""))), t)):
        groups[category_slug(str(trees[tree_id].get("category", "")))].append(tree_id)
    return [(slug, str(trees[ids[0]].get("category", "")), ids) for slug, ids in groups.items()]


def menu_categories(listed: Sequence[str], unlisted: Iterable[str],
                    trees: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, list[str]]]:
    """The categories of a big menu, as ``by_category`` gives them, ordered for
    the editor: ``listed`` are the guides ``nav:`` lists in the guides' section,
    in its order. Each category holds its listed guides first (in ``nav:``'s
    order), then the others by title; the categories come in the order ``nav:``
    first names one of their guides, then the others by name."""
    listed = [t for t in dict.fromkeys(listed) if t in trees]
    groups = {slug: (title, ids) for slug, title, ids in by_category([*listed, *unlisted], trees)}
    first = list(dict.fromkeys(category_slug(str(trees[t].get("category", ""))) for t in listed))
    order = [*first, *(slug for slug in groups if slug not in first)]
    known = set(listed)
    return [(slug, groups[slug][0], [*(t for t in listed if t in groups[slug][1]),
                                     *(t for t in groups[slug][1] if t not in known)]) for slug in order]


def category_markdown(title: str, tree_ids: Sequence[str], trees: Mapping[str, Mapping[str, Any]],
                      pages_dir: str = "parcours") -> str:
    """The page of a category (``CATEGORY_DIR/<slug>/index.md``): a card per guide, as on the home page."""
    count = len(tree_ids)
    summary = f"{count} parcours guidé{'s' if count > 1 else ''} de la rubrique « {title} »."
    cards = [f"-   **[{plain(trees[t].get('title', t))}](../../{pages_dir}/{ident(t)}.md)**\n\n"
             f"    {plain(trees[t].get('description', ''))}\n" for t in tree_ids]
    # a page to find guides, not a guide: out of the search (Material's search plugin), where it would come
    # before its guides (each one's title and description, and their synonyms)
    return (f"---\ndescription: {yaml_string(summary)}\nhide: [feedback]\nsearch:\n  exclude: true\n---\n\n# {plain(title)}\n\n"
            f"{plain(summary)}\n\n" + '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n")
