"""Every check of the pages of ``docs/`` and of the menu, shared by ``make
check`` (:mod:`kb_tools.content_check`) and the build (the plugin stops on
them before MkDocs renders anything): what MkDocs' ``validation:`` would
warn about (broken links and anchors, menu entries naming no file, pages
out of the menu), what it lets through silently (front matter, FAQ
blocks, flow and channel markers, snippets), and what the site may not
publish (a file of ``docs/`` that is no page, image or PDF, ``content-file``;
a symlink under ``docs/``, ``includes/`` or ``overrides/``, ``symlink``).
Each problem is located in the page's Markdown, in the file refused, or in
mkdocs.yml for the menu.
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .built_pages import DOCUMENT_SUFFIXES, copied_document_problems, docs_file_problems
from .channel_list import check_channel_markers
from .embed import check_embeds, embed_flows, has_markers, reserved_names
from .faq_blocks import check_faq_blocks
from .front_matter import check_page, read_front_matter
from .home_cards import HOME_PAGE, check_home_marker
from .model import KnowledgeBase
from .nav_order import category_pages
from .page_anchors import Anchors
from .page_files import PAGE_SUFFIXES, read_pages, source_links
from .page_links import check_links, check_shared_links
from .page_markup import markup_problems
from .page_snippets import check_appends, check_snippets
from .problems import Problem
from .site_config import SiteConfig, read_site_config, theme_dirs

if TYPE_CHECKING:
    import jinja2


def _excluded(uri: str) -> bool:
    """Files MkDocs leaves out of the site by default (``exclude_docs``: ``.*``, ``/templates/``)."""
    parts = uri.split("/")
    return any(p.startswith(".") for p in parts) or parts[0] == "templates"


def site_files(docs: Path) -> set[str]:
    """Every file of ``docs`` MkDocs publishes, by its path under ``docs``
    (symlinks are refused, never followed: :mod:`kb_tools.page_files`)."""
    found: set[str] = set()
    for folder, _dirs, names in os.walk(docs):
        base = Path(folder).relative_to(docs).as_posix()
        for name in names:
            uri = name if base == "." else f"{base}/{name}"
            if not _excluded(uri):
                found.add(uri)
    return found


def check_pages(root: Path, kb: KnowledgeBase, config_file: Path | None = None,
                docs: Path | None = None, *, descriptions: bool = False,
                theme: Sequence[Path] | None = None, keep: bool = False) -> list[Problem]:
    """Every problem of the pages of ``docs`` (mkdocs.yml's ``docs_dir`` by
    default), of the other files of the site's sources, and of mkdocs.yml's
    menu, paths shown relative to ``root``; ``descriptions``: also each page's
    own description, as the content tests want it (``make check``; the build
    publishes a page without one); ``theme``: the theme's folders (MkDocs'
    own list in the build, :func:`kb_tools.site_config.theme_dirs` else); ``keep``:
    the pages' anchors kept in .cache/anchors/ (``make check``, kb_tools/page_anchors.py)."""
    root = root.resolve()
    config_file = config_file or root / "mkdocs.yml"

    def display(path: Path) -> str:
        path = Path(os.path.abspath(path))
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    config, problems = read_site_config(config_file, display(config_file))
    docs = Path(os.path.abspath(docs or root / config.docs_dir))
    if not docs.is_dir():
        return problems
    inside = root if docs.is_relative_to(root) else docs
    snippet_dirs = [root / d for d in config.snippet_dirs]
    named = ", ".join(f"{d.rstrip('/')}/" for d in config.snippet_dirs)
    sources: dict[str, tuple[str, str]] = {}  # page under docs/ -> (shown as, text)
    for path, shown, source, found in read_pages(docs, inside, display):
        problems += found
        uri = Path(os.path.abspath(path)).relative_to(docs).as_posix()
        if source is None or _excluded(uri):
            continue
        sources[uri] = (shown, source)
        problems += check_page(source, shown)
        problems += check_embeds(source, kb, shown)
        problems += check_channel_markers(source, kb, shown)
        problems += check_faq_blocks(source, shown)
        problems += markup_problems(source, shown)
        if descriptions:
            problems += check_description(source, shown, config.site_description)
        if "pymdownx.snippets" in config.extensions:
            problems += check_snippets(source, shown, snippet_dirs, named)
        problems += check_home_marker(shown, source, home=uri == HOME_PAGE)
    if "pymdownx.snippets" in config.extensions:  # what pages pull in (auto_append: every page) is page text too
        problems += included_hooks(snippet_dirs, display)
    if "pymdownx.snippets" in config.extensions and config_file.is_file():
        problems += check_appends(config_file.read_text(encoding="utf-8"), config.path, config.snippet_appends,
                                  snippet_dirs, named)
    generated = {f"{config.pages_dir}/{tree}.md" for tree in (*kb.trees, *kb.broken)}
    files = site_files(docs) | generated
    anchors = Anchors(config, root, _page_source(config, root, kb, sources), keep=keep)
    for uri, (shown, source) in sources.items():
        problems += check_links(source, uri, shown, files, anchors)
    for tree_id in sorted(kb.trees):  # links an editor wrote in a tree's texts, from its page parcours/<id>.md
        tree_file = Path(kb.documents[tree_id].path)
        text = tree_file.read_text(encoding="utf-8") if tree_file.is_file() else ""
        if "](" in text or "]:" in text:
            problems += check_links(text, f"{config.pages_dir}/{tree_id}.md", kb.documents[tree_id].path, files,
                                    anchors, code=False)
    incidents = kb.documents.get("_incidents")  # their boxes are on several pages: links written from docs/
    if incidents is not None:
        problems += check_shared_links(incidents.text, incidents.path, files, anchors)
    anchors.save()  # keep: the ids rendered anew, for the next check
    problems += check_nav(config, files, {uri: shown for uri, (shown, _) in sources.items()}, docs.name)
    made = generated_pages(kb, config.pages_dir, [entry.target for entry in config.nav or []])
    problems += generated_page_problems(site_files(docs), made, config.directory_urls, docs.name)
    problems += source_problems(root, config, docs, display, theme)
    return sorted(set(problems))


