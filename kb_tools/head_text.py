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
from collections.abc import Iterator, Mapping

import yaml

from .links import refusal
from .problems import Problem

#: Characters refused in a title, a description or a category, as written.
FORBIDDEN = '<>"&'

KeyPath = tuple[str | int, ...]


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
    }.get(char, "retirez-le : ce texte est écrit tel quel dans l’en-tête de la page")


def message(what: str, char: str) -> str:
    return f"{what} ne peut pas contenir « {char} » (caractère de balisage HTML) ; {advice(char)}"


def title_markup(title: str) -> str | None:
    """For a title MkDocs took from the page's ``# heading`` (already HTML text):
    ``&`` is fine there, but not what turns back into a tag."""
    for char in html.unescape(title):
        if char in "<>":
            return char
    return None


def nav_titles(nav: object, path: KeyPath = ("nav",)) -> Iterator[tuple[KeyPath, str]]:
    """Every title written in ``nav:`` of ``mkdocs.yml`` (sections and pages),
    with its path of keys: the theme writes them in the menu, and a page's
    into its ``<title>``."""
    if isinstance(nav, list):
        for index, item in enumerate(nav):
            yield from nav_titles(item, (*path, index))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(title, str):
                yield (*path, title), title
            yield from nav_titles(value, (*path, str(title)))


#: The settings of ``mkdocs.yml`` Material writes into every page as they are
#: (``<meta name="author">``, the footer, the repository link, the menu...):
#: every text in them, at any depth (``extra: social: - name:``), is checked.
#: (The plugin adds the title of the table of contents, ``toc: title:``.)
CONFIG_TEXTS = ("site_name", "site_description", "site_author", "copyright", "repo_name", "repo_url",
                "edit_uri", "edit_uri_template", "extra", "theme")
#: Among them, the link targets (``href``, ``src``): no ``javascript:``, ``data:`` nor ``//host`` either.
URL_KEYS = frozenset({"repo_url", "edit_uri", "edit_uri_template", "link", "homepage", "favicon", "logo"})

def _texts(value: object, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def config_positions(config_text: str, *, keys: bool = False) -> dict[KeyPath, tuple[int, int]]:
    """Where each value (or, with ``keys``, each mapping key) of ``mkdocs.yml``
    starts (1-based), by its path of keys and list indices. The file is
    composed, not constructed: ``!ENV`` and the other tags MkDocs reads need
    no constructor here."""
    try:
        root = yaml.compose(config_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # MkDocs itself reports it
        return {}
    positions: dict[KeyPath, tuple[int, int]] = {}
    seen: set[int] = set()
    todo: list[tuple[yaml.Node | None, KeyPath]] = [(root, ())]
    while todo:
        node, path = todo.pop()
        if node is None or id(node) in seen:  # an alias met twice: already walked
            continue
        seen.add(id(node))
        if not keys:
            positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if keys:
                positions.update({(*path, str(key.value)): (key.start_mark.line + 1, key.start_mark.column + 1)
                                  for key, _ in node.value})
            todo += [(value, (*path, str(key.value))) for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            todo += [(item, (*path, index)) for index, item in enumerate(node.value)]
    return positions


def config_problems(config_text: str, display: str, values: Mapping[str, object], nav: object) -> list[Problem]:
    """Every text of ``values`` (the settings of ``CONFIG_TEXTS``, as MkDocs read
    them) holding a markup character, or a refused link target, and every nav
    title holding a markup character, located at their line in ``mkdocs.yml``."""
    positions = config_positions(config_text)
    key_positions = config_positions(config_text, keys=True)

    def keys(path: KeyPath) -> list[str | int]:
        return [part for part in path if isinstance(part, str)]

    def at(path: KeyPath) -> tuple[int, int]:
        while path and path not in positions:
            # written in a list the value does not show (markdown_extensions: - toc: title:)
            for written, position in positions.items():
                if written[:1] == path[:1] and keys(written) == keys(path):
                    return position
            path = path[:-1]  # a value MkDocs derived (repo_name from repo_url): its parent
        return positions.get(path, (1, 1))

    problems = []
    for key, value in values.items():
        for path, text in _texts(value, (key,)):
            name = "« " + ": ".join(map(str, keys(path))) + " »"
            if (char := markup_in(text)) is not None:
                problems.append(Problem(display, *at(path), "error", message(name, char), "head-markup"))
            elif path[-1] in URL_KEYS and (reason := refusal(text)) is not None:
                problems.append(Problem(display, *at(path), "error",
                                        f"{name} : adresse refusée (« {reason} ») ; écrivez une adresse https://... "
                                        "ou un chemin du site", "unsafe-url"))
    for path, title in nav_titles(nav):
        if (char := markup_in(title)) is not None:
            problems.append(Problem(display, *key_positions.get(path, (1, 1)), "error",
                                    message("Un titre du menu (nav)", char), "head-markup"))
    return problems
