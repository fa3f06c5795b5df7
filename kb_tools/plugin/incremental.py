"""``make serve``: a rebuild after an edit writes again only the pages it changes.

MkDocs' dirty build (``build(config, dirty=True)``) skips the pages whose
``File.is_modified()`` is false. Here a page is modified when what it is
made of changed since the last build that succeeded:

- everything, when anything shared by every page changed (*the whole site*):
  kb_tools' code, mkdocs.yml, the theme (``overrides/``), ``includes/``, the
  catalogues and incidents, the dates from git, or the list of pages (a page
  added or removed: its neighbours and the menu change);
- a tree's page, when its Markdown changed (kb_tools/render_cache.py works it
  out again only when the tree or what it shows of others changed);
- a page of ``docs/``, when its text changed, or any tree for a page that shows
  flows or cards of the trees (the home page, flow markers);
- every page's HTML, when the menu changed (a title, the order): the pages that
  did not change are then laid out again from what they were (not read again).

A page left as it is keeps what the last build made of it: its title, meta,
content, table of contents and anchors (the menu and the other pages' links
read them), and its entries of the search index (Material's search plugin
indexes only the pages it lays out). A page that is gone is removed from the
site. A build that fails forgets everything: the next one is whole.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import cache
from ..channel_list import has_channel_markers
from ..embed import has_markers
from ..home_cards import HOME_PAGE
from ..render_cache import canonical, code_digest, tree_digest


@dataclass
class Kept:
    """What the last build made of one page."""

    made_of: str
    dest: str
    url: str
    title: str | None = None
    markdown: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    content: str | None = None
    toc: Any = None
    anchors: set[str] | None = None
    links: dict[str, dict[str, str]] = field(default_factory=dict)
    update_date: str = ""
    entries: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Last:
    site: str
    menu: str
    pages: dict[str, Kept]


class Incremental:
    """The state a ``make serve`` session keeps between builds (one per plugin instance)."""

    def __init__(self) -> None:
        self.last: _Last | None = None
        self.modified: set[str] = set()  # src_uri of the pages MkDocs reads and lays out again
        self.kept: dict[str, Kept] = {}  # the pages of this build, as they will be kept
        self.laid_out: set[str] = set()
        self.nav: Navigation | None = None
        self.site = ""
        self._menu = ""

    def forget(self) -> None:
        self.last = None

    def files(self, files: Files, config: MkDocsConfig, root: Path, trees_dir: Path, kb_data: Any,
              dates: dict[str, int], trees: str) -> None:
        """Which pages are modified (before MkDocs reads any); ``trees``: a hash of every tree."""
        pages = files.documentation_pages()
        config_file = Path(config.config_file_path or "mkdocs.yml")
        self.site = cache.digest(
            code_digest(), config_file.read_bytes() if config_file.is_file() else b"", config.site_url or "",
            *(tree_digest(folder) for folder in sorted({root / "overrides", root / "includes", *(
                [Path(config.theme.custom_dir).resolve()] if config.theme.custom_dir else [])})),
            cache.files_digest(sorted(trees_dir.glob("_*.yml"))), canonical(kb_data), canonical(dates),
            canonical(sorted(f.src_uri for f in pages)))
        last = self.last if self.last is not None and self.last.site == self.site else None
        self.kept, self.modified, self.laid_out, self.nav = {}, set(), set(), None
        for file in pages:
            made_of = _made_of(file, trees)
            self.kept[file.src_uri] = Kept(made_of=made_of, dest=file.dest_uri, url=file.url)
            before = last.pages.get(file.src_uri) if last else None
            if before is None or before.made_of != made_of:
                self.modified.add(file.src_uri)
            setattr(file, "is_modified", functools.partial(self.modified.__contains__, file.src_uri))  # noqa: B010

    def restore(self, files: Files) -> list[Page]:
        """Before the menu is read: what the pages MkDocs did not read again were (those
        pages returned); then every page laid out again if the menu changed."""
        restored = []
        for file in files.documentation_pages():
            page, kept = file.page, self.kept.get(file.src_uri)
            if page is None or kept is None:
                continue
            if page.content is None and self.last and file.src_uri in self.last.pages:
                before = self.last.pages[file.src_uri]
                page.markdown = before.markdown
                page.meta = dict(before.meta)
                page.title = before.title
                page.content = before.content
                page.toc = before.toc
                page.present_anchor_ids = set(before.anchors) if before.anchors is not None else None
                page.links_to_anchors = {target: dict(links) for uri, links in before.links.items()
                                         if (target := files.get_file_from_path(uri)) is not None}
                page.update_date = before.update_date
                kept.entries = before.entries
                restored.append(page)
            kept.markdown = page.markdown
            kept.title, kept.meta, kept.content, kept.toc = page.title, dict(page.meta), page.content, page.toc
            kept.anchors = set(page.present_anchor_ids) if page.present_anchor_ids is not None else None
            kept.links = {target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()}
            kept.update_date = page.update_date
        menu = canonical(_menu(self.nav) if self.nav else [])
        if self.last is None or self.last.site != self.site or self.last.menu != menu:
            self.modified.update(self.kept)  # in place: each File.is_modified reads this set
        self._menu = menu
        return restored

    def search_entries(self, search: Any) -> None:
        """Material's search index whole: the entries of the pages laid out now, the kept
        ones of the others, in the order of the pages."""
        if search is None or not hasattr(search, "search_index"):
            return
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in search.search_index.entries:
            fresh.setdefault(str(entry["location"]).split("#", 1)[0], []).append(entry)
        entries: list[dict[str, Any]] = []
        for uri, kept in self.kept.items():
            if uri in self.laid_out:
                kept.entries = fresh.get("" if kept.url == "./" else kept.url, [])  # the home page: "" in the index
            entries += kept.entries
        search.search_index.entries = entries

    def finish(self, site_dir: Path) -> None:
        """The pages of the last build that are gone, removed from the site; this build kept."""
        if self.last is not None:
            now = {kept.dest for kept in self.kept.values()}
            for gone in {kept.dest for kept in self.last.pages.values()} - now:
                path = site_dir / gone
                with contextlib.suppress(OSError):
                    path.unlink()
                    for parent in path.parents:
                        if parent == site_dir or not parent.is_relative_to(site_dir):
                            break
                        parent.rmdir()  # only when empty: OSError otherwise
        self.last = _Last(site=self.site, menu=self._menu, pages=self.kept)


def _made_of(file: File, trees: str) -> str:
    """A hash of what the page is made of (besides what every page shares)."""
    if file.generated_by is not None:
        return cache.digest(file.content_string)
    text = file.content_string
    shows_trees = file.src_uri == HOME_PAGE or has_markers(text) or has_channel_markers(text)
    return cache.digest(text, trees if shows_trees else "")


def _menu(nav: Navigation) -> list[Any]:
    """The menu as every page shows it: each page's place, address and title, in order."""
    def walk(items: list[Any]) -> list[Any]:
        return [[type(item).__name__, getattr(item, "title", None), getattr(item, "url", None),
                 walk(item.children) if getattr(item, "children", None) else []] for item in items]
    return walk(nav.items)
