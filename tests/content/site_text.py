"""Read the running text of built pages: what a reader sees, without code,
scripts, navigation or hidden data."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

_SKIP = {"script", "style", "code", "pre", "kbd", "samp", "svg", "template"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.skip = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "article" and "md-content__inner" in classes:
            self.in_article = 1
        elif self.in_article:
            self.in_article += tag not in {"br", "img", "hr", "input", "meta", "link", "wbr"}
        if self.in_article and (tag in _SKIP or self.skip):
            self.skip += tag not in {"br", "img", "hr", "input", "meta", "link", "wbr"}

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
        if self.in_article:
            self.in_article -= 1

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.skip:
            self.chunks.append(data)


def article_text(page: Path) -> str:
    """The text of a page's article, as the reader sees it."""
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.chunks)


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)
