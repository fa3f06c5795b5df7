"""``python -m kb_tools.plugin.serve --dev-addr HOST:PORT``: `make serve`.

MkDocs' own development server (``mkdocs serve --strict``, live reload), with
what an editor needs when a change breaks the site:

- each build first runs the checks of `make check` (:func:`check_content`),
  then the strict MkDocs build; when either fails, every page request gets at
  once a French error page (:mod:`.overlay`) with the located messages, and the
  pages already open reload to it (a failed build is a new version of the site
  too);
- once the error is fixed, the next build reloads them to the real page;
- a busy port or a malformed address is one French line naming ``ADDR=``.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import posixpath
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.__main__ import ColorFormatter
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer, _Handler, _normalize_mount_path, _serve_url

from ..content_check import check_content
from ..problems import Problem, has_errors
from ..render_cache import tree_digest
from .overlay import Shown, error_page

log = logging.getLogger("mkdocs.kb_tools.serve")

#: Folders of the project a change in which rebuilds the site (those that exist).
WATCHED = ("docs", "trees", "overrides", "includes")

FIX = [
    "Ouvrez chaque fichier à la ligne et à la colonne indiquées, et corrigez ce que dit le message.",
    "Enregistrez : cette page se recharge toute seule dès que le site se construit à nouveau.",
    "`make check` donne la même liste dans le terminal.",
]
#: Added when a message has no place: it comes from MkDocs, in English.
UNPLACED = "Un message sans ligne vient de MkDocs : il nomme le fichier en cause (une page de `docs/` par son nom)."
UNEXPECTED = [
    "Annulez votre dernière modification (ou la dernière commande lancée), puis enregistrez : "
    "cette page se recharge toute seule dès que le site se construit à nouveau.",
    "Si l’erreur reste, transmettez ce message aux développeurs du centre d’aide.",
]


def parse_addr(text: str) -> tuple[str, int] | None:
    """``host:port``, or None. Not IPv6: the site's address, checked by the
    plugin, is no IPv6 literal."""
    host, _, port = text.rpartition(":")
    if not host or re.search(r"[\s:\[\]]", host) or not re.fullmatch(r"[0-9]{1,5}", port) or not 0 < int(port) < 65536:
        return None
    return host, int(port)


def _free_port(host: str, port: int) -> int | None:
    """The first port after ``port`` nobody listens on, to suggest."""
    for candidate in range(port + 1, min(port + 50, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None


def addr_problem(addr: str, host: str, port: int, error: OSError) -> str:
    """Why the server cannot listen on ``addr``, on one line naming ``ADDR=``."""
    if error.errno == errno.EADDRINUSE:
        free = _free_port(host, port)
        other = f"{host}:{free or 8001}"
        return (f"ADDR={addr} : le port {port} est déjà pris (un autre « make serve » ?) ; "
                f"arrêtez-le ou lancez « make serve ADDR={other} »")
    if error.errno == errno.EACCES:
        return f"ADDR={addr} : le port {port} est réservé ; prenez un port au-delà de 1024, par exemple « make serve ADDR=127.0.0.1:8000 »"
    why = ("nom d’hôte inconnu" if isinstance(error, socket.gaierror)
           else "ce n’est pas une adresse de cette machine" if error.errno == errno.EADDRNOTAVAIL
           else f"erreur {error.errno}")
    return (f"ADDR={addr} : impossible d’écouter sur « {host} » ({why}) ; "
            "donnez une adresse de cette machine, par exemple « make serve ADDR=127.0.0.1:8000 »")


def _is_page(path: str) -> bool:
    return not path.startswith("/livereload/") and posixpath.splitext(path.rpartition("/")[2])[1] in ("", ".html", ".htm")


class _Requests(_Handler):
    """MkDocs' log of requests, but the error page is no news on the terminal."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if str(code) != "500" or self.server.error_page is None:  # type: ignore[attr-defined]
            super().log_request(code, size)  # type: ignore[no-untyped-call]


class EditorServer(LiveReloadServer):
    """MkDocs' server, answering every page with the error page while the last build failed."""

    def __init__(self, builder: Any, host: str, port: int, root: str) -> None:
        super().__init__(builder=builder, host=host, port=port, root=root)
        self.error_page: str | None = None  # set by the builder before the build's version is visible
        self.RequestHandlerClass = _Requests
        self._open = False

    def open(self) -> None:
        """Listen now, before the first build: a busy port is said at once."""
        self.server_bind()
        self.server_activate()
        self._open = True

    def server_bind(self) -> None:
        if not self._open:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._open:
            super().server_activate()

    def mount(self, site_url: str) -> None:
        host, port = self.server_address[:2]
        path = urlsplit(site_url or "/").path
        self.mount_path, self.url = _normalize_mount_path(path), _serve_url(str(host), int(port), path)

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if _is_page(path):
            with self._epoch_cond:  # a build under way says first whether it failed
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch, page = self._visible_epoch, self.error_page
            if page is not None:
                content = self._inject_js_into_html(page.encode("utf-8"), epoch)  # type: ignore[no-untyped-call]
                start_response("500 Internal Server Error", [
                    ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content))),
                    ("Cache-Control", "no-store")])
                return [content]
        result: Iterable[bytes] | None = super()._serve_request(environ, start_response)
        return result


