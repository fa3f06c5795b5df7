"""Generate one page per decision tree during the MkDocs build.

The hooks stay thin: loading, validation and rendering are kb_tools' core.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import head_text
from ..built_pages import attribute_refusal, check_built_pages, docs_file_problems, same_host
from ..deploy_values import check_site_env, site_url_problems
from ..embed import check_embeds, embed_flows, has_markers
from ..faq import faq_jsonld
from ..front_matter import check_page
from ..git_dates import french_date, iso_date, last_change
from ..headers import (
    add_policy_meta,
    content_security_policy,
    headers_file,
    known_scripts,
    origin,
    security_headers,
    theme_scripts,
)
from ..minify import minify_assets
from ..model import KnowledgeBase
from ..page_files import read_pages
from ..page_html import clean, locate
from ..problems import Problem, has_errors
from ..project import load_project
from ..render import editor_diagram, environment, render_article
from ..search_index import FULL_INDEX, dumps, enrich, split, tuning_for
from ..site_build import pause
from ..text import escape_html
from .config import KbToolsConfig

log = logging.getLogger("mkdocs.plugins.kb_tools")


def _stop(problems: list[Problem], summary: str, shown: Callable[[Problem], str] = Problem.format) -> None:
    """Every problem on the log, then the build stops (``summary`` after their count); nothing if none."""
    if problems:
        for problem in problems:
            log.error(shown(problem))
        raise PluginError(f"{len(problems)} {summary}")


class KbToolsPlugin(BasePlugin[KbToolsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.trees_dir = Path("trees")
        self.template_dirs: list[Path] = []
        self.page_keywords: dict[str, list[str]] = {}
        self.dates: dict[str, int] = {}
        self.root = Path(".")
        self.serving = False
        self.sources: dict[str, str] = {}  # built file -> the page or tree it comes from
        self.content_problems: list[Problem] = []

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
        # `mkdocs serve` shows editors a diagram of each tree; a build never does
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.content_problems = []
        if not self.config.enabled:
            return config
        root = self.root = Path(config.config_file_path or ".").resolve().parent
        self.trees_dir = root / self.config.trees_dir
        custom = self.config.templates_dir or config.theme.custom_dir
        self.template_dirs = [root / custom] if custom else []
        config_file = Path(config.config_file_path or "mkdocs.yml")
        kb, problems = load_project(self.trees_dir)
        problems += head_text.config_problems(
            config_file.read_text(encoding="utf-8") if config_file.is_file() else "", config_file.name,
            {**{key: dict(config.theme) if key == "theme" else config[key] for key in head_text.CONFIG_TEXTS},
             "markdown_extensions": {"toc": {"title": config.mdx_configs.get("toc", {}).get("title")}}},
            config["nav"])
        if config.site_url and not any(p.message.startswith("KB_SITE_URL") for p in problems):
            # written in mkdocs.yml (KB_SITE_URL is checked by load_project): canonical links, sitemap, robots.txt
            problems += site_url_problems(config.site_url, config.config_file_path or "mkdocs.yml", os.environ)
        for problem in problems:
            (log.error if problem.level == "error" else log.warning)(problem.format())
        if has_errors(problems):
            count = sum(p.level == "error" for p in problems)
            raise PluginError(
                f"{count} erreur(s) dans {self.config.trees_dir}/ ou {config_file.name} : rien n'a été construit, "
                "corrigez les lignes ci-dessus"
            )
        self.kb = kb
        docs = Path(config.docs_dir).resolve()
        self.dates = last_change(root, [str(docs.relative_to(root)) if docs.is_relative_to(root) else str(docs),
                                        self.config.trees_dir])
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Front matter and flow markers of every page, before MkDocs empties
        site/: all the problems at once, located in the source file."""
        if not self.config.enabled or self.kb is None:
            return
        docs = Path(config.docs_dir).resolve()
        inside = self.root if docs.is_relative_to(self.root) else docs

        def display(path: Path) -> str:
            return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

        problems: list[Problem] = []
        # every page MkDocs will read: a folder named x.md, a symlink to nothing or out of the project,
        # a page not in UTF-8 are located problems here, never a traceback
        for _path, shown, source, found in read_pages(docs, inside, display):
            problems += found
            if source is not None:
                problems += check_page(source, shown)
                problems += check_embeds(source, self.kb, shown)
        _stop(sorted(problems), "erreur(s) dans les pages : rien n'a été construit, corrigez les lignes ci-dessus")

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.kb is None:
            return files
        docs = Path(config.docs_dir).resolve()
        problems = docs_file_problems([f.src_uri for f in files if Path(f.abs_src_path or "").is_relative_to(docs)],
                                      [Path(d) for d in config.theme.dirs], docs.name)
        _stop(problems, f"fichier(s) refusé(s) dans {docs.name}/ : rien n'a été construit")
        env = environment(self.template_dirs)
        for tree_id in sorted(self.kb.trees):
            uri = f"{self.config.pages_dir}/{tree_id}.md"
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"docs/{uri} existe déjà : l'arbre {tree_id} génère cette page")
            content = render_article(env, self.kb, self.kb.trees[tree_id])
            if self.serving:
                content += editor_diagram(self.kb, self.kb.trees[tree_id])
            files.append(File.generated(config, uri, content=content))
        self.sources = {f.dest_uri: f"{docs.name}/{f.src_uri}" for f in files if f.is_documentation_page()}
        self.sources.update({f"{self.config.pages_dir}/{t}/index.html": f"{self.config.trees_dir}/{t}.yml"
                             for t in self.kb.trees})
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.kb is None:
            return markdown
        self._date(page, config)
        keywords = page.meta.get("keywords")
        if isinstance(keywords, list):  # articles' front matter, for search
            self.page_keywords[page.url] = [str(k) for k in keywords]
        if not has_markers(markdown):
            return markdown
        result, _ = embed_flows(markdown, self.kb, environment(self.template_dirs), page.file.src_uri,
                                self.config.pages_dir, display=page.file.src_uri)  # checked in on_files
        return result

    def _date(self, page: Page, config: MkDocsConfig) -> None:
        """« Dernière mise à jour » from git: the tree file for a flow, else the page."""
        tree = page.meta.get("kb_tree")
        if tree:
            source = f"{self.config.trees_dir}/{tree}.yml"
        else:
            docs = Path(config.docs_dir).resolve()
            source = (docs / page.file.src_uri).relative_to(self.root).as_posix() if docs.is_relative_to(self.root) else ""
        stamp = self.dates.get(source)
        if stamp:
            page.meta["revision_date"] = f"Dernière mise à jour\u00a0: {french_date(stamp)}"
            page.update_date = iso_date(stamp)  # sitemap.xml lastmod

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Titles taken from a page's ``# heading`` go into <head> too: checked
        once every page is rendered, before any is written."""
        if not self.config.enabled:
            return env
        problems: list[Problem] = list(self.content_problems)
        for file in files.documentation_pages():
            page = file.page
            if page is None or not page.title or (char := head_text.title_markup(page.title)) is None:
                continue
            line = next((n for n, text in enumerate(file.content_string.splitlines(), start=1)
                         if text.startswith("# ")), 1)
            problems.append(Problem(f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{file.src_uri}", line, 1,
                                    "error", head_text.message("Le titre de la page", char), "head-markup"))
        _stop(problems, "erreur(s) dans les titres ou le contenu des pages : rien n'a été publié")
        return env

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        # overrides/main.html announces it to kb-flow.js with a <meta>
        # (checked by the config; escaped all the same, the theme's templates do not escape)
        endpoint = self.config.feedback_endpoint if self.config.enabled else None
        context["kb_feedback_endpoint"] = escape_html(endpoint) if endpoint else None
        return context

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return html
        # what the browser will read is what was checked (kb_tools/page_html.py); problems stop the build in on_env
        host = urlsplit(config.site_url or "").hostname
        html, found = clean(html, lambda tag, name, value, kept: attribute_refusal(
            tag, name, value, kept, lambda url: same_host(url, host)))
        generated = page.file.generated_by is not None
        shown = (f"{self.config.trees_dir}/{Path(page.file.src_uri).stem}.yml" if generated
                 else f"{Path(config.docs_dir).name}/{page.file.src_uri}")
        for message, needle, rule in found:
            line, col = (1, 1) if generated else locate(page.file.content_string, needle)
            self.content_problems.append(Problem(shown, line, col, "error", message, rule))
        # overrides/main.html writes it as JSON-LD in the page head
        page.meta["kb_faq"] = faq_jsonld(html)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.kb is None:
            return
        pause("during-mkdocs")  # the interruption tests of make build stop here
        site = Path(config.site_dir)
        # runs after Material's search plugin (listed before kb_tools) wrote its index
        path = site / "search" / "search_index.json"
        if self.config.search_enrich and path.is_file():
            index = json.loads(path.read_text(encoding="utf-8"))
            tuning = tuning_for(self.kb.trees, self.config.pages_dir, self.kb.synonyms, self.page_keywords)
            stub, full = split(enrich(index, tuning))
            for target, data in ((path.with_name(FULL_INDEX), full), (path, stub)):
                target.write_text(dumps(data), encoding="utf-8")
        if self.config.minify:
            minify_assets(site)
        connect = (origin(self.config.feedback_endpoint),) if self.config.feedback_endpoint else ()
        theme = [Path(d) for d in config.theme.dirs]
        hashes, problems = check_built_pages(site, known_scripts(theme), theme_scripts(theme),
                                             urlsplit(config.site_url or "/").path,
                                             urlsplit(config.site_url or "").hostname)
        def in_site(problem: Problem) -> str:
            source = self.sources.get(problem.path)
            return f"{config.site_dir}/{problem.format()}" + (f" ; source : {source}" if source else "")

        _stop(problems, "problème(s) dans les pages construites (script, attribut ou adresse que la politique de "
                        "sécurité n'autorise pas) : rien n'a été publié", in_site)
        (site / "_headers").write_text(headers_file(security_headers(hashes, connect)), encoding="utf-8")
        if not self.serving:  # `mkdocs serve` adds its own live-reload script to every page
            missed = add_policy_meta(site, content_security_policy(hashes, connect, meta=True))
            _stop([Problem(page, 1, 1, "error", "l'en-tête de la page n'est pas celui du thème : la politique de "
                           "sécurité n'a pas pu y être écrite", "inline-script") for page in missed],
                  "page(s) sans la politique de sécurité : rien n'a été publié", in_site)
        if config.site_url:
            robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url.rstrip('/')}/sitemap.xml\n"
            (site / "robots.txt").write_text(robots, encoding="utf-8")

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(str(self.trees_dir))
        return server
