"""Minify the site's own scripts and styles in the built site (rjsmin and
rcssmin), so the flow and the search worker cost the reader as little as
possible. The readable sources stay in overrides/assets/."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

OWN_ASSETS = (
    "assets/javascripts/kb-flow.js",
    "assets/javascripts/kb-history.js",
    "assets/javascripts/kb-material.js",
    "assets/javascripts/workers/kb-search-worker.js",
    "assets/stylesheets/kb-flow.css",
)


def minify_assets(site: Path) -> None:
    for relative in OWN_ASSETS:
        path = site / relative
        if not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        small = rjsmin.jsmin(source, keep_bang_comments=False) if path.suffix == ".js" else rcssmin.cssmin(source)
        path.write_text(small, encoding="utf-8")
