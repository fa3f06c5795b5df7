"""The sources of a project as committed (git ``HEAD``) and as they are now,
by git's blob hashes: what changed, without running git on each file.
Without git, a repository or a commit: None, never an error."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def git(root: Path, *args: str, binary: bool = False) -> Any:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):  # no git
        return None
    if result.returncode != 0:
        return None
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def committed(root: Path, sources: Sequence[str]) -> dict[str, str] | None:
    """Path (relative to ``root``) -> blob hash of each source at ``HEAD``;
    None without git, repository or commit."""
    out = git(root, "ls-tree", "-r", "HEAD", "--", *sources)
    if out is None:
        return None
    blobs = {}
    for line in out.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            blobs[path] = parts[2]
    return blobs


def write_blobs(root: Path, blobs: Mapping[str, str], into: Path) -> None:
    """The committed files, written under ``into`` (one ``git cat-file --batch``)."""
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
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1


def blob_hash(data: bytes) -> str:
    """The id git gives a file's content (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def working(root: Path, sources: Sequence[str]) -> dict[str, str]:
    """Path -> blob hash of each source file as it is now."""
    blobs = {}
    for source in sources:
        path = root / source
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for file in files:
            if "__pycache__" in file.parts:
                continue
            try:
                blobs[file.relative_to(root).as_posix()] = blob_hash(file.read_bytes())
            except OSError:
                continue
    return blobs
