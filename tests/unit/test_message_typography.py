"""The tool's own French follows the typography it asks of editors: no
straight apostrophe between two letters in a message of kb_tools (« n'est »
is written « n’est »). Read from the string literals of the source, where
every message is written (tokenize: code and docstrings aside)."""

from __future__ import annotations

import io
import re
import tokenize

from tests.conftest import ROOT

LETTER = "A-Za-zÀ-ÖØ-öø-ÿœŒ"
STRAIGHT = re.compile(rf"(?<=[{LETTER}])'(?=[{LETTER}])")
FRENCH = re.compile(r"[àâçéèêëîïôûùüÿœ]|\b(le|la|les|de|des|un|une|et|est|vous|votre|pas)\b")


def _literals(source: str) -> list[tuple[int, str]]:
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        match = re.match(r"(?i)([rbuf]*)(\"\"\"|'''|\"|')", token.string)
        if match is None or "b" in match.group(1).lower() or match.group(2) != '"':
            continue  # docstrings and single-quoted strings are code's, not messages
        found.append((token.start[0], token.string))
    return found


def test_no_message_of_kb_tools_has_a_straight_apostrophe() -> None:
    wrong = [f"{path.relative_to(ROOT)}:{line}: {text[:70]}"
             for path in sorted((ROOT / "kb_tools").rglob("*.py"))
             for line, text in _literals(path.read_text(encoding="utf-8"))
             if FRENCH.search(text) and STRAIGHT.search(text)]
    assert wrong == []
