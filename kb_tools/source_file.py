"""Read the bytes of a content file, refusing what is not a plain file.

A file of ``trees/`` (or a page of ``docs/``) may be a symlink (to a loop, to
nothing, or out of the project), a folder named ``x.yml`` (``x.md``), a FIFO
that would block a read forever, a device, or a file nobody may read.  Each
of these is a located :class:`~kb_tools.problems.Problem` at ``1:1``, never
an exception.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .problems import Problem

_KINDS = {
    stat.S_IFDIR: "un dossier",
    stat.S_IFIFO: "un tube nommé (FIFO)",
    stat.S_IFSOCK: "une socket",
    stat.S_IFCHR: "un périphérique",
    stat.S_IFBLK: "un périphérique",
}

_ERRORS = {
    errno.EACCES: "vous n’avez pas le droit de lire ce fichier ; donnez-vous ce droit (chmod u+r)",
    errno.EPERM: "vous n’avez pas le droit de lire ce fichier ; donnez-vous ce droit (chmod u+r)",
    errno.ENOENT: "fichier introuvable ; vérifiez son nom",
    errno.ELOOP: "ce lien symbolique mène à lui-même (boucle) ; remplacez-le par le fichier",
}


def _problem(shown: str, message: str, rule: str) -> list[Problem]:
    return [Problem(shown, 1, 1, "error", message, rule)]


def _suffix(shown: str) -> str:
    """« .yml » for a tree or a catalogue, « .md » for a page: named in the advice."""
    return Path(shown).suffix or ".yml"


def os_error(shown: str, exc: OSError) -> list[Problem]:
    """An operating-system error, in French."""
    message = _ERRORS.get(exc.errno or 0)
    if exc.errno == errno.EISDIR:
        message = f"c’est un dossier, pas un fichier ; renommez-le sans « {_suffix(shown)} »"
    if message is None:
        name = errno.errorcode.get(exc.errno or 0, "inconnue")
        message = f"lecture impossible (erreur système {name}) ; vérifiez le fichier"
    return _problem(shown, message, "symlink" if exc.errno == errno.ELOOP else "io")


def check_link(path: Path, shown: str, inside: Path | None) -> list[Problem]:
    """A symlink to itself, to nothing, or out of ``inside``: its problem."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports loops so
        return _problem(shown, _ERRORS[errno.ELOOP], "symlink")
    except FileNotFoundError:
        return _problem(shown, "ce lien symbolique mène à un fichier absent ; "
                               "remplacez-le par le fichier, ou supprimez-le", "symlink")
    except OSError as exc:
        return os_error(shown, exc)
    if inside is not None and not target.is_relative_to(inside):
        return _problem(shown, f"ce lien symbolique mène hors du projet (« {target} ») ; "
                               "remplacez le lien par une copie du fichier", "symlink")
    return []


def read_source(path: Path, shown: str, limit: int, inside: Path | None = None) -> tuple[bytes | None, list[Problem]]:
    """At most ``limit + 1`` bytes of ``path``, or the problems that stop reading it.

    ``inside``: the folder symlinks may point into (the project).
    """
    try:
        is_link = path.is_symlink()
    except OSError as exc:
        return None, os_error(shown, exc)
    if is_link:
        problems = check_link(path, shown, inside)
        if problems:
            return None, problems
    try:
        # O_NONBLOCK: opening a FIFO without a writer returns at once
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, os_error(shown, exc)
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISREG(mode) and info.st_size > limit:
            return None, _problem(shown, f"fichier trop gros ({info.st_size} octets, maximum {limit}) ; découpez-le en "
                                         f"plusieurs {'arbres' if _suffix(shown) in ('.yml', '.yaml') else 'pages'}", "file-size")
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "un fichier spécial")
            return None, _problem(shown, f"c’est {kind}, pas un fichier texte ; "
                                         f"remplacez-le par un fichier {_suffix(shown)}, ou renommez-le", "not-a-file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), []
    except OSError as exc:
        return None, os_error(shown, exc)
    finally:
        os.close(fd)
