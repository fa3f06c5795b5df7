"""Pages the plugin generates never silently replace an editor's page
(``generated-page``), and the menu's categories never merge or split without a
word (``category-slug``, ``category-letters``): kb_tools/page_check.py and
kb_tools/nav_order.py, shared by ``make check`` and the build."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from benchmarks.sitegen import generate
from kb_tools.model import KnowledgeBase
from kb_tools.nav_order import CATEGORY_DIR, MAX_FLAT, category_pages, category_problems, category_slug, dropped_letters
from kb_tools.page_check import check_pages, dest_uri, generated_page_problems, generated_pages
from kb_tools.page_files import PAGE_SUFFIXES
from kb_tools.project import load_project
from kb_tools.search_index import fold

# a page's path under docs/: folders and names as editors write them, README and index included
_SEGMENT = st.one_of(st.sampled_from(["index", "README", "parcours", "rubriques", "a", "x.y"]),
                     st.text("abcé-_.", min_size=1, max_size=6).filter(lambda s: s not in (".", "..")))
_PATH = st.builds(lambda parts, suffix: "/".join(parts) + suffix, st.lists(_SEGMENT, min_size=1, max_size=4),
                  st.sampled_from([*PAGE_SUFFIXES, ".png", ".pdf"]))


@settings(max_examples=300, deadline=None)
@given(uri=_PATH, directory_urls=st.booleans())
def test_a_pages_address_is_the_one_mkdocs_writes(uri: str, directory_urls: bool) -> None:
    assert dest_uri(uri, directory_urls) == File(uri, "/docs", "/site", directory_urls).dest_uri


def _kb(categories: list[str]) -> KnowledgeBase:
    kb = KnowledgeBase()
    for n, category in enumerate(categories):
        kb.trees[f"t{n:03d}"] = {"id": f"t{n:03d}", "category": category, "title": f"Titre {n}"}  # type: ignore[assignment]
    return kb


def _editor_copies(uri: str) -> list[str]:
    """Every way an editor can write a page at the generated page ``uri``'s address."""
    base = uri.removesuffix(".md").removesuffix("/index")
    return [f"{base}.md", f"{base}/index.md", f"{base}/README.md", f"{base}.markdown"]


@pytest.mark.parametrize("listed", [0, 5])
def test_every_generated_page_refuses_an_editors_page_at_its_address(listed: int) -> None:
    kb = _kb([["Paiements", "Retraits", "Dépôts"][n % 3] for n in range(MAX_FLAT + 1 + listed)])
    made = generated_pages(kb, "parcours", [f"parcours/t{n:03d}.md" for n in range(listed)])
    assert {u for u in made if u.startswith(f"{CATEGORY_DIR}/")} == {
        f"{CATEGORY_DIR}/{s}/index.md" for s in ("paiements", "retraits", "depots")}
    assert len([u for u in made if u.startswith("parcours/")]) == len(kb.trees)
    for uri in made:
        for copy in _editor_copies(uri):
            found = generated_page_problems([copy, "guides/autre.md"], made, True, "docs")
            assert [(p.path, p.line, p.rule, p.level) for p in found] == [(f"docs/{copy}", 1, "generated-page", "error")]
    # elsewhere: nothing; a page without directory URLs (x.md -> x.html) does not meet x/index.md's page
    assert generated_page_problems(["parcours/t000/autre.md", "rubriques.md", "guides/paiements.md"], made, True,
                                   "docs") == []
    assert generated_page_problems(["rubriques/paiements.md"], made, False, "docs") == []


def test_few_trees_make_no_category_page_and_leave_its_address_free() -> None:
    kb = _kb(["Paiements"] * MAX_FLAT)
    assert category_pages(kb.trees, []) == []
    assert generated_page_problems(["rubriques/paiements.md"], generated_pages(kb, "parcours", []), True,
                                   "docs") == []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(MAX_FLAT + 10, tmp_path_factory.mktemp("generated") / "project")


def _add_page(root: Path, uri: str) -> None:
    path = root / "docs" / uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ndescription: Une page écrite par un éditeur, à la même adresse.\n---\n\n# Ma page\n\nTexte.\n",
                    encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nnav:\n", f"\nnav:\n  - {uri}\n", 1), encoding="utf-8")


