"""The site's pages: the trees loaded and checked, one generated page per
tree, placed in the menu, flows embedded in other pages, and « Dernière mise
à jour » dates from git."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .. import head_text
from ..cache import digest
from ..channel_list import embed_channels, has_channel_markers
from ..deploy_values import site_url_problems
from ..embed import embed_flows, find_markers, has_markers
from ..git_dates import french_date, french_day, iso_date, last_change
from ..home_cards import HOME_PAGE, embed_home_cards
from ..hours import build_month, use_project
from ..incidents import affected_trees, boxes, live
from ..model import KnowledgeBase
from ..nav_order import SECTION_TITLE, category_markdown, category_pages, section_order
from ..page_check import check_pages, generated_page_problems, generated_pages
from ..problems import has_errors
from ..project import load_project
from ..render import editor_diagram, environment, render_article
from ..render_cache import Memo, canonical, loader_digest
from ..review import reviewed_date
from ..router_check import ROUTER
from ..strings import page_feedback
from .config import KbToolsConfig
from .stop import log, stop


def load(options: KbToolsConfig, config: MkDocsConfig) -> KnowledgeBase:
    """The trees and catalogues, and the texts of mkdocs.yml the theme writes as
    they are: every problem on the log, and the build stops on an error."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    kb, problems = load_project(Path(config_file).resolve().parent / options.trees_dir)
    problems += head_text.config_problems(
        config_file.read_text(encoding="utf-8") if config_file.is_file() else "", config_file.name,
        {**{key: dict(config.theme) if key == "theme" else config[key] for key in head_text.CONFIG_TEXTS},
         "markdown_extensions": {"toc": {"title": config.mdx_configs.get("toc", {}).get("title")}}},
        config["nav"])
    if config.site_url and not any(p.message.startswith("KB_SITE_URL") for p in problems):
        # written in mkdocs.yml (KB_SITE_URL is checked by load_project): canonical links, sitemap, robots.txt
        problems += site_url_problems(config.site_url, config.config_file_path or "mkdocs.yml", os.environ)
    for problem in problems:  # an incident over is not published (below): no warning to stop a strict build
        (log.error if problem.level == "error" else log.info if problem.rule == "incident-ended"
         else log.warning)(problem.format())
    if has_errors(problems):
        count = sum(p.level == "error" for p in problems)
        raise PluginError(f"{count} erreur(s) dans {options.trees_dir}/ ou {config_file.name} : rien n’a été "
                          "construit, corrigez les lignes ci-dessus")
    kb.incidents = live(kb.incidents, datetime.now(UTC))  # an incident over is not in the site at all
    return kb


