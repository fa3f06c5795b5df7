"""Minify the site's own scripts and styles in the built site (rjsmin and
rcssmin), so the flow and the search worker cost the reader as little as
possible. The readable sources stay in overrides/assets/.

What counts as the site's own is every script and style sheet under the
custom theme folder's ``assets/`` (``overrides/``): a module added there is
minified without being listed anywhere."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

SUFFIXES = (".js", ".css")


def own_assets(custom_dir: Path) -> list[str]:
    """The site-relative paths of the custom theme's scripts and style sheets."""
    assets = custom_dir / "assets"
    if not assets.is_dir():
        return []
    return sorted(p.relative_to(custom_dir).as_posix() for p in assets.rglob("*")
                  if p.suffix in SUFFIXES and p.is_file())


def minify_assets(site: Path, custom_dir: Path) -> None:
    for relative in own_assets(custom_dir):
        path = site / relative
        if not path.is_file():
            continue  # a file docs/ replaced is refused before this (content-file)
        source = path.read_text(encoding="utf-8")
        small = rjsmin.jsmin(source, keep_bang_comments=False) if path.suffix == ".js" else rcssmin.cssmin(source)
        path.write_text(small, encoding="utf-8")
