"""The site's search in Python with lunr.py: the ranking the browser does.

Used by ``make check`` (kb_tools/search_moves.py: which page comes first for
each public query) and by the tests (tests/search/lunr_eval.py, over a
built index). It reproduces the browser side (kb-search-worker.js over
Material's worker, and workers/kb-search-rank.js):

- tokens split on the site's separator, trimmed, French stop words removed
  (the list is read from Material's own lunr.fr), folded, then stemmed;
- queries: small words dropped unless alone, only the last word is a prefix,
  a fuzzy clause (one typo, two from eight letters) on stems of five letters
  or more, with boost 0.3;
- each result's score multiplied by (1 + share of the query's words its page
  holds in any document) ^ POWER and (1 + share in its own title) ^
  TITLE_POWER, and by MAIN when its title holds the query's first word and it
  holds the most of the query's words; a reference page counts only the words of its title and
  keywords, and leaves the results if they hold none; as kb-search-rank.js does;
- results grouped by page, after Material's post-query boost
  (score x (1 + boost^2), boost = 1 for a page's main entry + the share of
  query words found).

lunr.py and NLTK are imported by the first ``SiteSearch``, not with this
module: ``make check`` imports them only when it has a ranking to compute.
Material's files are found, never imported (the core stays free of it).
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from .material import LUNR_LANGUAGE_FILE

RANK_JS = Path(__file__).resolve().parents[1] / "overrides/assets/javascripts/workers/kb-search-rank.js"
_TAGS = re.compile(r"<[^>]+>")
_TRIM = re.compile(r"^\W+|\W+$")


def lunr_fr() -> Path:
    """Material's lunr.fr (its French stop words), found without importing Material."""
    spec = importlib.util.find_spec("material")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "templates" / LUNR_LANGUAGE_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(f"material/templates/{LUNR_LANGUAGE_FILE}")


@cache
def cover_power() -> tuple[int, int, int]:
    """The browser's page coverage powers and first-word factor (kb-search-rank.js), read from there."""
    source = RANK_JS.read_text(encoding="utf-8")
    powers = [re.search(rf"var {name} = (\d+);", source) for name in ("POWER", "TITLE_POWER", "MAIN")]
    if not all(powers):
        raise ValueError("kb-search-rank.js no longer sets POWER, TITLE_POWER and MAIN where expected")
    return int(powers[0][1]), int(powers[1][1]), int(powers[2][1])  # type: ignore[index]


@cache
def stop_words() -> frozenset[str]:
    source = lunr_fr().read_text(encoding="utf-8")
    match = re.search(r'generateStopWordFilter\("([^"]+)"', source)
    if match is None:
        raise ValueError("lunr.fr no longer holds its stop words where expected")
    return frozenset(match.group(1).split())


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).lower()


@cache
def _stemmer() -> Any:
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("french")


@cache
def stem(word: str) -> str:
    """As the browser worker does: a plural whose "s" is all Snowball drops is
    stemmed as its singular (« retraits » and « retrait » both give « retr »)."""
    word = fold(word)
    stemmed = str(_stemmer().stem(word))
    if len(word) > 4 and word.endswith("s") and stemmed == word[:-1]:
        stemmed = str(_stemmer().stem(stemmed))
    return stemmed


def _pipeline_fn(token: Any, i: int | None = None, tokens: list[Any] | None = None) -> Any:
    word = _TRIM.sub("", str(token).lower())
    if not word or word in stop_words():
        return None
    return token.update(lambda s, m=None: stem(word))


@cache
def _registered() -> bool:
    """Our pipeline function known to lunr; a typo-tolerant term's automaton
    built once per process (lunr.py 0.8.0 builds it for every query, and only
    reads it: queries share words, the committed and edited states all of them);
    a match's data copied without ``deepcopy``."""
    from lunr.match_data import MatchData
    from lunr.pipeline import Pipeline
    from lunr.token_set import TokenSet

    Pipeline.register_function(_pipeline_fn, "kb-fr")
    MatchData.__init__ = _match_data
    built = cache(TokenSet.from_fuzzy_string.__func__)

    def from_fuzzy_string(cls: Any, string: str, edit_distance: int) -> Any:
        return built(cls, string, edit_distance)

    TokenSet.from_fuzzy_string = classmethod(from_fuzzy_string)
    return True


