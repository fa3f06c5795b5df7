"""The build stops on an editor's page at a generated page's address and on a
category the menu would merge or split (located, as ``make check`` says it);
a tree's article follows every template its overrides include."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from benchmarks.sitegen import generate
from kb_tools.nav_order import MAX_FLAT
from tests.conftest import build_site

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(MAX_FLAT + 10, tmp_path_factory.mktemp("generated") / "project")


def _failed_build(root: Path, site: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    caplog.set_level(logging.ERROR, logger="mkdocs")
    with pytest.raises(Exception):  # noqa: B017 (MkDocs' Abort or PluginError: what the log says counts)
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("uri", ["rubriques/paiements.md", "parcours/probleme-0001/index.md"])
def test_the_build_stops_on_an_editors_page_at_a_generated_pages_address(project: Path, tmp_path: Path, uri: str,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "project"
    shutil.copytree(project, root)
    page = root / "docs" / uri
    page.parent.mkdir(parents=True)
    page.write_text("---\ndescription: Une page écrite par un éditeur, à la même adresse.\n---\n\n# Ma page\n\nTexte.\n",
                    encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nnav:\n", f"\nnav:\n  - {uri}\n", 1), encoding="utf-8")
    errors = _failed_build(root, tmp_path / "site", caplog)
    assert any(m.startswith(f"docs/{uri}:1:1: error: ") and m.endswith("(generated-page)") for m in errors), errors
    assert not (tmp_path / "site" / uri.removesuffix(".md").removesuffix("/index") / "index.html").exists()


@pytest.mark.parametrize(("category", "rule"), [("paiements !", "category-slug"), ("Ѕécurité", "category-letters"),
                                                ("???", "category-letters")])
def test_the_build_stops_on_a_category_the_menu_would_merge_or_split(project: Path, tmp_path: Path, category: str,
                                                                      rule: str, caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "project"
    shutil.copytree(project, root)
    tree = root / "trees" / "probleme-0003.yml"
    text = tree.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row.startswith("category:"))
    tree.write_text(re.sub(r"(?m)^category: .*$", f'category: "{category}"', text, count=1), encoding="utf-8")
    errors = _failed_build(root, tmp_path / "site", caplog)
    assert any(re.search(rf"(^|/)trees/probleme-0003\.yml:{line}:\d+: error: .*\({rule}\)$", m) for m in errors), errors


def test_an_article_follows_a_template_its_overrides_include(tmp_path: Path) -> None:
    """overrides/kb_tools/tree.md.j2 includes overrides/kbextra/x.md.j2: changing x changes
    every article, even with the render cache (.cache/render/) of the previous build."""
    root = generate(2, tmp_path / "project")
    package = Path(__file__).resolve().parents[2] / "kb_tools" / "templates" / "kb_tools" / "tree.md.j2"
    (root / "overrides" / "kb_tools").mkdir(parents=True, exist_ok=True)
    (root / "overrides" / "kb_tools" / "tree.md.j2").write_text(
        package.read_text(encoding="utf-8") + '\n{% include "kbextra/x.md.j2" %}\n', encoding="utf-8")
    extra = root / "overrides" / "kbextra" / "x.md.j2"
    extra.parent.mkdir()
    for word in ("Premiereversion", "Secondeversion"):
        extra.write_text(f"{word} du texte inclus.\n", encoding="utf-8")
        assert build_site(root, tmp_path / "site") == []
        article = (tmp_path / "site" / "parcours" / "probleme-0000" / "index.html").read_text(encoding="utf-8")
        assert word in article
