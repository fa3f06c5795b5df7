"""The rendered gap between inline markup and the text around it
(tests/browser/test_answer_words.py, tests/search/test_search_highlight.py)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

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
