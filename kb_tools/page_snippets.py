"""Snippets a page pulls in (pymdownx.snippets: ``--8<-- "fichier.md"``).

mkdocs.yml lets pages include files of ``includes/`` only (``base_path``,
``check_paths: true``): a snippet naming a file that is not there, or a
file out of those folders, stops the build with an English traceback. Here
it is a located ``bad-snippet``. The extension reads every line, code
included; a line starting with ``;`` is written as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem

_INLINE = re.compile(r"^([ \t]*)-{1,}8<-{1,}[ \t]+([\"'])(.+?)\2[ \t]*$")
_BLOCK = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*$")
_LINES = re.compile(r"(?::-?\d*){1,2}$|:[\w-]+$")  # file.md:3:5 (lines), file.md:section


def _found(name: str, folders: list[Path]) -> bool:
    if re.match(r"^[a-z]+://", name, re.IGNORECASE):
        return True  # a URL: pymdownx says itself whether it may download it
    for candidate in (name, _LINES.sub("", name)):
        for folder in folders:
            path = (folder / candidate).resolve()
            if path.is_relative_to(folder.resolve()) and path.is_file():
                return True
    return False


def check_snippets(markdown: str, shown: str, folders: list[Path], named: str) -> list[Problem]:
    """Every snippet of ``markdown`` naming no file of ``folders`` (shown as ``named``)."""
    problems: list[Problem] = []
    in_block = False
    for number, line in enumerate(markdown.split("\n"), start=1):
        if _BLOCK.match(line):
            in_block = not in_block
            continue
        match = _INLINE.match(line)
        if match:
            name, col = match.group(3), match.start(3) + 1
        elif in_block and line.strip() and not line.lstrip().startswith(";"):
            name, col = line.strip(), len(line) - len(line.lstrip()) + 1
        else:
            continue
        if not _found(name, folders):
            problems.append(Problem(shown, number, col, "error",
                                    f"extrait « {name} » introuvable : une page n’inclut que des fichiers de "
                                    f"{named} ; vérifiez le nom, ou placez le fichier dans {named}", "bad-snippet"))
    return problems


def check_appends(config_text: str, shown: str, names: list[str], folders: list[Path], named: str) -> list[Problem]:
    """Every ``auto_append`` file of mkdocs.yml (added to every page) missing from ``folders``,
    located where mkdocs.yml names it."""
    problems: list[Problem] = []
    lines = config_text.split("\n")
    for name in names:
        if _found(name, folders):
            continue
        line = next((i for i, text in enumerate(lines) if name in text and "auto_append" in "".join(lines[max(0, i - 3):i + 1])),
                    None)
        at = (line + 1, lines[line].index(name) + 1) if line is not None else (1, 1)
        problems.append(Problem(shown, *at, "error", f"« {name} », ajouté à chaque page (auto_append), est absent "
                                                      f"de {named} ; remettez le fichier ou corrigez le nom", "bad-snippet"))
    return problems
