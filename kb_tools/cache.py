"""What ``make check`` keeps between runs, in ``.cache/`` (git-ignored, even
where the project's .gitignore does not say so): JSON files named by the hash
of exactly what they were worked out from, so that a changed input is a new
name, never a stale answer. A file that cannot be read, is not JSON or not
of the expected shape is a miss; a project that cannot be written to works
everything out again next time."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FOLDER = Path(".cache")
#: The entries kept per kind (the last states an editor went through).
KEEP = 16


def digest(*parts: bytes | str) -> str:
    """A short hash of ``parts`` (each one delimited: no two lists of parts give the same bytes)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big"))
        hashed.update(data)
    return hashed.hexdigest()[:32]


def files_digest(files: Iterable[Path]) -> str:
    """A hash of the names and the bytes of ``files`` (a missing one counts as missing)."""
    parts: list[bytes | str] = []
    for file in files:
        parts.append(file.as_posix())
        try:
            parts.append(file.read_bytes())
        except OSError:
            parts.append("\0missing")
    return digest(*parts)


def _folder(root: Path, kind: str) -> Path | None:
    """.cache/KIND, if it is in the project: .cache may be a symlink, and nothing is
    read, written or removed where it leads."""
    folder = root / FOLDER / kind
    try:
        return folder if folder.resolve().is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError):
        return None


def read(root: Path, kind: str, name: str) -> Any:
    """The JSON of ``.cache/KIND/NAME.json``; None when it is missing, unreadable, or
    too deeply nested to read (anything may have written .cache/)."""
    folder = _folder(root, kind)
    if folder is None:
        return None
    try:
        return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def write(root: Path, kind: str, name: str, data: Any, *, prune: str | None = None) -> None:
    """``data`` as ``.cache/KIND/NAME.json`` (written whole or not at all); ``prune``:
    a glob of the older entries of which only the last ``KEEP`` are kept."""
    folder = _folder(root, kind)
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = root / FOLDER / ".gitignore"
        if not ignore.exists() and not ignore.is_symlink():
            ignore.write_text("*\n", encoding="utf-8")
        if prune is not None:
            for old in sorted(folder.glob(prune), key=lambda p: p.stat().st_mtime)[:-KEEP]:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{name}.json.", suffix=".tmp")  # new: never a link's target
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, folder / f"{name}.json")
    except OSError:  # a read-only project: worked out again next time
        pass
