"""Shared helpers for the benchmarks: build a site, serve it, drive Chromium."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def build(project: Path, site: Path) -> float:
    """Build `project` into `site`; return the wall time in seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run([MKDOCS, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                   check=True, env=env, capture_output=True)
    return time.perf_counter() - started


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Production(_Quiet):
    """Like a static host: gzip for text, the site's _headers, long cache for assets."""

    extra: ClassVar[dict[str, str]] = {}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        text = path.suffix in {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
        if not (text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        for name, value in self.extra.items():
            self.send_header(name, value)
        if "/assets/" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()


@contextlib.contextmanager
def serve(site: Path, production: bool = False) -> Iterator[str]:
    base = _Quiet
    if production:
        from kb_tools.headers import parse_headers_file

        headers_path = site / "_headers"
        extra = parse_headers_file(headers_path.read_text(encoding="utf-8")) if headers_path.is_file() else {}
        base = type("Production", (_Production,), {"extra": extra})
    handler = functools.partial(base, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def copy_project(dest: Path) -> Path:
    """A copy of everything the build reads."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("docs", "trees", "overrides", "includes"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


@dataclass
class Figure:
    """One row of `make bench`'s summary table (benchmarks/__main__.py).

    Each benchmark's ``main()`` prints its own detailed tables and returns its
    figures; ``met`` is None where there is no target (a figure shown for scale).
    """

    what: str  # what is measured, e.g. "search: first keystroke → settled list, ours / Material"
    value: str  # as measured, e.g. "0.93× (186 / 200 ms, medians)"
    target: str  # e.g. "≤ 1.0×", or "" for none
    met: bool | None
    command: str  # the command that measures it alone: command("search"), never written by hand


#: The interpreter of the project's venv, as the README writes it (a bare `python` is not the venv).
PYTHON = ".venv/bin/python"
SIZES_VAR = "KB_BENCH_SIZES"


def command(module: str, *args: str, sizes: Sequence[int] = ()) -> str:
    """The command that measures one row alone, from the project's root, as it is printed:
    ``.venv/bin/python -m benchmarks.MODULE [ARGS]``, after ``KB_BENCH_SIZES=…`` when the row's
    figure depends on the generated sizes (give only the sizes of that row, e.g. ``(1000,)``)."""
    prefix = f"{SIZES_VAR}={','.join(str(int(n)) for n in sizes)} " if sizes else ""
    return f"{prefix}{PYTHON} -m benchmarks.{module}" + "".join(f" {arg}" for arg in args)


def sizes(default: tuple[int, ...] = (100, 1000, 5000)) -> tuple[int, ...]:
    """Generated-site sizes for the growth figures; KB_BENCH_SIZES=100,1000 for a quicker run."""
    raw = os.environ.get(SIZES_VAR, "")
    picked = tuple(int(part) for part in raw.split(",") if part.strip().isdigit())
    return picked or default
