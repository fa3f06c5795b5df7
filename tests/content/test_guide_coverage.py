"""Nothing the guide says is missing from the site: every section of the
guide is mapped to pages (tests/content/guide_coverage.yaml), and each fact's
key words appear on at least one of its pages as built."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.content.site_text import article_text

GUIDE = ROOT.parent / "shared" / "seed" / "guide-service-client-roulettino.txt"
MAP = yaml.safe_load((Path(__file__).parent / "guide_coverage.yaml").read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " " + re.sub(r"[^a-z0-9]+", " ", text).strip() + " "


def guide_text() -> str:
    if not GUIDE.is_file():
        pytest.fail(f"the guide is missing: {GUIDE} (shared/ sits beside the project)")
    return GUIDE.read_text(encoding="utf-8")


def test_every_section_of_the_guide_is_mapped() -> None:
    guide = guide_text()
    mapped = [s["section"] for s in MAP["sections"]]
    headings = re.findall(r"^(\d\) .+?)\s*$", guide, re.MULTILINE)
    subheadings = ["Connexion / accès", "Paiements (dépôts/retraits)", "Bonus & code promo", "KYC / vérification"]
    assert len(headings) == 8
    for heading in [*headings, *subheadings]:
        assert heading in mapped, f"guide section « {heading} » has no entry in guide_coverage.yaml"
    assert {"Introduction", "Conseil final"} <= set(mapped)
    for name in mapped:
        assert name in {"Introduction"} or name in guide, f"« {name} » is not a heading of the guide"


def test_every_bullet_of_the_guide_is_a_fact() -> None:
    bullets = re.findall(r"^\s*•\s*(.+)$", guide_text(), re.MULTILINE)
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