@pytest.mark.parametrize("uri", ["rubriques/paiements.md", "rubriques/paiements/README.md",
                                 "parcours/probleme-0001/index.md", "parcours/probleme-0002.md"])
def test_make_check_locates_an_editors_page_a_generated_page_would_replace(project: Path, tmp_path: Path,
                                                                          uri: str) -> None:
    root = tmp_path / "project"
    shutil.copytree(project, root)
    kb, _ = load_project(root / "trees")
    assert [p for p in check_pages(root, kb) if p.level == "error"] == []
    _add_page(root, uri)
    found = [(p.rule, p.path, p.line) for p in check_pages(root, kb) if p.level == "error"]
    assert found == [("generated-page", f"docs/{uri}", 1)]


# categories as editors might write them: French words, case and punctuation, another alphabet's look-alikes
_CATEGORY = st.one_of(
    st.sampled_from(["Paiements", "paiements", "Paiements !", "Sécurité", "Securite", "Ѕécurité", "!!!", "???", ".",
                     "..", "Rubrique", "rubrique", "Se\u0301curite\u0301", "Cœur", "Coeur", "Œuvres", "KYC", "Straße", "Strasse", "日本",
                     "Jeu responsable", "Jeu-responsable", "Ａide", "Aide", "🎰", "🎰 Jeux", "Jeux"]),
    st.text(st.sampled_from("aAeéÉzZ0 -!'’.œßЅΑ"), min_size=1, max_size=8),
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Doc:
    def __init__(self, path: str) -> None:
        self.path = path

    def at(self, _: Any) -> tuple[int, int]:
        return 5, 11


@settings(max_examples=400, deadline=None)
@given(categories=st.lists(_CATEGORY, min_size=1, max_size=6))
def test_accepted_categories_have_distinct_non_empty_addresses(categories: list[str]) -> None:
    kb = _kb(categories)
    docs = {t: _Doc(f"trees/{t}.yml") for t in kb.trees}
    found = category_problems(kb.trees, docs)
    assert all((p.line, p.col, p.level) == (5, 11, "error") for p in found)
    assert {p.rule for p in found} <= {"category-slug", "category-letters"}
    flagged = {p.path for p in found}
    accepted = {unicodedata.normalize("NFC", kb.trees[t]["category"]) for t in kb.trees if docs[t].path not in flagged}
    slugs = {category_slug(c) for c in accepted}
    assert len(slugs) == len(accepted)  # one address per category, one category per address
    for category in accepted:
        assert fold(category.replace("œ", "oe").replace("Œ", "OE").replace("ß", "ss")) and not dropped_letters(category)
    for problem in found:  # a shared address names the other tree's line
        if problem.rule == "category-slug":
            assert any(f"{d.path}:5:11" in problem.message for d in docs.values() if d.path != problem.path)
    # a category that lost letters or has none is flagged; of two spellings sharing an address, one at least
    for tree_id, tree in kb.trees.items():
        if dropped_letters(tree["category"]) or not fold(tree["category"].replace("œ", "oe").replace("ß", "ss")):
            assert docs[tree_id].path in flagged
        for other_id, other in kb.trees.items():
            if nfc(other["category"]) != nfc(tree["category"]) and category_slug(other["category"]) == category_slug(
                    tree["category"]):
                assert {docs[tree_id].path, docs[other_id].path} & flagged


@pytest.mark.parametrize(("first", "second", "rule"), [
    ("Rubrique", "!!!", "category-letters"), ("Rubrique", "..", "category-letters"),
    ("Sécurité", "Ѕécurité", "category-letters"), ("Paiements", "paiements", "category-slug"),
    ("Paiements", "Paiements !", "category-slug"), ("Cœur", "Coeur", "category-slug"),
    ("Sécurité", "Se\u0301curite\u0301", None),  # the same word, « é » written as « e » and its accent
])
def test_a_category_that_would_merge_or_split_is_refused_at_its_line(first: str, second: str, rule: str | None) -> None:
    kb = _kb([first, second])
    found = category_problems(kb.trees, {t: _Doc(f"trees/{t}.yml") for t in kb.trees})
    assert [(p.path, p.line, p.col, p.rule) for p in found] == ([("trees/t001.yml", 5, 11, rule)] if rule else [])
