"""Embed a tree's flow in any Markdown page with ``<!-- kb-flow: TREE_ID -->``.

The contact page starts with the « Avant de nous contacter » flow this way.

A marker is a line of its own, indented by at most three spaces; spaces around
``kb-flow`` and ``:`` and the case of ``kb-flow`` do not matter.  Inside a
fenced code block (``` or ~~~, any length) or an indented code block, a marker
is code: it is shown, never replaced nor reported.  Anything else that looks
like a marker (extra words, no tree, inside a sentence, under a list or an
admonition) is a located ``bad-flow-marker``; the same tree twice on a page is
a ``duplicate-flow``, since a flow's state and anchors are named by its tree.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import KnowledgeBase
from .problems import Problem

if TYPE_CHECKING:  # Jinja is loaded only where a flow is rendered (`make check` mostly renders none)
    import jinja2

#: A well-formed marker line: group 1 is the tree id.
EMBED = re.compile(r"^ {0,3}<!--[ \t]*kb-flow[ \t]*:[ \t]*(\S+)[ \t]*-->[ \t\r]*$", re.IGNORECASE)
#: Anything that looks like a marker, wherever it is on a line.
_LOOKS_LIKE = re.compile(r"<!--\s*kb[\s_-]*flow\b", re.IGNORECASE)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_CONTAINER = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|>)")


@dataclass(frozen=True)
class Marker:
    line: int  # 1-based
    col: int  # 1-based column of the tree id
    tree: str


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of every line that is not code, code spans blanked."""
    fence: tuple[str, int] | None = None
    previous_blank = True  # an indented code block cannot interrupt a paragraph
    in_indented_code = False
    container = False  # the last less indented line opened a list item, an admonition...
    for number, line in enumerate(markdown.split("\n"), start=1):
        blank = not line.strip()
        if fence is not None:
            close = _FENCE.match(line)
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= fence[1] and not close.group(2).strip():
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)))
            previous_blank = False
            continue
        if not blank and _indent(line) >= 4 and (in_indented_code or previous_blank) and not container:
            in_indented_code = True
            continue
        if not blank:
            in_indented_code = False
            if _indent(line) < 4:
                container = bool(_CONTAINER.match(line))
        previous_blank = blank
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def find_markers(markdown: str, display: str) -> tuple[list[Marker], list[Problem]]:
    """The well-formed markers outside code, and every malformed one, located."""
    markers: list[Marker] = []
    problems: list[Problem] = []
    for number, line in prose_lines(markdown):
        if not _LOOKS_LIKE.search(line):
            continue
        match = EMBED.match(line)
        if match:
            markers.append(Marker(number, match.start(1) + 1, match.group(1)))
            continue
        col = _LOOKS_LIKE.search(line).start() + 1  # type: ignore[union-attr]
        problems.append(Problem(display, number, col, "error", _what_is_wrong(line), "bad-flow-marker"))
    return markers, problems


def _what_is_wrong(line: str) -> str:
    example = "écrivez-le seul sur sa ligne, sans retrait : « <!-- kb-flow: id-de-l-arbre --> »"
    comment = re.search(r"<!--\s*kb[\s_-]*flow(.*?)(-->|$)", line, re.IGNORECASE | re.DOTALL)
    assert comment is not None
    rest = comment.group(1)
    if not comment.group(2):
        return f"repère de parcours non fermé par « --> » ; {example}"
    if not re.match(r"<!--\s*kb-flow", line[comment.start():], re.IGNORECASE):
        return f"repère de parcours mal orthographié : écrivez « kb-flow » ; {example}"
    if ":" not in rest:
        return f"repère de parcours sans « : » avant l’arbre ; {example}"
    words = rest.split(":", 1)[1].split()
    if not words:
        return f"repère de parcours sans arbre ; {example}"
    if len(words) > 1:
        return f"un repère de parcours nomme un seul arbre, pas « {' '.join(words)} » ; {example}"
    if line[:comment.start()].strip() or line[comment.end():].strip():
        return f"repère de parcours au milieu d’un texte ; {example}"
    return f"repère de parcours en retrait (dans une liste ou un encadré ?) ; {example}"


#: The flows' own hooks: markup a page writes with them would be taken for a flow
#: (and one broken flow stopped the others); only the marker above makes a flow.
#: A page may write the one hook meant for pages: the home page's search field.
_RESERVED = re.compile(r"data-kb-(?!open-search(?![\w-]))", re.IGNORECASE)


def reserved_names(markdown: str, display: str) -> list[Problem]:
    """Every ``data-kb-...`` attribute a page (or a file of includes/ pulled into
    pages) writes itself, located: on every line, code included. What reads as
    code in Markdown may not be code in the HTML (backticks inside a raw HTML
    block's attribute hid a forged hook from a code-span-aware reader)."""
    return [Problem(display, number, match.start() + 1, "error",
                    "« data-kb-... » est réservé aux parcours que le site insère ; pour afficher un parcours, "
                    "écrivez « <!-- kb-flow: id-de-l-arbre --> » seul sur sa ligne", "reserved-name")
            for number, line in enumerate(markdown.split("\n"), start=1) for match in _RESERVED.finditer(line)]


def check_embeds(markdown: str, kb: KnowledgeBase, display: str) -> list[Problem]:
    """Every malformed marker, marker naming no tree, tree embedded twice, and
    flow hook written by hand, located in ``markdown``."""
    markers, problems = find_markers(markdown, display)
    problems += reserved_names(markdown, display)
    seen: dict[str, int] = {}
    for marker in markers:
        if marker.tree in kb.broken:
            continue  # the tree cannot be loaded: its own errors say why, and naming it is not a mistake
        if marker.tree not in kb.trees:
            problems.append(Problem(display, marker.line, marker.col, "error",
                                    f"aucun arbre « {marker.tree} » ; arbres : {', '.join(sorted(kb.trees))}",
                                    "unknown-tree"))
        elif marker.tree in seen:
            problems.append(Problem(display, marker.line, marker.col, "error",
                                    f"le parcours « {marker.tree} » est déjà sur cette page (ligne "
                                    f"{seen[marker.tree]}) : gardez un seul repère par arbre", "duplicate-flow"))
        else:
            seen[marker.tree] = marker.line
    return sorted(problems)


def has_markers(markdown: str) -> bool:
    """Whether the page may hold a marker (a quick test before the real one)."""
    return bool(_LOOKS_LIKE.search(markdown))


def embed_flows(markdown: str, kb: KnowledgeBase, env: jinja2.Environment, page_uri: str, pages_dir: str,
                display: str) -> tuple[str, list[Problem]]:
    """Replace every marker naming a tree, once per tree; the others are located problems."""
    from .render import render_flow

    prefix = posixpath.relpath(pages_dir, posixpath.dirname(page_uri) or ".") + "/"
    markers, _ = find_markers(markdown, display)
    lines = markdown.split("\n")
    done: set[str] = set()
    for marker in markers:
        tree = kb.trees.get(marker.tree)
        if tree is None or marker.tree in done:
            continue
        done.add(marker.tree)
        lines[marker.line - 1] = render_flow(env, kb, tree, prefix, page_uri)
    return "\n".join(lines), check_embeds(markdown, kb, display)
