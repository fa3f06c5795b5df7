"""What an editor's change does to search: ``make check`` warns (``search-moved``)
when the first page for a public query (tests/search/queries.yaml) is not
the one it is in the committed state (git ``HEAD``).

- Both states are ranked the same way: the index computed from the sources
  (kb_tools/search_docs.py) searched as the browser does
  (kb_tools/search_rank.py, lunr.py). No browser, no MkDocs build.
- Fast: when the sources the index is made of are those of ``HEAD`` (git's
  blob hashes, worked out here without running git on each file), nothing
  is ranked. Otherwise each state's ranking is kept in ``.cache/`` (git-ignored),
  keyed by the hashes of its sources, of the queries and of this code: the
  committed state is ranked once per commit, the edited one once per edit.
- Without git, outside a repository, without a commit, or without lunr.py
  (not installed), the check is skipped without a word.
- Located where the change is, one warning per moved query and per changed
  file that could have moved it (kb_tools/move_causes.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from functools import cache as once
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

from . import cache
from .git_sources import committed, working, write_blobs
from .model import KnowledgeBase
from .move_causes import MEANING, RULE, Move, meaning, move_problems
from .problems import Problem

__all__ = ["MEANING", "RULE", "meaning", "search_moves"]

#: What the search index is made of, relative to the project root.
SOURCES = ("trees", "docs", "includes", "mkdocs.yml", "overrides/kb_tools")
QUERIES = "tests/search/queries.yaml"
SYNONYMS = "trees/_synonyms.yml"
KIND = "search-moves"
CACHE = cache.FOLDER / KIND

Ranking = dict[str, str]  # query -> first page ("" when nothing is found)


def _key(blobs: Mapping[str, str], queries: list[str]) -> str:
    digest = hashlib.sha256(json.dumps([sorted(blobs.items()), queries]).encode("utf-8"))
    digest.update(_code())
    return digest.hexdigest()[:32]


@once
def _code() -> bytes:
    """What the rankings depend on besides the sources: kb_tools itself (a
    ranking cached by other code is never read) and the browser's ranking."""
    from .search_rank import RANK_JS

    here = Path(__file__).resolve().parent
    files = [*sorted(here.glob("*.py")), *sorted((here / "templates").rglob("*")), here / "strings.yml", RANK_JS]
    digest = hashlib.sha256()
    for file in files:
        if file.is_file():
            digest.update(file.read_bytes())
    return digest.digest()


#: libyaml when PyYAML has it: queries.yaml is read ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _queries(root: Path) -> list[dict[str, Any]]:
    """The entries of queries.yaml, read once per process (and again if the file changes)."""
    path = root / QUERIES
    stat = path.stat()
    return _read_queries(str(path), stat.st_mtime_ns, stat.st_size)


@once
def _read_queries(path: str, _mtime: int, _size: int) -> list[dict[str, Any]]:
    return list(yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)["queries"])


def public_queries(root: Path) -> list[str]:
    try:
        return list(dict.fromkeys(str(q["query"]) for q in _queries(root)))
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return []


def expected(root: Path) -> dict[str, tuple[str, ...]]:
    """Query -> the pages that may come first, the one a support agent would send first at the head."""
    return {str(q["query"]): tuple(str(page) for page in q.get("expect") or ()) for q in _queries(root)}


