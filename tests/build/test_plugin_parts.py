"""The plugin's parts as editors and `make serve` meet them: a new tree is one
new file and shows in the menu; the search index is enriched whatever the
order of the plugins in mkdocs.yml; a second build in the same process (as
under `make serve`) starts from nothing of the first."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb_tools.cli import main as kb_tools
from tests.conftest import ROOT, build_site, copy_site_sources

pytestmark = pytest.mark.build


class _Menu(HTMLParser):
    """The primary menu of a built page: each section's title and the page links right under it."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self._labels: dict[str, str] = {}
        self._label: str | None = None
        self._navs: list[str] = []  # the section of each open <nav>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "label" and attr.get("id"):
            self._label = str(attr["id"])
            self._labels[self._label] = ""
        elif tag == "nav" and (self._navs or "md-nav--primary" in (attr.get("class") or "")):
            self._navs.append(self._labels.get(attr.get("aria-labelledby") or "", "").strip())
        elif tag == "a" and self._navs and "md-nav__link" in (attr.get("class") or ""):
            self.sections.setdefault(self._navs[-1], []).append(str(attr.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None
        elif tag == "nav" and self._navs:
            self._navs.pop()

    def handle_data(self, data: str) -> None:
        if self._label:
            self._labels[self._label] += data


def menu(page: Path) -> dict[str, list[str]]:
    parser = _Menu()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.sections


def tree_links(links: list[str]) -> list[str]:
    return [m.group(1) for link in links if (m := re.fullmatch(r"parcours/([a-z0-9-]+)/", link))]


def test_a_new_tree_is_one_file_and_shows_in_the_menu(tmp_path: Path) -> None:
    source = copy_site_sources(tmp_path / "project")
    assert kb_tools(["--trees", str(source / "trees"), "new", "nouveau-probleme"]) == 0
    from kb_tools.skeleton_check import placeholders

    path = source / "trees" / "nouveau-probleme.yml"
    text = path.read_text(encoding="utf-8")
    for i, placeholder in enumerate(sorted(placeholders(), key=len, reverse=True)):  # the editor's own texts
        text = text.replace(placeholder, f"Texte de la rédaction numéro {i} pour ce parcours")
    path.write_text(text, encoding="utf-8")
    assert build_site(source, tmp_path / "site") == []  # strict: no « not included in the nav » warning
    sections = menu(tmp_path / "site" / "index.html")
    holding = [title for title, links in sections.items() if "nouveau-probleme" in tree_links(links)]
    assert len(holding) == 1
    trees = tree_links(sections[holding[0]])
    # the section that holds the other guides; the skeleton's category is that of the guide listed first
    assert len(trees) == len(list((source / "trees").glob("[!_]*.yml")))
    assert trees[:2] == ["avant-de-nous-contacter", "nouveau-probleme"]
    listed = re.findall(r"^ +- parcours/([a-z0-9-]+)\.md$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert [t for t in trees if t != "nouveau-probleme"] == listed  # the editor's order stays
    page = (tmp_path / "site" / "parcours" / "nouveau-probleme" / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../avant-de-nous-contacter/"' in page  # the page's previous and next follow the menu
    assert f'rel="next" href="../{trees[2]}/"' in page


def test_trees_left_out_of_the_menu_get_a_section_by_category(tmp_path: Path) -> None:
    source = copy_site_sources(tmp_path / "project")
    config = source / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"  - Parcours guidés:\n(      - parcours/.*\n)+", "", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    assert build_site(source, tmp_path / "site") == []
    sections = menu(tmp_path / "site" / "index.html")
    guides = [title for title, links in sections.items() if tree_links(links)]
    assert len(guides) == 1 and guides[0] not in text  # a section of its own, no editor's title
    from kb_tools.project import load_project
    from kb_tools.search_index import fold

    kb, _ = load_project(source / "trees")
    expected = sorted(kb.trees, key=lambda t: (fold(kb.trees[t]["category"]), fold(kb.trees[t]["title"])))
    assert tree_links(sections[guides[0]]) == expected


def _kb_tools_first(source: Path) -> None:
    config = source / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = re.search(r"  - kb_tools:\n(?:      .*\n)+", text)
    assert block
    text = text.replace(block.group(0), "").replace("plugins:\n", "plugins:\n" + block.group(0))
    assert text.index("- kb_tools:") < text.index("- search:")
    config.write_text(text, encoding="utf-8")


def _documents(site: Path) -> dict[str, dict[str, object]]:
    stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []  # the documents are in the full index, fetched when the search opens
    full = json.loads((site / "search" / stub["config"]["kb_index"]).read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in full["docs"]}


def test_search_index_enriched_with_kb_tools_listed_before_search(tmp_path: Path) -> None:
    source = copy_site_sources(tmp_path / "project")
    _kb_tools_first(source)
    assert build_site(source, tmp_path / "site") == []
    docs = _documents(tmp_path / "site")
    assert "virement" in str(docs["parcours/retrait-en-attente/"].get("keywords", ""))  # the tree's keywords
    assert "superviseur" in str(docs["escalade/"].get("keywords", ""))  # an article's front matter


def test_keywords_taken_out_of_a_page_leave_the_next_build(tmp_path: Path) -> None:
    """Two builds in one process, with the same plugin instance, as `make serve` rebuilds."""
    from mkdocs.config import load_config

    source = copy_site_sources(tmp_path / "project")
    page = source / "docs" / "escalade.md"
    original = page.read_text(encoding="utf-8")
    keywords = re.search(r"^keywords: .*\n", original, re.M)
    assert keywords
    page.write_text(original.replace(keywords.group(0), "keywords: [quetzalcoatl]\n"), encoding="utf-8")
    assert build_site(source, tmp_path / "one") == []
    assert "quetzalcoatl" in str(_documents(tmp_path / "one")["escalade/"].get("keywords", ""))
    page.write_text(original.replace(keywords.group(0), ""), encoding="utf-8")  # the page has no keywords now
    assert build_site(source, tmp_path / "two") == []
    assert "quetzalcoatl" not in str(_documents(tmp_path / "two")["escalade/"].get("keywords", ""))
    first = load_config(str(source / "mkdocs.yml")).plugins["kb_tools"]
    assert load_config(str(source / "mkdocs.yml")).plugins["kb_tools"] is first  # one instance for every load
