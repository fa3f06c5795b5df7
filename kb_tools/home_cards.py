"""The home page's cards, one per tree, made from the trees themselves.

``docs/index.md`` holds the line ``<!-- kb-home-cards -->`` once; the build
puts the grid of cards there (Material's ``grid cards``). A tree's card is
its ``home:`` (``order``, ``title``, ``text``, each optional: the tree's
title and description by default); ``home: false`` leaves it off. Cards with
an ``order`` come first, by order, then the others, by category then title.

The marker follows the rules of the other markers (kb_tools/embed.py): a line
of its own, never inside code. A home page without it, or with it twice, and
anything that looks like it but is not, are located ``home-cards`` errors.
Card texts are plain text, escaped as every generated title is.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .embed import prose_lines
from .model import KnowledgeBase, Tree
from .problems import Problem
from .search_index import fold
from .text import ident, plain

MARKER = re.compile(r"^ {0,3}<!--[ \t]*kb-home-cards[ \t]*-->[ \t\r]*$", re.IGNORECASE)
_LOOKS_LIKE = re.compile(r"<!--\s*kb[\s_-]*(home|accueil|cards?|cartes?)\b", re.IGNORECASE)
#: Where the cards go: the site's home page, in docs/.
HOME_PAGE = "index.md"
_EXAMPLE = "écrivez « <!-- kb-home-cards --> » seul sur sa ligne, sans retrait"


@dataclass(frozen=True)
class Card:
    tree: str
    title: str
    text: str
    order: int | None
    category: str


def sort_key(tree: Tree) -> tuple[bool, int, str, str, str]:
    """Cards with an order first, by order; then by category, then title (accents and case aside)."""
    home = tree["home"]
    order: int | None = home["order"] if home else None
    title: str = home["title"] if home else tree["title"]
    return (order is None, order or 0, fold(tree["category"]), fold(title), tree["id"])


def cards(kb: KnowledgeBase) -> list[Card]:
    """Every tree's card, in the home page's order (``home: false`` trees left out)."""
    shown = sorted((tree for tree in kb.trees.values() if tree["home"] is not None), key=sort_key)
    return [Card(tree["id"], tree["home"]["title"], tree["home"]["text"], tree["home"]["order"], tree["category"])
            for tree in shown]


def home_markdown(kb: KnowledgeBase, page_dir: str, pages_dir: str = "parcours") -> str:
    """The grid of cards, as Markdown for a page of ``page_dir`` (``""``: docs/ itself)."""
    items = []
    for card in cards(kb):
        link = posixpath.relpath(f"{pages_dir}/{ident(card.tree)}.md", page_dir or ".")
        items.append(f"-   **[{plain(card.title)}]({link})**\n\n    {plain(card.text)}\n")
    if not items:
        return ""
    return '<div class="grid cards" markdown>\n\n' + "\n".join(items) + "\n</div>\n"


def has_home_marker(markdown: str) -> bool:
    return bool(_LOOKS_LIKE.search(markdown))


def _markers(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Line numbers of the well-formed markers, and ``(line, col)`` of the malformed ones."""
    good: list[int] = []
    bad: list[tuple[int, int]] = []
    for number, line in prose_lines(text):
        looks = _LOOKS_LIKE.search(line)
        if looks is None:
            continue
        if MARKER.match(line):
            good.append(number)
        else:
            bad.append((number, looks.start() + 1))
    return good, bad


def check_home_marker(path: str, text: str, *, home: bool = True) -> list[Problem]:
    """The marker on the home page (``home``): once, well formed; on any other page: nowhere."""
    good, bad = _markers(text)
    problems = [Problem(path, line, col, "error", f"repère des cartes d’accueil mal écrit ; {_EXAMPLE}", "home-cards")
                for line, col in bad]
    if not home:
        problems += [Problem(path, line, 1, "error", "les cartes d’accueil ne vont que sur la page d’accueil "
                             f"(docs/{HOME_PAGE}) ; retirez cette ligne", "home-cards") for line in good]
    elif not good and not bad:
        problems.append(Problem(path, 1, 1, "error", "la page d’accueil n’a pas de repère des cartes des parcours ; "
                                f"{_EXAMPLE}, à l’endroit où les cartes doivent paraître", "home-cards"))
    else:
        problems += [Problem(path, line, 1, "error", f"repère des cartes d’accueil en double (déjà ligne {good[0]}) ; "
                             "gardez-en un seul", "home-cards") for line in good[1:]]
    return sorted(problems)


def embed_home_cards(markdown: str, kb: KnowledgeBase, page_dir: str = "", pages_dir: str = "parcours") -> str:
    """The first well-formed marker replaced by the cards (the others are reported by ``check_home_marker``)."""
    good, _ = _markers(markdown)
    if not good:
        return markdown
    lines = markdown.split("\n")
    lines[good[0] - 1] = "\n" + home_markdown(kb, page_dir, pages_dir)  # a block of its own, whatever comes before
    return "\n".join(lines)
