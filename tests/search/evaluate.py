"""Search evaluation: the public query set, scored the way players meet it.

Used by the tests (hit@3 gate) and by benchmarks/search.py (figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "queries.yaml"


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]
    kind: str
    first: bool = False  # the first page of expect must be the first result (a phone walk found it lower)


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(q["query"], tuple(q["expect"]), q["kind"], bool(q.get("first"))) for q in data["queries"]]


@dataclass
class Scores:
    ranks: list[int | None]  # 1-based rank of the first expected page, None if absent

    def hit(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r) / len(self.ranks)

    def summary(self) -> str:
        return f"n={len(self.ranks)} hit@1={self.hit(1):.3f} hit@3={self.hit(3):.3f} MRR={self.mrr:.3f}"


def rank(pages: list[str], expect: tuple[str, ...]) -> int | None:
    for position, page in enumerate(pages, start=1):
        if page in expect:
            return position
    return None


def page_of(href: str, base: str) -> str:
    """Site-relative page path of a result link ("parcours/x/")."""
    path = urlsplit(href).path
    root = urlsplit(base).path
    return path[len(root):] if path.startswith(root) else path.lstrip("/")


# Resolves once the results have not changed for a while: the answer to the last query typed.
SETTLED = """() => new Promise((resolve) => {
  const list = document.querySelector('.md-search-result');
  let timer = setTimeout(done, 400);
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 400); });
  observer.observe(list, { childList: true, subtree: true, characterData: true });
  function done() { observer.disconnect(); resolve(); }
})"""

RESULT_LINKS = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"


def open_search(page: Any, site_url: str) -> Any:
    """The home page on a phone, Material's search opened: its box."""
    page.goto(site_url)
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('Initialisation')",
                           timeout=20_000)
    return page.locator("input.md-search__input")


def type_query(page: Any, box: Any, text: str) -> None:
    """Type `text` into the empty box key by key, as a player does: letters send
    key events, an accented letter or punctuation is inserted as a phone's
    keyboard inserts it; then wait for the results to settle."""
    box.fill("")
    box.press("End")
    box.press_sequentially(text)
    page.evaluate(SETTLED)


def result_pages(page: Any, site_url: str) -> list[str]:
    pages: list[str] = []
    for href in page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)"):
        found = page_of(href, site_url)
        if found not in pages:
            pages.append(found)
    return pages


def search_box_pages(page: Any, site_url: str, queries: list[Query]) -> list[list[str]]:
    """Type each query into Material's search box; return the result pages in order."""
    box = open_search(page, site_url)
    out: list[list[str]] = []
    for query in queries:
        type_query(page, box, query.text)
        out.append(result_pages(page, site_url))
    return out
