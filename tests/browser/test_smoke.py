"""The site in Debian's Chromium: French home page, search that answers,
generated flow pages navigable by their links."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_home_page_is_french(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").count() == 1


# Inflected words whose French stem differs from the word typed: they only
# match when stemming works while typing (our worker over Material's).
@pytest.mark.parametrize("query", ["retrait", "attente", "retraits refusés"])
def test_search_box_answers_with_french_stemming(page, site_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("parcours/retrait-en-attente/" in h for h in hrefs)


def _first_answer_leads_to_its_target(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "parcours/retrait-en-attente/")
    flow = page.locator("[data-kb-flow='retrait-en-attente']")
    assert flow.count() == 1
    answer = flow.locator("[data-kb-node]").first.locator("[data-kb-answer]").first
    target = urlsplit(answer.get_attribute("href") or "").fragment
    answer.click()
    assert page.locator(f"[data-kb-node] [id='{target}']").is_visible()  # the heading's anchor: TREE--NODE
    return target


def test_flow_answers_lead_to_the_next_question(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    _first_answer_leads_to_its_target(page, site_url)
    assert page.locator(".kb-flow [data-kb-node]:visible").count() == 1


def test_without_javascript_the_article_is_complete_and_linked(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    target = _first_answer_leads_to_its_target(page, site_url)
    assert urlsplit(page.url).fragment == target
    assert page.locator(".kb-flow [data-kb-node]:visible").count() > 1  # every node is in the article
    context.close()


SHIFTS = """window.__kbShift = 0; new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__kbShift += entry.value;
}).observe({type: 'layout-shift', buffered: true});"""


# The flow and the home page's search field are built by scripts after the
# first paint; what they build takes the place the page had kept for it.
@pytest.mark.parametrize("path", ["", "parcours/retrait-en-attente/", "contact/"])
def test_nothing_moves_when_the_scripts_start(browser, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.add_init_script(SHIFTS)
    page.goto(site_url + path, wait_until="load")
    page.locator("[data-kb-flow].kb-flow--live, button.kb-search-trigger").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    shift = page.evaluate("() => window.__kbShift")
    page.close()
    assert shift < 0.01, f"layout shift {shift:.3f} on /{path}"
