"""The developer docs (CONTRIBUTING.md, docs-dev/) stay out of the published site."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT


def test_developer_docs_are_not_published(built_site: Path) -> None:
    adr = sorted((ROOT / "docs-dev" / "adr").glob("*.md"))
    assert len(adr) >= 3
    published = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*")]
    leaked = [p for p in published if any(doc.stem in p for doc in adr) or "docs-dev" in p or "CONTRIBUTING" in p]
    assert leaked == []
    index = (built_site / "search" / "kb-search-index.json").read_text(encoding="utf-8")
    assert "Une frontière visible avec Material" not in index
