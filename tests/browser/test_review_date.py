"""« Dernière mise à jour : … · Vérifié le … » on a phone (390 px): each date
whole, on one line of its own or both on one line, inside the screen."""

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
