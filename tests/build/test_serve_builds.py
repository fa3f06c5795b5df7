"""What `make serve` shows for each way a build fails (kb_tools/plugin/serve.py,
the builder MkDocs' server calls): the located lines of `make check`, the
build's own located lines when only the build sees the mistake, an unexpected
error in one French line. The builder never raises: a failed build is a new
version of the site too, so open pages reload to the error page."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb_tools.plugin import serve
from kb_tools.problems import Problem
from tests.conftest import copy_site_sources

pytestmark = pytest.mark.build

TREE = "trees/connexion-acces.yml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_site_sources(tmp_path / "project")
    monkeypatch.chdir(root)  # paths as `make serve` prints them: relative to the project
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return root


@pytest.fixture
def builds(project: Path, tmp_path: Path) -> Iterator[serve.Builds]:
    server = serve.EditorServer(None, "127.0.0.1", 0, root=str(tmp_path / "site"))
    builder = serve.Builds(str(project / "mkdocs.yml"), str(tmp_path / "site"), server)
    server.mount("/")
    yield builder
    server.server_close()
    if builder.config is not None:
        builder.config.plugins.on_shutdown()
        # MkDocs keeps plugin instances between loads: later builds in this process are builds
        builder.config.plugins.on_startup(command="build", dirty=False)


def _break(project: Path) -> Problem:
    tree = project / TREE
    text = tree.read_text(encoding="utf-8")
    tree.write_text(text.replace("next: mot-de-passe", "next: mot-de-pase", 1), encoding="utf-8")
    line = text[:text.index("next: mot-de-passe")].count("\n") + 1
    return Problem(TREE, line, 15, "error", "", "unknown-node")


def test_the_lines_of_make_check(builds: serve.Builds, project: Path) -> None:
    wanted = _break(project)
    builds()
    page = builds.server.error_page
    assert page is not None
    assert f"{TREE}:{wanted.line}:" in page
    assert "unknown-node" in page
    project.joinpath(TREE).write_text((project / TREE).read_text(encoding="utf-8").replace("mot-de-pase", "mot-de-passe"),
                                      encoding="utf-8")
    builds()
    assert builds.server.error_page is None


def test_a_mistake_only_the_build_sees(builds: serve.Builds, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin stops the build with its located lines; its summary (« corrigez les
    lignes ci-dessus », meant for the terminal) is not one of them."""
    wanted = _break(project)
    monkeypatch.setattr(serve, "check_content", lambda root, trees: (None, []))
    builds()
    page = builds.server.error_page
    assert page is not None
    assert f"{TREE}:{wanted.line}:" in page
    assert page.count('class="kb-problem ') == page.count('class="kb-where"') >= 1  # every one located


def test_an_unexpected_error_in_one_line(builds: serve.Builds, project: Path, monkeypatch: pytest.MonkeyPatch,
                                         caplog: pytest.LogCaptureFixture) -> None:
    def bug(root: Path, trees: Path) -> None:
        raise ZeroDivisionError("<b>division</b> by zero\nsecond line")

    monkeypatch.setattr(serve, "check_content", bug)
    logging.getLogger("mkdocs").propagate = True  # caplog listens on the root logger
    try:
        with caplog.at_level(logging.INFO):
            builds()
    finally:
        logging.getLogger("mkdocs").propagate = False
    page = builds.server.error_page
    assert page is not None
    assert "ZeroDivisionError" in page
    assert "<b>division" not in page
    assert page.count('class="kb-problem ') == 1  # the error, not the terminal's line about it
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert all("\n" not in r.getMessage() and r.exc_info is None for r in errors)
    assert any("ZeroDivisionError" in r.getMessage() for r in errors)


def test_watched_folders(builds: serve.Builds, project: Path) -> None:
    """Every source of the site rebuilds it: pages, trees, templates, the glossary, mkdocs.yml."""
    builds()
    watched = {os.path.relpath(path, project) for path in builds.server._watched_paths}
    assert {"docs", "trees", "overrides", "includes", "mkdocs.yml"} <= watched
