"""A big help centre on a phone (390 x 844): from the home page's menu a
player opens « Parcours guidés », picks a category, lands on its page, and
from there reaches a guide whose entry the menu then marks; the category page
passes axe, as the other pages do."""

from __future__ import annotations

import functools
import socketserver
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from benchmarks.sitegen import PER_CATEGORY, generate
from tests.browser.a11y import TIMEOUT, axe_violations, describe
from tests.conftest import _QuietHandler, build_site

TREES = 2 * PER_CATEGORY + 12


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("big-site")
    build_site(generate(TREES, base / "project"), base / "site")
    handler = functools.partial(_QuietHandler, directory=str(base / "site"))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


def open_menu(page: Page) -> None:
    page.get_by_role("button", name="Menu").click()
    page.wait_for_function("() => document.getElementById('__drawer').checked", timeout=TIMEOUT)


def shown(page: Page, css: str) -> list[str]:
    """The links matching ``css`` that a player sees in the open menu (on screen, not covered)."""
    page.wait_for_timeout(400)  # the drawer and its panels slide in
    return page.evaluate("""css => [...document.querySelectorAll(css)].filter(a => {
      const r = a.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && a.contains(hit);
    }).map(a => a.getAttribute('href'))""", css)


def test_a_player_reaches_a_guide_through_its_category_in_the_drawer(page: Page, big_site: str) -> None:
    page.goto(big_site, wait_until="load")
    open_menu(page)
    page.locator(".md-sidebar--primary label.md-nav__link", has_text="Parcours guidés").click()
    categories = shown(page, ".md-sidebar--primary a.md-nav__link[href*='rubriques/']")
    assert len(categories) == 3, categories
    with page.expect_navigation():
        page.locator(".md-sidebar--primary a.md-nav__link[href*='rubriques/']").first.click()
    assert "/rubriques/" in page.url
    assert page.locator("article a[href*='parcours/probleme-']").count() in (PER_CATEGORY, TREES % PER_CATEGORY)
    open_menu(page)
    guides = shown(page, ".md-sidebar--primary a.md-nav__link[href*='parcours/probleme-']")
    assert len(guides) >= 5, guides  # the category's guides, one tap away
    with page.expect_navigation():
        page.locator(".md-sidebar--primary a.md-nav__link[href*='parcours/probleme-']").nth(2).click()
    assert "/parcours/probleme-" in page.url
    open_menu(page)
    own = ".md-sidebar--primary .md-nav__link--active:not(.md-nav--secondary *)"  # not the page's contents
    assert page.locator(own.replace(" .", " a.", 1)).evaluate_all("links => links.map(a => a.href)") == [page.url]
    entry = page.locator(f"{own}:visible").first
    entry.scroll_into_view_if_needed()  # on a phone, its label (which opens the page's contents) is shown
    assert len(shown(page, own)) == 1

def test_the_category_page_and_its_open_menu_pass_axe(page: Page, big_site: str) -> None:
    page.goto(big_site, wait_until="load")
    category = page.locator(".md-sidebar--primary a.md-nav__link[href*='rubriques/']").first.evaluate("a => a.href")
    page.goto(category, wait_until="load")
    problems = describe(page.url, axe_violations(page))
    open_menu(page)
    problems += describe(page.url + " (menu open)", axe_violations(page))
    assert problems == [], "axe-core found WCAG 2.2 A/AA violations:\n" + "\n".join(problems)