def rank(root: Path, kb: KnowledgeBase, queries: list[str], *, split: bool = False) -> Ranking:
    """The first page of each query, over the index the sources of ``root`` make;
    ``split``: half of the queries in a child process, beside the other half."""
    from .search_docs import site_index
    from .search_rank import SiteSearch

    search = SiteSearch(site_index(root, kb))

    def first(some: list[str]) -> Ranking:
        return {q: next(iter(search.search(q)), "") for q in some}

    later = queries[len(queries) // 2:] if split else []
    waiting = _fork(lambda: first(later)) if later else None
    ranking = first(queries[: len(queries) - len(later)] if waiting else queries)
    if waiting is not None:
        ranking.update(waiting() or first(later))
    return ranking


def _load_html(root: Path) -> None:
    """The pages' HTML converted by earlier runs (kb_tools/search_docs.py)."""
    from . import search_docs

    data = cache.read(root, KIND, "html")
    if isinstance(data, dict):
        search_docs.HTML.update({k: v for k, v in data.items() if isinstance(v, str)})


def _store_html(root: Path) -> None:
    from . import search_docs

    cache.write(root, KIND, "html", {k: search_docs.HTML[k] for k in search_docs.USED if k in search_docs.HTML})


def _committed_ranking(root: Path, head: Mapping[str, str], queries: list[str]) -> Ranking:
    """The ranking of ``HEAD``'s sources, read from git into a temporary folder."""
    from .project import load_project

    with tempfile.TemporaryDirectory(prefix="kb-search-moves-") as tmp:
        write_blobs(root, head, Path(tmp))
        kb, _ = load_project(Path(tmp) / "trees")
        return rank(Path(tmp), kb, queries)


def _cached(root: Path, key: str, queries: list[str]) -> Ranking | None:
    """A ranking kept in .cache/: one first page (text) for each query, else a miss."""
    data = cache.read(root, KIND, f"r-{key}")
    if isinstance(data, dict) and set(data) == set(queries) and all(isinstance(v, str) for v in data.values()):
        return data
    return None


def _store(root: Path, key: str, ranking: Ranking) -> None:
    cache.write(root, KIND, f"r-{key}", ranking, prune="r-*.json")


def rankings(root: Path, kb: KnowledgeBase) -> tuple[Ranking, Ranking, dict[str, str | None]] | None:
    """The committed and the current ranking, and the source files changed; None when
    nothing is to be compared (no git, no change, no query, no lunr.py)."""
    head = committed(root, SOURCES)
    if head is None or find_spec("lunr") is None:
        return None
    now = working(root, SOURCES)
    if now == head:
        return None
    queries = public_queries(root)
    if not queries:
        return None
    changed = {p: head.get(p) for p in head.keys() | now.keys() if head.get(p) != now.get(p)}  # path -> committed blob
    base_key, now_key = _key(head, queries), _key(now, queries)
    base = _cached(root, base_key, queries)
    _load_html(root)
    # the committed state ranked in a child process while this one ranks the edited state
    waiting = _fork(lambda: _committed_ranking(root, head, queries)) if base is None else None
    current = _cached(root, now_key, queries)
    if current is None:
        current = rank(root, kb, queries, split=base is not None)
        _store(root, now_key, current)
        _store_html(root)
    if base is None:
        base = (waiting() if waiting else None) or _committed_ranking(root, head, queries)
        _store(root, base_key, base)
    return base, current, changed


def _fork(work: Callable[[], Ranking]) -> Callable[[], Ranking | None] | None:
    """``work`` started in a child process (where there are two processors or
    more, and no thread to fork with); what it gives: a function that waits
    for its result, None if it failed. None where the child cannot start."""
    if not hasattr(os, "fork") or threading.active_count() > 1 or (os.cpu_count() or 1) < 2:
        return None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: its result into the pipe, and never back into the caller's code
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                out.write(json.dumps(work(), ensure_ascii=False).encode("utf-8"))
            code = 0
        finally:
            os._exit(code)
    os.close(write)

    def result() -> Ranking | None:
        with os.fdopen(read, "rb") as given:
            data = given.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        try:
            ranking = json.loads(data)
        except ValueError:
            return None
        return ranking if isinstance(ranking, dict) else None

    return result


def search_moves(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """A ``search-moved`` warning per public query whose first page the change
    moved, for each changed file that could have moved it (kb_tools/move_causes.py)."""
    try:
        found = rankings(root, kb)
    except Exception:  # a page or setting the other checks and the build report: never a traceback here
        return []
    if found is None:
        return []
    base, current, changed = found
    want = expected(root)
    moved = [Move(q, base[q], current[q], want.get(q, ())) for q in current if q in base and base[q] != current[q]]
    return move_problems(root, kb, changed, moved) if moved else []
