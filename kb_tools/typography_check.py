"""French typography in the sources, where the editor writes it.

The site makes an ordinary space before ``: ; ! ?`` and inside « » non-breaking
(kb_tools/typography.py); what it cannot mend is a mark glued to the word
before it (« texte: suite »), a straight quote or apostrophe (``"`` ``'``), a
guillemet without its space, or a mark that a line break leaves at the start
of a line. tests/content/test_typography.py finds these in the built site;
this finds them in the pages and the trees, at their line, in a few
milliseconds. Code (fenced blocks, `spans`), links' addresses, HTML tags and
comments, attribute lists and Markdown syntax are not running text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import KnowledgeBase
from .problems import Problem
from .scalar_position import nonspace_index, source_position
from .yaml_loader import Document, JsonPath

RULE = "typography"
_SPACES = " \t\u00a0\u202f"

#: a mark glued to what comes before it (not a digit: 09:00, 1:2)
_GLUED = re.compile(rf"(?<=[^{_SPACES}\d])[:;!?]")
_QUOTE = re.compile(r"[\"']")
_OPEN = re.compile(rf"«(?=[^{_SPACES}]|$)")
_CLOSE = re.compile(rf"(?:^|(?<=[^{_SPACES}]))»")

#: what is not running text in a Markdown line, blanked before the checks; a span
#: without its closer ends at the next opener of its kind (a scan to the end of
#: the line retried at every ``<`` was quadratic)
_NOT_TEXT = re.compile(
    r"`+[^`]*`+"                      # code span
    r"|\]\((?:(?!\]\()[^)])*\)"       # a link's address (and title)
    r"|\]\[[^\]]*\]"                  # a reference link's label
    r"|<!--(?:(?!<!--).)*?-->"        # HTML comment on one line
    r"|<[^<>\n]*>"                    # HTML tag, autolink
    r"|\{[:#.][^{}]*\}"               # attribute list
    r"|\{[a-z0-9-]+\}"                # a ticket's {field}
    r"|(?:https?|mailto):[^\s)>\]]*"  # a bare address
    r"|:[a-z0-9_+-]+:"                # an icon shortcode (:material-chat:)
    r"|!(?=\[)"                       # an image's mark
)
_ADDRESS = re.compile(r"(?:https?|mailto):[^\s)>\]]*")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*(?:\s+\"(.*)\")?\s*$")
#: lines that are not running text: an abbreviation, a table rule, a link reference, a snippet (--8<--)
_SKIP_LINE = re.compile(r"^\s*(?:\*\[[^\]]*\]:|(?:\|\s*)?:?-{3,}|\[[^\]]+\]:\s|-{1,2}8<-{1,2}\s)")
_DEF_MARKER = re.compile(r"^(\s*):(\s+)")
_MESSAGE = {
    "glued": "« {mark} » collé au mot qui précède : tapez une espace avant (le site la rend insécable)",
    "line-start": "« {mark} » en début de ligne : remontez-le sur la ligne précédente, après une espace",
    "quote": "guillemet ou apostrophe droits « {mark} » : écrivez l’apostrophe « ’ » ou les guillemets « »",
    "open": "« sans espace après : tapez une espace après « et gardez la citation sur la même ligne",
    "close": "» sans espace avant : tapez une espace avant » et gardez la citation sur la même ligne",
}


def _text_of(line: str) -> str:
    """The line with what is not running text blanked by spaces (columns kept)."""
    admonition = _ADMONITION.match(line)
    if admonition:
        title = admonition.group(2)
        if title is None:
            return ""
        start = line.index('"' + title) + 1
        return " " * start + title
    if _SKIP_LINE.match(line):
        return ""
    line = _DEF_MARKER.sub(lambda m: m.group(1) + " " + m.group(2), line)
    line = re.sub(r"^(\s*)(#{1,6}|[-*+]|\d+[.)]|>)(\s)", lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3), line)
    return _NOT_TEXT.sub(lambda m: " " * len(m.group(0)), line)


def _line_problems(text: str) -> Iterator[tuple[int, str, str]]:
    """(0-based column, kind, mark) of every fault in one line of running text."""
    first = len(text) - len(text.lstrip(_SPACES))
    for match in _GLUED.finditer(text):
        yield match.start(), "glued", match.group(0)
    if first < len(text) and text[first] in ":;!?":
        yield first, "line-start", text[first]
    for match in _QUOTE.finditer(text):
        yield match.start(), "quote", match.group(0)
    for match in _OPEN.finditer(text):
        yield match.start(), "open", "«"
    for match in _CLOSE.finditer(text):
        yield match.end() - 1, "close", "»"


def markdown_faults(markdown: str) -> Iterator[tuple[int, int, str]]:
    """(1-based line, 1-based column, message) of each fault of the Markdown's running text."""
    fence: str | None = None
    lines = markdown.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # front matter: read by the theme, not running text
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    comment = False
    for number, line in enumerate(lines[start:], start + 1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if comment or ("<!--" in line and "-->" not in line.split("<!--", 1)[1]):
            comment = "-->" not in line or line.rfind("<!--") > line.rfind("-->")
            continue
        for col, kind, mark in _line_problems(_text_of(line)):
            yield number, col + 1, _MESSAGE[kind].format(mark=mark)


def plain_faults(text: str) -> Iterator[tuple[int, str]]:
    """(0-based offset, message) of each fault of a plain text, shown on one line."""
    one_line = " ".join(text.split())
    for col, kind, mark in _line_problems(_ADDRESS.sub(lambda m: " " * len(m.group(0)), one_line)):
        yield col, _MESSAGE["glued" if kind == "line-start" else kind].format(mark=mark)


#: keys of the trees and catalogues whose text the player reads, Markdown or plain
MARKDOWN_KEYS = {"text", "help", "steps"}
PLAIN_KEYS = {"title", "description", "label", "warnings", "attachments", "name", "purpose", "delay", "hint"}


def _strings(data: Any, path: JsonPath, key: str | None) -> Iterator[tuple[JsonPath, str, str]]:
    """(path, key it sits under, text) of every string under a key the player reads."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, (*path, k), str(k) if k in MARKDOWN_KEYS | PLAIN_KEYS else None)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, (*path, i), key)
    elif isinstance(data, str) and key is not None:
        yield path, key, data


def document_problems(doc: Document) -> list[Problem]:
    """Typography faults of a tree or catalogue, at the fault's line and column
    (the value's start when the source cannot tell, e.g. after an escape ``\\``)."""
    found = []
    for path, key, text in _strings(doc.data, (), None):
        if key in MARKDOWN_KEYS:
            lines = text.split("\n")
            faults = [(sum(len(x) + 1 for x in lines[:line - 1]) + col - 1, m, text)
                      for line, col, m in markdown_faults(text)]
        else:
            faults = [(offset, m, " ".join(text.split())) for offset, m in plain_faults(text)]
        if not faults:
            continue  # a position is worked out only for a fault (the full walk of the file: 20 ms)
        start = doc.at(path)
        for offset, message, shown in faults:
            line, col = source_position(doc.text, start, nonspace_index(shown, offset)) or start
            found.append(Problem(doc.path, line, col, "error", f"{message} (dans « {key} »)", RULE))
    return found


def typography_problems(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """Every fault in docs/**/*.md and in the loaded trees and catalogues."""
    found: list[Problem] = []
    docs = root / "docs"
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        try:
            markdown = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # read errors are the page checks' (encoding, symlink...)
        shown = page.relative_to(root).as_posix()
        found += [Problem(shown, line, col, "error", message, RULE) for line, col, message in markdown_faults(markdown)]
    for doc in kb.documents.values():
        found += document_problems(doc)
    return found
