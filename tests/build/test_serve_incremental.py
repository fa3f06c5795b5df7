"""`make serve` after an edit writes again only what the edit changes
(kb_tools/plugin/incremental.py), and what it serves is what a whole build
makes: the edited page, the menu when a title changed, the search index, a
tree added or removed; a failed build is followed by a whole one. And the
entries kept by hash (kb_tools/render_cache.py) never outlive a change of
what they were made of, even for `mkdocs build`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb_tools.plugin import serve
from kb_tools.search_index import FULL_INDEX
from tests.conftest import copy_site_sources

pytestmark = pytest.mark.build

TREE = "connexion-acces"
QUESTION = "Que se passe-t-il quand vous essayez de vous connecter ?"
OTHER = "parcours/depot-non-credite/index.html"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_site_sources(tmp_path / "project")
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "site"


@pytest.fixture
def builds(project: Path, site: Path) -> Iterator[serve.Builds]:
    server = serve.EditorServer(None, "127.0.0.1", 0, root=str(site))
    builder = serve.Builds(str(project / "mkdocs.yml"), str(site), server)
    server.mount("/")
    yield builder
    server.server_close()
    if builder.config is not None:
        builder.config.plugins.on_shutdown()
        builder.config.plugins.on_startup(command="build", dirty=False)  # later builds in this process are builds


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _page(site: Path, tree: str) -> str:
    return (site / "parcours" / tree / "index.html").read_text(encoding="utf-8")


def _search(site: Path) -> dict[str, str]:
    """Every entry of the search index (both files), by location: its title and text."""
    found = {}
    for name in ("search_index.json", FULL_INDEX):
        path = site / "search" / name
        if path.is_file():
            for doc in json.loads(path.read_text(encoding="utf-8")).get("docs", []):
                found[doc["location"]] = f"{doc.get('title', '')} {doc.get('text', '')}"
    return found


def _whole(project: Path, site: Path, **env: str) -> None:
    """A whole `mkdocs build` of the project as it is now, for comparison."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, capture_output=True)


def test_editing_a_tree_rewrites_its_page_and_only_it(builds: serve.Builds, project: Path, site: Path) -> None:
    builds()
    assert builds.server.error_page is None
    other = site / OTHER
    before, locations = other.stat().st_mtime_ns, set(_search(site))
    _edit(project / "trees" / f"{TREE}.yml", QUESTION, "Que voyez-vous en essayant de vous connecter ?")
    builds()
    assert builds.server.error_page is None
    page = _page(site, TREE)
    assert "Que voyez-vous en essayant" in page and QUESTION.split(" ?")[0] not in page
    assert other.stat().st_mtime_ns == before  # a page the edit does not change is not written again
    search = _search(site)
    assert set(search) == locations  # every page still in the index
    assert any("Que voyez-vous en essayant" in text for text in search.values())


def test_a_new_title_reaches_every_menu_and_the_search(builds: serve.Builds, project: Path, site: Path) -> None:
    builds()
    _edit(project / "trees" / f"{TREE}.yml", "title: Impossible de se connecter à son compte",
          "title: Connexion refusée à votre compte")
    builds()
    assert builds.server.error_page is None
    for page in (site / OTHER, site / "index.html", site / "contact" / "index.html"):
        assert "Connexion refusée à votre compte" in page.read_text(encoding="utf-8"), page
    assert any(text.startswith("Connexion refusée à votre compte") for text in _search(site).values())


def test_a_tree_added_then_removed(builds: serve.Builds, project: Path, site: Path) -> None:
    builds()
    source = (project / "trees" / f"{TREE}.yml").read_text(encoding="utf-8")
    copy = project / "trees" / "connexion-copie.yml"
    copy.write_text(source.replace(f"id: {TREE}", "id: connexion-copie").replace(
        "title: Impossible de se connecter à son compte", "title: Copie du parcours de connexion").replace(
        "  order: 10\n", "  order: 11\n").replace("  title: Je n’arrive pas à me connecter",
                                                  "  title: Je teste une copie du parcours"), encoding="utf-8")
    builds()
    assert builds.server.error_page is None, builds.server.error_page
    assert "Copie du parcours de connexion" in _page(site, "connexion-copie")
    assert "Copie du parcours de connexion" in (site / OTHER).read_text(encoding="utf-8")  # in the menu
    assert any(loc.startswith("parcours/connexion-copie/") for loc in _search(site))
    copy.unlink()
    builds()
    assert builds.server.error_page is None
    assert not (site / "parcours" / "connexion-copie").exists()
    assert "Copie du parcours de connexion" not in (site / OTHER).read_text(encoding="utf-8")
    assert not any(loc.startswith("parcours/connexion-copie/") for loc in _search(site))


