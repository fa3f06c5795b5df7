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
#: Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): drawn as
#: nothing (soft hyphen, Hangul fillers, variation selectors, tags...).
_IGNORABLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
              "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
              "\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
_UNSEEN = re.compile(f"[{_IGNORABLE}]")
#: Of those, the ones emoji and ligatures need: joiners, variation selectors, tags (flags).
_EMOJI_PARTS = re.compile("[\u200c\u200d\ufe00-\ufe0f\U000e0020-\U000e007f\U000e0100-\U000e01ef]")
#: Every character :func:`hidden` may report in plain text (``Cc`` is U+0000-001F
#: and U+007F-009F), to pass over most texts at the speed of a regular expression.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                      "\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufff8"
                      "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e001f\U000e0080-\U000e00ff"
                      "\U000e01f0-\U000e0fff]")

Path = tuple[str | int, ...]


def label_key(label: str) -> str:
    """A label as a player tells it apart: invisible characters gone, spaces
    (non-breaking ones too) collapsed, case folded."""
    visible = _UNSEEN.sub("", label)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", visible)).strip().casefold()


def hidden(text: str, *, markdown: bool) -> Iterator[tuple[str, str]]:
    """``(character, rule)`` for each character of ``text`` a reader cannot see.

    Markdown may hold newlines and tabs; plain text (a title, a button) holds
    no control character at all, nor any character drawn as nothing (Unicode's
    Default_Ignorable_Code_Point) but those emoji are made of (joiners,
    variation selectors, tags).
    """
    for char in dict.fromkeys(text):
        if char in BIDI:
            yield char, "bidi-control"
        elif char in "\n\t" and markdown:
            continue
        elif (unicodedata.category(char) == "Cc" or char in _SEPARATORS or char in {"\u200b", "\u2060", "\ufeff"}
              or (not markdown and _UNSEEN.match(char) and not _EMOJI_PARTS.match(char))):
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
