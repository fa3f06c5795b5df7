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

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .problems import Problem
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


#: Letters fold() would drop that French writes: spelled out in the address.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def category_slug(category: str) -> str:
    """The category's address: ``Sécurité du compte`` -> ``securite-du-compte``."""
    return fold(category.translate(_LIGATURES)).replace(" ", "-") or "rubrique"


def dropped_letters(category: str) -> list[str]:
    """The letters and digits of ``category`` its address leaves out (another
    alphabet's: a Cyrillic « Ѕ » looks like « S » in the menu, not in the address)."""
    return list(dict.fromkeys(c for c in category if c.isalnum() and not unicodedata.combining(c)
                              and not fold(c.translate(_LIGATURES))))


def category_problems(trees: Mapping[str, Mapping[str, Any]], documents: Mapping[str, Any]) -> list[Problem]:
    """A category whose address drops letters or has none (``category-letters``),
    and two categories written differently that share an address, so one page
    and one menu entry (``category-slug``): each located at its tree's ``category:``."""
    problems: list[Problem] = []
    spellings: dict[str, dict[str, str]] = defaultdict(dict)  # slug -> category -> its first tree

    def where(tree_id: str) -> tuple[str, int, int]:
        doc = documents.get(tree_id)
        return (doc.path, *doc.at(("category",))) if doc is not None else (tree_id, 1, 1)

    for tree_id in sorted(trees, key=lambda t: where(t)):
        category = str(trees[tree_id].get("category", ""))
        path, line, col = where(tree_id)
        dropped = dropped_letters(category)
        if dropped or not fold(category.translate(_LIGATURES)):
            what = (f"les caractères {', '.join(f'« {c} » (U+{ord(c):04X})' for c in dropped)} ne sont pas des "
                    "lettres latines : l’adresse de la rubrique (rubriques/…/) les perd" if dropped else
                    "la rubrique n’a ni lettre ni chiffre : elle n’aurait pas d’adresse à elle (rubriques/…/)")
            problems.append(Problem(path, line, col, "error",
                                    f"{what}, et se confondrait avec une autre ; écrivez-la en lettres latines, "
                                    "accents permis (par exemple « Sécurité du compte »)", "category-letters"))
            continue
        slug = category_slug(category)
        category = unicodedata.normalize("NFC", category)  # « é » as one character or two: the same category
        spellings[slug].setdefault(category, tree_id)
        first_category, first_tree = next(iter(spellings[slug].items()))
        if category != first_category:
            other, other_line, other_col = where(first_tree)
            problems.append(Problem(path, line, col, "error",
                                    f"la rubrique « {category} » et la rubrique « {first_category} » de {other}:"
                                    f"{other_line}:{other_col} ont la même adresse ({CATEGORY_DIR}/{slug}/) : "
                                    "le menu n’en ferait qu’une ; écrivez-les exactement de la même façon, "
                                    "ou donnez-leur des noms distincts", "category-slug"))
    return problems


def category_pages(trees: Mapping[str, Mapping[str, Any]], listed: Iterable[str],
                   section: Sequence[str] = ()) -> list[tuple[str, str, list[str]]]:
    """``(page, title, tree ids)`` of each category page the plugin generates
    (``CATEGORY_DIR/<slug>/index.md``): none unless more than ``MAX_FLAT`` trees
    are not in ``nav:`` (``listed``: the tree ids it lists; ``section``: those it
    lists in the guides' section, in its order, filed in their categories too:
    ``menu_categories``)."""
    unlisted = [t for t in trees if t not in set(listed)]
    if len(unlisted) <= MAX_FLAT:
        return []
    return [(f"{CATEGORY_DIR}/{slug}/index.md", title, ids) for slug, title, ids in menu_categories(section, unlisted, trees)]


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
