"""What the build refuses in a page's rendered HTML, found in its Markdown by
``make check``: raw HTML that runs code, embeds, redirects or loads from
another host (``<script>``, ``<iframe>``, ``on...`` attributes, a
``javascript:`` address), an id reserved to the theme, and a Markdown image or
link whose address the build would refuse (an image from another site).

The same judge as the build (:func:`kb_tools.page_html.clean` with
:func:`kb_tools.built_pages.attribute_refusal`), fed with the page's text
outside code (raw HTML passes through Markdown as it is written) and with
the addresses of its Markdown links and images. The site's own host is not
known here: an image written with the site's full address is refused by the
check, where the build would accept it; write it as a path."""

from __future__ import annotations

import re

from .built_pages import attribute_refusal, same_host
from .embed import prose_lines
from .front_matter import BLOCK
from .page_html import clean, locate, reserved_id
from .page_links import find_links
from .problems import Problem

#: Python's HTML parser reads an unclosed tag again at every « < » that follows: a tag
#: longer than this is refused before parsing (no real one comes near it)
LONGEST_TAG = 4000
_TAG_START = re.compile(r"<[A-Za-z!/?]")

#: the start of a Markdown image, up to its address: ``![texte](``
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([ \t]{0,20}<?")


def _judge(tag: str, name: str, value: str, kept: dict[str, str]) -> tuple[str, str] | None:
    return reserved_id(name, value) or attribute_refusal(tag, name, value, kept, lambda url: same_host(url, None))


def _long_tag(text: str) -> int | None:
    """Where a tag starts whose « > » is more than LONGEST_TAG characters on, or None
    (one pass: the next « > » is looked up from each start, never behind it)."""
    close = -1
    for match in _TAG_START.finditer(text):
        if close < match.start():
            close = text.find(">", match.start())
            if close < 0:
                return None  # no « > » left: no tag at all from here (nothing is parsed there)
        if close - match.start() > LONGEST_TAG:
            return match.start()
    return None


def markup_problems(source: str, shown: str) -> list[Problem]:
    """Every problem the build's check of the rendered page would stop on, located in ``source``."""
    block = BLOCK.match(source)  # the front matter is no content: the theme writes it into <head>, escaped
    if block is not None:
        source = "\n" * source.count("\n", 0, block.end()) + source[block.end():]
    lines = dict(prose_lines(source))
    text = "\n".join(lines.get(n, "") for n in range(1, source.count("\n") + 2))
    problems: list[Problem] = []
    long_tag = _long_tag(text)
    if long_tag is not None:
        line, col = source.count("\n", 0, long_tag) + 1, long_tag - (source.rfind("\n", 0, long_tag) + 1) + 1
        return [Problem(shown, line, col, "error", f"balise HTML de plus de {LONGEST_TAG} caractères, ou jamais fermée "
                        "par « > » avant la suite du texte : fermez-la, ou écrivez « &lt; » pour un « < » du texte",
                        "unsafe-html")]
    # what follows the last « > » holds no whole tag; Python's parser would read it again at every « < »
    _, found = clean(text[:text.rfind(">") + 1], _judge)
    for message, needle, rule in found:
        line, col = locate(source, needle)
        problems.append(Problem(shown, line, col, "error", message, rule))
    images = {(n, m.end() + 1) for n, line in lines.items() for m in _IMAGE.finditer(line)}
    for link in find_links(source):
        tag, attribute = ("img", "src") if (link.line, link.col) in images else ("a", "href")
        wrong = attribute_refusal(tag, attribute, link.target, {}, lambda url: same_host(url, None))
        if wrong:
            problems.append(Problem(shown, link.line, link.col, "error", wrong[0], wrong[1]))
    return sorted(set(problems))



