"""The ``kb_tools`` MkDocs plugin: thin hooks handing the work to three parts.

- :mod:`.pages`: the trees loaded and checked, a page per tree placed in the
  menu, flows embedded in other pages, dates from git;
- :mod:`.search`: keywords and boosts added to Material's search index;
- :mod:`.publishing`: each page's content checked, FAQ JSON-LD, minified
  assets, the security policy, robots.txt.

One registered plugin with one set of options (like Material's own plugins):
the parts share the trees loaded once per build, and mkdocs.yml lists one
plugin. Each ``on_config`` makes the parts afresh, so nothing of a build
outlives it under ``mkdocs serve`` (MkDocs keeps plugin instances between
builds). Event priorities, not the order of mkdocs.yml, put the search index
after Material's search plugin and the checks of site/ after everything else.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import strings
from ..deploy_values import check_site_env, example_notice
from ..render_cache import Memo
from ..site_build import pause
from ..text import escape_html
from .config import QUICK_EXIT_DEFAULT, KbToolsConfig
from .incremental import Incremental
from .pages import Pages, load
from .publishing import Publishing
from .search import SearchEnrichment

#: Material's search plugin writes its index at the default priority (0).
AFTER_SEARCH = -50
BEFORE_SEARCH = 50
#: Minify and check site/ once every plugin has written its files.
LAST = -100


class KbToolsPlugin(BasePlugin[KbToolsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.serving = False
        self.pages: Pages | None = None
        self.search: SearchEnrichment | None = None
        self.publishing: Publishing | None = None
        self.memo: Memo | None = None  # what builds work out page by page, by hash (kb_tools/render_cache.py)
        self.incremental = Incremental()  # make serve: what a rebuild leaves as it is (.incremental)

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """The options, plus KB_SITE_URL: MkDocs reads it with !ENV and checks it
        loosely, without saying which variable held the value."""
        errors, warnings = super().load_config(options, config_file_path)
        path = Path(config_file_path or "mkdocs.yml")
        if path.is_file():
            for problem in check_site_env({"KB_SITE_URL": os.environ.get("KB_SITE_URL", "")}, path, path.name):
                errors.append(("KB_SITE_URL", ValidationError(problem.format())))
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.pages = self.search = self.publishing = None  # a build that stops here leaves nothing behind
        if not self.config.enabled:
            return config
        kb = load(self.config, config)
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        if self.memo is None or self.memo.root != root:
            self.memo = Memo(root)
        self.memo.start()
        self.pages = Pages(self.config, config, kb, serving=self.serving, memo=self.memo)
        self.search = SearchEnrichment(kb, self.config.pages_dir) if self.config.search_enrich else None
        self.publishing = Publishing(self.config, serving=self.serving, memo=self.memo)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.pages:
            self.pages.check_sources(config)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.pages:
            return files
        files = self.pages.add_files(files, config)
        if self.serving:
            self.incremental.files(files, config, self.pages.root, self.pages.trees_dir, self.pages.catalogues(),
                                   self.pages.dates, self.pages.trees_state())
        return files

    @event_priority(-50)  # late: after other plugins changed the menu, as Material's blog plugin does
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        nav = self.pages.place_in_nav(nav, config, files) if self.pages else nav
        self.incremental.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.search:
            self.search.read(page, markdown)
        return self.pages.markdown(markdown, page, config) if self.pages else markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.publishing.page_content(html, page, config) if self.publishing else html

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.serving and self.pages:
            for page in self.incremental.restore(files):  # pages MkDocs did not read again
                if self.search and page.markdown is not None:
                    self.search.read(page, page.markdown)
        if self.publishing:
            self.publishing.check_pages(files, config)
        return env

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """What overrides/main.html reads from kb_tools."""
        if page is not None:
            self.incremental.laid_out.add(page.file.src_uri)
        # announced to kb/outcome.js with a <meta> (checked by the config; escaped all the same,
        # the theme's templates do not escape)
        endpoint = self.config.feedback_endpoint if self.config.enabled else None
        context["kb_feedback_endpoint"] = escape_html(endpoint) if endpoint else None
        # plain text: main.html escapes it
        context["kb_example_notice"] = example_notice(self.pages.kb.channels) if self.pages else None
        # its thanks tells of what the answer is for only where it is sent
        context["kb_page_feedback"] = self.pages.page_feedback(page, bool(endpoint)) if self.pages else None
        # a sensitive page: « Quitter ce site » (main.html escapes the texts; the address is checked by the
        # config, and escaped all the same)
        sensitive = bool(self.pages and page and self.pages.is_sensitive(page))
        context["kb_quick_exit"] = {
            "href": escape_html(self.config.quick_exit_url or QUICK_EXIT_DEFAULT),
            "label": strings.get("quick_exit"),
            "hint_keys": strings.get("quick_exit_hint"), "hint_touch": strings.get("quick_exit_hint_touch"),
            "strings": {"two_more": strings.get("quick_exit_two_more"), "one_more": strings.get("quick_exit_one_more")},
        } if sensitive else None
        return context

    @event_priority(BEFORE_SEARCH)
    def _incremental(self, *, config: MkDocsConfig) -> None:
        if self.serving and self.pages:
            search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
            self.incremental.search_entries(search)
            self.incremental.finish(Path(config.site_dir))

    @event_priority(AFTER_SEARCH)
    def _write_search_index(self, *, config: MkDocsConfig) -> None:
        pause("during-mkdocs")  # every page written, nothing else: the interruption tests of make build stop here
        if self.search:
            self.search.write(Path(config.site_dir))

    @event_priority(LAST)
    def _publish(self, *, config: MkDocsConfig) -> None:
        if self.publishing and self.pages:
            self.publishing.publish(config, self.pages.sources)
        if self.memo:  # what this build did not use is stale (make serve: the files at its first build only)
            self.memo.sweep(disk=not self.serving or self.memo.sweeps == 0)
            self.memo.sweeps += 1

    on_post_build = CombinedEvent(_incremental, _write_search_index, _publish)

    def on_build_error(self, *, error: Exception) -> None:
        self.incremental.forget()  # the next build is whole

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.pages:
            server.watch(str(self.pages.trees_dir))
        return server