class _Said(logging.Handler):
    """The warnings and errors logged during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.shown: list[Shown] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.shown.append(Shown.read(record.getMessage(), "warning" if record.levelno == logging.WARNING else "error"))


class Builds:
    """The builder MkDocs' server calls: never raises, says the outcome in ``server.error_page``."""

    def __init__(self, config_file: str, site_dir: str, server: EditorServer) -> None:
        self.config_file, self.site_dir, self.server = config_file, site_dir, server
        self.config: MkDocsConfig | None = None  # the first that loaded: its plugins live for the session
        # after a build that succeeded, the next one writes only what changed (kb_tools/plugin/incremental.py)
        self.dirty = False
        logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty)
        self.watch(Path(config_file).resolve().parent)

    def watch(self, root: Path) -> None:
        for path in [root / name for name in WATCHED] + [Path(self.config_file)]:
            if path.exists():
                self.server.watch(str(path))

    def _load(self) -> MkDocsConfig:
        config = load_config(config_file=self.config_file, site_dir=self.site_dir, strict=True)
        if self.config is None:
            self.config = config
            config.plugins.on_startup(command="serve", dirty=False)
            self.server.mount(config.site_url or "/")
            for path in [config.docs_dir, config.theme.custom_dir, *config.watch, *_snippet_dirs(config)]:
                if path and Path(path).is_dir():
                    self.server.watch(path)
            config.plugins.on_serve(self.server, config=config, builder=self)
        config.site_url = self.server.url
        return config

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        log.info("Construction du site...")
        said = _Said()
        logging.getLogger("mkdocs").addHandler(said)
        try:
            shown, todo = self._build(config, said)
        except Exception as error:  # a bug of ours or of a plugin: said, never a traceback
            shown, todo = [*said.shown, Shown("", "error", f"Erreur inattendue ({type(error).__name__}) : {error}")], UNEXPECTED
            first = (str(error).strip().splitlines() or [""])[0]
            log.error(f"erreur inattendue pendant la construction : {type(error).__name__}: {first}")
        finally:
            logging.getLogger("mkdocs").removeHandler(said)
        if shown is None:
            self.server.error_page = None
            return
        errors = sum(s.level != "warning" for s in shown)
        log.error(f"la construction a échoué ({errors} erreur(s)) : le navigateur les affiche ; "
                  "corrigez puis enregistrez, la page se recharge toute seule")
        if any(not s.where for s in shown) and todo is FIX:
            todo = [*FIX[:1], UNPLACED, *FIX[1:]]
        self.server.error_page = error_page("Le site ne se construit pas", shown, todo)

    def _build(self, config: MkDocsConfig | None, said: _Said) -> tuple[list[Shown] | None, list[str]]:
        """The messages of a failed build and what to do, or None when it succeeded."""
        try:
            config = self._load() if config is None else config
            root = Path(config.config_file_path or self.config_file).resolve().parent
            plugin: Any = config.plugins.get("kb_tools")
            with _trees_loaded_once():
                _, problems = check_content(root, root / (plugin.config.trees_dir if plugin else "trees"))
                _log(problems)
                if has_errors(problems):
                    return _unique([Shown.of(p) for p in problems]), FIX
                dirty, self.dirty = self.dirty, False  # a build stopped half-way: the next one starts from an empty site
                build(config, serve_url=self.server.url, dirty=dirty)
            self.dirty = True
        except (MkDocsException, SystemExit) as error:  # the plugin's stop, strict mode, mkdocs.yml
            cause = error.__context__ if isinstance(error.__context__, MkDocsException) else error
            shown = [s for s in said.shown if s.message != str(cause)]  # « N erreur(s)... ci-dessus »: the lines are here
            return _unique(shown or [Shown("", "error", str(cause) or type(cause).__name__)]), FIX
        return None, []


