"""Where a character of a YAML text value was written: the line and column,
in the file, of a character of the parsed string.

The printable characters of a plain, quoted or block (``|``, ``>``) scalar
are those of its source, in the same order: YAML only removes indentation,
line breaks and spaces around them (folding). So the k-th non-space
character of the value is the k-th non-space character of the source after
the value's start (after the quote, or on the lines after a block's header).
Two escapes break that order: ``''`` (one ``'`` in a single-quoted text),
taken as one character, and ``\\`` in a double-quoted text, where the
position is not worked out (None: the caller keeps the value's start).
"""

from __future__ import annotations


def nonspace_index(text: str, offset: int) -> int:
    """How many non-space characters of ``text`` come before ``offset``."""
    return sum(1 for c in text[:offset] if not c.isspace())


def source_position(source: str, start: tuple[int, int], index: int) -> tuple[int, int] | None:
    """1-based (line, column) in ``source`` of the ``index``-th (0-based) non-space
    character of the scalar whose value starts at ``start`` (1-based, as
    :meth:`Document.at` gives it); None when it cannot be told."""
    lines = source.split("\n")
    line, col = start[0] - 1, start[1] - 1
    if not 0 <= line < len(lines) or not 0 <= col < len(lines[line]):
        return None
    first = lines[line][col]
    quote = first if first in "'\"" else None
    if first in "|>":
        line, col = line + 1, 0  # the header line (and its comment) is not text
    elif quote:
        col += 1
    count = 0
    while line < len(lines):
        text = lines[line]
        while col < len(text):
            char = text[col]
            if quote == '"' and char == "\\":
                return None
            if char == quote:
                if quote == "'" and text[col + 1:col + 2] == "'":
                    if count == index:
                        return line + 1, col + 1
                    count, col = count + 1, col + 2
                    continue
                return None  # the closing quote: the text is shorter than index
            if not char.isspace():
                if count == index:
                    return line + 1, col + 1
                count += 1
            col += 1
        line, col = line + 1, 0
    return None
