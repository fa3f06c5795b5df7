"""Arriving from a search result: the words found are highlighted as whole
words, never inside a control (an answer button, a link, a form), and no
button's word is cut (« Identi/fi/ant/s »). « Non trouvé » lists the words
as the player typed them, never a stem (« chang »)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.answer_gaps import glued

pytestmark = pytest.mark.browser

# Every mark on the page: whether it sits in a control, and the characters
# just before and after it (a letter there means a word was cut).
MARKS_JS = """() => [...document.querySelectorAll('[data-md-component=content] mark')].map(m => {
  const text = (n, last) => { let t = ''; for (let x = n; x && !t; x = last ? x.previousSibling : x.nextSibling)
    t = x.textContent; return t; };
  const before = text(m.previousSibling, true), after = text(m.nextSibling, false);
  return {word: m.textContent, control: !!m.closest('a, button, label, summary, form, [role=button]'),
          before: before.slice(-1), after: after.slice(0, 1)};
})"""


def _marks(page: Page) -> list[dict[str, Any]]:
    return page.evaluate(MARKS_JS)  # type: ignore[no-any-return]


def _cut(mark: dict[str, Any]) -> bool:
    return any(c.isalnum() for c in (mark["before"], mark["after"]))


def _check(page: Page, what: str) -> list[dict[str, Any]]:
    marks = _marks(page)
    assert [m for m in marks if m["control"]] == [], f"{what}: highlight inside a control"
    assert [m for m in marks if _cut(m)] == [], f"{what}: a word cut by the highlight"
    assert glued(page) == [], f"{what}: words glued by the highlight"
    return marks


# What Material's result links carry (?h=, the stems the worker found):
# « identifi » is in the connexion flow's first answer « Identifiants invalides ».
@pytest.mark.parametrize(("path", "found"), [
    ("parcours/connexion-acces/", "identifi invalid"),
    ("parcours/retrait-en-attente/", "retr kyc"),
    ("glossaire/", "wager bonus"),
])
def test_a_highlight_keeps_whole_words_and_leaves_controls_alone(page: Page, site_url: str, path: str,
                                                                  found: str) -> None:
    page.goto(f"{site_url}{path}?h={found.replace(' ', '+')}")
    page.wait_for_timeout(1500)  # Material highlights once its index config has come
    marks = _check(page, path)
    assert marks, f"{path}: nothing highlighted for {found!r}"


def _search(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url)
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initialisation')",
        timeout=20_000)
    page.locator("input.md-search__input").press_sequentially(query, delay=15)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("query", ["identifiants invalides", "wagering bonus", "retrait kyc valide"])
def test_a_result_opened_from_the_search_box_is_highlighted_word_by_word(page: Page, site_url: str,
                                                                         query: str) -> None:
    _search(page, site_url, query)
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_function("() => location.search.includes('h=')")
    page.wait_for_timeout(1500)
    assert _check(page, query), f"{query!r}: nothing highlighted"


@pytest.mark.parametrize("query", ["quelqu'un a changé mon mot de passe", "retrait crypto refusé hier",
                                   "ticket clôturé je ne suis pas d'accord"])
def test_words_not_found_are_shown_as_typed(page: Page, site_url: str, query: str) -> None:
    _search(page, site_url, query)
    missing = page.eval_on_selector_all(".md-search-result__item del", "ds => ds.map(d => d.textContent)")
    typed = set(query.split())
    assert set(missing) <= typed, f"{query!r}: « Non trouvé » shows {sorted(set(missing) - typed)}"
