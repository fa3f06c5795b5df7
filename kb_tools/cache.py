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


def read(root: Path, kind: str, name: str) -> Any:
    """The JSON of ``.cache/KIND/NAME.json``; None when it is missing or unreadable."""
    try:
        return json.loads((root / FOLDER / kind / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(root: Path, kind: str, name: str, data: Any, *, prune: str | None = None) -> None:
    """``data`` as ``.cache/KIND/NAME.json`` (written whole or not at all); ``prune``:
    a glob of the older entries of which only the last ``KEEP`` are kept."""
    folder = root / FOLDER / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = root / FOLDER / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        if prune is not None:
            for old in sorted(folder.glob(prune), key=lambda p: p.stat().st_mtime)[:-KEEP]:
                old.unlink(missing_ok=True)
        tmp = folder / f"{name}.json.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / f"{name}.json")
    except OSError:  # a read-only project: worked out again next time
        pass
