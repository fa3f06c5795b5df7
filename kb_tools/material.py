"""Every name of Material for MkDocs that the project relies on, in one place.

Material is in maintenance until 5 May 2027 and its internals (a hashed
worker file, message numbers, ids of hidden inputs, template blocks) change
without notice. Nothing here is read from Material at run time: these are
plain names, checked against the *installed* Material by
tests/unit/test_material_boundary.py, which fails with what to re-check when
the installed version is not ``CHECKED_WITH``.

The browser's half is overrides/assets/javascripts/kb-material.js: it sets
``self.kbMaterial`` to exactly ``BROWSER`` (the test compares them). The
search worker and the page's scripts read their Material names there.

Upgrading Material: docs-dev/adr/0003-frontiere-avec-material.md.
No MkDocs import here (the core stays free of it).
"""

from __future__ import annotations

from typing import Final

#: The Material release every name below was checked against (PyPI name below).
CHECKED_WITH: Final = "9.8.2"
DISTRIBUTION: Final = "mkdocs-material"
#: ``theme: name:`` in mkdocs.yml, and the Python package of the theme.
THEME: Final = "material"

# --- Python side: templates, plugin, files --------------------------------

#: Material's page template; overrides/main.html extends it.
BASE_TEMPLATE: Final = "base.html"
#: The blocks of base.html that overrides/main.html and overrides/404.html fill.
BLOCKS: Final = ("announce", "config", "content", "extrahead", "htmltitle", "libs", "scripts", "styles")
#: The JSON keys of Material's ``config`` block (``<script id="__config">``), in
#: its order: overrides/main.html copies the block and changes ``search`` only.
CONFIG_KEYS: Final = ("base", "features", "translations", "search", "annotate", "tags", "version")
#: The search plugin in mkdocs.yml (Material's, registered as ``material/search``),
#: and the index it writes in the built site, which kb_tools tunes afterwards.
SEARCH_PLUGIN: Final = "search"
SEARCH_PLUGIN_ENTRY_POINT: Final = "material/search"
SEARCH_INDEX: Final = "search/search_index.json"
#: Where Material's workers and lunr's language files sit in the built site.
WORKERS_DIR: Final = "assets/javascripts/workers"
LUNR_LANGUAGE_FILE: Final = "assets/javascripts/lunr/min/lunr.fr.min.js"
#: A page's front matter: Material's ``search:`` settings and what ``hide:`` may list.
PAGE_SEARCH_KEYS: Final = ("boost", "exclude")
PAGE_HIDE: Final = ("navigation", "toc", "footer", "feedback", "path", "tags")
#: Material's own element ids (``__config``, ``__drawer``, ``__search``...) all
#: start so: a page's content giving an element such an id would take its place.
RESERVED_ID_PREFIX: Final = "__"

#: The checkbox that opens the search (``<label for="__search">`` in overrides/404.html).
SEARCH_TOGGLE_ID: Final = "__search"

# --- Browser side: kb-material.js sets self.kbMaterial to this --------------

#: Material's search worker, beside ours in ``WORKERS_DIR`` (Material loads
#: lunr's language files relative to it).
SEARCH_WORKER: Final = "search.a7633da7.min.js"

BROWSER: Final = {
    "checkedWith": CHECKED_WITH,
    # the page
    "configScript": "#__config",
    # the page's content, where Material highlights the words searched (search.highlight)
    "content": "[data-md-component='content']",
    "documentObservable": "document$",
    "drawerToggle": "#__drawer",
    # Material's search.highlight: the marks it puts on the page, the parameter of a result's link
    "highlight": {"mark": "mark[data-md-highlight]", "param": "h"},
    "locationObservable": "location$",
    # the search worker: lunr as Material's worker exposes it, and what is wrapped
    "lunrGlobal": "lunr",
    "lunrHooks": {
        "add": "Builder.prototype.add",
        "build": "Builder.prototype.build",
        "parse": "QueryParser.prototype.parse",
        "query": "Index.prototype.query",
        "stemmer": "fr.stemmer",
        "stopWordFilter": "fr.stopWordFilter",
    },
    "lunrLoader": "importScripts",
    "menuButton": "label.md-header__button[for='__drawer']",
    # Material's SearchMessageType: the page and its worker talk with these
    "messages": {"query": 2, "ready": 1, "result": 3, "setup": 0},
    "searchButton": "label.md-header__button[for='__search']",
    "searchDialog": ".md-search[role='dialog']",
    "searchInput": ".md-search__input",
    "searchWorker": SEARCH_WORKER,
}
