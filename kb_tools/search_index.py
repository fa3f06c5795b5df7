"""Make Material's search index find what players mean.

Runs on ``search/search_index.json`` after Material wrote it:

- a ``keywords`` field, indexed but never shown, holds for each document the
  tree's ``keywords`` (on a flow's main entry), the members of every synonym
  group the document mentions, and the joined form of hyphenated words
  (« e-mail » also gives « email »);
- a per-document ``boost`` puts the page that solves a problem first: a
  flow's main entry above an article, an article's main entry above one of
  its sections. A page's front matter ``search: boost`` (Material's own
  setting) scales it: the home page, which names every problem, lowers
  its own so that it never outranks the page that answers;
- a reference page (front matter ``kind: reference``: the glossary, the
  home page) names every problem and solves none: its documents weigh
  little (``REFERENCE_BOOST``), and the terms it defines become its
  keywords, so that it comes up when the query is about a term (« c'est
  quoi le wagering ») and not for an everyday question that merely uses
  the words of its definitions.

The tuned index goes to ``search/kb-search-index.json``; Material's
``search_index.json`` keeps its config and no document (see ``split``), so
that a page loads no index until the player opens the search.

Accent folding, stemming while typing and typo tolerance happen in the
browser, in overrides/assets/javascripts/workers/kb-search-worker.js.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from . import material
from .front_matter import is_boost

KEYWORDS_FIELD = "keywords"
#: Field weights. Material's defaults (title 1000, text 1) let one word in
#: any section title beat a page that is about the query.
FIELD_BOOSTS = {"title": 10.0, "text": 1.0, "tags": 10.0}
KEYWORDS_BOOST = 6.0
FLOW_BOOST = 2.0
ARTICLE_BOOST = 1.5
REFERENCE_BOOST = 0.3
#: Front matter ``kind:`` values (kb_tools/front_matter.py checks them).
REFERENCE = "reference"
#: The document key that tells the browser's ranking a page is a reference page.
KIND_FIELD = "kind"
#: A term a reference page defines: a definition list's term, the line
#: right before « :   its definition ».
_DEFINED = re.compile(r"^([^\s:][^\n]*?)[ \t]*\n:[ \t]", re.MULTILINE)
_TAGS = re.compile(r"<[^>]+>")
_HYPHENATED = re.compile(r"\b(\w+)-(\w+)\b")


@dataclass(frozen=True)
class PageSearch:
    """What the index should know of one page."""

    keywords: tuple[str, ...] = ()
    boost: float = 1.0
    section_boost: float = 1.0
    reference: bool = False


@dataclass
class SearchTuning:
    pages: dict[str, PageSearch] = field(default_factory=dict)
    synonyms: list[list[str]] = field(default_factory=list)
    article_boost: float = ARTICLE_BOOST


def defined_terms(markdown: str) -> list[str]:
    """The terms a reference page defines, in its order."""
    return _unique(m.group(1).strip() for m in _DEFINED.finditer(markdown))


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _mentions(haystack: str, folded: str) -> bool:
    return f" {folded} " in haystack


def _joined_forms(text: str) -> list[str]:
    return sorted({a + b for a, b in _HYPHENATED.findall(text.lower()) if len(a) + len(b) >= 4})


def _unique(words: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:
        seen.setdefault(word, None)
    return list(seen)


def _editor_boost(doc: Mapping[str, Any]) -> float:
    """Material's front matter ``search: boost: 0.5``, which it copies on
    every document of the page: it scales ours. Anything but a number the
    front matter check accepts (NaN, infinity, a huge integer) scales nothing."""
    boost = doc.get("boost", 1.0)
    return float(boost) if is_boost(boost) else 1.0


def enrich(index: dict[str, Any], tuning: SearchTuning) -> dict[str, Any]:
    """Return the index with keywords and boosts added (the input is not changed)."""
    config = dict(index["config"])
    fields = {name: {"boost": FIELD_BOOSTS.get(name, spec.get("boost", 1.0))}
              for name, spec in config.get("fields", {}).items()}
    config["fields"] = {**fields, KEYWORDS_FIELD: {"boost": KEYWORDS_BOOST}}
    groups = [[(member, fold(member)) for member in group] for group in tuning.synonyms]
    docs = []
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        spec = tuning.pages.get(page)
        plain = _TAGS.sub(" ", f"{doc['title']} {doc['text']}")
        haystack = f" {fold(plain)} "
        words: list[str] = []
        if not anchor:  # a page's main entry only: the index grows with the text, not faster
            words += spec.keywords if spec else ()
            # a reference page is found by the terms it defines, not by synonyms of any word of its text
            for group in groups if not (spec and spec.reference) else ():
                if any(_mentions(haystack, folded) for _, folded in group):
                    words += [member for member, folded in group if not _mentions(haystack, folded)]
            words += _joined_forms(plain)
        out = dict(doc)
        if spec and spec.reference:  # the browser ranks it by its terms only (workers/kb-search-rank.js)
            out[KIND_FIELD] = REFERENCE
        if words:
            out[KEYWORDS_FIELD] = " ".join(_unique(words))
        boost = (spec.boost if not anchor else spec.section_boost) if spec else (
            tuning.article_boost if not anchor else 1.0)
        boost *= _editor_boost(doc)
        out.pop("boost", None)
        if boost != 1.0:
            out["boost"] = round(boost, 4)
        docs.append(out)
    return {**index, "config": config, "docs": docs}


#: Where the full index is written, next to Material's search_index.json.
FULL_INDEX = "kb-search-index.json"


def dumps(index: Mapping[str, Any]) -> str:
    """The index as compact JSON; never ``NaN`` or ``Infinity``, which are not
    JSON: the browser's ``JSON.parse`` would refuse the file, and the search
    of the whole site with it (a ValueError here instead)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def split(index: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Material's file, config only, naming the full index; and the full index.

    Material's page script fetches ``search_index.json`` at once on every
    page; the search worker fetches the full index the first time the player
    opens the search or types."""
    stub = {"config": {**index["config"], "kb_index": FULL_INDEX}, "docs": []}
    return stub, index


def index_file(site_search_dir: Path) -> Path:
    """The file that holds the documents: the full index when split."""
    full = site_search_dir / FULL_INDEX
    return full if full.is_file() else site_search_dir / PurePosixPath(material.SEARCH_INDEX).name


def tuning_for(
    trees: Mapping[str, Mapping[str, Any]],
    pages_dir: str,
    synonyms: list[list[str]],
    page_keywords: Mapping[str, list[str]] | None = None,
    references: Mapping[str, list[str]] | None = None,
) -> SearchTuning:
    """Flows first: each tree's page gets its keywords and the highest boost;
    articles get the ``keywords`` of their front matter; reference pages
    (url -> terms they define) the lowest boost, their terms as keywords."""
    pages = {
        url: PageSearch(keywords=tuple(words), boost=ARTICLE_BOOST, section_boost=1.0)
        for url, words in (page_keywords or {}).items()
    }
    pages.update({
        url: PageSearch(keywords=tuple(_unique([*(page_keywords or {}).get(url, []), *terms])),
                        boost=REFERENCE_BOOST, section_boost=REFERENCE_BOOST, reference=True)
        for url, terms in (references or {}).items()
    })
    pages.update({
        f"{pages_dir}/{tree_id}/": PageSearch(keywords=tuple(tree["keywords"]), boost=FLOW_BOOST, section_boost=0.5)
        for tree_id, tree in trees.items()
    })
    return SearchTuning(pages=pages, synonyms=synonyms)
