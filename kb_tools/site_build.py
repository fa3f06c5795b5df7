"""``make build``: the published ``site/`` is always one whole build.

MkDocs writes into the folder it is given, file by file. So the build goes
into a fresh folder beside ``site/``, under a lock (a second build waits for
the first), and only a build that succeeded takes the place of ``site/``, by
an atomic exchange of the two folders (Linux ``renameat2``). Where the file
system cannot exchange, two renames are made with the usual signals held
back. Whatever stops the build (Ctrl-C, SIGTERM, an error, even SIGKILL),
``site/`` is the previous site or the new one, complete; what a killed build
left behind is cleared by the next one.

MkDocs runs as a subprocess: this module does not import it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

LOCK = ".site-build.lock"
PREFIX = ".site-build-"
OLD = ".site-old-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def pause(point: str) -> None:
    """For the interruption tests: stop a moment at a named point of the build
    (``during-mkdocs``: every page written, nothing else; see the plugin)."""
    if os.environ.get("KB_BUILD_PAUSE") == point:
        print(f"pause:{point}", file=sys.stderr, flush=True)
        time.sleep(30)


def swap_in(new: Path, site: Path) -> None:
    """Put the folder ``new`` in the place of ``site``; the old site ends up in ``new``'s place."""
    if not site.exists() and not site.is_symlink():
        os.rename(new, site)
        return
    if site.is_symlink() or not site.is_dir():
        raise OSError(errno.ENOTDIR, "n’est pas un dossier : déplacez-le ou supprimez-le", str(site))
    if _exchange(new, site):
        return
    old = site.with_name(OLD + new.name.removeprefix(PREFIX))
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        os.rename(site, old)
        os.rename(new, site)
        os.rename(old, new)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _recover(root: Path, site: Path) -> None:
    """Clear what a killed build left: its build folders, and put back a site
    caught between the two renames of the fallback swap."""
    for old in sorted(root.glob(OLD + "*")):
        if not site.exists():
            os.rename(old, site)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(PREFIX + "*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def _umask() -> int:
    """The process's umask (reading it means setting it: put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def build(root: Path, site_dir: str = "site", mkdocs: Sequence[str] = ()) -> int:
    """Build the site of ``root`` into ``root/site_dir``; the exit code of the build."""
    site = root / site_dir
    command = list(mkdocs) or [sys.executable, "-m", "mkdocs"]
    signal.signal(signal.SIGTERM, _terminate)
    # never truncated, never followed: a symlink committed under this name leads nowhere
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(root / LOCK, flags, 0o644), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Une autre construction du site est en cours : attente de sa fin...", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        _recover(root, site)
        fresh = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
        # mkdtemp makes it 0700: published so, a web server running as another user
        # could read nothing of it (403). The mode mkdir gives, as `mkdocs build` would.
        os.chmod(fresh, 0o777 & ~_umask())
        swapped = False
        try:
            result = subprocess.run([*command, "build", "--strict", "--site-dir", str(fresh)], cwd=root)
            if result.returncode != 0:
                print(f"La construction a échoué : {site_dir}/ n’a pas changé.", file=sys.stderr)
                return result.returncode
            pause("before-swap")
            swap_in(fresh, site)
            swapped = True
            pause("after-swap")
        except KeyboardInterrupt:
            state = "le nouveau site est en place" if swapped else f"{site_dir}/ n’a pas changé"
            print(f"Construction interrompue : {state}.", file=sys.stderr)
            return 130
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    print(f"{site_dir}/ prêt")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    site_dir = args[0] if args else "site"
    try:
        return build(Path.cwd(), site_dir)
    except KeyboardInterrupt:  # while waiting for the lock
        print(f"Construction interrompue : {site_dir}/ n’a pas changé.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"{exc.filename or site_dir}: {exc.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
