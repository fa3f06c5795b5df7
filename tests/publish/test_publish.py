"""What publishing relies on: reproducible builds, the 404 page, robots.txt,
the sitemap, canonical URLs and « dernière mise à jour » dates."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.content.site_text import pages

pytestmark = pytest.mark.build


def _digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_commit_are_identical(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    for name in ("one", "two"):
        subprocess.run([mkdocs, "build", "-q", "-d", str(tmp_path / name)], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    one, two = _digest(tmp_path / "one"), _digest(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [f for f in one if one[f] != two[f]] == []


def test_404_page_is_french_and_offers_search_and_the_flow(built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    assert 'for="__search"' in html  # opens the search
    assert re.search(r'href="[^"]*parcours/avant-de-nous-contacter/"', html)
    assert "Not found" not in html


def test_robots_and_sitemap_point_to_the_public_address(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    site_url = re.search(r"Sitemap: (\S+)sitemap\.xml", robots).group(1)  # type: ignore[union-attr]
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(site_url) for loc in locations)
    assert f"{site_url}parcours/retrait-en-attente/" in locations
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))


FRENCH_DATE = re.compile(r"Dernière mise à jour\u00a0: \d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|"
                         r"août|septembre|octobre|novembre|décembre) \d{4}")


def test_every_page_has_a_canonical_url(built_site: Path) -> None:
    for page in pages(built_site):
        assert re.search(r'<link rel="canonical" href="https?://[^"]+"', page.read_text(encoding="utf-8")), page


def test_pages_show_when_their_committed_source_last_changed(built_site: Path) -> None:
    tracked = set(subprocess.run(["git", "ls-files", "docs", "trees"], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.split())
    checked = 0
    for source in sorted(tracked):
        if source.startswith("trees/_") or not source.endswith((".md", ".yml")):
            continue
        stem = Path(source).stem
        built = (built_site / "parcours" / stem if source.startswith("trees/")
                 else built_site if stem == "index" else built_site / stem) / "index.html"
        assert FRENCH_DATE.search(built.read_text(encoding="utf-8")), f"{built} has no date for {source}"
        checked += 1
    assert checked >= 10


def test_tree_diagram_only_in_make_serve(built_site: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    assert not [p for p in built_site.rglob("*.html") if "kb-editor-diagram" in p.read_text(encoding="utf-8")]
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(Files([]), config=config)
    finally:  # MkDocs keeps plugin instances between loads: later builds in this process are builds
        config.plugins.on_startup(command="build", dirty=False)
    page = next(f for f in files if f.src_uri == "parcours/retrait-en-attente.md")
    content = page.content_string
    assert '<details class="kb-editor-diagram"' in content and "<svg" in content
    assert "http" not in content.split("<svg", 1)[1].split("xmlns", 1)[0]  # nothing fetched
