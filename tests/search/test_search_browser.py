"""The public query set, typed into the real search box in Chromium.

Each query is typed key by key, as on a phone: what the player sees after
the last key. Fails under hit@3 = 0.95, or when a query marked « first »
does not bring its page first; prints hit@1, hit@3 and MRR."""

from __future__ import annotations

import pytest

from tests.search.evaluate import Scores, load_queries, rank, search_box_pages

pytestmark = pytest.mark.browser


def test_query_set_is_large_and_varied() -> None:
    queries = load_queries()
    assert len(queries) >= 80
    kinds = {q.kind for q in queries}
    assert {"accentless", "typo", "colloquial", "synonym", "long"} <= kinds


def test_players_words_bring_the_right_page_into_the_first_three(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    queries = load_queries()
    results = search_box_pages(page, site_url, queries)
    scores = Scores([rank(pages, q.expect) for pages, q in zip(results, queries, strict=True)])
    print(f"\nsearch box (Chromium): {scores.summary()}")
    misses = [f"{q.text!r} -> {pages[:3]} (expected {list(q.expect)})"
              for pages, q in zip(results, queries, strict=True) if (rank(pages, q.expect) or 99) > 3]
    assert scores.hit(3) >= 0.95, f"{scores.summary()}\n" + "\n".join(misses)
    # the queries a phone walk found answered by another page first
    wrong = [f"{q.text!r} -> {pages[:3]}" for pages, q in zip(results, queries, strict=True)
             if q.first and pages[:1] != [q.expect[0]]]
    assert not wrong, "\n".join(wrong)
