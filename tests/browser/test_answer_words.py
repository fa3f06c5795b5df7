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

from tests.browser.flowkit import content, mark, open_flow, settle, tree_ids

pytestmark = pytest.mark.browser

#: A space at the smallest text size used is wider than this (px).
MIN_GAP = 1.5

# For every element with a rendered box inside ``root``, each neighbouring text
# node whose boundary with it is whitespace in the source: the gap on screen
# between the element and the nearest visible character of that text, when
# both sit on the same line. Returns the gaps smaller than ``min``.
GLUED_JS = """([root, min]) => {
  const glued = [];
  const scope = document.querySelector(root);
  if (!scope) return [{where: root, text: 'missing'}];
  const charRect = (node, i) => {
    const r = document.createRange();
    r.setStart(node, i); r.setEnd(node, i + 1);
    const rects = r.getClientRects();
    return rects.length ? rects[0] : null;
  };
  const sameLine = (a, b) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 2;
  const label = (e) => (e.closest('a, button, label, summary, li, p, td, dt, dd, h1, h2, h3, h4') || e).textContent
    .replace(/\\s+/g, ' ').trim().slice(0, 90);
  for (const e of scope.querySelectorAll('*')) {
    const boxes = e.getClientRects();
    if (!boxes.length || ['SCRIPT', 'STYLE', 'svg'].includes(e.tagName)) continue;
    const first = boxes[0], last = boxes[boxes.length - 1];
    const before = e.previousSibling, after = e.nextSibling;
    if (before && before.nodeType === 3 && /\\S\\s+$/.test(before.data)) {
      const i = before.data.search(/\\s+$/) - 1;
      const c = charRect(before, i);
      if (c && c.width > 0 && sameLine(c, first) && first.left - c.right < min) {
        glued.push({where: label(e), gap: first.left - c.right, side: 'before', tag: e.tagName});
      }
    }
    if (after && after.nodeType === 3 && /^\\s+\\S/.test(after.data)) {
      const i = after.data.search(/\\S/);
      const c = charRect(after, i);
      if (c && c.width > 0 && sameLine(c, last) && c.left - last.right < min) {
        glued.push({where: label(e), gap: c.left - last.right, side: 'after', tag: e.tagName});
      }
    }
  }
  return glued;
}"""

ARTICLE = "article.md-content__inner"


def glued(page: Page, root: str = ARTICLE) -> list[dict[str, Any]]:
    return page.evaluate(GLUED_JS, [root, MIN_GAP])  # type: ignore[no-any-return]


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
