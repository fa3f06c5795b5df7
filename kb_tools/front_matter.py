"""Check the front matter of a Markdown page.

- The block itself: MkDocs silently publishes broken YAML as page text; here
  it is read with ``kb_tools.yaml_loader``, so every problem is located.
- ``title`` and ``description``: written into ``<head>`` as they are (see
  ``kb_tools.head_text``), so no markup characters.
- ``keywords``: a list of texts, the players' words (kb_tools/search_index.py);
- ``search: boost``: Material's own setting, a positive number that scales the
  page's weight in search (below 1 for a hub page such as the home page).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from . import head_text
from .problems import Problem
from .yaml_loader import Document, load_text

#: The front matter block as MkDocs finds it (``mkdocs.utils.meta.YAML_RE``).
BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.MULTILINE | re.DOTALL)


def read_front_matter(source: str, path: str) -> tuple[Document | None, list[Problem]]:
    """The page's front matter, with positions counted from the top of the page."""
    match = BLOCK.match(source)
    if match is None:
        if source.startswith("---") and source[3:].strip(" \t").startswith("\n"):
            return None, [Problem(path, 1, 1, "error", "l'en-tête de la page (---) n'est jamais fermé ; "
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
        return None, [Problem(path, 2, 1, "error", "l'en-tête de la page doit être une liste de clés "
                              "(« clé: valeur »), par exemple « description: Une phrase. »", "front-matter")]
    return doc, problems


def check_page(source: str, path: str) -> list[Problem]:
    """Every problem of a page's front matter, located in the page."""
    doc, problems = read_front_matter(source, path)
    if doc is None:
        return problems
    return problems + check_front_matter(doc.data, doc)


def check_front_matter(meta: Mapping[str, Any], doc: Document) -> list[Problem]:
    problems: list[Problem] = []

    def problem(key: tuple[str, ...], message: str) -> None:
        line, col = doc.at(key, key=True)
        problems.append(Problem(doc.path, line, col, "error", message, "front-matter"))

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
    search = meta.get("search")
    if search is not None:
        boost = search.get("boost") if isinstance(search, Mapping) else None
        if not isinstance(search, Mapping) or ("boost" in search and (
            isinstance(boost, bool) or not isinstance(boost, int | float) or boost <= 0
        )):
            problem(("search", "boost") if isinstance(search, Mapping) else ("search",),
                    "« search: boost » doit être un nombre positif, par exemple 0.5 pour descendre "
                    "la page dans les résultats, 2 pour la monter")
    return problems
