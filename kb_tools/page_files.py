"""Every Markdown page of ``docs/`` as MkDocs will find it, read as a tree file is,
and every symlink of the folders the site is made from, refused.

MkDocs reads every file of ``docs/`` whose name ends in a Markdown extension
(``.md``, ``.markdown``...) and copies every other one into the site.  A page
that is not UTF-8 or a folder named ``x.md`` would stop the build with a
traceback; here each is a located problem (``encoding``, ``not-a-file``),
found by the code that reads ``trees/`` (:func:`kb_tools.source_file.read_source`,
the UTF-8 check of :mod:`kb_tools.yaml_loader`).

A symlink under ``docs/``, ``includes/`` (snippets) or ``overrides/`` (the
theme) is refused (``symlink``), whatever its name and wherever it leads, and
never followed: MkDocs would publish what it names (``docs/assets/logo.svg ->
/etc/passwd``, ``-> /proc/self/environ``: the build machine's files and
environment), and a target inside the project is no safer (``.env``,
``.git/config`` are in it).  No page needs one: a copy does the same, and a
text shared by several pages is a snippet of ``includes/``.

Unlike a tree file, a page may start with a byte order mark, and be empty:
MkDocs reads both.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .problems import Problem
from .source_file import check_link, os_error, read_source
from .yaml_loader import MAX_BYTES, decode_utf8

#: The names MkDocs reads as pages (``mkdocs.utils.markdown_extensions``; a test
#: compares: this module stays free of MkDocs).
PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
#: ``(path, shown as, text or None when unreadable, problems)``
Page = tuple[Path, str, str | None, list[Problem]]


def refused_link(path: Path, shown: str, inside: Path) -> Problem:
    """The problem of a symlink in a folder the site is made from (see the module's text):
    where it leads when that is wrong in itself (a loop, nothing, out of ``inside``), else why
    a link is refused even there."""
    wrong = check_link(path, shown, inside)
    if wrong:
        return wrong[0]
    kind = "dossier" if path.is_dir() else "fichier"
    return Problem(shown, 1, 1, "error", f"ce {kind} est un lien symbolique : le site publierait tel quel ce "
                                         f"qu’il désigne ; remplacez le lien par une copie du {kind}", "symlink")


def source_links(folder: Path, inside: Path, shown: Callable[[Path], str]) -> list[Problem]:
    """Every symlink of ``folder`` (itself included), never followed: one problem each."""
    if folder.is_symlink():
        return [refused_link(folder, shown(folder), inside)]
    found = []
    for here, dirs, files in os.walk(folder):  # symlinked folders are listed, not entered
        for name in sorted(dirs + files):
            path = Path(here) / name
            if path.is_symlink():
                found.append(refused_link(path, shown(path), inside))
    return found


def read_page(path: Path, shown: str, inside: Path) -> tuple[str | None, list[Problem]]:
    """The text of one page, or the problems that stop reading it."""
    raw, problems = read_source(path, shown, MAX_BYTES, inside)
    if raw is None:
        return None, problems
    text, problems = decode_utf8(shown, raw.removeprefix(codecs.BOM_UTF8))
    if text is None and all(p.rule == "empty-file" for p in problems):
        return "", []
    return text, problems


def read_pages(docs: Path, inside: Path, shown: Callable[[Path], str]) -> Iterator[Page]:
    """Every page under ``docs`` in name order, with ``shown(path)`` as its name
    in the problems, and every symlink under it (whatever its name) as a problem;
    ``inside``: the project."""
    if docs.is_symlink():
        yield docs, shown(docs), None, [refused_link(docs, shown(docs), inside)]
        return
    yield from _walk(docs, inside, shown)


def _walk(folder: Path, inside: Path, shown: Callable[[Path], str]) -> Iterator[Page]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, shown(folder), None, os_error(shown(folder), exc)
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            yield path, shown(path), None, [refused_link(path, shown(path), inside)]
        elif entry.name.endswith(PAGE_SUFFIXES):
            yield path, shown(path), *read_page(path, shown(path), inside)
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(path, inside, shown)
