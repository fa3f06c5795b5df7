"""The channels a page lists (« <!-- kb-channels --> », « <!-- kb-hours --> »)
fit a 390 px phone: no line wider than the page, even with a long deployed
address, which breaks rather than pushes the page sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.build.test_channel_markers import PAGES

pytestmark = pytest.mark.browser

WIDTHS_JS = """(long) => {
  const lists = [...document.querySelectorAll('.kb-channels, .kb-hours')];
  if (long) lists.forEach(l => l.querySelectorAll('a').forEach(a => {
    a.textContent = 'https://support.casinoaunnomtreslong.fr/' + 'aide'.repeat(20);  // no hyphen: no break opportunity
  }));
  const article = document.querySelector('.md-content__inner').getBoundingClientRect();
  return {
    lists: lists.length,
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    over: lists.flatMap(l => [l, ...l.querySelectorAll('li, a, p')])
      .filter(e => e.getBoundingClientRect().right > article.right + 1 || e.scrollWidth > e.clientWidth + 1)
      .map(e => e.tagName + ': ' + e.textContent.slice(0, 60)),
  };
}"""


@pytest.mark.parametrize("long", [False, True])
@pytest.mark.parametrize("path", PAGES)
def test_the_channel_list_fits_a_phone(page: Page, site_url: str, path: str, long: bool) -> None:
    page.goto(f"{site_url}{path}/", wait_until="load")
    seen = page.evaluate(WIDTHS_JS, long)
    assert seen["lists"] >= 1
    assert seen["over"] == [], seen
    assert seen["page"] <= seen["viewport"], seen
