"""The anchors of a page, as MkDocs finds them: every ``id`` of the page's HTML
(headings' ids from the ``toc`` extension's slugify, ``{ #id }`` of
attr_list, ids written in HTML) and ``<a name>``.

The page goes through Python-Markdown with the extensions of mkdocs.yml, the
way MkDocs renders it, rather than through a copy of their rules: an anchor
is valid here exactly when the built page holds it. Only pages some link
names with an anchor are rendered, each once.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown

from .front_matter import BLOCK
from .site_config import BUILTIN_EXTENSIONS, SiteConfig


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


def html_ids(html: str) -> set[str]:
    """The ids of ``html``. What follows its last ``>`` holds no whole tag, so no
    id: it is not read (html.parser rescans an unclosed ``<h1 `` to the end at
    every ``<``, which is quadratic)."""
    parser = _Ids()
    parser.feed(html[:html.rfind(">") + 1])
    parser.close()
    return parser.ids


def _converter(config: SiteConfig, root: Path) -> markdown.Markdown:
    """Python-Markdown set up as mkdocs.yml says; snippets read from the project's
    folders. An extension that does not load is left out (the build says why)."""
    configs = {name: dict(options) for name, options in config.extension_configs.items()}
    if "pymdownx.snippets" in configs:
        configs["pymdownx.snippets"]["base_path"] = [str(root / d) for d in config.snippet_dirs]
        configs["pymdownx.snippets"]["auto_append"] = []  # abbreviations: no anchor
    try:
        return markdown.Markdown(extensions=config.extensions, extension_configs=configs)
    except Exception:  # an extension mkdocs.yml names but this machine lacks
        return markdown.Markdown(extensions=list(BUILTIN_EXTENSIONS),
                                 extension_configs={k: v for k, v in configs.items() if k in BUILTIN_EXTENSIONS})


class Anchors:
    """The ids of each page (by its path under docs/), rendered on first use.
    ``source(uri)`` gives the Markdown MkDocs renders for ``uri``, or None."""

    def __init__(self, config: SiteConfig, root: Path, source: Callable[[str], str | None]) -> None:
        self.config = config
        self.root = root
        self.source = source
        self.found: dict[str, set[str] | None] = {}
        self._md: markdown.Markdown | None = None

    def of(self, uri: str) -> set[str] | None:
        """The ids of page ``uri``; None when it cannot be rendered (its own problem is reported)."""
        if uri not in self.found:
            self.found[uri] = self._render(uri)
        return self.found[uri]

    def _render(self, uri: str) -> set[str] | None:
        text = self.source(uri)
        if text is None:
            return None
        match = BLOCK.match(text)
        if match:
            text = text[match.end():]
        if self._md is None:
            self._md = _converter(self.config, self.root)
        try:
            return html_ids(self._md.reset().convert(text))
        except Exception:  # e.g. a missing snippet: reported by its own rule
            return None
