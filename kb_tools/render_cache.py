"""What a build works out page by page, kept by the hash of what it was
worked out from (``.cache/render/``, see kb_tools/cache.py): a tree's
Markdown article, a page's content as the build's markup judge wrote it out
again, the check of a built page. A build that finds an entry under the same
hash does not work it out again; any change of an input is a new hash, never
a stale answer. Every entry is signed by this machine (kb_tools/cache.py): a
forged one, or another machine's, is worked out again.

Every key holds :func:`code_digest` (kb_tools' own code, templates and
strings, Python's version and those of the tools that write the pages), so a new
version of any of them never reads the entries of another.
What else each key holds is said where it is made (kb_tools/plugin/pages.py,
kb_tools/plugin/publishing.py).

``make serve`` keeps the entries in memory too (``Memo``): a rebuild after
one edit reads no file for the pages that did not change.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import cache

if TYPE_CHECKING:
    import jinja2

KIND = "render"
#: kb_tools' own files: a change of any of them changes every key.
_CODE_SUFFIXES = (".py", ".j2", ".yml", ".yaml", ".json", ".html")
T = TypeVar("T")


#: The packages whose code makes what is kept (Markdown, templates, HTML parsing, holidays): their versions are in every key.
TOOLS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe", "holidays", "pyyaml")


@functools.cache
def code_digest() -> str:
    """A hash of kb_tools' code, templates and strings, of Python's and the tools' versions (once per process)."""
    package = Path(__file__).resolve().parent
    versions = []
    for name in TOOLS:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=")
    return cache.digest(sys.version, *versions, cache.files_digest(sorted(
        p for p in package.rglob("*") if p.suffix in _CODE_SUFFIXES and p.is_file() and "__pycache__" not in p.parts)))


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """A hash of the names and bytes of the files of ``folder`` (all its sub-folders)."""
    if not folder.is_dir():
        return cache.digest("\0missing", folder.as_posix())
    return cache.files_digest(sorted(p for p in folder.rglob(pattern) if p.is_file()))


def loader_digest(env: jinja2.Environment) -> str:
    """A hash of every folder ``env``'s loader searches (all their files): a
    template may include any other template of these folders, whatever its name."""
    import jinja2

    loaders = env.loader.loaders if isinstance(env.loader, jinja2.ChoiceLoader) else [env.loader]
    folders = [Path(p) for loader in loaders if isinstance(loader, jinja2.FileSystemLoader) for p in loader.searchpath]
    # the package's own templates (PackageLoader) are kb_tools' code: in every key already (code_digest)
    return cache.digest(*(f"{folder.as_posix()}\0{tree_digest(folder)}" for folder in folders))


def canonical(data: Any) -> str:
    """``data`` as one text whatever the order of its keys (what a key is made of)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


class Memo:
    """One project's entries: in memory for this process, and in ``.cache/render/``.

    ``used`` is what this build read or wrote: :meth:`sweep` removes, after a
    build that succeeded, the entries no build has used since it started."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.memory: dict[str, Any] = {}
        self.used: set[str] = set()
        self.started = time.time()
        #: make serve: a built file's entry by its name, size and time (it was not read again)
        self.seen: dict[tuple[str, str, int, int], str] = {}
        self.sweeps = 0
        self.folder: Path | None = None

    def start(self) -> None:
        """A build begins: the folder of the entries checked once for it (kb_tools/cache.py's rules)."""
        self.used = set()
        self.started = time.time()
        self.folder = cache._folder(self.root, KIND)
        if self.folder is not None:
            cache.write(self.root, KIND, "check", {})  # makes the folder and .cache/.gitignore
            if cache.load(self.folder, KIND, "check") != {}:
                self.folder = None  # a project that cannot be written to: everything worked out again

    def name(self, kind: str, parts: list[str | bytes]) -> str:
        return f"{kind}-{cache.digest(code_digest(), kind, *parts)}"

    def get(self, kind: str, parts: list[str | bytes], compute: Callable[[], T]) -> T:
        """The entry of ``kind`` for ``parts`` (each a str or bytes), worked out by ``compute`` when missing."""
        return self.get_named(self.name(kind, parts), compute)

    def get_named(self, name: str, compute: Callable[[], T]) -> T:
        self.used.add(name)
        if name in self.memory:
            return self.memory[name]  # type: ignore[no-any-return]
        kept = self._read(name)
        if isinstance(kept, dict) and set(kept) == {"value"}:
            self.memory[name] = kept["value"]
            return kept["value"]  # type: ignore[no-any-return]
        value = compute()
        self.memory[name] = value
        self._write(name, {"value": value})
        return value

    def _read(self, name: str) -> Any:
        if self.folder is None:
            return None
        return cache.load(self.folder, KIND, name, touch=True)  # signed by this machine, never through a link

    def _write(self, name: str, data: Any) -> None:
        """Written whole or not at all, under a new name first (never through a link)."""
        if self.folder is None:
            return
        entry = cache.signed(KIND, name, data)
        if entry is None:
            return
        temporary = self.folder / f"{name}.{os.getpid()}.{threading.get_ident()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            with os.fdopen(os.open(temporary, flags, 0o644), "wb") as out:
                out.write(entry)
            os.replace(temporary, self.folder / f"{name}.json")
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def sweep(self, disk: bool = True) -> None:
        """Forget what this build did not use: in memory, and (``disk``) the files no build touched since
        this one started (a build running at the same time keeps its entries)."""
        self.memory = {name: value for name, value in self.memory.items() if name in self.used}
        self.seen = {key: name for key, name in self.seen.items() if name in self.used}
        if not disk:
            return
        folder = self.folder
        if folder is None:
            return
        for entry in [*folder.glob("*.json"), *folder.glob("*.tmp")]:
            try:
                if entry.stem not in self.used | {"check"} and entry.lstat().st_mtime < self.started:
                    entry.unlink()
            except OSError:
                pass
