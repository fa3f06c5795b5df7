"""« Dernière mise à jour : … · Vérifié le … » on a phone (390 px): each date
whole, on one line of its own or both on one line, inside the screen; the « · »
between them never left at the end or the start of a line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import serve
from tests.build.test_review_date import PAGE_DAY, TREE_DAY, build_reviewed_copy


@pytest.fixture(scope="module")
def reviewed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_reviewed_copy(tmp_path_factory)) as url:
        yield url


@pytest.mark.parametrize(("path", "day"), [("escalade/", PAGE_DAY), ("parcours/retrait-en-attente/", TREE_DAY)])
@pytest.mark.parametrize("width", [390, 1024])
def test_each_date_stays_whole_inside_the_screen(page: Page, reviewed_url: str, path: str, day: str,
                                                 width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(reviewed_url + path)
    reviewed = page.locator(f'[data-kb-reviewed="{day}"]')
    assert reviewed.locator("time").get_attribute("datetime") == day
    boxes = page.eval_on_selector_all(".kb-dates .kb-date", """els => els.map(el => {
        const rects = [...el.getClientRects()];
        return {lines: new Set(rects.map(r => Math.round(r.top))).size,
                right: Math.max(...rects.map(r => r.right)), text: el.textContent};
    })""")
    assert [box["text"].split()[0] for box in boxes] == ["Dernière", "Vérifié"]
    for box in boxes:
        assert box["lines"] == 1 and box["right"] <= width, box  # never cut in the middle, never off screen
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# every line the dates' paragraph shows, as the screen lays it out (each visible character
# placed on the line of its box): a separator must never end or start one
LINES_JS = """() => {
  const box = document.querySelector('.kb-dates'), lines = new Map(), range = document.createRange();
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.checkVisibility()) continue;
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = [...range.getClientRects()].find(r => r.width > 0);
      if (!rect) continue;
      const line = Math.round(rect.top + rect.height / 2);
      const key = [...lines.keys()].find(k => Math.abs(k - line) <= 4) ?? line;
      lines.set(key, (lines.get(key) || '') + node.data[i]);
    }
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1].replace(/\\s+/g, ' ').trim());
}"""


@pytest.mark.parametrize("path", ["escalade/", "parcours/retrait-en-attente/"])
@pytest.mark.parametrize("width", [390, 720, 1024, 1280])
def test_no_line_of_the_dates_starts_or_ends_with_the_separator(page: Page, reviewed_url: str, path: str,
                                                               width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(reviewed_url + path)
    lines = page.evaluate(LINES_JS)
    assert len(lines) >= 1 and all(lines), lines
    if width == 390:
        assert len(lines) == 2, lines  # one date per line
    for line in lines:
        assert not line.startswith("·") and not line.endswith("·"), (width, lines)
