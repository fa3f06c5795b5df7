"""schema.org ``FAQPage`` data from the collapsible questions of a page.

A FAQ is written with pymdownx.details (``??? question "Titre ?"``), which
renders ``<details class="question"><summary>...</summary>...</details>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any


class _Questions(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.depth = 0  # depth inside a <details class="question">
        self.in_summary = False
        self.question: list[str] = []
        self.answer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details":
            classes = (dict(attrs).get("class") or "").split()
            if self.depth or "question" in classes:
                self.depth += 1
        elif tag == "summary" and self.depth == 1:
            self.in_summary = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary" and self.in_summary:
            self.in_summary = False
        elif tag == "details" and self.depth:
            self.depth -= 1
            if not self.depth:
                self.pairs.append((_clean(self.question), _clean(self.answer)))
                self.question, self.answer = [], []

    def handle_data(self, data: str) -> None:
        if self.in_summary:
            self.question.append(data)
        elif self.depth:
            self.answer.append(data)


def _clean(chunks: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(chunks)).strip()


def faq_jsonld(html: str) -> dict[str, Any] | None:
    """The FAQPage object for a page's HTML, or None if it has no question block."""
    if 'class="question' not in html:
        return None  # most pages: no need to parse
    parser = _Questions()
    parser.feed(html)
    pairs = [(q, a) for q, a in parser.pairs if q and a]
    if not pairs:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in pairs
        ],
    }
