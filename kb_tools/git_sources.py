"""The sources of a project as committed (git ``HEAD``) and as they are now,
by git's blob hashes: what changed, without running git on each file.
Without git, a repository or a commit: None, never an error.

Paths come from git NUL-separated (``-z``), never quoted: ``docs/réglages.md``
is the name the working folder has. A commit is data like any other: only its
plain files (mode 100644 or 100755) with a relative name free of ``..`` are
taken, and each is written only inside the folder given, never over a file
(a crafted tree can name ``trees/../.git/hooks/pre-commit``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def git(root: Path, *args: str, binary: bool = False) -> Any:
    try:
        result = subprocess.run(["git", "-C", str(root), "-c", "core.quotePath=false", *args], capture_output=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):  # no git
        return None
    if result.returncode != 0:
        return None
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def committed(root: Path, sources: Sequence[str]) -> dict[str, str] | None:
    """Path (relative to ``root``) -> blob hash of each source at ``HEAD``;
    None without git, repository or commit."""
    out = git(root, "ls-tree", "-r", "-z", "HEAD", "--", *sources, binary=True)
    if out is None:
        return None
    blobs = {}
    for record in out.split(b"\0"):
        meta, _, raw = record.partition(b"\t")
        parts = meta.split()
        path = os.fsdecode(raw)  # as the working folder names it (kb_tools.git_sources.working)
        if len(parts) == 3 and parts[0] in PLAIN_MODES and parts[1] == b"blob" and safe_path(path):
            blobs[path] = parts[2].decode("ascii", "replace")
    return blobs


#: Plain files; never a symlink (120000) or a submodule (160000, a ``commit``).
PLAIN_MODES = (b"100644", b"100755")


def safe_path(path: str) -> bool:
    """A relative path that stays where it is written: no ``..``, ``.``, empty
    or absolute part, no NUL."""
    return bool(path) and "\0" not in path and all(p not in ("", ".", "..") for p in path.split("/"))


def write_blobs(root: Path, blobs: Mapping[str, str], into: Path) -> None:
    """The committed files, written under ``into`` (one ``git cat-file --batch``):
    a path that is not :func:`safe_path`, that would lead out of ``into`` or onto
    a file already there is skipped."""
    if not blobs:
        return
    try:
        result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input="\n".join(blobs.values()).encode() + b"\n",
                                capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return
    out, at = result.stdout, 0
    for path in blobs:
        header_end = out.find(b"\n", at)
        if header_end < 0:
            return
        header = out[at:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            at = header_end + 1
            continue
        size = int(header[2])
        _write_inside(into, path, out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1


def _write_inside(into: Path, path: str, data: bytes) -> None:
    """``data`` as the new file ``into/path``; nothing when it would leave ``into``."""
    base = into.resolve()
    target = base / path
    if not safe_path(path) or not target.resolve().is_relative_to(base):
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.parent.resolve().is_relative_to(base):
            return
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError:  # a name both a file and a folder, twice in the tree...: that file is left out
        return
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def blob_hash(data: bytes) -> str:
    """The id git gives a file's content (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def working(root: Path, sources: Sequence[str]) -> dict[str, str]:
    """Path -> blob hash of each source file as it is now: plain files only, as
    :func:`committed` takes them (a symlink is neither hashed nor followed)."""
    blobs = {}
    for source in sources:
        path = root / source
        if path.is_symlink():
            continue
        files = [path] if path.is_file() else sorted(_files(path)) if path.is_dir() else []
        for file in files:
            try:
                blobs[file.relative_to(root).as_posix()] = blob_hash(file.read_bytes())
            except OSError:
                continue
    return blobs


def _files(folder: Path) -> list[Path]:
    found = []
    for here, dirs, names in os.walk(folder):  # symlinked folders are listed, not entered
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [Path(here) / n for n in names if not os.path.islink(os.path.join(here, n))]
    return found
