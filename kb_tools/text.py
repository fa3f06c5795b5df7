"""Escaping and typography for text that goes into generated Markdown.

Plain text (titles, labels) is escaped so that it can never become Markdown
or HTML.  Markdown text keeps its formatting, but raw HTML and attribute
lists are neutralised, so tree content can never add a script or an event
handler to a page.  French spacing before ``: ; ! ?`` and inside « » is
made non-breaking, so editors can type ordinary spaces.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from .links import refusal

NBSP = "\u00a0"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])", re.MULTILINE)
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", '"': "%22", "\\": "%5C", "\n": "%0A"}
_SAFE_URL = re.compile(r"^(https?://|mailto:|/)", re.IGNORECASE)
_SPACE_BEFORE = re.compile(r"(?<![\s\\])[ \u202f\u00a0]+([:;!?»])")
#: Runs of line breaks (each a single character class: no backtracking).
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")
_SPACE_AFTER = re.compile(r"(«)[ \u202f\u00a0]+")


def french_spacing(text: str) -> str:
    text = _SPACE_BEFORE.sub(NBSP + r"\1", text)
    return _SPACE_AFTER.sub(r"\1" + NBSP, text)


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def plain(text: Any) -> Markup:
    """Plain text, shown exactly as written, whatever characters it holds; on
    one line (a line break in a title would cut its heading from its anchor)."""
    one_line = one_line_of(str(text))
    escaped = _MD_SPECIAL.sub(r"\\\1", escape_html(french_spacing(one_line)))
    return Markup(_LINE_START.sub(_escape_line_start, escaped))


def one_line_of(text: str) -> str:
    """Each run of line breaks, with the spaces and tabs around it, as one space.

    In linear time: a regex such as ``[ \t]*[\n...]+[ \t]*`` tries again from
    every space of a long run without a line break (60,000 spaces took 20 s)."""
    parts = _LINE_BREAKS.split(text)
    if len(parts) == 1:
        return text
    middle = [part.strip(" \t") for part in parts[1:-1]]
    return " ".join([parts[0].rstrip(" \t"), *middle, parts[-1].lstrip(" \t")])


def _escape_line_start(match: re.Match[str]) -> str:
    mark = match.group(2)
    mark = mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark
    return match.group(1) + mark


def url(value: str) -> Markup:
    """A link target for Markdown: only https, http, mailto or a site path."""
    if not _SAFE_URL.match(value) or refusal(value):  # refusal: decoded as a browser would, //host too
        raise ValueError(f"refused URL {value!r}")  # validation refuses these first
    return Markup("".join(_URL_UNSAFE.get(c, c) for c in value))


def markdown(text: str | None) -> Markup:
    """Markdown formatting kept; raw HTML and ``{: attr}`` lists neutralised."""
    if not text:
        return Markup("")
    safe = french_spacing(text).replace("<", "&lt;").replace("{", "\\{")
    return Markup(safe.strip())


def lcfirst(value: str) -> str:
    """« Réponse sous 48 h » -> « réponse sous 48 h », « E-mail » -> « e-mail », to
    continue a sentence; a first word with another capital or a digit (« KYC »,
    « 3D Secure », « iPhone ») is a name and stays as it is."""
    first = value.split(" ", 1)[0]
    if any(c.isupper() or c.isdigit() for c in first[1:]) or first[:1].isdigit():
        return value
    return value[:1].lower() + value[1:]


def json_attribute(data: Any) -> Markup:
    """JSON as an HTML attribute value (between double quotes).

    Not a ``<script type="application/json">``: Material's instant navigation
    re-runs the scripts of a page it loads, and would run that one as code.
    Every ``&`` of the JSON (only ever inside a string) is written ``\\u0026``:
    Markdown writes an attribute back without escaping an ``&`` that starts an
    entity (``&quot;`` typed in a tree), which the browser would then decode.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("&", "\\u0026")
    return Markup(escape_html(text).replace("'", "&#39;"))


def yaml_string(text: str) -> Markup:
    """A string for YAML front matter (JSON strings are valid YAML)."""
    return Markup(json.dumps(french_spacing(text), ensure_ascii=False))


def ident(value: str) -> Markup:
    """An id checked by the schema (``[a-z0-9-]``), or an anchor made of two
    (``TREE--NODE``): safe in attributes and anchors."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(--[a-z0-9]+(-[a-z0-9]+)*)?", value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def finalize(value: Any) -> Any:
    """Jinja ``finalize``: anything not already marked safe is plain text."""
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    return plain(value)
