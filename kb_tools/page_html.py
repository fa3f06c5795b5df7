"""The HTML a page's Markdown became, checked and written out again.

A page's content (what Markdown, its extensions and the flows made of the
page, before the theme wraps it) may hold no script and nothing that runs,
redirects, embeds or is read as raw text: no ``<script>``, ``<style>``,
``<iframe>``, ``<object>``, ``<meta>``, ``<base>``, ``<form>``, ``<textarea>``,
``<title>``, SVG animation, no ``on...`` attribute, no code-running or
third-party address (``kb_tools.built_pages`` decides those).

The content is then written out again from what the parser read: every text
escaped, every attribute quoted, the first of two same-named attributes
kept (as browsers do), comments and declarations dropped. So the browser
reads exactly what was checked, whatever Python's parser and the browser's
would have made of odd markup (``<!-->``, ``</script x>``, CDATA...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

from .built_pages import NOWHERE
from .material import RESERVED_ID_PREFIX

#: Elements a page's content never holds: besides those no page holds, what
#: runs, styles, sends, sets the head, or is read as raw text (``<textarea>``).
REFUSED = NOWHERE | {"script", "style", "noscript", "template", "xmp", "noembed", "noframes", "plaintext",
                     "meta", "link", "form", "title", "textarea"}
#: SVG and MathML, where ``<title>`` is an element like the others (an SVG's accessible name).
_FOREIGN = frozenset({"svg", "math"})
_FOREIGN_OK = frozenset({"title"})
#: HTML elements that have no end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr", "param"})
_NAME = re.compile(r"[a-zA-Z_][-a-zA-Z0-9_.:]*")

#: ``(what is wrong, how to find it in the page's source, rule)`` for each problem.
Found = tuple[str, str, str]
#: ``(tag, attribute, value, the attributes kept so far)`` -> ``(what is wrong, rule)``, or None.
Judge = Callable[[str, str, str, dict[str, str]], "tuple[str, str] | None"]


class _Cleaner(HTMLParser):
    def __init__(self, judge: Judge, url: Callable[[str], str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.judge = judge
        self.url = url
        self.out: list[str] = []
        self.found: list[Found] = []
        self.foreign = 0  # how many <svg> or <math> are open

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        local = tag.rsplit(":", 1)[-1]
        if (local in REFUSED and not (self.foreign and local in _FOREIGN_OK)) or not _NAME.fullmatch(tag):
            self.found.append((f"élément <{tag}> refusé dans le contenu d’une page : il exécute du code, "
                               "change la page ou envoie ailleurs ; retirez-le", f"<{tag}",
                               "inline-script" if local == "script" else "unsafe-html"))
            return
        kept: dict[str, str] = {}
        for name, value in attrs:
            if name in kept:
                continue  # the browser keeps the first
            value = value or ""
            if not _NAME.fullmatch(name):
                self.found.append((f"attribut illisible « {name[:30]} » dans <{tag}> ; retirez-le", name, "unsafe-html"))
                continue
            wrong = self.judge(tag, name, value, kept)
            if wrong:
                # located by the value when it is the value that is wrong (an id of the theme)
                self.found.append((wrong[0], value if wrong[1] == "reserved-name" else name, wrong[1]))
                continue
            kept[name] = self.url(value) if self.url and name in ("href", "src") else value
        text = "".join(f' {name}="{escape(value)}"' for name, value in kept.items())
        self.out.append(f"<{tag}{text}{'/' if closed and tag not in VOID else ''}>")
        if local in _FOREIGN and not closed:
            self.foreign += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        local = tag.rsplit(":", 1)[-1]
        if (local not in REFUSED or (self.foreign and local in _FOREIGN_OK)) and tag not in VOID and _NAME.fullmatch(tag):
            self.out.append(f"</{tag}>")
        if local in _FOREIGN and self.foreign:
            self.foreign -= 1

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    # Comments, <!DOCTYPE>, <![CDATA[...]]>, <?...>: nothing a page's content needs, and
    # where parsers disagree most. Dropped; one that holds markup is a problem (a browser
    # may read it otherwise: "<!-->" ends a comment there).
    def handle_comment(self, data: str) -> None:
        if "<" in data or ">" in data:
            self._dropped("<!--")

    def handle_decl(self, decl: str) -> None:
        self._dropped("<!")

    def unknown_decl(self, data: str) -> None:
        self._dropped("<![")

    def handle_pi(self, data: str) -> None:
        self._dropped("<?")

    def _dropped(self, needle: str) -> None:
        self.found.append(("commentaire ou déclaration HTML contenant du balisage, que les navigateurs ne lisent "
                           "pas tous de même ; retirez-le", needle, "unsafe-html"))


def clean(html: str, judge: Judge, url: Callable[[str], str] | None = None) -> tuple[str, list[Found]]:
    """``html`` written out again without what is refused, and what was refused;
    ``url`` rewrites each ``href`` and ``src`` kept (an incident's links, page by page)."""
    cleaner = _Cleaner(judge, url)
    cleaner.feed(html)
    cleaner.close()
    return "".join(cleaner.out), cleaner.found


def locate(source: str, needle: str) -> tuple[int, int]:
    """Line and column of ``needle`` in a page's source (case aside), or 1:1."""
    at = source.lower().find(needle.lower())
    if at < 0:
        return 1, 1
    line = source.count("\n", 0, at) + 1
    return line, at - (source.rfind("\n", 0, at) + 1) + 1


def reserved_id(name: str, value: str) -> tuple[str, str] | None:
    """An element id of the page's content that is one of Material's (a heading
    « __config » gets that id: Material's settings were then unreadable)."""
    if name.rsplit(":", 1)[-1].lower() == "id" and value.strip().startswith(RESERVED_ID_PREFIX):
        return (f"l’identifiant « {value[:40]} » est réservé au thème (il commence par « {RESERVED_ID_PREFIX} ») ; "
                "changez le titre ou l’identifiant", "reserved-name")
    return None
