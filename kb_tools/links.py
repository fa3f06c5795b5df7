"""Link targets in the Markdown of a tree, judged as a browser would read them.

A browser decodes HTML entities in an ``href`` (``&#106;``, ``&#x6A;``,
``&colon;``...), drops tabs and newlines anywhere in a URL, and ignores
leading spaces and control characters; a ``\\`` counts as a ``/``. So each
target is decoded that way before its scheme is read. Targets are taken after
every opener Markdown or HTML knows: inline links and images ``](``,
reference definitions ``[r]: url`` (in any container: list, quote,
admonition), autolinks ``<scheme:...>``, and raw ``href=``/``src=``; however
many spaces, tabs or newlines come before or inside the scheme. Only http(s), mailto, tel and the site's own pages are
allowed; ``//host`` and ``/\\host`` lead to another site and are refused.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Where a link target starts, in the decoded text. ``]:`` anywhere, not only at
# the start of a line: a reference definition also counts inside a list item,
# a quote, an admonition or a definition (refusing a little more is safe).
_OPENERS = re.compile(
    r"\]\("                                   # inline link or image: [x](url), ![x](url)
    r"|\]:"                                    # reference definition: [r]: url
    r"|<"                                     # autolink: <scheme:...>
    r"|\b(?:href|src|action|formaction)\s*=",  # raw HTML attributes
    re.IGNORECASE,
)
_DROPPED = re.compile(r"[\t\n\r]")  # the URL parser removes these anywhere
# before the URL: spaces (any Unicode space: Python-Markdown strips them), controls, < and quotes
_SKIPPED = re.compile(r"[\s\x00-\x20<\"'`]*")
_LEADING = re.compile(r"^[\s\x00-\x20<\"'`]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_WINDOW = 200  # characters that count after an opener: enough for any spelling of a scheme


def decode(target: str) -> str:
    """The start of ``target`` as the browser's URL parser gets it."""
    text = _DROPPED.sub("", html.unescape(_DROPPED.sub("", target)))
    text = _LEADING.sub("", text)
    return _LEADING.sub("", _DROPPED.sub("", unquote(text))).replace("\\", "/")


def refusal(target: str) -> str | None:
    """What is refused in a link target (``javascript:``, ``//``), or None if it is safe."""
    url = decode(target)
    scheme = _SCHEME.match(url.lower())
    if scheme and scheme.group(1) not in SAFE_SCHEMES:
        return f"{scheme.group(1)}:"
    if url.startswith("//"):
        return "//"
    return None


def _target_at(text: str, start: int) -> str:
    """The first ``_WINDOW`` characters that count from ``start``: leading
    spaces and the tabs and newlines the URL parser drops, however many, are
    not counted."""
    start = _SKIPPED.match(text, start).end()  # type: ignore[union-attr]
    kept = ""
    while len(kept) < _WINDOW and start < len(text):
        kept += _DROPPED.sub("", text[start:start + _WINDOW])
        start += _WINDOW
    return kept


def unsafe_links(markdown: str) -> list[str]:
    """Every refused scheme (or ``//``) among the link targets of ``markdown``, in order."""
    text = html.unescape(markdown)
    found: list[str] = []
    skipped_to = -1
    for opener in _OPENERS.finditer(text):
        if opener.end() <= skipped_to:  # only skipped characters since the last opener (<<<…): the same target
            continue
        skipped_to = _SKIPPED.match(text, opener.end()).end()  # type: ignore[union-attr]
        reason = refusal(_target_at(text, skipped_to))
        if reason and reason not in found:
            found.append(reason)
    return found