def included_hooks(folders: list[Path], display: Callable[[Path], str]) -> list[Problem]:
    """The site's hooks (``data-kb-...``) written in a file that pages may include, located."""
    problems: list[Problem] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue  # bad-snippet and symlink say what is wrong with it
                problems += reserved_names(text, display(path))
    return problems


def source_problems(root: Path, config: SiteConfig, docs: Path, display: Callable[[Path], str],
                    theme: Sequence[Path] | None) -> list[Problem]:
    """What the site may not publish besides the pages: a file of ``docs`` that is
    no page, image or PDF (``content-file``), an SVG image that runs code or calls
    another host (as the built site's check, kb_tools/built_pages.py), a symlink
    in the snippets' or the theme's folders (``symlink``; those of ``docs`` are
    found with its pages)."""
    theme = theme if theme is not None else theme_dirs(root, config)
    files = site_files(docs)
    problems = docs_file_problems(files, theme, docs.name)
    for uri in sorted(files):  # an SVG image is a document, copied as it is: read as the built site will be
        if uri.lower().endswith(DOCUMENT_SUFFIXES) and not (docs / uri).is_symlink() and (docs / uri).is_file():
            problems += copied_document_problems(docs / uri, f"{docs.name}/{uri}")
    for name in dict.fromkeys([*config.snippet_dirs, *([config.custom_dir] if config.custom_dir else [])]):
        folder = Path(os.path.abspath(root / name))
        if folder != root and folder.is_relative_to(root) and not docs.is_relative_to(folder) \
                and not folder.is_relative_to(docs) and (folder.is_dir() or folder.is_symlink()):
            problems += source_links(folder, root, display)
    return problems


#: The shortest description a search result or a shared link can show usefully (the trees' too).
MIN_DESCRIPTION = 30


def check_description(source: str, shown: str, site_description: str) -> list[Problem]:
    """A page's own ``description:``, of 30 characters or more: without one, the
    page would show the site's in search engines and shared links."""
    doc, found = read_front_matter(source, shown)
    if found:
        return []  # the front matter's own problem says what to fix first
    value = doc.data.get("description") if doc is not None else None
    if isinstance(value, str) and len(value.strip()) >= MIN_DESCRIPTION and " ".join(value.split()) != site_description:
        return []
    line, col = doc.at(("description",)) if doc is not None and "description" in doc.data else (1, 1)
    return [Problem(shown, line, col, "error", f"la page n’a pas de description à elle d’au moins {MIN_DESCRIPTION} "
                                               "caractères ; ajoutez en tête « description: Une phrase qui dit ce que "
                                               "le joueur trouve ici. » entre deux lignes ---", "front-matter")]


