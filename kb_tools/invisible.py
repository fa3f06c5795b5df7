"""Characters a reader cannot see: bidirectional controls (they reorder what
is displayed, so a label can read differently from what it says), control
characters, zero-width spaces; and labels compared as a player sees them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

#: Bidirectional embeddings, overrides, isolates and marks.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Zero-width characters, and the two separators that break JavaScript strings.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SEPARATORS = frozenset("\u2028\u2029")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_UNSEEN = dict.fromkeys(map(ord, ZERO_WIDTH | BIDI))  # str.translate: drop them
#: Every character :func:`hidden` may report (``Cc`` is U+0000-001F and U+007F-009F),
#: to pass over most texts at the speed of a regular expression.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b\u2060\ufeff" + "".join(sorted(BIDI)) + "]")

Path = tuple[str | int, ...]


def label_key(label: str) -> str:
    """A label as a player tells it apart: invisible characters gone, spaces
    (non-breaking ones too) collapsed, case folded."""
    visible = label.translate(_UNSEEN)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", visible)).strip().casefold()


def hidden(text: str, *, markdown: bool) -> Iterator[tuple[str, str]]:
    """``(character, rule)`` for each character of ``text`` a reader cannot see.

    Markdown may hold newlines and tabs; plain text (a title, a button) holds
    no control character at all. Zero-width joiners are left to emoji.
    """
    for char in dict.fromkeys(text):
        if char in BIDI:
            yield char, "bidi-control"
        elif char in "\n\t" and markdown:
            continue
        elif unicodedata.category(char) == "Cc" or char in _SEPARATORS or char in {"\u200b", "\u2060", "\ufeff"}:
            yield char, "control-character"


def strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str, bool]]:
    """Every string of a loaded document, and every mapping key: ``(path, text, is_key)``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*path, key), key, True
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data, False


def suspect_strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str, bool]]:
    """Those of :func:`strings` in which :func:`hidden` may find something,
    in the same order; the others are passed over without building their path."""
    search = _SUSPECT.search
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and search(key):
                yield (*path, key), key, True
            if isinstance(value, str):
                if search(value):
                    yield (*path, key), value, False
            elif isinstance(value, (dict, list)):
                yield from suspect_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, str):
                if search(value):
                    yield (*path, i), value, False
            elif isinstance(value, (dict, list)):
                yield from suspect_strings(value, (*path, i))
    elif isinstance(data, str) and search(data):
        yield path, data, False


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'caractère de contrôle')}"
