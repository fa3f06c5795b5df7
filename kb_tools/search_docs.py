"""The site's search index computed from the sources, without MkDocs.

What ``make check`` ranks (kb_tools/search_moves.py): the documents
Material's search plugin would write (one per heading that has an id, its
title and its text), from the same Markdown the build renders (the pages of
``docs/`` with their flow and channel markers filled in, one page per tree
from its template), with the extensions of ``mkdocs.yml``; then enriched by
kb_tools/search_index.py exactly as the plugin does (keywords, synonyms,
boosts).

Known differences with a build: MkDocs' own Markdown extensions (relative
links) and the theme are not run, and a page's title falls back on its file
name where the build would take the menu's; the words each document holds
are the same.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from .channel_list import embed_channels, has_channel_markers
from .embed import embed_flows, has_markers
from .front_matter import BLOCK
from .model import KnowledgeBase
from .page_files import PAGE_SUFFIXES
from .render import environment, render_article
from .search_index import REFERENCE, defined_terms, enrich, tuning_for

_HEADINGS = {f"h{n}" for n in range(1, 7)}
_KEEP = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
_SKIP = {"object", "script", "style"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
#: Material's search fields before kb_tools/search_index.py weighs them.
_FIELDS = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml read without MkDocs: ``!ENV [NAME, default]`` gives its default."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) and node.value else None))


class _Section:
    def __init__(self, tag: str, depth: float, ident: str | None = None) -> None:
        self.tag, self.depth, self.id = tag, depth, ident
        self.title: list[str] = []
        self.text: list[str] = []


class _Sections(HTMLParser):
    """Material's search parser (material/plugins/search/plugin.py), the words only:
    a section per heading with an id, nested headings given back to their parent
    when their element closes, ``data-search-exclude`` and scripts left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.context: list[tuple[str, bool]] = []  # (tag, excluded)
        self.data: list[_Section] = []
        self.section: _Section | None = None
        self.heading: int | None = None  # context length inside the current section's heading

    def _current(self) -> _Section:
        if self.section is None:
            self.section = _Section("hx", 0)
            self.data.append(self.section)
        return self.section

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        named = dict(attrs)
        self.context.append((tag, tag in _SKIP or "data-search-exclude" in named))
        if tag in _HEADINGS and named.get("id"):
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self.data.append(_Section("hx", depth))
            self.section = _Section(tag, depth, named["id"] if self.data else None)
            self.data.append(self.section)
            self.heading = depth
        self._current()
        if tag in _KEEP:
            self._put(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.context or self.context[-1][0] != tag:
            return
        section = self._current()
        if section.depth > len(self.context):
            for previous in reversed(self.data):
                if previous.depth <= len(self.context):
                    section.depth = float("inf")
                    self.section = previous
                    break
        self.context.pop()
        if self.heading is not None and len(self.context) < self.heading:
            self.heading = None
        if tag in _KEEP:
            self._put(" ")

    def handle_data(self, data: str) -> None:
        self._put(escape(data.replace("\n", " "), quote=False))

    def _put(self, data: str) -> None:
        if any(excluded for _, excluded in self.context):
            return
        section = self._current()
        (section.title if self.heading is not None else section.text).append(data)


def sections(html: str, url: str, title: str) -> list[dict[str, str]]:
    """Material's documents for one page: location, title, text."""
    parser = _Sections()
    # what follows the last « > » holds no whole tag: text, given as such (html.parser
    # rescans an unclosed « <h1 » to the end at every « < », which is quadratic)
    cut = html.rfind(">") + 1
    parser.feed(html[:cut])
    parser.close()
    if html[cut:]:
        parser.handle_data(unescape(html[cut:]))
    docs = []
    for section in parser.data:
        heading = " ".join("".join(section.title).split()) or title
        docs.append({"location": f"{url}#{section.id}" if section.id else url, "title": heading,
                     "text": " ".join("".join(section.text).split())})
    return docs


def read_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def _plugin(config: Mapping[str, Any], name: str) -> dict[str, Any]:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    return {}


def _markdown(root: Path, config: Mapping[str, Any]) -> tuple[Callable[[], Any], str]:
    """A Markdown converter set up as ``mkdocs.yml`` says, and what its HTML depends on besides the page."""
    import markdown

    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in [*(config.get("markdown_extensions") or []), "toc", "tables", "fenced_code"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name in names:
            continue
        names.append(name)
        configs[name] = dict(options or {})
    snippets = configs.get("pymdownx.snippets")
    if snippets is not None:
        bases = snippets.get("base_path", ["."])
        snippets["base_path"] = [str(root / b) for b in ([bases] if isinstance(bases, str) else bases)]
    # what the HTML depends on besides the page: the settings, and the files snippets may pull in
    included = sorted((p.name, p.read_bytes()) for b in (snippets or {}).get("base_path", []) for p in Path(b).glob("*")
                      if p.is_file())
    made: list[Any] = []

    def converter() -> Any:  # set up on first use: pages converted before are read from HTML
        if not made:
            made.append(markdown.Markdown(extensions=names, extension_configs=configs))
        return made[0]

    return converter, repr((names, {k: v for k, v in configs.items() if k != "pymdownx.snippets"}, included))


def _split(source: str) -> tuple[dict[str, Any], str]:
    match = BLOCK.match(source)
    if match is None:
        return {}, source
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), source[match.end():]


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
#: Markdown already converted, by hash of the page and of the settings: the
#: committed state and the edited one share most pages (``search_moves`` keeps it in .cache/).
HTML: dict[str, str] = {}
#: The keys of ``HTML`` used since the process started.
USED: set[str] = set()


def _converted(md: tuple[Callable[[], Any], str], body: str) -> str:
    key = hashlib.sha256((md[1] + "\0" + body).encode("utf-8")).hexdigest()
    USED.add(key)
    if key not in HTML:
        HTML[key] = md[0]().reset().convert(body)
    return HTML[key]


def _url(uri: str) -> str:
    stem = uri.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def site_index(root: Path, kb: KnowledgeBase) -> dict[str, Any]:
    """The enriched index (``kb-search-index.json``) the build would write for ``root``."""
    config = read_config(root)
    options = _plugin(config, "kb_tools")
    pages_dir = str(options.get("pages_dir") or "parcours")
    docs_dir = root / str(config.get("docs_dir") or "docs")
    custom = options.get("templates_dir") or (config.get("theme") or {}).get("custom_dir")
    env = environment([root / str(custom)] if custom else [])
    md = _markdown(root, config)
    docs: list[dict[str, Any]] = []
    page_keywords: dict[str, list[str]] = {}
    references: dict[str, list[str]] = {}

    def add(uri: str, source: str) -> None:
        meta, body = _split(source)
        url = _url(uri)
        if isinstance(meta.get("keywords"), list):
            page_keywords[url] = [str(k) for k in meta["keywords"]]
        if meta.get("kind") == REFERENCE:
            references[url] = defined_terms(body)
        found = meta.get("search")
        search: dict[str, Any] = found if isinstance(found, dict) else {}
        if search.get("exclude"):
            return
        if has_channel_markers(body):
            body, _ = embed_channels(body, kb, display=uri)
        if has_markers(body):
            body, _ = embed_flows(body, kb, env, uri, pages_dir, display=uri)
        html = _converted(md, body)
        first = _H1.search(html)
        title = str(meta.get("title") or (_TAGS.sub("", first.group(1)).strip() if first else uri.rsplit("/", 1)[-1]))
        for doc in sections(html, url, title):
            if "boost" in search:
                doc["boost"] = search["boost"]
            docs.append(doc)

    for path in sorted(docs_dir.rglob("*")) if docs_dir.is_dir() else []:
        if path.name.endswith(PAGE_SUFFIXES) and path.is_file():
            try:
                add(path.relative_to(docs_dir).as_posix(), path.read_text(encoding="utf-8").removeprefix("\ufeff"))
            except (OSError, UnicodeDecodeError):  # the page checks report it
                continue
    for tree_id in sorted(kb.trees):
        add(f"{pages_dir}/{tree_id}.md", render_article(env, kb, kb.trees[tree_id], f"{pages_dir}/{tree_id}.md"))
    search = _plugin(config, "search")
    index = {"config": {"lang": ["fr"], "separator": str(search.get("separator") or r"[\s\-]+"),
                        "pipeline": list(search.get("pipeline") or []), "fields": _FIELDS}, "docs": docs}
    tuning = tuning_for(kb.trees, pages_dir, kb.synonyms, page_keywords, references)
    return enrich(index, tuning)


