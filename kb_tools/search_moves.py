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
- Located where the change is: the ``keywords:`` line of the tree whose page
  came or left first place, ``_synonyms.yml``, or the page changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import yaml

from .git_sources import committed, git, working, write_blobs
from .model import KnowledgeBase
from .problems import Problem

#: What the search index is made of, relative to the project root.
SOURCES = ("trees", "docs", "includes", "mkdocs.yml", "overrides/kb_tools")
QUERIES = "tests/search/queries.yaml"
SYNONYMS = "trees/_synonyms.yml"
CACHE = Path(".cache") / "search-moves"
RULE = "search-moved"

Ranking = dict[str, str]  # query -> first page ("" when nothing is found)


def _key(blobs: Mapping[str, str], queries: list[str]) -> str:
    digest = hashlib.sha256(json.dumps([sorted(blobs.items()), queries]).encode("utf-8"))
    digest.update(_code())
    return digest.hexdigest()[:32]


@cache
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


def public_queries(root: Path) -> list[str]:
    path = root / QUERIES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return list(dict.fromkeys(str(q["query"]) for q in data["queries"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return []


def expected(root: Path) -> dict[str, tuple[str, ...]]:
    """Query -> the pages that may come first, the one a support agent would send first at the head."""
    data = yaml.safe_load((root / QUERIES).read_text(encoding="utf-8"))
    return {str(q["query"]): tuple(str(page) for page in q.get("expect") or ()) for q in data["queries"]}


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

    try:
        data = json.loads((root / CACHE / "html.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return
    if isinstance(data, dict):
        search_docs.HTML.update({k: v for k, v in data.items() if isinstance(v, str)})


def _store_html(root: Path) -> None:
    from . import search_docs

    used = {k: search_docs.HTML[k] for k in search_docs.USED if k in search_docs.HTML}
    _write(root, "html.json", used)


def _committed_ranking(root: Path, head: Mapping[str, str], queries: list[str]) -> Ranking:
    """The ranking of ``HEAD``'s sources, read from git into a temporary folder."""
    from .project import load_project

    with tempfile.TemporaryDirectory(prefix="kb-search-moves-") as tmp:
        write_blobs(root, head, Path(tmp))
        kb, _ = load_project(Path(tmp) / "trees")
        return rank(Path(tmp), kb, queries)


def _cached(root: Path, key: str, queries: list[str]) -> Ranking | None:
    """The ranking kept for ``key``; None (worked out again) when the file is missing
    or is not one: .cache/ is a folder anything may have written."""
    try:
        data = json.loads((root / CACHE / f"r-{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return _ranking(data, queries)


def _ranking(data: object, queries: list[str]) -> Ranking | None:
    """``data`` if it is a ranking of exactly ``queries`` (query -> page, strings), else None."""
    if not isinstance(data, dict) or set(data) != set(queries) or not all(isinstance(v, str) for v in data.values()):
        return None
    return data


def _cache_folder(root: Path) -> Path | None:
    """.cache/search-moves, if it is in the project (.cache may be a symlink: nothing
    is written or removed where it leads)."""
    folder = root / CACHE
    try:
        return folder if folder.resolve().is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError):
        return None


def _store(root: Path, key: str, ranking: Ranking) -> None:
    folder = _cache_folder(root)
    if folder is None:
        return
    try:
        kept = sorted(folder.glob("r-*.json"), key=lambda p: p.stat().st_mtime)[:-16]  # the last few states only
        for old in kept:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    _write(root, f"r-{key}.json", ranking)


def _write(root: Path, name: str, data: Mapping[str, str]) -> None:
    folder = _cache_folder(root)
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = root / ".cache" / ".gitignore"  # git-ignored even where .gitignore does not say so
        if not ignore.exists() and not ignore.is_symlink():
            ignore.write_text("*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{name}.", suffix=".tmp")  # a new file, never a link's target
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, folder / name)
    except OSError:  # a read-only project: worked out again next time
        pass


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
        base = _ranking(waiting(), queries) if waiting else None
        base = base or _committed_ranking(root, head, queries)
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
    """A ``search-moved`` warning per changed file, listing the public queries
    whose first page the change moved."""
    try:
        found = rankings(root, kb)
    except Exception:  # a page or setting the other checks and the build report: never a traceback here
        return []
    if found is None:
        return []
    base, current, changed = found
    moved = [q for q in current if q in base and base[q] != current[q]]
    if not moved:
        return []
    expect = expected(root)
    by_place: dict[tuple[str, int], list[str]] = {}
    for query in moved:
        by_place.setdefault(_place(root, kb, changed, base[query], current[query]), []).append(
            _describe(query, base[query], current[query], expect.get(query, ())))
    return [Problem(path, line, 1, "warning", _message(lines), RULE) for (path, line), lines in sorted(by_place.items())]


#: What a move means for a query's expected pages (``expect`` in queries.yaml), said after it.
MEANING = {
    "regression": "régression : {old} était la page attendue, {new} ne l'est pas",
    "improvement": "amélioration : c'est la page attendue",
    "both": "les deux pages sont attendues",
    "neither": "la page attendue est {want}",
}


def meaning(old: str, new: str, want: tuple[str, ...]) -> str:
    """``regression``: the first page was an expected one and is no longer;
    ``improvement``: it becomes one; ``both``; ``neither``."""
    if old in want:
        return "both" if new in want else "regression"
    return "improvement" if new in want else "neither"


def _describe(query: str, old: str, new: str, want: tuple[str, ...]) -> str:
    """One moved query: its old and new first page, and what that means for the expected pages."""
    said = MEANING[meaning(old, new, want)].format(old=old or "aucune page", new=new or "aucune page",
                                                   want=want[0] if want else "inconnue")
    return f"« {query} » : {old or '(aucune page)'} → {new or '(aucune page)'} ({said})"


def _message(moves: list[str]) -> str:
    return (f"ce changement modifie la première page de {len(moves)} recherche(s) publique(s) : " + " ; ".join(moves)
            + ". Si c'est voulu, commitez ; sinon retirez ou précisez les mots-clés (keywords) "
            "ou le groupe de synonymes en cause (voir EDITING.md, « Synonymes et mots-clés »)")


def _page_source(kb: KnowledgeBase, root: Path, page: str) -> str | None:
    """The source file a result page is made from (a tree file or a page of docs/)."""
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


def _place(root: Path, kb: KnowledgeBase, changed: Mapping[str, str | None], old: str, new: str) -> tuple[str, int]:
    """Where to point the editor: the changed file that most likely moved the query."""
    candidates = [_page_source(kb, root, new), _page_source(kb, root, old), SYNONYMS]
    path = next((c for c in candidates if c in changed), None)
    if path is None:
        path = min(changed, key=lambda p: (not p.startswith("trees/"), p))
    return path, _line(root, kb, path, changed[path])


def _line(root: Path, kb: KnowledgeBase, path: str, blob: str | None) -> int:
    """The ``keywords:`` line of a tree whose keywords changed (or a new tree),
    else the first line that differs from ``HEAD``."""
    committed_text = (git(root, "cat-file", "blob", blob) if blob else None) or ""
    for tree_id, doc in kb.documents.items():
        if tree_id in kb.trees and _relative(root, doc.path) == path:
            where = doc.positions.keys.get(("keywords",))
            if where is not None and _keywords(committed_text) != kb.trees[tree_id].get("keywords"):
                return where[0]
    try:
        now = (root / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    before = committed_text.splitlines()
    first = next((i for i, (a, b) in enumerate(zip(now, before, strict=False), start=1) if a != b), len(before) + 1)
    return max(1, min(first, len(now)))


def _keywords(tree_text: str) -> object:
    try:
        data = yaml.safe_load(tree_text)
    except yaml.YAMLError:
        return None
    return data.get("keywords") if isinstance(data, dict) else None
