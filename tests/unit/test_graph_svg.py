"""The SVG picture on every real tree: valid XML, every box apart, text wrapped
the French way (« ? » never alone at the start of a line)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kb_tools.graph_svg import to_svg
from kb_tools.model import KnowledgeBase
from kb_tools.svg_text import text_width, wrap
from tests.conftest import REAL_TREE_IDS

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kb(real_kb: KnowledgeBase) -> KnowledgeBase:
    return real_kb


@pytest.mark.parametrize("tree_id", REAL_TREE_IDS)
def test_every_tree_draws_apart_boxes(kb: KnowledgeBase, tree_id: str) -> None:
    root = ET.fromstring(to_svg(kb, kb.trees[tree_id]))
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    boxes: list[tuple[float, float, float, float]] = []
    for g in root.iter(f"{SVG}g"):
        if {"kb-node", "kb-label"} & set((g.get("class") or "").split()):
            rect = g.find(f"{SVG}rect")
            assert rect is not None
            x, y, w, h = (float(rect.get(k, 0)) for k in ("x", "y", "width", "height"))
            assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, "box outside the picture"
            boxes.append((x, y, w, h))
    assert len(boxes) >= len(kb.trees[tree_id]["nodes"])
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "two boxes overlap"


def test_wrap_keeps_french_punctuation_with_its_word() -> None:
    lines = wrap("Vers quel moyen de paiement avez-vous demandé le retrait ?", 200, 13)
    assert all(not line.startswith(("?", "»", ":")) for line in lines)
    assert " ".join(lines) == "Vers quel moyen de paiement avez-vous demandé le retrait ?"
    assert all(text_width(line, 13) <= 200 for line in lines)


def test_wrap_cuts_a_word_longer_than_the_box() -> None:
    lines = wrap("https://www.roulettino.example/aide/formulaire/de/contact", 120, 13)
    assert len(lines) > 1 and "".join(lines) == "https://www.roulettino.example/aide/formulaire/de/contact"
    assert all(text_width(line, 13) <= 120 for line in lines)


@pytest.mark.parametrize("tree_id", REAL_TREE_IDS)
def test_the_serve_only_diagram_passes_the_page_content_check(kb: KnowledgeBase, tree_id: str) -> None:
    """`make serve` shows it inside the tree's page: the content check must let it through whole."""
    from kb_tools.built_pages import attribute_refusal, same_host
    from kb_tools.page_html import clean

    svg = to_svg(kb, kb.trees[tree_id]).split("?>", 1)[-1].strip()
    cleaned, found = clean(svg, lambda tag, name, value, kept: attribute_refusal(
        tag, name, value, kept, lambda url: same_host(url, None)))
    assert found == []
    assert cleaned.count("<title") == svg.count("<title") >= 1 and cleaned.count("<text") == svg.count("<text")
