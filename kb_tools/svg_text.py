"""Text in the SVG picture of a tree (graph_svg): widths estimated without
font metrics, on the wide side, and word wrap that keeps French typography."""

from __future__ import annotations

import re

_STICKY_BEFORE = {"?", "!", ":", ";", "»"}
_NARROW = set("iljtfrI.,;:!|'’()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """A generous estimate of the rendered width of ``text`` in pixels."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.38
        elif char in _WIDE:
            em += 0.97
        elif char.isupper() or char.isdigit():
            em += 0.74
        else:
            em += 0.64
    return em * size


def _words(text: str) -> list[str]:
    """Words to wrap at ordinary spaces only: « ? », « ! », « : », « ; » and
    guillemets stay with their word (French typography), as do no-break spaces."""
    words: list[str] = []
    glue = False
    for token in re.split(r"[ \t\r\n]+", text.strip()):
        if not token:
            continue
        if words and (glue or token in _STICKY_BEFORE):
            words[-1] += " " + token
        else:
            words.append(token)
        glue = token == "«"
    return words


def wrap(text: str, max_width: float, size: float) -> list[str]:
    """Greedy word wrap on estimated widths; a word too long is cut."""
    lines: list[str] = []
    current = ""
    for word in _words(text):
        while text_width(word, size) > max_width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size) > max_width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]
