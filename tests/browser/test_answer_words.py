"""Buttons show their words: a glossary term (an ``<abbr>``), a highlight or
any inline markup inside an answer button, a label or a box keeps the spaces
around it on screen (« Oui, mon KYC est finalisé », never « monKYCest »).

``innerText`` hides the bug (it reads the source's spaces): the test
measures, at 390 x 844, the rendered gap between each inline element and the
text next to it (``Range.getBoundingClientRect`` of the neighbouring
character), wherever the source has whitespace there. Every node of every
flow, as the live flow shows it and as the article shows it without
JavaScript, and every other page of the site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.answer_gaps import glued
from tests.browser.flowkit import content, mark, open_flow, settle, tree_ids

pytestmark = pytest.mark.browser

def test_the_gap_measure_sees_glued_words(page: Page, site_url: str) -> None:
    """The measure itself: a flex box with an abbr inside glues words, a block does not."""
    page.goto(site_url)
    page.evaluate("""() => {
      const a = document.createElement('div'); a.id = 'kb-probe';
      const mk = (display) => { const p = document.createElement('p'); p.style.display = display;
        p.append('Oui, mon ', Object.assign(document.createElement('abbr'), {textContent: 'KYC'}), ' est finalisé');
        return p; };
      a.append(mk('flex'));
      document.querySelector('article.md-content__inner').append(a);
    }""")
    assert [g["side"] for g in glued(page, "#kb-probe")] == ["before", "after"]
    page.evaluate("() => { document.querySelector('#kb-probe p').style.display = 'block'; }")
    assert glued(page, "#kb-probe") == []


@pytest.mark.parametrize("tree", tree_ids())
def test_every_answer_of_the_live_flow_keeps_its_spaces(flow_page: Page, site_url: str, tree: str) -> None:
    data = content()["trees"][tree]
    open_flow(flow_page, f"{site_url}parcours/{tree}/")
    problems: dict[str, list[dict[str, Any]]] = {}
    for node_id, here in data["nodes"].items():
        if flow_page.evaluate("() => location.hash.slice(1)") != here["anchor"]:
            before = mark(flow_page)
            flow_page.evaluate("h => { location.hash = h; }", here["anchor"])
            settle(flow_page, before)
        found = glued(flow_page, "[data-kb-flow]")
        if found:
            problems[node_id] = found
    assert problems == {}


@pytest.mark.parametrize("tree", tree_ids())
def test_every_answer_of_the_article_keeps_its_spaces(new_page: Callable[..., Page], site_url: str, tree: str) -> None:
    """Without JavaScript every node is a section of the article."""
    page = new_page(java_script_enabled=False)
    page.goto(f"{site_url}parcours/{tree}/")
    assert page.locator("[data-kb-flow] [data-kb-answer]").count() > 0
    assert glued(page) == []


def test_every_page_keeps_its_spaces(page: Page, site_url: str, built_site: Path) -> None:
    problems = {}
    for index in sorted(built_site.rglob("index.html")):
        rel = index.parent.relative_to(built_site).as_posix()
        if rel.startswith(("search", "assets")):
            continue
        page.goto(f"{site_url}{'' if rel == '.' else rel + '/'}")
        found = glued(page)
        if found:
            problems[rel] = found
    assert problems == {}
