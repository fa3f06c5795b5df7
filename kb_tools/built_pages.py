"""What the built pages may hold, read with a real HTML parser.

The last line of defence, after every check of the sources: whatever a page,
a tree, the theme or a deployment value put into ``site/``, a page is
published only if

- each ``<script>`` is either a file of the theme (``own_scripts``, never a
  file copied from ``docs/``) or an inline script that a template of the
  theme writes (``known``, see ``kb_tools.headers.known_scripts``), which is
  then hashed for the Content-Security-Policy; data blocks
  (``application/json``, ``application/ld+json``) never run and are skipped;
- no element has an event attribute (``onclick``...), and no link or
  resource address uses a scheme that runs code (``javascript:``...), as
  ``kb_tools.links`` decides it;
- no element changes where the page or its links lead or embeds another
  document (``base``, ``meta http-equiv``, ``iframe``, ``object``...);
- nothing is loaded from another host (images, scripts, styles, forms):
  no page calls a third party.

Problems are located in the built file (``path:line:col``); the caller says
where they come from.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import astuple
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from .links import decode, refusal
from .page_files import PAGE_SUFFIXES
from .problems import Problem

#: Files of the site that a browser reads as a document and could run script from.
DOCUMENT_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".xml", ".xsl", ".xslt")
#: ``<script type>`` values that are data, never run.
DATA_TYPES = frozenset({"application/json", "application/ld+json"})
#: Elements no page holds, the theme's parts included: they change where the
#: page or its links lead, embed another document, or animate an address.
NOWHERE = frozenset({"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
                     "foreignobject", "animate", "set", "animatemotion", "animatetransform", "handler", "listener"})
#: Attributes that hold an address.
_URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "ping",
    "manifest", "longdesc", "icon", "lowsrc", "dynsrc", "codebase", "archive", "srcset", "imagesrcset",
})
#: Of those, the ones the browser loads by itself (the others are followed on a click).
_LOADED = frozenset({"src", "data", "poster", "background", "srcset", "imagesrcset", "manifest", "icon",
                     "lowsrc", "dynsrc", "codebase", "archive", "action", "formaction"})
_LOADED_LINKS = frozenset({"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                           "preconnect", "dns-prefetch", "apple-touch-icon", "mask-icon"})
_IMAGE_ADDRESSES = frozenset({"src", "srcset", "poster"})
_SRCSET_URL = re.compile(r"(?:^|,)\s*(\S+)")

INLINE_SCRIPT = "inline-script"
UNSAFE_HTML = "unsafe-html"
FOREIGN_HOST = "foreign-host"


def _hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


class _PageReader(HTMLParser):
    def __init__(self, page: PurePosixPath, check: _SiteCheck) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.site = check
        self.script: tuple[int, int, bool] | None = None  # where it starts, whether it runs
        self.body: list[str] = []

    def problem(self, message: str, rule: str, at: tuple[int, int] | None = None) -> None:
        line, col = at or self.getpos()
        self.site.problems.append(Problem(self.page.as_posix(), line, col + 1, "error", message, rule))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")  # the browser keeps the first of two
        tag = tag.rsplit(":", 1)[-1]  # <h:script xmlns:h="...xhtml">, in XML documents
        if tag in NOWHERE:
            self.problem(f"élément <{tag}> refusé : il change la destination des liens ou intègre "
                         "un autre document ; retirez-le de la page", UNSAFE_HTML)
        if tag == "meta" and "http-equiv" in values:
            self.problem(f"<meta http-equiv=\"{values['http-equiv'][:30]}\"> refusé : une page ne fixe ni "
                         "redirection ni en-tête ; retirez-le", UNSAFE_HTML)
        for name, value in values.items():
            self.attribute(tag, name, value, values)
        if tag == "script":
            self.start_script(values)

    handle_startendtag = handle_starttag

    def attribute(self, tag: str, name: str, value: str, values: dict[str, str]) -> None:
        wrong = attribute_refusal(tag, name, value, values, self.site.same_host)
        if wrong:
            self.problem(*wrong)

    def start_script(self, values: dict[str, str]) -> None:
        line, col = self.getpos()
        source = next((values[k] for k in ("src", "href", "xlink:href") if k in values), None)  # SVG: href
        if source is not None:
            if not self.site.own_script(self.page, source):
                self.problem(f"script « {source[:60]} » qui n’est pas un fichier JavaScript du thème ; "
                             "il vient sans doute d’une page ou d’un arbre : retirez-le", INLINE_SCRIPT)
            self.script = (line, col, False)
        else:
            self.script = (line, col, values.get("type", "").strip().lower() not in DATA_TYPES)
        self.body = []

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self.script is None:
            return
        line, col, runs = self.script
        body = "".join(self.body)
        self.script = None
        if not runs or not body.strip():
            return
        if any(pattern.fullmatch(body) for pattern in self.site.known):
            self.site.hashes.add(_hash(body))
            return
        snippet = " ".join(body.split())[:60]
        self.problem(f"script en ligne qu’aucun gabarit du thème n’écrit (« {snippet} ») ; "
                     "il vient sans doute d’une page ou d’un arbre : retirez-le", INLINE_SCRIPT, (line, col))

    def close(self) -> None:
        super().close()
        if self.script is not None and self.script[2]:  # never closed: the browser runs it all the same
            line, col, _ = self.script
            self.problem("script en ligne jamais fermé ; retirez-le", INLINE_SCRIPT, (line, col))


def same_host(url: str, host: str | None) -> bool:
    """Whether ``url`` stays on the site (a path, or the site's own ``host``)."""
    target = decode(url)
    if target.startswith("//"):
        target = "https:" + target
    parts = urlsplit(target)
    return not parts.netloc or (host is not None and parts.hostname == host)


def attribute_refusal(tag: str, name: str, value: str, values: dict[str, str],
                      same_host: Callable[[str], bool]) -> tuple[str, str] | None:
    """``(what is wrong, rule)`` with the attribute ``name="value"`` of ``<tag>``
    (``values``: the element's attributes), or None. Names are compared
    without their prefix (``xlink:href``, ``h:script``)."""
    local_tag, local = tag.rsplit(":", 1)[-1], name.rsplit(":", 1)[-1]
    if local.startswith("on"):
        return f"attribut « {name} » refusé : il exécute du code ; retirez-le", UNSAFE_HTML
    if local not in _URL_ATTRIBUTES or (local_tag == "script" and local in ("src", "href")):
        return None  # a script's address may only name a file of the theme: _PageReader.start_script
    urls = [m.group(1) for m in _SRCSET_URL.finditer(value)] if local.endswith("srcset") else [value]
    for url in urls:
        reason = refusal(url)
        if reason == "data:" and local in _IMAGE_ADDRESSES and decode(url).lower().startswith("data:image/"):
            continue  # an image written into the page (img-src allows data:); it runs nothing
        if reason and reason != "//":
            return (f"adresse « {reason} » refusée dans « {name} » : seuls http(s), mailto, tel "
                    "et les pages du site sont permis", UNSAFE_HTML)
        rels = set(values.get("rel", "").lower().split())
        loaded = local in _LOADED or (local_tag in ("image", "use", "feimage")) or (local_tag == "link" and _LOADED_LINKS & rels)
        if (loaded or local_tag in ("form", "button") or local == "ping") and not same_host(url):
            return (f"« {url[:60]} » est chargé depuis un autre site : aucune page n’appelle de "
                    "tiers ; copiez la ressource dans le site ou retirez-la", FOREIGN_HOST)
    return None


class _SiteCheck:
    def __init__(self, known: Collection[re.Pattern[str]], own_scripts: Collection[str], base_path: str,
                 site_host: str | None) -> None:
        self.known = known
        self.own = frozenset(own_scripts)
        self.base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.host = site_host
        self.hashes: set[str] = set()
        self.problems: list[Problem] = []

    def site_path(self, page: PurePosixPath, url: str) -> str | None:
        """The file of the site that ``url`` names from ``page``, or None if it leaves the site."""
        path = unquote(decode(url).split("#", 1)[0].split("?", 1)[0])
        if not path or urlsplit(path).scheme or path.startswith("//"):
            return None
        if path.startswith("/"):
            if not path.startswith(self.base):
                return None
            parts = PurePosixPath(path.removeprefix(self.base)).parts
        else:
            parts = (page.parent / path).parts
        resolved: list[str] = []
        for part in parts:
            if part == "..":
                if not resolved:
                    return None
                resolved.pop()
            elif part not in (".", ""):
                resolved.append(part)
        return "/".join(resolved)

    def own_script(self, page: PurePosixPath, src: str) -> bool:
        return self.site_path(page, src) in self.own

    def same_host(self, url: str) -> bool:
        return same_host(url, self.host)


#: One document's check: the hashes of its known inline scripts, and its problems (as lists: JSON).
Checked = tuple[list[str], list[list[Any]]]


def check_built_pages(site: Path, known: Collection[re.Pattern[str]], own_scripts: Collection[str],
                      base_path: str = "/", site_host: str | None = None,
                      remember: Callable[[str, Path, Callable[[str], Checked]], Checked] | None = None,
                      ) -> tuple[list[str], list[Problem]]:
    """The hashes of the known inline scripts of every page, and every problem
    of every document of ``site`` (see the module's text).

    ``own_scripts``: the site paths of the theme's JavaScript files;
    ``base_path``: where the site is served (the 404 page uses absolute
    addresses); ``site_host``: the published site's own host, if known;
    ``remember(shown, path, work)``: the check of one document, kept by its text
    (kb_tools/render_cache.py), else ``work(its text)``."""
    hashes: set[str] = set()
    problems: list[Problem] = []
    for path in sorted(p for p in site.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file()):
        shown = PurePosixPath(path.relative_to(site).as_posix())

        def work(text: str, shown: PurePosixPath = shown) -> Checked:
            check = _SiteCheck(known, own_scripts, base_path, site_host)
            _read_text(text, shown, check)
            return sorted(check.hashes), [list(astuple(p)) for p in check.problems]

        found, wrong = remember(shown.as_posix(), path, work) if remember else work(_text(path))
        hashes.update(found)
        problems += [Problem(*p) for p in wrong]
    return sorted(hashes), sorted(problems)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _read_text(text: str, shown: PurePosixPath, check: _SiteCheck) -> None:
    reader = _PageReader(shown, check)
    reader.feed(text)
    reader.close()


def _read_document(path: Path, shown: PurePosixPath, check: _SiteCheck) -> None:
    _read_text(_text(path), shown, check)


def copied_document_problems(path: Path, shown: str) -> list[Problem]:
    """What :func:`check_built_pages` will find in a document ``docs/`` publishes
    as it is (an SVG image), found before the build: no script of the theme
    is in it, and no host is the site's own."""
    check = _SiteCheck((), (), "/", None)
    try:
        _read_document(path, PurePosixPath(shown), check)
    except OSError:
        return []  # unreadable: the build says so
    return sorted(check.problems)


#: What ``docs/`` may hold besides its Markdown pages: images and PDF files,
#: never a document a browser would run (.html, .xml, .svg is read by the check) or a script.
PUBLISHED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg", ".pdf"})


def docs_file_problems(uris: Collection[str], theme_dirs: Collection[Path], docs_name: str) -> list[Problem]:
    """Files of ``docs/`` (site paths ``uris``) that are neither pages nor
    images or PDF files (a script, a raw HTML page...), or that would take the
    place of one of the theme's files (the theme never overrides ``docs/``).
    Called by ``make check`` and the build alike (kb_tools/page_check.py)."""
    problems = []
    for uri in sorted(uris):
        suffix = PurePosixPath(uri).suffix.lower()
        if uri.lower().endswith(PAGE_SUFFIXES):
            continue
        if suffix not in PUBLISHED_SUFFIXES:
            message = (f"un fichier « {suffix or uri} » dans les pages serait servi tel quel par le site ; "
                       "docs/ ne publie que des pages Markdown, des images (.png, .jpg, .svg...) et des PDF : "
                       "retirez-le, ou écrivez-le en Markdown")
        elif any((d / uri).is_file() for d in theme_dirs):
            message = (f"ce fichier prendrait la place de celui du thème ({uri}) ; "
                       "renommez-le ou modifiez le thème dans overrides/")
        else:
            continue
        problems.append(Problem(f"{docs_name}/{uri}", 1, 1, "error", message, "content-file"))
    return problems
