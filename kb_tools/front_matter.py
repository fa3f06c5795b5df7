"""Check the front matter of a Markdown page for the keys search reads.

- ``keywords``: a list of texts, the players' words (kb_tools/search_index.py);
- ``search: boost``: Material's own setting, a positive number that scales the
  page's weight in search (below 1 for a hub page such as the home page).

MkDocs has already parsed the front matter into ``meta``; the source text is
only read to point at the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .problems import Problem


def _position(source: str, key: str) -> tuple[int, int]:
    """Line and column of ``key:`` in the front matter (1, 1 if not found)."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return 1, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in {"---", "..."}:
            break
        match = re.match(rf"(\s*){re.escape(key)}\s*:", line)
        if match:
            return number, len(match.group(1)) + 1
    return 1, 1


def check_front_matter(meta: Mapping[str, Any], source: str, path: str) -> list[Problem]:
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        line, col = _position(source, key)
        problems.append(Problem(path, line, col, "error", message, "front-matter"))

    keywords = meta.get("keywords")
    if keywords is not None and not (
        isinstance(keywords, list) and all(isinstance(k, str) and k.strip() for k in keywords)
    ):
        problem("keywords", "« keywords » doit être une liste de mots entre crochets, par exemple "
                            "keywords: [retrait bloque, gains pas recus]")
    search = meta.get("search")
    if search is not None:
        boost = search.get("boost") if isinstance(search, Mapping) else None
        if not isinstance(search, Mapping) or ("boost" in search and (
            isinstance(boost, bool) or not isinstance(boost, int | float) or boost <= 0
        )):
            problem("boost" if isinstance(search, Mapping) else "search",
                    "« search: boost » doit être un nombre positif, par exemple 0.5 pour descendre "
                    "la page dans les résultats, 2 pour la monter")
    return problems