def _match_data(self: Any, term: str | None = None, field: str | None = None, metadata: dict[str, Any] | None = None) -> None:
    """lunr.py's MatchData, which deep-copies each match's metadata (a third of a
    query's time): its lists copied, which is all ``combine`` ever changes."""
    self.metadata = {}
    if term is not None:
        self.metadata[term] = {}
        if field is not None:
            self.metadata[term][field] = {key: list(values) for key, values in (metadata or {}).items()}


class SiteSearch:
    """One index (Material's documents, enriched by kb_tools/search_index.py), searched as the browser does."""

    def __init__(self, index_json: dict[str, Any]) -> None:
        from lunr.builder import Builder

        _registered()
        config = index_json["config"]
        self.separator = re.compile(config["separator"])
        self.docs = {d["location"]: d for d in index_json["docs"]}
        self.reference = {d["location"].split("#", 1)[0] for d in index_json["docs"] if d.get("kind") == "reference"}
        builder = Builder()
        builder.pipeline.add(_pipeline_fn)
        builder.search_pipeline.add(_pipeline_fn)
        builder.ref("location")
        builder.b(0)
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec["boost"], extractor=lambda d, n=name: self.words(d.get(n)))
        for doc in index_json["docs"]:
            builder.add(doc, {"boost": doc.get("boost", 1)})
        self.index = builder.build()

    def words(self, value: str | None) -> list[str]:
        if not value:
            return []
        return [w for w in self.separator.split(_TAGS.sub(" ", value)) if w]

    def _query(self, kept: list[str]) -> Any:
        from lunr.query import Query, QueryPresence

        query = Query(self.index.fields)
        for i, word in enumerate(kept):
            last = word is kept[-1] and i == len(kept) - 1
            query.term(word.lower(), use_pipeline=True, wildcard=Query.WILDCARD_TRAILING if last else Query.WILDCARD_NONE)
            base = stem(word)
            if len(base) >= 5:
                query.term(base, use_pipeline=False, edit_distance=2 if len(base) >= 8 else 1, boost=0.3,
                           presence=QueryPresence.OPTIONAL)
        return query

    def search(self, text: str) -> list[str]:
        """Result pages, best first, as the browser would rank them."""
        words = [w for w in self.separator.split(text.strip()) if w]
        if not words:
            return []
        kept = [w for i, w in enumerate(words)
                if len(words) == 1 or (fold(w) not in stop_words() and len(w) >= 2)
                or (i == len(words) - 1 and len(w) > 2)] or words[-1:]
        ordered = list(dict.fromkeys(stem(w) for w in kept))
        stems = set(ordered)

        def words_in(found: set[str]) -> set[str]:
            return {s for s in stems if any(f.startswith(s) or s.startswith(f) for f in found)}

        # a reference page whose title and keywords hold no word of the query leaves the results
        results = [r for r in self.index.query(self._query(kept)) if r["ref"].split("#", 1)[0] not in self.reference
                   or any({"title", "keywords"} & set(fields) for fields in r["match_data"].metadata.values())]
        # the words of the query each page holds, in any of its documents (the worker's page coverage)
        held: dict[str, set[str]] = {}
        titled: dict[str, set[str]] = {}  # the words of the query in the page's own title
        for result in results:
            metadata = result["match_data"].metadata
            page = result["ref"].split("#", 1)[0]
            terms = {t for t, fields in metadata.items() if page not in self.reference or {"title", "keywords"} & set(fields)}
            held.setdefault(page, set()).update(words_in(terms))
            if "#" not in result["ref"]:
                titled[page] = words_in({t for t, fields in metadata.items() if "title" in fields})
        power, title_power, main = cover_power() if len(stems) > 1 else (0, 0, 1)
        # the first word names the problem when a page (not a reference page) is titled with it
        first = ordered[0]
        most = max((len(words) for words in held.values()), default=0)
        lead = {page for page, words in titled.items()
                if page not in self.reference and first in words and len(held[page]) == most}
        scored = []
        for result in results:
            share = len(words_in(set(result["match_data"].metadata))) / len(stems)
            boost = (0 if "#" in result["ref"] else 1) + share
            page = result["ref"].split("#", 1)[0]
            title = titled.get(page, set())
            factor = ((1 + len(held[page]) / len(stems)) ** power * (1 + len(title) / len(stems)) ** title_power
                      * (main if page in lead else 1))
            scored.append((result["score"] * factor * (1 + boost**2), result["ref"]))
        pages: list[str] = []
        for _, ref in sorted(scored, key=lambda x: -x[0]):
            page = ref.split("#", 1)[0]
            if page not in pages:
                pages.append(page)
        return pages
