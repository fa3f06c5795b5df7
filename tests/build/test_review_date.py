"""« Vérifié le … » beside « Dernière mise à jour » on a page and a flow page
whose source says ``reviewed:``, as a machine-readable ``<time datetime>``;
nothing on a page without it (a real strict build of a copy of the site,
committed so that git dates are there too)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_site_sources

PAGE, TREE = "escalade.md", "retrait-en-attente.yml"
PAGE_DAY, TREE_DAY = "2026-11-15", "2026-10-01"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], cwd=folder,
                   check=True, capture_output=True, timeout=60)


def build_reviewed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from a committed copy where PAGE and TREE say ``reviewed:``."""
    source = copy_site_sources(tmp_path_factory.mktemp("src"))
    page = source / "docs" / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n---\n", f"\nreviewed: {PAGE_DAY}\n---\n", 1), encoding="utf-8")
    tree = source / "trees" / TREE
    tree.write_text(tree.read_text(encoding="utf-8").replace("\nowner:", f"\nreviewed: {TREE_DAY}\nowner:", 1),
                    encoding="utf-8")
    _git(source, "init", "-q", "-b", "main")
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "copie")
    site = tmp_path_factory.mktemp("site")
    assert build_site(source, site) == []
    return site


@pytest.fixture(scope="module")
def reviewed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_reviewed_copy(tmp_path_factory)


def _facts(html: str) -> str:
    """Material's « source file » line under the content."""
    match = re.search(r'<aside class="md-source-file">(.*?)</aside>', html, re.S)
    assert match, "no date line"
    return match.group(1)


@pytest.mark.parametrize(("built", "day", "french"), [
    ("escalade/index.html", PAGE_DAY, "15 novembre 2026"),
    ("parcours/retrait-en-attente/index.html", TREE_DAY, "1er octobre 2026"),
])
def test_a_reviewed_source_shows_its_date_beside_the_git_date(reviewed_site: Path, built: str, day: str,
                                                              french: str) -> None:
    facts = _facts((reviewed_site / built).read_text(encoding="utf-8"))
    assert f'data-kb-reviewed="{day}"' in facts and f'<time datetime="{day}">{french}</time>' in facts
    text = re.sub(r"<[^>]+>", "", facts)
    assert text.index("Dernière mise à jour") < text.index("Vérifié le")  # beside the git date, after it


@pytest.mark.parametrize("built", ["contact/index.html", "parcours/verification-kyc/index.html", "index.html"])
def test_a_source_without_reviewed_shows_no_review_date(reviewed_site: Path, built: str) -> None:
    html = (reviewed_site / built).read_text(encoding="utf-8")
    assert "data-kb-reviewed" not in html and "Vérifié le" not in html
    assert "Dernière mise à jour" in _facts(html)
