"""Search without a browser (lunr.py): accents, typos, synonyms, keywords,
and the public query set scored fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.search.evaluate import Scores, load_queries, rank
from tests.search.lunr_eval import SiteSearch, site_search


@pytest.fixture(scope="module")
def search(built_site: Path) -> SiteSearch:
    return site_search(built_site)


@pytest.mark.parametrize(("query", "page"), [
    ("depot", "parcours/depot-non-credite/"),           # accents folded
    ("dépôt non crédité", "parcours/depot-non-credite/"),
    ("identite", "parcours/verification-kyc/"),
    ("verifcation identité", "parcours/verification-kyc/"),  # one typo
    ("retrai", "parcours/retrait-en-attente/"),          # prefix while typing
    ("compte piraté", "parcours/securite-compte/"),
    ("usurpation", "parcours/securite-compte/"),         # synonym the page does not use
    ("email envoyer documents kyc", "parcours/verification-kyc/"),  # « e-mail » joined: email
])
def test_players_words_find_the_page(search: SiteSearch, query: str, page: str) -> None:
    assert page in search.search(query)[:3]


def test_accents_and_case_do_not_change_results(search: SiteSearch) -> None:
    assert search.search("Vérification d'identité")[:3] == search.search("verification d identite")[:3]


def test_flows_come_before_pages_that_merely_mention_the_word(search: SiteSearch) -> None:
    assert search.search("retrait bloqué")[0] == "parcours/retrait-en-attente/"


def test_query_set_scores_like_the_browser(search: SiteSearch) -> None:
    queries = load_queries()
    scores = Scores([rank(search.search(q.text), q.expect) for q in queries])
    print(f"\nlunr.py: {scores.summary()}")
    # the browser gate is 0.95 (tests/search/test_search_browser.py); lunr.py differs a little
    assert scores.hit(3) >= 0.90, scores.summary()