@contextlib.contextmanager
def _trees_loaded_once() -> Iterator[None]:
    """One rebuild loads the trees once: the checks of `make check` and the build read
    the same files (a file saved in between is a new state: loaded again)."""
    from .. import content_check, project
    from . import pages

    real = project.load_project
    kept: dict[Path, tuple[str, tuple[Any, list[Problem]]]] = {}

    def once(folder: Path, *args: Any, **kwargs: Any) -> tuple[Any, list[Problem]]:
        if args or kwargs:
            return real(folder, *args, **kwargs)
        where = Path(folder).resolve()
        state = tree_digest(where)
        if where not in kept or kept[where][0] != state:
            kept[where] = (state, real(folder))
        kb, problems = kept[where][1]
        return kb, list(problems)  # each caller adds its own problems to its list

    for module in (content_check, pages):
        setattr(module, "load_project", once)  # noqa: B010
    try:
        yield
    finally:
        for module in (content_check, pages):
            setattr(module, "load_project", real)  # noqa: B010


def _quiet_dirty(record: logging.LogRecord) -> bool:
    """MkDocs' warning that a dirty build may leave the menu and links stale: the plugin sees
    to it that it does not (kb_tools/plugin/incremental.py); a warning would fail the strict build."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _snippet_dirs(config: MkDocsConfig) -> list[str]:
    base = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", [])
    root = Path(config.config_file_path or ".").resolve().parent
    return [str(root / path) for path in ([base] if isinstance(base, str) else base)]


def _log(problems: list[Problem]) -> None:
    for problem in problems:
        (log.error if problem.level == "error" else log.warning)(problem.format())


def _unique(shown: list[Shown]) -> list[Shown]:
    return list(dict.fromkeys(shown))


def _logging() -> None:
    """MkDocs' own terminal output, as `mkdocs serve` sets it up."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    stream = logging.StreamHandler()
    stream.setFormatter(ColorFormatter())
    logger.addHandler(stream)


def serve(addr: str, config_file: str = "mkdocs.yml") -> int:
    where = parse_addr(addr)
    if where is None:
        shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in addr)  # one line, whatever was typed
        print(f"ADDR={shown} : adresse illisible ; écrivez hôte:port, par exemple « make serve ADDR=127.0.0.1:8001 »",
              file=sys.stderr)
        return 1
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    try:
        server = EditorServer(None, *where, root=site_dir)
        try:
            server.open()
        except OSError as error:
            server.server_close()
            print(addr_problem(addr, *where, error), file=sys.stderr)
            return 1
        _logging()
        for signum in (signal.SIGINT, signal.SIGTERM):  # SIGTERM stops like Ctrl-C: the temporary site is removed
            signal.signal(signum, _interrupt)
        builds = server.builder = Builds(config_file, site_dir, server)
        server.mount("/")
        try:
            builds()
            server.error_handler = lambda code: _error_file(site_dir, code)
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            _deaf()
            log.info("Arrêt du serveur.")
        finally:
            _stop(server, builds, site_dir)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


#: Seconds the server has to stop after Ctrl-C before the process leaves anyway.
STOP_SECONDS = 5.0


def _deaf() -> None:
    """Further Ctrl-C or SIGTERM while stopping are ignored: the stop is under way
    (a second Ctrl-C inside it printed a traceback and left the port taken)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # MkDocs' serving thread, started as the stop closed its socket, fails on it: the stop itself, not a problem
    threading.excepthook = lambda a: None if isinstance(a.exc_value, (OSError, ValueError)) else threading.__excepthook__(a)


def _stop(server: EditorServer, builds: Builds, site_dir: str) -> None:
    """Stop the server, its watcher and the plugins within STOP_SECONDS; past
    that, remove the temporary site and leave the process (the port with it)."""
    _deaf()

    def stop() -> None:
        server.shutdown()
        if builds.config is not None:
            builds.config.plugins.on_shutdown()

    stopping = threading.Thread(target=stop, name="kb-stop", daemon=True)
    stopping.start()
    stopping.join(STOP_SECONDS)
    if stopping.is_alive():
        shutil.rmtree(site_dir, ignore_errors=True)
        log.warning("Arrêt forcé : le serveur ne s’arrêtait pas.")
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


_STOPPING = threading.Event()


def _interrupt(signum: int, frame: object) -> None:
    """The first Ctrl-C or SIGTERM stops the server; the next ones, even before
    the stop has begun, are ignored."""
    if not _STOPPING.is_set():
        _STOPPING.set()
        raise KeyboardInterrupt


def _error_file(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb_tools.plugin.serve",
                                     description="Sert le site en le reconstruisant à chaque modification.")
    parser.add_argument("--dev-addr", default=os.environ.get("ADDR") or "127.0.0.1:8000",
                        help="hôte:port (défaut : la variable d’environnement ADDR, sinon 127.0.0.1:8000)")
    parser.add_argument("--config-file", default="mkdocs.yml", help="fichier de configuration (défaut : mkdocs.yml)")
    args = parser.parse_args(argv)
    return serve(args.dev_addr, args.config_file)


if __name__ == "__main__":
    sys.exit(main())