class Pages:
    """One build's pages (made afresh by each ``on_config``)."""

    def __init__(self, options: KbToolsConfig, config: MkDocsConfig, kb: KnowledgeBase, *, serving: bool,
                 memo: Memo | None = None) -> None:
        self.options = options
        self.kb = kb
        self.serving = serving  # `mkdocs serve` shows editors a diagram of each tree; a build never does
        self.root = Path(config.config_file_path or ".").resolve().parent
        use_project(self.root)  # the public holidays kept in this project's .cache/, not the current folder's
        self.docs = Path(config.docs_dir).resolve()
        self.trees_dir = self.root / options.trees_dir
        custom = options.templates_dir or config.theme.custom_dir
        self.env = environment([self.root / custom] if custom else [])
        self.custom = self.root / custom if custom else None
        self.memo = memo or Memo(self.root)
        docs_folder = str(self.docs.relative_to(self.root)) if self.docs.is_relative_to(self.root) else str(self.docs)
        self.dates = last_change(self.root, [docs_folder, options.trees_dir])
        self.sources: dict[str, str] = {}  # built file -> the page or tree it comes from
        self.tree_files: dict[str, str] = {}  # generated page -> its tree
        self.category_files: dict[str, tuple[str, list[str]]] = {}  # category page -> its title and trees
        self.files = Files([])  # the site's files (add_files)

    def check_sources(self, config: MkDocsConfig) -> None:
        """Every page, file of docs/, symlink and the menu, checked as ``make check`` does
        (kb_tools/page_check.py, with MkDocs' own theme folders), before MkDocs empties
        site/ or copies a file: all the problems at once, located in the source file,
        before MkDocs would warn without a line."""
        problems = check_pages(self.root, self.kb, Path(config.config_file_path or "mkdocs.yml"), self.docs,
                               theme=[Path(d) for d in config.theme.dirs])
        stop([p for p in problems if p.level == "error"],
             "erreur(s) dans les pages ou les fichiers du site : rien n’a été construit, corrigez les lignes ci-dessus")

    def _article(self, tree_id: str, uri: str) -> str:
        content = render_article(self.env, self.kb, self.kb.trees[tree_id], uri)
        if self.serving:
            content += editor_diagram(self.kb, self.kb.trees[tree_id])
        return content

    def _article_context(self) -> list[str]:
        """What a tree's article is made of besides the tree itself (kb_tools/render_cache.py):
        the catalogues, the templates the site overrides, the build's month, and of every tree what
        another tree's article shows of it (where its links lead, its title, whether it is sensitive)."""
        kb = self.kb
        outline = [[t["id"], t["start"], sorted(t["nodes"]), t["sensitive"], t["category"], t["title"]]
                   for t in (kb.trees[i] for i in sorted(kb.trees))]
        templates = loader_digest(self.env)
        # the holidays of the flow's data are those from the build's month on (kb_tools/hours.py)
        return [canonical(self.catalogues()), canonical(outline), templates, "serve" if self.serving else "build",
                canonical(build_month())]

    def _source(self, tree_id: str) -> str:
        """What a tree's data is read from: its file's text (its data when it has none)."""
        doc = self.kb.documents.get(tree_id)
        return f"{doc.path}\n{doc.text}" if doc is not None and doc.text else canonical(self.kb.trees[tree_id])

    def trees_state(self) -> str:
        """A hash of every tree as read (what the pages showing flows or cards of the trees are made of)."""
        return digest(*(self._source(tree_id) for tree_id in sorted(self.kb.trees)))

    def catalogues(self) -> dict[str, Any]:
        """What every page may show of the project besides the trees (incidents: those not over)."""
        kb = self.kb
        return {"channels": kb.channels, "hours": kb.business_hours, "timezone": kb.timezone,
                "fields": kb.fields, "synonyms": kb.synonyms, "incidents": kb.incidents}

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """A page per tree. Each is left out of MkDocs' own menu check
        (``NOT_IN_NAV``) until ``place_in_nav`` has put it in the menu."""
        pages_dir = self.options.pages_dir
        # a page of docs/ at a generated page's address: check_sources stopped on it already (make check too)
        made = generated_pages(self.kb, pages_dir, _nav_paths(config.nav))
        stop(generated_page_problems([f.src_uri for f in files if f.is_documentation_page()], made,
                                     config.use_directory_urls, self.docs.name),
             "page(s) de docs/ à l’adresse d’une page générée : rien n’a été construit, corrigez-les")
        context = self._article_context()
        for tree_id in sorted(self.kb.trees):
            uri = f"{pages_dir}/{tree_id}.md"
            content = self.memo.get("article", [*context, self._source(tree_id), uri],
                                    lambda tree_id=tree_id, uri=uri: self._article(tree_id, uri))  # type: ignore[misc]
            file = File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            self.tree_files[uri] = tree_id
        self._add_categories(files, config)
        self.files = files
        self.sources = {f.dest_uri: f"{self.docs.name}/{f.src_uri}" for f in files if f.is_documentation_page()}
        self.sources.update({f"{pages_dir}/{t}/index.html": f"{self.options.trees_dir}/{t}.yml" for t in self.kb.trees})
        self.sources.update({f"{uri[:-len('index.md')]}index.html": f"{self.options.trees_dir}/{trees[0]}.yml"
                             for uri, (_, trees) in self.category_files.items()})
        return files

    def _add_categories(self, files: Files, config: MkDocsConfig) -> None:
        """A page per category when more than ``MAX_FLAT`` tree pages are not in ``nav:``
        (kb_tools/nav_order.py): ``place_in_nav`` files those trees under it, and the
        ones ``nav:`` lists in the guides' section with them (first, in ``nav:``'s order)."""
        listed = {self.tree_files.get(uri) for uri in _nav_paths(config.nav)} - {None}
        section = _section_guides(config.nav, self.tree_files)
        for uri, title, trees in category_pages(self.kb.trees, [t for t in listed if t is not None], section):
            content = category_markdown(title, trees, self.kb.trees, self.options.pages_dir)
            files.append(File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
            self.category_files[uri] = (title, trees)

    def place_in_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Tree pages ``nav:`` does not list join the section of the other tree
        pages (kb_tools/nav_order.py), or a section of their own (also without
        ``nav:``: MkDocs leaves generated pages out of its automatic menu); listed
        ones stay where the editor put them. Above ``MAX_FLAT`` of them, every guide
        of that section is filed by category, each category a sub-section headed by its page."""
        pages: dict[str, Page] = {}
        for uri in [*self.tree_files, *self.category_files]:
            file = files.get_file_from_path(uri)
            if file is not None and file.page is not None:
                pages[uri] = file.page
        listed = {id(page) for page in nav.pages}
        missing: dict[str, Any] = {self.tree_files[uri]: page for uri, page in pages.items()
                                   if uri in self.tree_files and id(page) not in listed}
        if missing:
            section = next((s for s in _sections(nav.items) if any(self._tree_of(c) for c in s.children)), None)
            if section is None:
                section = Section(SECTION_TITLE, [])
                nav.items.append(section)
            trees: dict[str, Any] = self.kb.trees
            if self.category_files:  # every guide of the section in its category's sub-section
                section.children = self._category_sections(section.children, missing, pages)
            else:
                children = list(section.children)
                order = section_order([self._tree_of(c) for c in children], missing, trees)
                section.children = [children[o] if isinstance(o, int) else missing[o] for o in order]
            for item in section.children:
                item.parent = section
            nav.pages = [item for item in _walk(nav.items) if isinstance(item, Page)]
            for before, page, after in zip([None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None], strict=True):
                page.previous_page, page.next_page = before, after
        for page in pages.values():  # now in the menu: an ordinary page
            page.file.inclusion = InclusionLevel.INCLUDED
        return nav

    def _category_sections(self, children: list[Any], missing: dict[str, Any], pages: dict[str, Page]) -> list[Any]:
        """The guides' section once filed by category: a sub-section per category (its page
        first, then its guides, listed ones first: ``_add_categories``), the sub-sections where
        the section's first guide was (at its end when it had none), its other items in place."""
        listed = {tree: child for child in children if (tree := self._tree_of(child)) is not None}
        subs: list[Any] = []
        for uri, (title, trees) in self.category_files.items():
            entries = [pages[uri], *(listed[t] if t in listed else missing[t] for t in trees if t in listed or t in missing)]
            sub = Section(title, entries)  # the theme writes it as it is: no markup in a category (head-markup)
            for entry in entries:
                entry.parent = sub
            subs.append(sub)
        filed = {id(page) for sub in subs for page in sub.children}
        at = next((n for n, child in enumerate(children) if id(child) in filed), len(children))
        kept = [child for child in children if id(child) not in filed]
        return [*kept[:at], *subs, *kept[at:]]

    def _tree_of(self, item: Any) -> str | None:
        return self.tree_files.get(item.file.src_uri) if isinstance(item, Page) else None

    def markdown(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """The page's date; its channel and flow markers replaced (checked in ``check_sources``)."""
        self._date(page)
        if page.file.src_uri == HOME_PAGE:
            markdown = _after_title(markdown, boxes(self.kb.incidents, HOME_PAGE, lambda i: self._flow_links(i, page)))
            markdown = embed_home_cards(markdown, self.kb, "", self.options.pages_dir)
        if has_channel_markers(markdown):
            markdown, _ = embed_channels(markdown, self.kb, display=page.file.src_uri)
        if not has_markers(markdown):
            return markdown
        markers, _ = find_markers(markdown, page.file.src_uri)
        if any(self.kb.trees.get(m.tree, {}).get("sensitive") for m in markers):
            page.meta["kb_sensitive"] = True  # a sensitive flow embedded: the page is sensitive (is_sensitive)
        result, _ = embed_flows(markdown, self.kb, self.env, page.file.src_uri, self.options.pages_dir,
                                display=page.file.src_uri)
        return result

    def _flow_links(self, incident: dict[str, Any], page: Page) -> list[tuple[str, str]]:
        """« Voir : … » under a box of the home page: each flow the incident affects, by MkDocs' URL
        from ``page`` (right at any depth, under any sub-path of the site)."""
        found = [(tree, self.files.get_file_from_path(f"{self.options.pages_dir}/{tree['id']}.md"))
                 for tree in affected_trees(self.kb, incident)]
        return [(tree["title"], file.url_relative_to(page.file)) for tree, file in found if file is not None]

    def page_feedback(self, page: Page, sent: bool = False) -> dict[str, str | None] | None:
        """« Cette page vous a-t-elle aidé ? » under an article (overrides/partials/kb-page-feedback.html):
        every page of docs/ but the home page and the flows (their outcomes ask on their own),
        unless its front matter says ``hide: [feedback]`` (Material's key). ``sent``: an endpoint is set."""
        hide = page.meta.get("hide")
        if page.file.src_uri in (HOME_PAGE, *self.tree_files) or (isinstance(hide, list) and "feedback" in hide):
            return None
        # « Non » leads to « Avant de nous contacter » (a site path: the template makes it relative)
        return page_feedback(f"{self.options.pages_dir}/{ROUTER}/" if ROUTER in self.kb.trees else None, sent)
    def is_sensitive(self, page: Page) -> bool:
        """A sensitive page: a sensitive tree's own page, a page that embeds one's
        flow, or front matter ``sensitive: true`` (« Quitter ce site », no trail)."""
        tree = self.kb.trees.get(str(page.meta.get("kb_tree") or ""))
        return bool(tree and tree["sensitive"]) or page.meta.get("sensitive") is True \
            or page.meta.get("kb_sensitive") is True

    def _date(self, page: Page) -> None:
        """« Dernière mise à jour » from git: the tree file for a flow, else the page;
        then « Vérifié le » when the tree or the page says ``reviewed:`` (kb_tools/review.py)."""
        tree = page.meta.get("kb_tree")
        if tree:
            source = f"{self.options.trees_dir}/{tree}.yml"
        elif self.docs.is_relative_to(self.root):
            source = (self.docs / page.file.src_uri).relative_to(self.root).as_posix()
        else:
            source = ""
        stamp = self.dates.get(source)
        facts = []
        if stamp:
            facts.append(f"Dernière mise à jour\u00a0: {french_date(stamp)}")
            page.update_date = iso_date(stamp)  # sitemap.xml lastmod
        reviewed = reviewed_date(self.kb.trees[tree]["reviewed"] if tree in self.kb.trees else page.meta.get("reviewed"))
        if reviewed is not None:  # checked before the build (a date, not in the future): no markup in it
            # Material writes it as it is, one item of its « source file » line: each date kept whole, the
            # two on one line, or one under the other on a phone (kb-flow.css: the « · » between them
            # then hidden, and glued to the date before it elsewhere: never at the start of a line)
            facts = [f'<span class="kb-date">{fact}</span>' for fact in facts]
            facts.append(f'<span class="kb-date kb-reviewed" data-kb-reviewed="{reviewed.isoformat()}">Vérifié le '
                         f'<time datetime="{reviewed.isoformat()}">{french_day(reviewed)}</time></span>')
            separator = '<span class="kb-dates__sep" aria-hidden="true">\u00a0· </span>'
            page.meta["revision_date"] = f'<span class="kb-dates">{separator.join(facts)}</span>'
        elif facts:
            page.meta["revision_date"] = facts[0]


def _after_title(markdown: str, block: str) -> str:
    """``block`` after the page's ``# title`` (or at its top): the known incidents of the home page."""
    if not block:
        return markdown
    lines = markdown.split("\n")
    at = next((n + 1 for n, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join([*lines[:at], block, *lines[at:]])


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _nav_paths(items: Any) -> Iterator[str]:
    """Every page path of ``nav:`` as mkdocs.yml writes it (lists, ``Title: path`` mappings)."""
    if isinstance(items, str):
        yield items
    elif isinstance(items, list):
        for item in items:
            yield from _nav_paths(item)
    elif isinstance(items, dict):
        for value in items.values():
            yield from _nav_paths(value)


def _section_guides(nav: Any, tree_files: Mapping[str, str]) -> list[str]:
    """The trees ``nav:`` lists in the section ``place_in_nav`` puts the others in
    (the first that holds a tree page itself), in ``nav:``'s order."""
    for paths in _nav_sections(nav):
        if found := [tree_files[path] for path in paths if path in tree_files]:
            return found
    return []


def _nav_sections(items: Any) -> Iterator[list[str]]:
    """The page paths each section of ``nav:`` holds itself (not its sub-sections'), in the
    order ``_sections`` walks the built menu (``nav:``'s top level is no section)."""
    for item in items if isinstance(items, list) else ():
        for value in item.values() if isinstance(item, dict) else ():
            if isinstance(value, list):
                yield [path for child in value for path in _nav_paths(child)
                       if isinstance(child, str) or (isinstance(child, dict) and not any(
                           isinstance(v, list) for v in child.values()))]
                yield from _nav_sections(value)


def _sections(items: list[Any]) -> Iterator[Section]:
    return (item for item in _walk(items) if isinstance(item, Section))
