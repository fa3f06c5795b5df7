"""Links between pages, checked as MkDocs' ``validation:`` would check them
(mkdocs.yml: a warning stops the strict build), but located in the Markdown.

Every link target outside code: inline links and images ``[x](cible)``,
reference definitions ``[r]: cible``, and ``href=`` written in HTML
(``<a href>`` in a ``markdown`` block). A relative target must name a file of
``docs/`` or a page generated from a tree (``parcours/<arbre>.md``), as MkDocs
resolves it from the page's folder: else ``broken-link``, with the closest
page. An anchor (``page.md#ancre``, ``#ancre``) must be an id of that page
(:mod:`kb_tools.page_anchors`): else ``broken-anchor``, with the closest ids.
Links to other sites, ``mailto:``, and absolute paths are not judged here.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

from .embed import prose_lines
from .page_anchors import Anchors
from .page_files import PAGE_SUFFIXES
from .problems import Problem

#: ``<…>`` holds no ``<`` (CommonMark): a scan for ``>`` retried at every ``](<`` was quadratic
_INLINE = re.compile(r"\]\([ \t]*(?:<([^<>\n]*)>|((?:[^\s()]|\([^\s()]*\))+))")
_REFERENCE = re.compile(r"^[ \t]*(?:[-*+>][ \t]+)*\[(?![\^])[^\]]+\]:[ \t]*(?:<([^>\n]*)>|(\S+))")
#: ``href=`` of an element (not ``data-href=``); MkDocs leaves ``src=`` of raw HTML alone
_ATTRIBUTE = re.compile(r"(?<![\w-])href[ \t]*=[ \t]*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Link:
    line: int  # 1-based
    col: int  # 1-based column of the target
    target: str  # as the browser gets it (entities and escapes read)


def find_links(markdown: str, *, code: bool = True) -> Iterator[Link]:
    """Every link target of ``markdown`` outside code, in reading order;
    ``code=False``: every line counts (the Markdown texts of a tree file)."""
    lines = prose_lines(markdown) if code else enumerate(markdown.split("\n"), start=1)
    for number, line in lines:
        found: list[tuple[int, str]] = []
        for match in _INLINE.finditer(line):
            group = 1 if match.group(1) is not None else 2
            found.append((match.start(group), _ESCAPED.sub(r"\1", html.unescape(match.group(group)))))
        reference = _REFERENCE.match(line)
        if reference and not line.lstrip().startswith("*["):
            group = 1 if reference.group(1) is not None else 2
            found.append((reference.start(group), _ESCAPED.sub(r"\1", html.unescape(reference.group(group)))))
        for match in _ATTRIBUTE.finditer(line):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            found.append((match.start(group), html.unescape(match.group(group))))
        for start, target in sorted(found):
            yield Link(number, start + 1, target.strip())


def _relative(uri: str, page: str) -> str:
    return posixpath.relpath(uri, posixpath.dirname(page) or ".")


def _guess(target_uri: str, files: set[str], pages: list[str]) -> str | None:
    """The file the editor most likely meant: as MkDocs guesses (``page`` for
    ``page.md``, ``page/`` for ``page/index.md``), else the closest name."""
    stem = target_uri.removesuffix(".html").rstrip("/")
    for guess in (f"{stem}.md", posixpath.join(stem, "index.md"), posixpath.join(stem, "README.md")):
        if guess in files:
            return guess
    same_name = [f for f in files if posixpath.basename(f) == posixpath.basename(target_uri)]
    if len(same_name) == 1:
        return same_name[0]
    among = pages if target_uri.endswith(PAGE_SUFFIXES) or "." not in posixpath.basename(target_uri) else sorted(files)
    close = difflib.get_close_matches(target_uri, among, n=1, cutoff=0.5)
    return close[0] if close else None


def check_links(markdown: str, uri: str, shown: str, files: set[str], anchors: Anchors, *,
                code: bool = True) -> list[Problem]:
    """Every broken link and anchor of page ``uri`` (its path under docs/), shown as
    ``shown``; ``code=False``: ``markdown`` is a tree file, the source of page ``uri``."""
    problems: list[Problem] = []
    pages = sorted(f for f in files if f.endswith(PAGE_SUFFIXES))
    for link, parts in _in_site(markdown, code):
        if not (parts.netloc or link.target.startswith(("/", "\\"))):
            problems += _target_problems(link, parts, uri, shown, files, pages, anchors)
    return problems


def _in_site(markdown: str, code: bool) -> Iterator[tuple[Link, SplitResult]]:
    """The links of ``markdown`` with no scheme (no other site, no ``mailto:``), read as URLs."""
    for link in find_links(markdown, code=code):
        try:
            parts = urlsplit(link.target)
        except ValueError:
            continue  # not a URL at all: the built page's checks judge it
        if link.target and not parts.scheme:
            yield link, parts


def _target_problems(link: Link, parts: SplitResult, uri: str, shown: str, files: set[str], pages: list[str],
                     anchors: Anchors, start: str | None = None) -> list[Problem]:
    """A relative link of page ``uri``: its file, then its anchor; ``start`` says where it starts from."""
    if not parts.path:
        target_uri = uri
    else:
        target_uri = posixpath.normpath(posixpath.join(posixpath.dirname(uri), unquote(parts.path))).lstrip("/")
        if target_uri not in files:
            guess = _guess(target_uri, files, pages)
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            hint = (f"vouliez-vous dire « {_relative(guess, uri)}{fragment} » ?" if guess else
                    "aucun fichier proche ; vérifiez le nom et le dossier")
            folder = posixpath.dirname(uri)
            start = start or (f"de {folder}/, le dossier de la page" if folder else "du dossier de la page")
            return [Problem(shown, link.line, link.col, "error",
                            f"lien vers « {link.target} » : aucun fichier {target_uri} dans le site "
                            f"(le lien part {start}) ; {hint}", "broken-link")]
    if parts.fragment and target_uri.endswith(PAGE_SUFFIXES):
        ids = anchors.of(target_uri)
        if ids is not None and parts.fragment not in ids:
            close = difflib.get_close_matches(parts.fragment, sorted(ids), n=3, cutoff=0.6)
            where = "cette page" if target_uri == uri else target_uri
            hint = ("ancres proches : " + ", ".join(f"#{c}" for c in close) if close else
                    "ajoutez « { #" + parts.fragment + " } » à la fin du titre visé")
            return [Problem(shown, link.line, link.col, "error",
                            f"lien vers « {link.target} » : aucune ancre « #{parts.fragment} » dans "
                            f"{where} ; {hint}", "broken-anchor")]
    return []


def check_shared_links(text: str, shown: str, files: set[str], anchors: Anchors) -> list[Problem]:
    """Every link of a text shown on several pages (the known incidents' file, read
    whole): written as in a page at the top of docs/ (``faq-contact.md#delais``), as
    kb_tools/incidents.py rewrites it for each page. A path from the site's root
    (``/faq-contact/``) ignores a sub-path (``https://x.github.io/aide/``) and an anchor
    alone names no page: both refused; links to other sites are not judged here."""
    problems: list[Problem] = []
    pages = sorted(f for f in files if f.endswith(PAGE_SUFFIXES))
    for link, parts in _in_site(text, code=False):
        if parts.netloc or link.target.startswith(("/", "\\")):
            guess = _guess(unquote(parts.path).strip("/\\"), files, pages) if not parts.netloc else None
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            hint = (f"écrivez « {guess}{fragment} »" if guess else
                    "écrivez l’adresse complète (https://…) d’un autre site, ou le fichier de la page sous docs/ "
                    "(faq-contact.md)")
            problems.append(Problem(shown, link.line, link.col, "error",
                                    f"lien vers « {link.target} » : une adresse qui commence par « / » ne tient pas "
                                    "compte du sous-chemin où le site peut être publié (https://x.github.io/aide/) ; "
                                    f"{hint}, comme dans une page de docs/", "broken-link"))
        elif not parts.path:
            problems.append(Problem(shown, link.line, link.col, "error",
                                    f"lien vers « {link.target} » : l’encadré paraît sur plusieurs pages, une ancre "
                                    "seule ne dit pas laquelle ; écrivez la page avant l’ancre "
                                    f"(faq-contact.md{link.target})", "broken-anchor"))
        else:
            problems += _target_problems(link, parts, "index.md", shown, files, pages, anchors,
                                         "de docs/ : écrivez le fichier .md de la page")
    return problems
