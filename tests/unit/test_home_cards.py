"""The home page's cards come from the trees: order, hiding, escaping, and the
marker of docs/index.md."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.home_cards import cards, check_home_marker, embed_home_cards, home_markdown
from kb_tools.model import KnowledgeBase, normalise_tree
from kb_tools.project import load_project
from kb_tools.search_index import fold
from tests.conftest import ROOT
from tests.payloads import CLASSES, SLOPPY

#: The home page's cards before they were generated, in their order (docs/index.md at b12dabe).
HAND_WRITTEN = ["connexion-acces", "depot-non-credite", "retrait-en-attente", "bonus-code-promo",
                "verification-kyc", "securite-compte", "contester-decision", "jeu-responsable"]
MARKER = "<!-- kb-home-cards -->"
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "pymdownx.superfences"]


def _tree(tree_id: str, home: Any = None, category: str = "Paiements", title: str = "Un titre") -> dict[str, Any]:
    data: dict[str, Any] = {"id": tree_id, "title": title, "description": "Une description assez longue pour le schéma.",
                            "category": category, "start": "fin",
                            "nodes": {"fin": {"type": "outcome", "title": "Fin", "channel": "faq", "text": "Fin."}}}
    if home is not None:
        data["home"] = home
    return normalise_tree(data)


def test_the_live_home_page_reads_as_it_did() -> None:
    kb, problems = load_project(ROOT / "trees", env={})
    assert problems == []
    assert [card.tree for card in cards(kb)] == HAND_WRITTEN  # the router (home: false) has its own button
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert check_home_marker("docs/index.md", index) == []
    page = embed_home_cards(index, kb)
    assert MARKER not in page
    assert [m for m in re.findall(r"\]\(parcours/([a-z0-9-]+)\.md\)", page) if m in kb.trees][:len(HAND_WRITTEN)] \
        == HAND_WRITTEN


homes = st.one_of(st.just(False), st.fixed_dictionaries(
    {}, optional={"order": st.integers(-50, 50), "title": st.text("abcAÉé z", min_size=1, max_size=8).filter(str.strip)}))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(homes, st.sampled_from(["Paiements", "paiements", "KYC", "Sécurité", "Securite"]),
                          st.text("abcAÉé z", min_size=1, max_size=8).filter(str.strip)), max_size=8))
def test_cards_by_order_then_category_then_title_and_hidden_ones_left_out(specs: list[tuple[Any, str, str]]) -> None:
    kb = KnowledgeBase(trees={f"t{i}": _tree(f"t{i}", home, category, title)
                              for i, (home, category, title) in enumerate(specs)})
    shown = cards(kb)
    assert {c.tree for c in shown} == {tid for tid, tree in kb.trees.items() if tree["home"] is not None}
    keys = [(c.order is None, c.order or 0, fold(c.category), fold(c.title)) for c in shown]
    assert keys == sorted(keys)
    for card in shown:
        home = kb.trees[card.tree]["home"]
        assert card.title == home["title"] and card.text == home["text"]
        written = specs[int(card.tree[1:])][0]
        assert card.title == written.get("title", kb.trees[card.tree]["title"])  # the tree's title by default


def test_a_card_without_text_shows_the_description() -> None:
    kb = KnowledgeBase(trees={"t": _tree("t", {"title": "Carte"})})
    assert cards(kb)[0].text == kb.trees["t"]["description"]
    assert home_markdown(KnowledgeBase(trees={"t": _tree("t", False)}), "") == ""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", "", html.unescape(text))


@pytest.mark.parametrize(("name", "value"), [(f"{kind}/{n}", v) for kind, items in CLASSES.items() for n, v in items]
                         + [(f"sloppy/{n}", v) for n, v in SLOPPY])
@pytest.mark.parametrize("key", ["title", "text"])
def test_hostile_card_text_stays_text(name: str, value: str, key: str) -> None:
    kb = KnowledgeBase(trees={"t": _tree("t", {key: value})})
    page = markdown.markdown(embed_home_cards(f"# Accueil\n\n{MARKER}\n\nFin.\n", kb, "", "parcours"),
                             extensions=EXTENSIONS)
    parser = _Tags()
    parser.feed(page)
    assert {tag for tag, _ in parser.tags} <= {"h1", "p", "div", "ul", "li", "strong", "a"}, name
    assert not [a for _, attrs in parser.tags for a, _ in attrs if a.startswith("on")], name
    assert [v for tag, attrs in parser.tags if tag == "a" for a, v in attrs if a == "href"] == ["parcours/t.md"], name
    shown = re.sub(r"<[^>]+>", "", page)
    assert re.sub(r"[\s\u00a0\u202f]+", "", value) in _flat(shown), f"{name}: not shown as written"


def test_cards_link_from_the_page_folder() -> None:
    kb = KnowledgeBase(trees={"t": _tree("t")})
    assert "](parcours/t.md)" in home_markdown(kb, "")
    assert "](../guides/t.md)" in home_markdown(kb, "aide", pages_dir="guides")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Du texte.", "", "## Un titre", "- une liste", MARKER]), max_size=12))
def test_the_marker_is_wanted_once_and_located(lines: list[str]) -> None:
    text = "\n".join(lines)
    at = [i + 1 for i, line in enumerate(lines) if line == MARKER]
    found = check_home_marker("docs/index.md", text)
    assert {p.rule for p in found} <= {"home-cards"} and all(p.level == "error" for p in found)
    if not at:
        assert [(p.line, p.col) for p in found] == [(1, 1)]
    else:
        assert [p.line for p in found] == at[1:]  # the second and later ones
    other = check_home_marker("docs/faq.md", text, home=False)
    assert [p.line for p in other] == at  # never on another page


@pytest.mark.parametrize(("text", "where"), [
    ("Intro\n  - <!-- kb-home-cards -->\n", [(2, 5)]),              # in a list: malformed, the one meant
    (f"{MARKER}\nVoir <!-- kb-home-cards --> ici\n", [(2, 6)]),       # inside a sentence
    (f"{MARKER}\n<!-- kb-home-card -->\n", [(2, 1)]),                # misspelt
    (f"```\n{MARKER}\n```\n", [(1, 1)]),                             # code: shown as code, so no marker
    (f"{MARKER}\n\n    {MARKER}\n", []),                             # an indented code block: code
])
def test_malformed_markers_are_located(text: str, where: list[tuple[int, int]]) -> None:
    found = check_home_marker("docs/index.md", text)
    assert [(p.line, p.col) for p in found] == where
    assert {p.rule for p in found} <= {"home-cards"}
