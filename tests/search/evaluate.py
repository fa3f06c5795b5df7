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


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(q["query"], tuple(q["expect"]), q["kind"]) for q in data["queries"]]


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


def search_box_pages(page: Any, site_url: str, queries: list[Query]) -> list[list[str]]:
    """Type each query into Material's search box; return the result pages in order."""
    page.goto(site_url)
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('Initialisation')",
                           timeout=20_000)
    placeholder = meta.inner_text()
    out: list[list[str]] = []
    for query in queries:
        # Material reads the box on key events: fill, then a key that types nothing
        box.fill("")
        box.press("End")
        page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent === t", arg=placeholder)
        box.fill(query.text)
        box.press("End")
        page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent !== t", arg=placeholder)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list > .md-search-result__item > a.md-search-result__link",
            "links => links.map(a => a.href)")
        pages: list[str] = []
        for href in hrefs:
            found = page_of(href, site_url)
            if found not in pages:
                pages.append(found)
        out.append(pages)
    return out
