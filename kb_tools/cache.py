"""What ``make check`` keeps between runs, in ``.cache/`` (git-ignored, even
where the project's .gitignore does not say so): JSON files named by the hash
of exactly what they were worked out from, so that a changed input is a new
name, never a stale answer. A file that cannot be read, is not JSON or not
of the expected shape is a miss; a project that cannot be written to works
everything out again next time.

Anyone can work out an entry's name (a pull request may add one with
``git add -f``, a CI may restore .cache/ from a shared cache), so no entry is
trusted for what it holds: each one is signed (HMAC-SHA256 of its kind, name
and bytes) with a key that lives OUTSIDE the project, on this machine only
(``$XDG_CACHE_HOME/kb_tools/key``, else ``~/.cache/kb_tools/key``, 0600). An
entry whose signature is missing or wrong (forged, or written on another
machine) is a miss, worked out again, never an error. Entries are opened
without following links; a .cache/ of which git tracks a file is not used at
all (one warning). Without a key (it cannot be made), nothing is kept."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: The size of a signature (hex) and what ends it, at the start of every entry.
_MAC = 64


def key_path() -> Path:
    """Where this machine's key is: outside any project."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / "kb_tools" / "key"


@functools.cache
def _key_at(path: Path) -> bytes | None:
    """The key in ``path``, made there (32 random bytes, 0600) the first time; None when
    it cannot be read or made, or is not a file of this user's (then nothing is kept)."""
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(os.urandom(32))
            except FileExistsError:
                continue  # made at the same time by another build: read it
            except OSError:
                return None
            continue
        except OSError:
            return None
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            key = file.read(64)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if stat.S_ISREG(info.st_mode) and mine and not info.st_mode & 0o077 and len(key) == 32:
            return key
        return None
    return None


def key() -> bytes | None:
    """This machine's key (see the module's doc), None without one."""
    try:
        return _key_at(key_path())
    except (OSError, RuntimeError):
        return None


def _sign(secret: bytes, kind: str, name: str, body: bytes) -> str:
    return hmac.new(secret, digest(kind, name).encode("ascii") + b"\n" + body, hashlib.sha256).hexdigest()


@functools.cache
def _tracked(root: Path) -> bool:
    """Whether git tracks a file of ``root``'s .cache/ (then it is never used: one warning)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", FOLDER.as_posix()], cwd=root, capture_output=True,
                                timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    if listed:
        print(f"{FOLDER.as_posix()}/ : des fichiers y sont suivis par git ; ce dossier n’est pas utilisé. "
              f"Retirez-les avec « git rm -r --cached {FOLDER.as_posix()} ».", file=sys.stderr)
    return bool(listed)


def _folder(root: Path, kind: str) -> Path | None:
    """.cache/KIND, if it may be used: in the project (.cache may be a symlink, and nothing is
    read, written or removed where it leads), no file of it tracked by git, a key outside it."""
    folder = root / FOLDER / kind
    try:
        resolved = root.resolve()
        if not folder.resolve().is_relative_to(resolved):
            return None
        secret = key()
        if secret is None or key_path().resolve().is_relative_to(resolved):
            return None
        return None if _tracked(resolved) else folder
    except (OSError, RuntimeError):
        return None


def load(folder: Path, kind: str, name: str, *, touch: bool = False) -> Any:
    """The JSON of ``folder/NAME.json`` if this machine signed it for ``kind`` and ``name``; None
    otherwise (missing, a link, not a file, forged, another machine's). ``touch``: its time made now."""
    secret = key()
    if secret is None:
        return None
    try:
        fd = os.open(folder / f"{name}.json", os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            data = file.read()
            mac, body = data[:_MAC], data[_MAC + 1:]
            if data[_MAC:_MAC + 1] != b"\n" or not hmac.compare_digest(
                    mac, _sign(secret, kind, name, body).encode("ascii")):
                return None
            if touch and os.utime in os.supports_fd:
                os.utime(file.fileno())
        return json.loads(body.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def signed(kind: str, name: str, data: Any) -> bytes | None:
    """The bytes of an entry holding ``data`` (its signature first), None without a key."""
    secret = key()
    if secret is None:
        return None
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return _sign(secret, kind, name, body).encode("ascii") + b"\n" + body


def read(root: Path, kind: str, name: str) -> Any:
    """The JSON of ``.cache/KIND/NAME.json``; None when it is missing, unreadable, not signed
    by this machine, or too deeply nested to read (anything may have written .cache/)."""
    folder = _folder(root, kind)
    if folder is None:
        return None
    return load(folder, kind, name)


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
            for old in sorted(folder.glob(prune), key=lambda p: p.lstat().st_mtime)[:-KEEP]:
                old.unlink(missing_ok=True)
        entry = signed(kind, name, data)
        if entry is None:
            return
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{name}.json.", suffix=".tmp")  # new: never a link's target
        with os.fdopen(fd, "wb") as out:
            out.write(entry)
        os.replace(tmp, folder / f"{name}.json")
    except OSError:  # a read-only project: worked out again next time
        pass