def test_after_an_error_the_fix_is_served_whole(builds: serve.Builds, project: Path, site: Path) -> None:
    builds()
    tree = project / "trees" / f"{TREE}.yml"
    _edit(tree, "next: mot-de-passe", "next: mot-de-pase")
    builds()
    assert builds.server.error_page is not None and "unknown-node" in builds.server.error_page
    _edit(tree, "next: mot-de-pase", "next: mot-de-passe")
    _edit(tree, QUESTION, "Que voyez-vous en essayant de vous connecter ?")
    builds()
    assert builds.server.error_page is None
    assert "Que voyez-vous en essayant" in _page(site, TREE)


def test_the_served_site_is_the_whole_build(builds: serve.Builds, project: Path, site: Path, tmp_path: Path) -> None:
    """After edits of a tree, a catalogue and a page, the site is what a whole build makes (the
    same pages, the same search index) but for what only `make serve` adds (diagrams, its address)."""
    builds()
    _edit(project / "trees" / f"{TREE}.yml", QUESTION, "Que voyez-vous en essayant de vous connecter ?")
    builds()
    _edit(project / "trees" / "_channels.yml", "name: Chat en direct", "name: Chat en direct Roulettino")
    builds()
    _edit(project / "docs" / "escalade.md", "# Demander une escalade", "# Demander une escalade au superviseur")
    builds()
    assert builds.server.error_page is None
    whole = tmp_path / "whole"
    _whole(project, whole)
    pages = sorted(p.relative_to(whole).as_posix() for p in whole.rglob("index.html"))
    assert pages == sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert set(_search(site)) == set(_search(whole))
    assert "Chat en direct Roulettino" in _page(site, TREE)
    assert "Demander une escalade au superviseur" in _page(site, TREE)  # the menu of a page the edit of escalade.md did not touch


def test_a_cache_entry_never_survives_a_catalogue_or_template_change(project: Path, tmp_path: Path) -> None:
    """`mkdocs build` twice in one project (its .cache/ kept): each change of what a tree's page is made of
    shows in the next build."""
    _whole(project, tmp_path / "one")
    assert (project / ".cache" / "render").is_dir()  # the entries are there to be (wrongly) reused
    assert "Chat en direct" in (tmp_path / "one" / "parcours" / TREE / "index.html").read_text(encoding="utf-8")
    _edit(project / "trees" / "_channels.yml", "name: Chat en direct", "name: Discussion instantanée")
    _whole(project, tmp_path / "two")
    assert "Discussion instantanée" in (tmp_path / "two" / "parcours" / TREE / "index.html").read_text(encoding="utf-8")
    templates = project / "overrides" / "kb_tools"
    templates.mkdir()
    package = Path(serve.__file__).resolve().parent.parent / "templates" / "kb_tools"
    (templates / "tree.md.j2").write_text((package / "tree.md.j2").read_text(encoding="utf-8")
                                          + "\nGabarit du site, version d’essai.\n", encoding="utf-8")
    _whole(project, tmp_path / "three")
    assert "Gabarit du site, version d’essai" in (tmp_path / "three" / "parcours" / TREE / "index.html").read_text(
        encoding="utf-8")


def test_a_kept_article_never_outlives_its_month(project: Path, tmp_path: Path) -> None:
    """The flow's data lists the holidays from the build's month on: a build of another month
    (SOURCE_DATE_EPOCH) does not reuse the articles kept by the first."""
    _whole(project, tmp_path / "2030", SOURCE_DATE_EPOCH="1895000000")  # January 2030
    _whole(project, tmp_path / "2033", SOURCE_DATE_EPOCH="1989700000")  # January 2033
    first = (tmp_path / "2030" / "parcours" / TREE / "index.html").read_text(encoding="utf-8")
    later = (tmp_path / "2033" / "parcours" / TREE / "index.html").read_text(encoding="utf-8")
    assert "2030-05-01" in first and "2033-05-01" not in first
    assert "2033-05-01" in later and "2030-05-01" not in later


def test_two_builds_at_once(project: Path, tmp_path: Path) -> None:
    """Two builds sharing .cache/ at the same time both finish, with the same site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / name)],
                             cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for name in ("a", "b")]
    for run in runs:
        out, _ = run.communicate(timeout=600)
        assert run.returncode == 0, out.decode()
    for page in (tmp_path / "a").rglob("*.html"):
        assert page.read_bytes() == (tmp_path / "b" / page.relative_to(tmp_path / "a")).read_bytes()
