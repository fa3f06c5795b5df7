"""Material's search index made to find what players mean: each page's
keywords collected while pages are read, then the index Material's search
plugin wrote enriched and split (kb_tools/search_index.py)."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.structure.pages import Page

from ..material import SEARCH_INDEX
from ..model import KnowledgeBase
from ..search_index import FULL_INDEX, REFERENCE, defined_terms, dumps, enrich, split, tuning_for


class SearchEnrichment:
    """One build's keywords (made afresh by each ``on_config``: under
    ``mkdocs serve``, keywords taken out of a page leave the served index)."""

    def __init__(self, kb: KnowledgeBase, pages_dir: str) -> None:
        self.kb = kb
        self.pages_dir = pages_dir
        self.page_keywords: dict[str, list[str]] = {}
        self.references: dict[str, list[str]] = {}

    def read(self, page: Page, markdown: str) -> None:
        keywords = page.meta.get("keywords")
        if isinstance(keywords, list):  # articles' front matter
            self.page_keywords[page.url] = [str(k) for k in keywords]
        if page.meta.get("kind") == REFERENCE:  # the glossary, the home page
            self.references[page.url] = defined_terms(markdown)

    def write(self, site: Path) -> None:
        """Runs once Material's search plugin has written its index (the plugin's
        ``on_post_build`` priority sees to that, whatever the order in mkdocs.yml)."""
        path = site / SEARCH_INDEX
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        tuning = tuning_for(self.kb.trees, self.pages_dir, self.kb.synonyms, self.page_keywords, self.references)
        stub, full = split(enrich(index, tuning))
        for target, data in ((path.with_name(FULL_INDEX), full), (path, stub)):
            target.write_text(dumps(data), encoding="utf-8")
