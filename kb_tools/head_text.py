"""Text that the theme writes into the page's ``<head>`` and header as it is.

MkDocs' Jinja has no autoescape: Material writes a page's title (through
``striptags``, which also turns ``&lt;`` back into ``<``) into ``<title>``,
the header and the footer, and its description into a ``<meta content="…">``
attribute, without escaping. Escaping beforehand does not help (``striptags``
undoes it, and the player would see ``&lt;`` elsewhere), so these texts may
not hold the characters that make markup: ``< >``, and ``"`` or ``&`` in what
the editor writes. French needs none of them (« », « et »).
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from .problems import Problem

#: Characters refused in a title, a description or a category, as written.
FORBIDDEN = '<>"&'


def markup_in(value: str) -> str | None:
    """The first markup character of ``value`` (decoded as a browser would), or None."""
    for text in (value, html.unescape(value)):
        for char in text:
            if char in FORBIDDEN:
                return char
    return None


def advice(char: str) -> str:
    """What to write instead of ``char``, in French."""
    return {
        "&": "écrivez « et »",
        '"': "écrivez les guillemets français « »",
    }.get(char, "retirez-le : ce texte est écrit tel quel dans l'en-tête de la page")


def message(what: str, char: str) -> str:
    return f"{what} ne peut pas contenir « {char} » (caractère de balisage HTML) ; {advice(char)}"


def title_markup(title: str) -> str | None:
    """For a title MkDocs took from the page's ``# heading`` (already HTML text):
    ``&`` is fine there, but not what turns back into a tag."""
    for char in html.unescape(title):
        if char in "<>":
            return char
    return None


def nav_titles(nav: object) -> Iterator[str]:
    """Every title written in ``nav:`` of ``mkdocs.yml`` (sections and pages):
    the theme writes them in the menu, and a page's into its ``<title>``."""
    if isinstance(nav, list):
        for item in nav:
            yield from nav_titles(item)
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(title, str):
                yield title
            yield from nav_titles(value)


def config_problems(config_text: str, display: str, named: dict[str, object], nav: object) -> list[Problem]:
    """``site_name``, ``site_description`` (in ``named``) and every nav title
    holding a markup character, located at their line in ``mkdocs.yml``."""
    lines = config_text.splitlines()

    def where(needle: str) -> tuple[int, int]:
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number, line.index(needle) + 1
        return 1, 1

    problems = []
    for key, value in named.items():
        if isinstance(value, str) and (char := markup_in(value)) is not None:
            line, _ = where(f"{key}:")
            col = len(lines[line - 1]) - len(lines[line - 1].split(":", 1)[1].lstrip()) + 1 if lines else 1
            problems.append(Problem(display, line, col, "error", message(f"« {key} »", char), "head-markup"))
    for title in nav_titles(nav):
        if (char := markup_in(title)) is not None:
            line, col = where(title)
            problems.append(Problem(display, line, col, "error", message("Un titre du menu (nav)", char), "head-markup"))
    return problems