def _page_source(config: SiteConfig, root: Path, kb: KnowledgeBase,
                 sources: dict[str, tuple[str, str]]) -> Callable[[str], str | None]:
    """The Markdown MkDocs renders for a page: flows embedded, a tree's page generated
    (Jinja loaded and its templates found only for a page that needs them)."""
    trees = {f"{config.pages_dir}/{tree}.md": tree for tree in kb.trees}

    @functools.cache
    def env() -> jinja2.Environment:
        from .render import environment

        return environment([root / config.custom_dir] if config.custom_dir else [])

    def source(uri: str) -> str | None:
        if uri in trees:
            from .render import render_article

            return render_article(env(), kb, kb.trees[trees[uri]], uri)
        if uri not in sources:
            return None
        shown, text = sources[uri]
        if has_markers(text):
            text, _ = embed_flows(text, kb, env(), uri, config.pages_dir, shown)
        return text

    return source


def dest_uri(uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes the file ``uri`` of docs/ in the site (as ``File.dest_uri``):
    ``a/b.md`` -> ``a/b/index.html``, ``a/index.md`` and ``a/README.md`` -> ``a/index.html``."""
    if not uri.endswith(PAGE_SUFFIXES):
        return uri
    folder, _, name = uri.rpartition("/")
    stem = posixpath.splitext(name)[0]  # as MkDocs: « .x.md » -> « .x », « ...md » stays whole
    stem = "index" if stem == "README" else stem
    path = f"{stem}.html" if not directory_urls or stem == "index" else f"{stem}/index.html"
    return f"{folder}/{path}" if folder else path


def generated_pages(kb: KnowledgeBase, pages_dir: str, nav: Iterable[str]) -> dict[str, str]:
    """Every page the plugin generates, by its path as if under docs/, with what makes it
    (kb_tools/plugin/pages.py): a tree's page, and a category's when more than
    ``MAX_FLAT`` trees are not in ``nav`` (the menu's page paths)."""
    def source(tree_id: str) -> str:
        doc = kb.documents.get(tree_id)
        return doc.path if doc is not None else tree_id

    made = {f"{pages_dir}/{tree}.md": f"la page du parcours de {source(tree)}" for tree in sorted(kb.trees)}
    targets = set(nav)
    listed = {tree for tree in kb.trees if f"{pages_dir}/{tree}.md" in targets}
    for uri, title, trees in category_pages(kb.trees, listed):
        made[uri] = f"la page de la rubrique « {title} » ({source(trees[0])})"
    return made


def generated_page_problems(uris: Iterable[str], made: Mapping[str, str], directory_urls: bool,
                            docs_name: str) -> list[Problem]:
    """A page of docs/ (``uris``) at the address of a page the plugin generates (``made``,
    :func:`generated_pages`): one of the two would silently replace the other (``generated-page``)."""
    taken = {dest_uri(uri, directory_urls): what for uri, what in made.items()}
    problems = []
    for uri in sorted(uris):
        what = taken.get(dest_uri(uri, directory_urls)) if uri.endswith(PAGE_SUFFIXES) else None
        if what is not None:
            address = dest_uri(uri, directory_urls).removesuffix("index.html")
            problems.append(Problem(f"{docs_name}/{uri}", 1, 1, "error",
                                    f"cette page a la même adresse ({address}) que {what}, générée par le site, "
                                    "qui la remplacerait ; renommez ou déplacez votre page (par exemple dans "
                                    "guides/), ou renommez l’arbre ou la rubrique", "generated-page"))
    return problems


def check_nav(config: SiteConfig, files: set[str], pages: dict[str, str], docs: str) -> list[Problem]:
    """Menu entries naming no file (``nav-missing``, in mkdocs.yml) and pages
    of docs/ the menu leaves out (``not-in-nav``, ``pages``: shown name of each
    page under ``docs``): MkDocs warns about both, and the strict build stops."""
    if config.nav is None:
        return []
    problems: list[Problem] = []
    named: set[str] = set()
    known = sorted(f for f in files if f.endswith(PAGE_SUFFIXES))
    for entry in config.nav:
        parts = urlsplit(entry.target)
        if parts.scheme or parts.netloc or entry.target.startswith("/"):
            continue
        named.add(entry.target)
        if entry.target not in files:
            close = difflib.get_close_matches(entry.target, known, n=1, cutoff=0.5)
            hint = f"vouliez-vous dire « {close[0]} » ?" if close else "créez la page ou retirez la ligne"
            problems.append(Problem(config.path, entry.line, entry.col, "error",
                                    f"le menu (nav) nomme « {entry.target} », absent de {docs}/ ; {hint}",
                                    "nav-missing"))
    for uri in sorted(set(pages) - named):
        problems.append(Problem(pages[uri], 1, 1, "error",
                                f"cette page n’est pas dans le menu : ajoutez « - {uri} » à la bonne section de "
                                f"« nav: » dans {config.path.rsplit('/', 1)[-1]}", "not-in-nav"))
    return problems
