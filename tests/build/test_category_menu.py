"""A big help centre's menu (kb_tools/nav_order.py, Material's navigation.prune):
the guides filed by category, each category a page of its own; every guide
reachable from the home page's menu through its category; a guide's page
marks its own entry; no page carries every guide of the site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from benchmarks.sitegen import PER_CATEGORY, category, generate
from kb_tools.nav_order import MAX_FLAT
from tests.conftest import build_site

pytestmark = pytest.mark.build

TREES = 2 * PER_CATEGORY + 12  # three categories, the last one shorter
assert TREES > MAX_FLAT


class _Links(HTMLParser):
    """Every link of the primary menu (with its classes), and of the article."""

    def __init__(self) -> None:
        super().__init__()
        self.menu: list[tuple[str, str]] = []
        self.article: list[str] = []
        self.expanded: list[str] = []  # the menu's open sub-menus, by their label's id
        self._depth = {"menu": 0, "article": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "nav" and ("md-nav--primary" in attr.get("class", "") or self._depth["menu"]):
            self._depth["menu"] += 1
            if attr.get("aria-expanded") == "true":
                self.expanded.append(attr.get("aria-labelledby", ""))
        if tag == "article" or (tag != "nav" and self._depth["article"]):
            self._depth["article"] += tag not in ("br", "img", "input", "hr", "meta", "link")
        if tag == "a" and attr.get("href"):
            if self._depth["menu"]:
                self.menu.append((attr["href"], attr.get("class", "")))
            elif self._depth["article"]:
                self.article.append(attr["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._depth["menu"]:
            self._depth["menu"] -= 1
        elif self._depth["article"]:
            self._depth["article"] -= 1


def links(site: Path, path: str) -> _Links:
    parser = _Links()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parser


def resolve(page: str, href: str) -> str:
    """A link of page ``page`` (a site path like ``parcours/x/``) as a site path."""
    return urljoin(f"http://site/{page}", href).removeprefix("http://site/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("categories")
    project = generate(TREES, base / "project")
    warnings = build_site(project, base / "site")
    assert [w for w in warnings if "nav" in w or "not included" in w] == []
    return base / "site"


def tree_pages(paths: list[str]) -> list[str]:
    return [p for p in paths if re.fullmatch(r"parcours/probleme-\d{4}/", p)]


def test_every_guide_is_reached_from_the_home_menu_through_its_category(site: Path) -> None:
    home = [resolve("", href) for href, _ in links(site, "").menu]
    categories = [p for p in home if p.startswith("rubriques/")]
    assert len(categories) == len({category(n) for n in range(TREES)}) == 3
    reached: set[str] = set(tree_pages(home))
    for page in categories:
        found = links(site, page)
        in_menu = tree_pages([resolve(page, href) for href, _ in found.menu])
        listed = tree_pages([resolve(page, href) for href in found.article])
        assert in_menu == listed and in_menu, f"{page}: its menu and its list differ"
        reached |= set(in_menu)
    assert reached == {f"parcours/probleme-{n:04d}/" for n in range(TREES)}


def test_a_guide_page_marks_its_own_entry_and_shows_its_category_only(site: Path) -> None:
    for n in (0, PER_CATEGORY, TREES - 1):  # a guide of each category
        page = f"parcours/probleme-{n:04d}/"
        found = links(site, page)
        active = [resolve(page, href) for href, cls in found.menu if "md-nav__link--active" in cls]
        assert active == [page]
        in_menu = set(tree_pages([resolve(page, href) for href, _ in found.menu]))
        siblings = {f"parcours/probleme-{m:04d}/" for m in range(TREES) if category(m) == category(n)}
        assert in_menu == siblings  # its own category open, the others one link each
        assert len(found.expanded) == 2  # « Parcours guidés », then its category


def test_no_page_carries_every_guide_in_its_menu(site: Path) -> None:
    pages = [p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")]
    assert len(pages) >= TREES + 3
    for page in pages:
        page = "" if page == "./" else page
        count = len(tree_pages([resolve(page, href) for href, _ in links(site, page).menu]))
        assert count <= PER_CATEGORY, f"{page} lists {count} guides in its menu"


def test_previous_and_next_follow_the_menu_across_categories(site: Path) -> None:
    home = [resolve("", href) for href, _ in links(site, "").menu]
    first, second = [p for p in home if p.startswith("rubriques/")][:2]
    last = tree_pages([resolve(first, href) for href in links(site, first).article])[-1]
    text = (site / last / "index.html").read_text(encoding="utf-8")
    following = re.search(r'rel="next" href="([^"]+)"', text)
    assert following and resolve(last, following.group(1)) == second


def test_without_nav_in_mkdocs_yml_the_guides_are_in_the_menu_too(tmp_path: Path) -> None:
    """MkDocs' automatic menu leaves generated pages out: the plugin puts them in."""
    from tests.conftest import copy_site_sources

    source = copy_site_sources(tmp_path / "project")
    config = source / "mkdocs.yml"
    text, count = re.subn(r"\nnav:\n(?:  .*\n)+", "\n", config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")
    assert build_site(source, tmp_path / "site") == []
    home = tree_pages_of_site([resolve("", href) for href, _ in links(tmp_path / "site", "").menu])
    assert home == {f"parcours/{p.stem}/" for p in (source / "trees").glob("[!_]*.yml")}


def tree_pages_of_site(paths: list[str]) -> set[str]:
    return {p for p in paths if re.fullmatch(r"parcours/[a-z0-9-]+/", p)}


def test_category_pages_are_not_in_the_search_index(site: Path) -> None:
    """A category page lists its guides' titles and descriptions: in the index it would come
    before the guides themselves. Its guides are there, each under its own page."""
    import json

    from kb_tools.search_index import index_file

    docs = json.loads(index_file(site / "search").read_text(encoding="utf-8"))["docs"]
    pages = {doc["location"].partition("#")[0] for doc in docs}
    assert not [p for p in pages if p.startswith("rubriques/")]
    assert {f"parcours/probleme-{n:04d}/" for n in range(TREES)} <= pages


#: Guides the editor lists in nav: (their order): two of the second category, then one of the first.
LISTED = [PER_CATEGORY + 1, PER_CATEGORY, 0]


@pytest.fixture(scope="module")
def listed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("categories-listed")
    project = generate(TREES, base / "project")
    config = project / "mkdocs.yml"
    guides = "".join(f"      - parcours/probleme-{n:04d}.md\n" for n in LISTED)
    text, count = re.subn(r"\nnav:\n  - Accueil: index.md\n",
                          f"\nnav:\n  - Accueil: index.md\n  - Parcours guidés:\n{guides}", config.read_text("utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")
    warnings = build_site(project, base / "site")
    assert [w for w in warnings if "nav" in w or "not included" in w] == []
    return base / "site"


def test_guides_listed_in_nav_join_their_category_first_and_lead_the_categories_order(listed_site: Path) -> None:
    from kb_tools.search_index import fold

    home = [resolve("", href) for href, _ in links(listed_site, "").menu]
    assert tree_pages(home) == []  # no guide left beside the categories
    categories = [p for p in home if p.startswith("rubriques/")]
    names = list(dict.fromkeys(category(n) for n in range(TREES)))
    first = list(dict.fromkeys(category(n) for n in LISTED))  # in the order nav: names them
    expected = [*first, *sorted((c for c in names if c not in first), key=fold)]
    assert len(categories) == len(expected)
    for page, name in zip(categories, expected, strict=True):
        found = links(listed_site, page)
        in_menu = tree_pages([resolve(page, href) for href, _ in found.menu])
        listed = tree_pages([resolve(page, href) for href in found.article])
        assert in_menu == listed, f"{page}: its menu and its list differ"
        guides = [f"parcours/probleme-{n:04d}/" for n in LISTED if category(n) == name]
        assert listed[:len(guides)] == guides, f"{page}: the guides of nav: first, in its order"
        assert set(listed) == {f"parcours/probleme-{m:04d}/" for m in range(TREES) if category(m) == name}
