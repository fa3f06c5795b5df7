"""The site in Debian's Chromium: French home page, search that answers,
generated flow pages navigable by their links."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_home_page_is_french_and_search_answers(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").count() == 1
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.fill("retrait")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("parcours/retrait-en-attente/" in (h or "") for h in hrefs)


def test_flow_page_answers_are_links_to_the_next_question(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "parcours/retrait-en-attente/")
    flow = page.locator("[data-kb-flow='retrait-en-attente']")
    assert flow.count() == 1
    start = flow.locator("[data-kb-node]").first
    answer = start.locator("[data-kb-answer]").first
    target = answer.get_attribute("href")
    assert target and target.startswith("#")
    answer.click()
    assert re.search(re.escape(target) + "$", page.url)
    assert page.locator(f"[data-kb-node='{target[1:]}']").count() == 1
