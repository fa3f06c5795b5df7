"""The site's search in Python with lunr.py, over the index a build wrote.

The ranking itself is kb_tools/search_rank.py (``make check`` uses it too,
over an index computed from the sources: kb_tools/search_docs.py); it
reproduces the browser side (kb-search-worker.js over Material's worker,
and workers/kb-search-rank.js).

Known differences with the browser, why figures may differ slightly:
- the stemmer is NLTK's Snowball French, the browser's is lunr-languages'
  port of the same algorithm: a few words stem differently;
- Material extracts text blocks from the HTML with its own tokenizer and
  keeps positions for highlighting; here tags are simply removed;
- Material paginates results and shows the first ten pages; here all pages
  are ranked;
- typing is not simulated: the whole query is run once, as after the last
  keystroke.
"""

from __future__ import annotations

import json
from pathlib import Path

from kb_tools.search_index import index_file
from kb_tools.search_rank import RANK_JS, SiteSearch, cover_power, fold, stem, stop_words

__all__ = ["RANK_JS", "SiteSearch", "cover_power", "fold", "site_search", "stem", "stop_words"]


def site_search(site: Path) -> SiteSearch:
    return SiteSearch(json.loads(index_file(site / "search").read_text(encoding="utf-8")))
