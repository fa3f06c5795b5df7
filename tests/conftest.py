"""Shared fixtures: the sample project, a built site, a served site, Chromium."""

from __future__ import annotations

import functools
import http.server
import logging
import shutil
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PROJECT = ROOT / "tests" / "fixtures" / "project"
#: The project's own trees, one id per file (catalogues left out), for tests that go over every tree.
REAL_TREE_IDS = sorted(p.stem for p in (ROOT / "trees").glob("[!_]*.yml"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def real_kb() -> object:
    """The project's own trees and catalogues, loaded once; they must load without an error."""
    from kb_tools.project import load_project

    kb, problems = load_project(ROOT / "trees")
    assert not [p for p in problems if p.level == "error"]
    return kb


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the sample content folder (catalogues and two trees)."""
    folder = tmp_path / "trees"
    shutil.copytree(FIXTURE_PROJECT, folder)
    return folder


def copy_site_sources(dest: Path) -> Path:
    """A copy of everything ``mkdocs build`` reads, to build or break in isolation."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pyproject.toml", "constraints.txt", "Makefile"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("docs", "trees", "overrides", "includes"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


class _FailOnWarning(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(source: Path, site_dir: Path) -> list[str]:
    """Run a real, strict ``mkdocs build``; return every warning or error it logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = _FailOnWarning()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(source / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
    finally:
        logger.removeHandler(handler)
    return [record.getMessage() for record in handler.records]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session from the working tree."""
    site = tmp_path_factory.mktemp("site")
    warnings = build_site(ROOT, site)
    assert warnings == [], f"the build logged warnings: {warnings}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on a free local port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
