"""Check the front matter of a Markdown page.

- The block itself: MkDocs silently publishes broken YAML as page text; here
  it is read with ``kb_tools.yaml_loader``, so every problem is located.
- Only the keys of ``KEYS``: Material writes many others into the page as
  they are (``author``, ``subtitle``, ``status`` into attributes, ``template:
  redirect.html`` with ``location`` sends the player to any site), so any
  other key is refused, naming those allowed.
- ``title`` and ``description``: written into ``<head>`` as they are (see
  ``kb_tools.head_text``), so no markup characters.
- ``keywords``: a list of texts, the players' words (kb_tools/search_index.py);
- ``kind``: ``reference`` for a page that defines terms or lists every
  problem (the glossary, the home page): it weighs little in search;
- ``search``: Material's own settings, ``boost`` a number from 0 (excluded)
  to ``MAX_BOOST`` that scales the page's weight in search (below 1 for a
  hub page such as the home page), ``exclude`` true or false;
- ``hide``: a list of the parts of the page Material knows how to hide;
- ``reviewed`` and ``owner``: when the page was last checked, and by which
  team (kb_tools/review.py; ``report --stale``).
- ``sensitive``: ``true`` for a sensitive page (responsible gambling): the
  « Quitter ce site » button, no beacon (overrides/main.html, quick-exit.js).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from . import head_text, material, review
from .problems import Problem
from .yaml_loader import Document, load_text

#: The keys a page may set, and what each is for (named in the messages).
KEYS = ("title", "description", "keywords", "kind", "search", "hide", review.REVIEWED, review.OWNER, "sensitive")
#: ``kind:`` values: a reference page (glossary, home page) weighs little in search
#: unless the query is about a term it defines (kb_tools/search_index.py).
KINDS = ("reference",)
#: Under ``search:``, Material's two settings.
SEARCH_KEYS = material.PAGE_SEARCH_KEYS
#: What ``hide:`` may list: the parts of the page Material's templates hide
#: (``"…" in page.meta.hide`` in material/templates).
HIDE_VALUES = material.PAGE_HIDE
#: The highest ``search: boost``: far above any use (2 lifts a page), far below
#: what would flood the ranking, or overflow as a float.
MAX_BOOST = 100

#: The front matter block as MkDocs finds it (``mkdocs.utils.meta.YAML_RE``).
BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.MULTILINE | re.DOTALL)


def read_front_matter(source: str, path: str) -> tuple[Document | None, list[Problem]]:
    """The page's front matter, with positions counted from the top of the page."""
    match = BLOCK.match(source)
    if match is None:
        if source.startswith("---") and source[3:].strip(" \t").startswith("\n"):
            return None, [Problem(path, 1, 1, "error", "l’en-tête de la page (---) n’est jamais fermé ; "
                                  "ajoutez une ligne --- après la dernière clé", "front-matter")]
        return None, []
    doc, problems = load_text(path, match.group(1).encode("utf-8"))
    problems = [dataclasses.replace(p, line=p.line + 1, rule="front-matter" if p.rule == "empty-file" else p.rule)
                for p in problems if p.rule != "empty-file"]
    if doc is None:
        return None, problems
    doc.positions.values = {k: (line + 1, col) for k, (line, col) in doc.positions.values.items()}
    doc.positions.keys = {k: (line + 1, col) for k, (line, col) in doc.positions.keys.items()}
    if not isinstance(doc.data, dict):
        return None, [Problem(path, 2, 1, "error", "l’en-tête de la page doit être une liste de clés "
                              "(« clé: valeur »), par exemple « description: Une phrase. »", "front-matter")]
    return doc, problems


def check_page(source: str, path: str, today: date | None = None) -> list[Problem]:
    """Every problem of a page's front matter, located in the page; ``today``:
    the clock a ``reviewed:`` date is checked against (the site's day by default)."""
    doc, problems = read_front_matter(source, path)
    if doc is None:
        return problems
    return problems + check_front_matter(doc.data, doc, today)


def check_front_matter(meta: Mapping[str, Any], doc: Document, today: date | None = None) -> list[Problem]:
    problems: list[Problem] = review.review_problems(meta, doc, today)

    def problem(key: tuple[str, ...], message: str) -> None:
        line, col = doc.at(key, key=True)
        problems.append(Problem(doc.path, line, col, "error", message, "front-matter"))

    for key in meta:
        if key not in KEYS:
            problem((key,), f"clé inconnue « {key} » dans l’en-tête de la page ; clés possibles : "
                            f"{', '.join(KEYS)} (le thème écrirait toute autre clé telle quelle dans la page)")
    for key, what in (("title", "Le titre"), ("description", "La description")):
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problem((key,), f"« {key} » doit être un texte, par exemple {key}: Retrait en attente")
        elif (char := head_text.markup_in(value)) is not None:
            line, col = doc.at((key,))
            problems.append(Problem(doc.path, line, col, "error", head_text.message(what, char), "head-markup"))
    keywords = meta.get("keywords")
    if keywords is not None and not (
        isinstance(keywords, list) and all(isinstance(k, str) and k.strip() for k in keywords)
    ):
        problem(("keywords",), "« keywords » doit être une liste de mots entre crochets, par exemple "
                               "keywords: [retrait bloque, gains pas recus]")
    if "kind" in meta and meta["kind"] not in KINDS:
        problem(("kind",), f"« kind » vaut {', '.join(KINDS)} (une page de référence, comme le glossaire : elle ne "
                           "remonte dans la recherche que pour un terme qu’elle définit), ou ne figure pas")
    search = meta.get("search")
    if search is not None and not isinstance(search, Mapping):
        problem(("search",), "« search » doit contenir « boost: » sur la ligne suivante, en retrait, "
                             "par exemple « search: » puis «   boost: 0.5 »")
    elif search is not None:
        for key in search:
            if key not in SEARCH_KEYS:
                problem(("search", key), f"clé inconnue « {key} » sous « search » ; clés possibles : "
                                         f"{', '.join(SEARCH_KEYS)}")
        if "boost" in search and not is_boost(search["boost"]):
            problem(("search", "boost"), f"« search: boost » doit être un nombre plus grand que 0 et au plus "
                                         f"{MAX_BOOST}, par exemple 0.5 pour descendre la page dans les résultats, "
                                         "2 pour la monter")
        if "exclude" in search and not isinstance(search["exclude"], bool):
            problem(("search", "exclude"), "« search: exclude » doit valoir true (page absente de la recherche) "
                                           "ou false")
    hide = meta.get("hide")
    if hide is not None and not (isinstance(hide, list) and all(h in HIDE_VALUES for h in hide)):
        problem(("hide",), "« hide » doit être une liste de parties à masquer, par exemple hide: [navigation, toc] ; "
                           f"parties possibles : {', '.join(HIDE_VALUES)}")
    if "sensitive" in meta and not isinstance(meta["sensitive"], bool):
        line, col = doc.at(("sensitive",))
        problems.append(Problem(doc.path, line, col, "error", "« sensitive » vaut true (page sensible : bouton "
                                "« Quitter ce site », aucune trace) ou false, sans guillemets", "front-matter"))
    return problems


def is_boost(value: object) -> bool:
    """A number in ]0, MAX_BOOST]: compared exactly, so that neither NaN nor
    infinity passes, and a huge integer is no overflow."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_BOOST
