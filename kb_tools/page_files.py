"""Every Markdown page of ``docs/`` as MkDocs will find it, read as a tree file is.

MkDocs walks ``docs/`` following symlinked folders, and reads every file whose
name ends in a Markdown extension (``.md``, ``.markdown``...).  A page that is
not UTF-8, a folder named ``x.md``, a symlink to nothing, to itself or out of
the project would stop the build with a traceback; here each is a located
problem (``encoding``, ``not-a-file``, ``symlink``), found by the code that
reads ``trees/`` (:func:`kb_tools.source_file.read_source`, the UTF-8 check of
:mod:`kb_tools.yaml_loader`).  A symlinked folder that leads out of the
project, or back into a folder that holds it, is refused rather than followed.

Unlike a tree file, a page may start with a byte order mark, and be empty:
MkDocs reads both.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .problems import Problem
from .source_file import os_error, read_source
from .yaml_loader import MAX_BYTES, decode_utf8

#: The names MkDocs reads as pages (``mkdocs.utils.markdown_extensions``; a test
#: compares: this module stays free of MkDocs).
PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
#: ``(path, shown as, text or None when unreadable, problems)``
Page = tuple[Path, str, str | None, list[Problem]]


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
    in the problems; ``inside``: the folder symlinks may lead into."""
    yield from _walk(docs, (Path(os.path.realpath(docs)),), inside, shown)


def _walk(folder: Path, holders: tuple[Path, ...], inside: Path, shown: Callable[[Path], str]) -> Iterator[Page]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, shown(folder), None, os_error(shown(folder), exc)
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.endswith(PAGE_SUFFIXES):
            yield path, shown(path), *read_page(path, shown(path), inside)
            continue
        try:
            is_folder = entry.is_dir()  # through a symlink, as MkDocs goes
        except OSError:
            continue  # a symlink to nothing, named as no page: MkDocs copies it, or says why
        if not is_folder:
            continue
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(inside):
            yield path, shown(path), None, [Problem(
                shown(path), 1, 1, "error", f"ce lien symbolique mène à un dossier hors du projet (« {real} ») ; "
                                            "remplacez-le par une copie du dossier", "symlink")]
        elif real in holders:
            yield path, shown(path), None, [Problem(
                shown(path), 1, 1, "error", "ce lien symbolique mène à un dossier qui le contient (boucle) ; "
                                            "supprimez-le", "symlink")]
        else:
            yield from _walk(path, (*holders, real), inside, shown)
