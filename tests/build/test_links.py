"""Every internal link and anchor of the built site resolves."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.build
BASE = "https://site.invalid/"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        for key in ("href", "src"):
            if values.get(key) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(str(values[key]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    parsed = {p: _parse(p) for p in built_site.rglob("*.html")}
    broken = []
    for page, content in parsed.items():
        if page.name == "404.html":
            continue  # its links are absolute from the site root, checked below
        here = BASE + page.relative_to(built_site).as_posix()
        for link in content.links:
            if re.match(r"^(mailto:|https?://(?!site\.invalid)|data:|javascript:)", link):
                continue
            target = urlsplit(urljoin(here, link))
            path = built_site / unquote(target.path[len(urlsplit(BASE).path):])
            if path.is_dir() or not path.suffix:
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(built_site)}: {link}")
            elif (target.fragment and path.suffix == ".html" and target.fragment not in parsed[path].ids
                  and not target.fragment.startswith(("p=", "__"))):
                broken.append(f"{page.relative_to(built_site)}: {link} (no such anchor)")
    assert broken == []


def test_404_links_resolve_from_the_site_root(built_site: Path) -> None:
    for link in _parse(built_site / "404.html").links:
        if link.startswith("/"):
            target = built_site / unquote(urlsplit(link).path).lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), link
