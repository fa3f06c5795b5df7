"""``python -m kb_tools stats FILE``: read the log, count, print; a file that
cannot be read is one French line and exit code 1, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from pathlib import Path
from typing import IO

from .beacon_stats import figures, tally
from .beacons import MalformedLines, read_beacons
from .problems import has_errors
from .project import display_path, load_project
from .stats_text import TOP, figures_json, format_figures


def _why_unreadable(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "fichier introuvable"
    if isinstance(error, IsADirectoryError):
        return "c’est un dossier ; nommez le fichier des signaux (un objet JSON par ligne)"
    if error.errno == errno.EINVAL and error.strerror == "not a regular file":
        return ("ce n’est pas un fichier ordinaire (tube, périphérique...) ; nommez le fichier des signaux, "
                "ou « - » pour lire l’entrée standard")
    if isinstance(error, PermissionError):
        return "lecture refusée : vérifiez les droits du fichier"
    return f"lecture impossible ({error.strerror or type(error).__name__})"


def _count(stream: IO[bytes], trees: Path, source: str, as_json: bool, top: int) -> str:
    kb, problems = load_project(trees)
    if has_errors(problems):
        print(f"{display_path(trees)} : des fichiers ont des erreurs ; titres et canaux viennent des autres "
              "(lancez « make check »)", file=sys.stderr)
    malformed = MalformedLines()
    found = figures(kb, tally(read_beacons(stream, malformed)), malformed)
    if as_json:
        return json.dumps(figures_json(found), ensure_ascii=False, indent=2) + "\n"
    return format_figures(found, source, top if top > 0 else None)


def _regular_only(name: str, flags: int) -> int:
    """Opened without blocking (a pipe with no writer would wait), then refused unless a regular file."""
    fd = os.open(name, flags | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", name)
    os.set_blocking(fd, True)
    return fd


def run_stats(name: str, trees: Path, as_json: bool = False, top: int = TOP) -> int:
    try:
        if name == "-":
            text = _count(sys.stdin.buffer, trees, "l’entrée standard", as_json, top)
        else:
            path = Path(name)
            if path.is_dir():
                raise IsADirectoryError(21, "Is a directory", name)
            # a log is a file: a pipe would wait forever for a writer, a device never ends (/dev/zero)
            with open(path, "rb", opener=_regular_only) as stream:
                text = _count(stream, trees, display_path(path), as_json, top)
    except OSError as error:
        print(f"{name} : {_why_unreadable(error)}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0
