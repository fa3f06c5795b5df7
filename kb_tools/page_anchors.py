"""The anchors of a page, as MkDocs finds them: every ``id`` of the page's HTML
(headings' ids from the ``toc`` extension's slugify, ``{ #id }`` of
attr_list, ids written in HTML) and ``<a name>``.

The page goes through Python-Markdown with the extensions of mkdocs.yml, the
way MkDocs renders it, rather than through a copy of their rules: an anchor
is valid here exactly when the built page holds it. Only pages some link
names with an anchor are rendered, each once.

``make check`` keeps each page's ids in .cache/anchors/ (kb_tools/cache.py):
under the hash of the Markdown rendered, in a file named by the hash of all
else the ids depend on (the extensions and their options, the snippets'
files, the installed packages, the project's own extensions' code, Python).
A page unchanged is then not rendered again, and Python-Markdown and its
extensions are not even imported (100 ms of a 0.4 s check).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .front_matter import BLOCK
from .site_config import BUILTIN_EXTENSIONS, SiteConfig

if TYPE_CHECKING:
    import markdown

KIND = "anchors"
#: The pages' ids kept besides those of the last check (each edit of a linked page is a new entry).
KEEP_PAGES = 256


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
    import markdown

    configs = {name: dict(options) for name, options in config.extension_configs.items()}
    if "pymdownx.snippets" in configs:
        configs["pymdownx.snippets"]["base_path"] = [str(root / d) for d in config.snippet_dirs]
        configs["pymdownx.snippets"]["auto_append"] = []  # abbreviations: no anchor
    try:
        return markdown.Markdown(extensions=config.extensions, extension_configs=configs)
    except Exception:  # an extension mkdocs.yml names but this machine lacks
        return markdown.Markdown(extensions=list(BUILTIN_EXTENSIONS),
                                 extension_configs={k: v for k, v in configs.items() if k in BUILTIN_EXTENSIONS})


def _code_state(folder: Path) -> list[str]:
    """The names, sizes and dates of the Python files under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append(f"{path.relative_to(folder).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return found


def setup_key(config: SiteConfig, root: Path) -> str:
    """The hash of everything a page's ids depend on besides its Markdown: the
    extensions and their options, the bytes of the snippets' folders, the
    packages installed beside Python-Markdown (their dist-info names: any
    install or upgrade changes them), the code of an extension found elsewhere
    (the project's own, as kb_tools.typography), and Python's version."""
    parts: list[str] = [sys.version, str(root),
                        json.dumps([config.extensions, config.extension_configs], sort_keys=True, default=str)]
    snippets = [p for d in config.snippet_dirs if (root / d).is_dir() for p in sorted((root / d).rglob("*"))
                if p.is_file()]
    parts.append(cache.files_digest(snippets))
    folders: dict[Path, str] = {}
    for top in ["markdown", *sorted({name.split(".")[0] for name in config.extensions if "." in name})]:
        try:
            spec = find_spec(top)
        except (ImportError, ValueError):
            spec = None
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        if not locations:
            parts.append(f"{top}: not found")
            continue
        package = Path(locations[0])
        if package.parent not in folders:
            dists = sorted(p.name for p in package.parent.glob("*.dist-info"))
            folders[package.parent] = "installed" if dists else "project"
            parts += [f"{package.parent}:", *dists]
        if folders[package.parent] == "project":  # not an installed package: its code itself
            parts += [f"{package}:", *_code_state(package)]
    return cache.digest(*parts)


class Anchors:
    """The ids of each page (by its path under docs/), rendered on first use.
    ``source(uri)`` gives the Markdown MkDocs renders for ``uri``, or None.
    ``keep``: read the ids in the project's .cache/anchors/, and write them there
    with :meth:`save` once every link is checked (``make check``)."""

    def __init__(self, config: SiteConfig, root: Path, source: Callable[[str], str | None], *,
                 keep: bool = False) -> None:
        self.config = config
        self.root = root
        self.source = source
        self.found: dict[str, set[str] | None] = {}
        self._md: markdown.Markdown | None = None
        self.keep = keep
        self._setup: str | None = None
        self._kept: dict[str, list[str]] = {}
        self._used: dict[str, list[str]] = {}  # this check's pages, kept or rendered
        self._new = False  # a page was rendered: save() has something to write

    def _known(self, text: str) -> set[str] | None:
        """The ids kept for ``text`` in this setup, or None."""
        if self._setup is None:
            self._setup = setup_key(self.config, self.root)
            kept = cache.read(self.root, KIND, self._setup)
            if isinstance(kept, dict):
                self._kept = {k: v for k, v in kept.items()
                              if isinstance(v, list) and all(isinstance(i, str) for i in v)}
        key = cache.digest(text)
        ids = self._kept.get(key)
        if ids is None:
            return None
        self._used[key] = ids
        return set(ids)

    def save(self) -> None:
        """Write what was rendered anew in .cache/anchors/, after what was kept: the pages this
        check needed last, older ones dropped beyond ``KEEP_PAGES`` (or twice the pages needed)."""
        if self._setup is None or not self._new:
            return
        kept = {k: v for k, v in self._kept.items() if k not in self._used}
        kept.update(self._used)
        limit = max(KEEP_PAGES, 2 * len(self._used))
        cache.write(self.root, KIND, self._setup, dict(list(kept.items())[-limit:]), prune="*.json")
        self._new = False

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
        if self.keep and (known := self._known(text)) is not None:
            return known
        if self._md is None:
            self._md = _converter(self.config, self.root)
        try:
            ids = html_ids(self._md.reset().convert(text))
        except Exception:  # e.g. a missing snippet: reported by its own rule
            return None
        if self.keep:
            self._used[cache.digest(text)] = sorted(ids)
            self._new = True
        return ids
