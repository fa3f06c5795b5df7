"""Nothing the guide says is missing from the site: every section of the
guide is mapped to pages (tests/content/guide_coverage.yaml), and each fact's
key words appear on at least one of its pages as built.

The guide sits beside the repository (../shared/seed/), not in it; KB_GUIDE
names another copy. Without it, the checks that read the guide are skipped,
with the reason; the mapping is still checked against the built pages."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.content.guide import normalise
from tests.content.site_text import article_text

MAP = yaml.safe_load((Path(__file__).parent / "guide_coverage.yaml").read_text(encoding="utf-8"))
MAPPED = [s["section"] for s in MAP["sections"]]


def test_the_mapping_has_the_introduction_and_the_conclusion_and_facts_everywhere() -> None:
    assert {"Introduction", "Conseil final"} <= set(MAPPED)
    assert len(MAPPED) == len(set(MAPPED)), "a section is mapped twice in guide_coverage.yaml"
    assert all(s["facts"] for s in MAP["sections"]), "a section of guide_coverage.yaml has no fact"


def test_every_section_of_the_guide_is_mapped(guide: str) -> None:
    headings = re.findall(r"^(\d\) .+?)\s*$", guide, re.MULTILINE)
    subheadings = ["Connexion / accès", "Paiements (dépôts/retraits)", "Bonus & code promo", "KYC / vérification"]
    assert len(headings) == 8
    for heading in [*headings, *subheadings]:
        assert heading in MAPPED, f"guide section « {heading} » has no entry in guide_coverage.yaml"
    for name in MAPPED:
        assert name in {"Introduction"} or name in guide, f"« {name} » is not a heading of the guide"


def test_every_bullet_of_the_guide_is_a_fact(guide: str) -> None:
    bullets = re.findall(r"^\s*•\s*(.+)$", guide, re.MULTILINE)
    assert len(bullets) > 20
    facts = normalise(" ".join(f["fact"] for s in MAP["sections"] for f in s["facts"]))
    for bullet in bullets:
        words = [w for w in normalise(bullet).split() if len(w) > 4][:3]
        assert all(f" {w} " in facts for w in words), f"no fact for the guide's bullet « {bullet[:60]} »"


@cache
def page_text(site: Path, page: str) -> str:
    path = site / page / "index.html"
    assert path.is_file(), f"guide_coverage.yaml names a page that is not built: {page!r}"
    return normalise(article_text(path))


FACTS = [(s["section"], f) for s in MAP["sections"] for f in s["facts"]]


@pytest.mark.parametrize(("section", "fact"), FACTS, ids=[f"{s[:12]}-{i}" for i, (s, _) in enumerate(FACTS)])
def test_fact_is_on_one_of_its_pages(built_site: Path, section: str, fact: dict[str, object]) -> None:
    words = [normalise(str(w)) for w in fact["words"]]  # type: ignore[attr-defined]
    assert 2 <= len(words) <= 8
    pages = fact["pages"]
    assert pages
    found = [p for p in pages if all(w in page_text(built_site, p) for w in words)]  # type: ignore[attr-defined]
    assert found, f"{section}: « {fact['fact']} » is on none of {pages}"
