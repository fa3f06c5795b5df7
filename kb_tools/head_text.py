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
