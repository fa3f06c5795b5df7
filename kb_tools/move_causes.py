"""Who moved a public query, and what to say (rule ``search-moved``,
kb_tools/search_moves.py finds the moves).

A query's first page goes from an old page to a new one: either the new page
gained words or the old one lost some. So a move is put down to every
changed file that could have done it:

- the file the new first page is made from, and the one the old first page
  is made from, when they changed;
- every changed file that acts on many pages at once (``_synonyms.yml`` and
  the other catalogues, ``includes/``, ``mkdocs.yml``, the page templates);
- when none of these changed (a page changed elsewhere shifts every score a
  little), every changed file.

One warning per moved query and per file: short, readable in a terminal and
in ``make serve``'s error page. It points at what changed and matters: the
``title:``, ``description:`` or ``keywords:`` line of a tree (the one that
holds the query's words, else the first that changed), otherwise the first
line that differs from the commit; its advice names that field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .git_sources import git
from .model import KnowledgeBase
from .problems import Problem
from .search_index import fold

RULE = "search-moved"
#: The fields of a tree its page is found by, in the order they are weighed.
TREE_FIELDS = ("title", "keywords", "description")
#: A word of the query and a word of a field "match" when they begin alike (stems, plurals).
_STEM = 4


@dataclass(frozen=True)
class Move:
    query: str
    old: str  # the first page at the commit ("" when nothing was found)
    new: str  # and now
    want: tuple[str, ...]  # the pages queries.yaml expects first


#: What a move means for a query's expected pages (``expect`` in queries.yaml), said after it.
MEANING = {
    "regression": "régression : {old} était la page attendue",
    "improvement": "amélioration : c’est la page attendue",
    "both": "les deux pages sont attendues",
    "neither": "la page attendue est {want}",
}
#: What to do, by what changed where the warning points.
ADVICE = {
    "keywords": "sinon retirez ou précisez ces mots-clés (keywords)",
    "title": "sinon reformulez ce titre",
    "description": "sinon reformulez cette description",
    "synonyms": "sinon retirez ou précisez ce groupe de synonymes",
    "page": "sinon revoyez les mots changés ici (titre, mots-clés, texte)",
    "other": "sinon revoyez ce changement",
}


def meaning(old: str, new: str, want: tuple[str, ...]) -> str:
    """``regression``: the first page was an expected one and is no longer;
    ``improvement``: it becomes one; ``both``; ``neither``."""
    if old in want:
        return "both" if new in want else "regression"
    return "improvement" if new in want else "neither"


def move_problems(root: Path, kb: KnowledgeBase, changed: Mapping[str, str | None], moves: list[Move]) -> list[Problem]:
    """One warning per moved query and per changed file that could have moved it
    (``changed``: path -> its blob at the commit, None for a new file)."""
    trees = {_relative(root, doc.path): tree_id for tree_id, doc in kb.documents.items() if tree_id in kb.trees}
    committed: dict[str, str] = {}  # path -> its text at the commit, read from git when a warning points at it
    found = []
    for move in moves:
        blamed = causes(kb, root, set(changed), move)
        for path in blamed:
            if path not in committed:
                committed[path] = _committed_text(root, changed[path])
            line, what = _where(root, kb, trees.get(path), path, committed[path], move.query)
            others = [p for p in blamed if p != path]
            found.append(Problem(path, line, 1, "warning", _message(move, what, others), RULE))
    return found


def causes(kb: KnowledgeBase, root: Path, changed: set[str], move: Move) -> list[str]:
    """The changed files that could have moved ``move``'s query (see the module's text), sorted."""
    pages = {_page_source(kb, root, move.new), _page_source(kb, root, move.old)}
    blamed = sorted(p for p in changed if p in pages or _shared(p))
    return blamed or sorted(changed)


def _shared(path: str) -> bool:
    """A source that acts on many pages: a catalogue of trees/ (``_synonyms.yml``…),
    a snippet, the settings, a template (not a page's own file, not an image)."""
    name = Path(path).name
    return (path.startswith("trees/") and name.startswith("_")) or path.startswith(("includes/", "overrides/")) \
        or path == "mkdocs.yml"


def _message(move: Move, what: str, others: list[str]) -> str:
    said = MEANING[meaning(move.old, move.new, move.want)].format(
        old=move.old or "aucune page", want=move.want[0] if move.want else "inconnue")
    also = f" (autre changement qui a pu jouer : {', '.join(others)})" if others else ""
    return (f"« {move.query} » donne d’abord {move.new or '(aucune page)'} au lieu de {move.old or '(aucune page)'} "
            f"({said}). Si c’est voulu, commitez ; {ADVICE[what]}{also}")


def _page_source(kb: KnowledgeBase, root: Path, page: str) -> str | None:
    """The source file a result page is made from (a tree file or a page of docs/)."""
    if not page:
        return None
    parts = page.strip("/").split("/")
    if len(parts) == 2 and parts[1] in kb.trees:
        doc = kb.documents.get(parts[1])
        return _relative(root, doc.path) if doc is not None else f"trees/{parts[1]}.yml"
    return f"docs/{page.strip('/') or 'index'}.md"


def _relative(root: Path, path: str) -> str:
    file = Path(path)
    file = file if file.is_absolute() else Path.cwd() / file
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


def _committed_text(root: Path, blob: str | None) -> str:
    return (git(root, "cat-file", "blob", blob) if blob else None) or ""


def _where(root: Path, kb: KnowledgeBase, tree_id: str | None, path: str, before: str, query: str) -> tuple[int, str]:
    """The line to point at in ``path`` and what changed there (a key of ADVICE)."""
    if tree_id is not None:
        field = _tree_field(kb.trees[tree_id], _mapping(before), query)
        where = kb.documents[tree_id].positions.keys.get((field,)) if field else None
        if where is not None:
            return where[0], field  # type: ignore[return-value]
    what = "synonyms" if path.endswith("_synonyms.yml") else "page" if tree_id or path.startswith("docs/") else "other"
    return _first_changed_line(root / path, before), what


def _tree_field(tree: Mapping[str, object], before: Mapping[str, object], query: str) -> str | None:
    """Of the tree's title, keywords and description that changed (all of them for
    a new tree), the one that holds most of the query's words; None if none changed."""
    changed = [f for f in TREE_FIELDS if tree.get(f) and tree.get(f) != before.get(f)]
    if not changed:
        return None
    wanted = _words(query)
    return max(changed, key=lambda f: len(wanted & _words(str(tree.get(f)))))  # a tie: the first of TREE_FIELDS


def _words(text: str) -> set[str]:
    return {w[:_STEM] for w in fold(text).split() if len(w) >= 3}


def _mapping(text: str) -> Mapping[str, object]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _first_changed_line(file: Path, before_text: str) -> int:
    try:
        now = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    before = before_text.splitlines()
    first = next((i for i, (a, b) in enumerate(zip(now, before, strict=False), start=1) if a != b), len(before) + 1)
    return max(1, min(first, len(now)))
