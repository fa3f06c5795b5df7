"""What is published is what was checked: each page's content read and written
out again (kb_tools/page_html.py), titles that go into <head>, the FAQ's
JSON-LD, minified assets, the security policy (_headers and a <meta> per page)
and robots.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import head_text
from ..built_pages import Checked, attribute_refusal, check_built_pages, same_host
from ..cache import digest
from ..faq import faq_jsonld
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
from ..page_html import clean, locate, reserved_id
from ..problems import Problem
from ..render_cache import Memo, canonical
from .config import KbToolsConfig
from .stop import stop


class Publishing:
    """One build's checks (made afresh by each ``on_config``)."""

    def __init__(self, options: KbToolsConfig, *, serving: bool, memo: Memo) -> None:
        self.options = options
        self.serving = serving
        self.memo = memo
        self.content_problems: list[Problem] = []

    def page_content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """The page's HTML as the browser will read it; problems stop the build in ``check_pages``."""
        host = urlsplit(config.site_url or "").hostname
        # the same content under the same host is judged the same (kb_tools/render_cache.py)
        judged = self.memo.get("clean", [host or "", html], lambda: _judged(html, host))
        html, found = judged["html"], judged["found"]
        generated = page.file.generated_by is not None
        shown = (f"{self.options.trees_dir}/{Path(page.file.src_uri).stem}.yml" if generated
                 else f"{Path(config.docs_dir).name}/{page.file.src_uri}")
        for message, needle, rule in found:
            line, col = (1, 1) if generated else locate(page.file.content_string, needle)
            self.content_problems.append(Problem(shown, line, col, "error", message, rule))
        # overrides/main.html writes it as JSON-LD in the page head
        page.meta["kb_faq"] = faq_jsonld(html)
        return html

    def check_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Titles taken from a page's ``# heading`` go into <head> too: checked
        once every page is rendered, before any is written; with the content problems."""
        problems: list[Problem] = list(self.content_problems)
        for file in files.documentation_pages():
            page = file.page
            if page is None or not page.title or (char := head_text.title_markup(page.title)) is None:
                continue
            line = next((n for n, text in enumerate(file.content_string.splitlines(), start=1)
                         if text.startswith("# ")), 1)
            problems.append(Problem(f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{file.src_uri}", line, 1,
                                    "error", head_text.message("Le titre de la page", char), "head-markup"))
        stop(problems, "erreur(s) dans les titres ou le contenu des pages : rien n’a été publié")

    def publish(self, config: MkDocsConfig, sources: dict[str, str]) -> None:
        """site/ once every plugin wrote its files: minified, checked, its policy written."""
        site = Path(config.site_dir)
        if self.options.minify and config.theme.custom_dir:
            minify_assets(site, Path(config.theme.custom_dir))
        endpoint = self.options.feedback_endpoint
        connect = (origin(endpoint),) if endpoint else ()
        theme = [Path(d) for d in config.theme.dirs]
        known, own = known_scripts(theme), theme_scripts(theme)
        base, host = urlsplit(config.site_url or "/").path, urlsplit(config.site_url or "").hostname
        # a document checked before with the same text, scripts of the theme, base and host: the same answer
        rules = [canonical([p.pattern for p in known]), canonical(sorted(own)), base, host or ""]
        rules_digest = digest(*rules)

        def remember(shown: str, path: Path, work: Callable[[str], Checked]) -> Checked:
            stat = path.stat()
            seen = (shown, rules_digest, stat.st_mtime_ns, stat.st_size)
            if self.serving and seen in self.memo.seen:  # make serve: a page this session checked, not written since
                name = self.memo.seen[seen]
                self.memo.used.add(name)
                kept: list[Any] = self.memo.memory[name]
                return kept[0], kept[1]
            text = path.read_text(encoding="utf-8", errors="replace")
            name = self.memo.name("built", [*rules, shown, text])
            kept = self.memo.get_named(name, lambda: list(work(text)))
            self.memo.seen[seen] = name
            return kept[0], kept[1]

        hashes, problems = check_built_pages(site, known, own, base, host, remember)

        def in_site(problem: Problem) -> str:
            source = sources.get(problem.path)
            return f"{config.site_dir}/{problem.format()}" + (f" ; source : {source}" if source else "")

        stop(problems, "problème(s) dans les pages construites (script, attribut ou adresse que la politique de "
                       "sécurité n’autorise pas) : rien n’a été publié", in_site)
        (site / "_headers").write_text(headers_file(security_headers(hashes, connect)), encoding="utf-8")
        if not self.serving:  # `mkdocs serve` adds its own live-reload script to every page
            missed = add_policy_meta(site, content_security_policy(hashes, connect, meta=True))
            stop([Problem(page, 1, 1, "error", "l’en-tête de la page n’est pas celui du thème : la politique de "
                          "sécurité n’a pas pu y être écrite", "inline-script") for page in missed],
                 "page(s) sans la politique de sécurité : rien n’a été publié", in_site)
        if config.site_url:
            robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url.rstrip('/')}/sitemap.xml\n"
            (site / "robots.txt").write_text(robots, encoding="utf-8")


def _judged(html: str, host: str | None) -> dict[str, Any]:
    """A page's content written out again by the markup judge, and what it refused."""
    cleaned, found = clean(html, lambda tag, name, value, kept: reserved_id(name, value) or attribute_refusal(
        tag, name, value, kept, lambda url: same_host(url, host)))
    return {"html": cleaned, "found": [list(item) for item in found]}
