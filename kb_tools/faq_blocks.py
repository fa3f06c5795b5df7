"""Collapsible blocks (pymdownx.details: ``??? question "Titre ?"``, ``???+``)
whose answer would fall outside.

The answer of a block is what follows its first line indented by 4 spaces
more. A line indented by 1 to 3 spaces more is not part of it, nor a line
less indented right under the answer (no blank line between): the page
shows an empty question, or a cut answer, then the rest as an ordinary
paragraph, and the build says nothing. Here it is a ``faq-indent`` at that line, and so is a
block with no answer at all. Blocks inside fenced code are code.
"""

from __future__ import annotations

import re

from .problems import Problem

#: A block's first line (as pymdownx.details reads it): a type, a title in quotes, or both.
HEADER = re.compile(r'^( *)\?{3}\+? *(?:[\w\-]+(?: +[\w\-]+)*)?(?: +"[^\n]*")? *$|^( *)\?{3}\+? *"[^\n]*" *$')
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
#: Spaces an answer is indented by, more than its block.
STEP = 4


def _indent(line: str) -> int:
    expanded = line.expandtabs(STEP)
    return len(expanded) - len(expanded.lstrip(" "))


def _is_header(line: str) -> bool:
    return bool(HEADER.match(line)) and line.strip() not in ("???", "???+")


def check_faq_blocks(markdown: str, shown: str) -> list[Problem]:
    """Every block whose answer is indented by fewer than 4 spaces, or missing."""
    problems: list[Problem] = []
    lines = markdown.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if not _is_header(line):
            continue
        problem = _answer_problem(lines, index, _indent(line), shown)
        if problem is not None:
            problems.append(problem)
    return problems


def _answer_problem(lines: list[str], index: int, base: int, shown: str) -> Problem | None:
    """The first line of the block at ``lines[index]`` that falls outside it, or
    the block itself when nothing is inside."""
    answered = False
    previous_blank = False
    for number, line in enumerate(lines[index + 1:], start=index + 2):
        if not line.strip():
            previous_blank = True
            continue
        indent = _indent(line)
        if indent >= base + STEP:
            answered, previous_blank = True, False
            continue
        if indent > base or (answered and not previous_blank):  # right under the answer: meant to be in it
            return Problem(shown, number, len(line) - len(line.lstrip(" \t")) + 1, "error",
                           f"cette ligne de la réponse du bloc « ??? » (ligne {index + 1}) est en retrait de "
                           f"{indent - base} espace(s) : elle sortirait du bloc, sous une question vide ou "
                           f"après elle ; mettez {base + STEP} espaces au début de la ligne", "faq-indent")
        break
    if answered:
        return None
    return Problem(shown, index + 1, base + 1, "error",
                   f"bloc « ??? » sans réponse : écrivez la réponse sous la question, après une ligne vide, "
                   f"en retrait de {base + STEP} espaces", "faq-indent")
