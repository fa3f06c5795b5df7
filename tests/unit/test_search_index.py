"""The build step over Material's search index: keywords, synonyms, boosts."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.search_index import (
    ARTICLE_BOOST,
    FLOW_BOOST,
    FULL_INDEX,
    KEYWORDS_FIELD,
    REFERENCE_BOOST,
    defined_terms,
    dumps,
    enrich,
    index_file,
    split,
    tuning_for,
)

TREES = {"retrait": {"keywords": ["gains pas recus", "retrait bloque"]}}


def _index(*docs: dict[str, Any]) -> dict[str, Any]:
    config = {"lang": ["fr"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}
    return {"config": config, "docs": list(docs)}


def _by_location(index: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {doc["location"]: doc for doc in index["docs"]}


def test_flow_outranks_article_which_outranks_sections() -> None:
    index = _index(
        {"location": "parcours/retrait/", "title": "Retrait", "text": "<p>Votre retrait.</p>"},
        {"location": "parcours/retrait/#statut", "title": "Statut", "text": "En attente"},
        {"location": "faq/", "title": "FAQ", "text": "<p>Retrait.</p>"},
        {"location": "faq/#a", "title": "A", "text": "Retrait"},
    )
    docs = _by_location(enrich(index, tuning_for(TREES, "parcours", [])))
    boosts = {loc: doc.get("boost", 1.0) for loc, doc in docs.items()}
    assert boosts["parcours/retrait/"] == FLOW_BOOST > boosts["faq/"] == ARTICLE_BOOST > boosts["faq/#a"]
    assert boosts["parcours/retrait/#statut"] < boosts["faq/#a"]


GLOSSARY = "# Glossaire\n\nIntro : rien.\n\nKYC\n:   Vérification d'identité.\n\nClosed-loop\n:   Règle de retrait.\n"


def test_a_reference_page_defines_the_terms_of_its_definition_lists() -> None:
    assert defined_terms(GLOSSARY) == ["KYC", "Closed-loop"]
    assert defined_terms("# Accueil\n\n## Quel est votre problème ?\n\n- [Retrait](r.md)\n") == []


def test_a_reference_page_weighs_less_than_any_article_and_keeps_its_terms() -> None:
    """The glossary names every problem in its definitions: it comes after
    every page that answers, and its terms find it (« c'est quoi le KYC »)."""
    index = _index(
        {"location": "glossaire/", "title": "Glossaire", "text": "KYC Vérification. Closed-loop Retrait."},
        {"location": "glossaire/#a", "title": "A", "text": "Retrait"},
        {"location": "faq/", "title": "FAQ", "text": "<p>Retrait.</p>"},
        {"location": "faq/#a", "title": "A", "text": "Retrait"},
    )
    tuning = tuning_for(TREES, "parcours", [], {"glossaire/": ["lexique"], "faq/": ["questions"]},
                        {"glossaire/": defined_terms(GLOSSARY)})
    docs = _by_location(enrich(index, tuning))
    assert docs["glossaire/"]["boost"] == docs["glossaire/#a"]["boost"] == REFERENCE_BOOST
    assert REFERENCE_BOOST < docs["faq/#a"].get("boost", 1.0) < docs["faq/"]["boost"]
    assert docs["glossaire/"][KEYWORDS_FIELD].split() == ["lexique", "KYC", "Closed-loop", "closedloop"]


def test_keywords_and_synonyms_go_to_the_main_entry_only() -> None:
    index = _index(
        {"location": "parcours/retrait/", "title": "Retrait", "text": "<p>Le support par e-mail.</p>"},
        {"location": "parcours/retrait/#s", "title": "Section", "text": "Écrivez au conseiller."},
    )
    synonyms = [["conseiller", "chat en direct"], ["e-mail", "courriel"]]
    out = enrich(index, tuning_for(TREES, "parcours", synonyms))
    docs = _by_location(out)
    words = docs["parcours/retrait/"][KEYWORDS_FIELD]
    assert "retrait bloque" in words and "courriel" in words and "email" in words
    assert "chat en direct" not in words  # « conseiller » is only in a section
    assert KEYWORDS_FIELD not in docs["parcours/retrait/#s"]
    assert KEYWORDS_FIELD in out["config"]["fields"]
    assert index["docs"][0].get(KEYWORDS_FIELD) is None  # the input is left as it was


def test_front_matter_boost_scales_every_entry_of_its_page() -> None:
    index = _index(
        {"location": "", "title": "Accueil", "text": "Tous les problèmes", "boost": 0.5},
        {"location": "#cartes", "title": "Cartes", "text": "Retrait", "boost": 0.5},
        {"location": "faq/", "title": "FAQ", "text": "Retrait"},
    )
    docs = _by_location(enrich(index, tuning_for({}, "parcours", [])))
    assert docs[""]["boost"] == ARTICLE_BOOST * 0.5
    assert docs["#cartes"]["boost"] == 0.5
    assert docs["faq/"]["boost"] == ARTICLE_BOOST


@given(st.one_of(st.floats(), st.integers(-(10 ** 500), 10 ** 500), st.booleans(), st.text(max_size=5)))
def test_any_editor_boost_gives_an_index_of_finite_numbers(boost: object) -> None:
    """Material copies ``search: boost`` as written: NaN, infinity or a huge
    integer never reach the index (JSON.parse would refuse the whole file)."""
    index = _index({"location": "faq/", "title": "FAQ", "text": "Retrait", "boost": boost})
    docs = _by_location(json.loads(dumps(enrich(index, tuning_for({}, "parcours", [])))))
    assert math.isfinite(docs["faq/"]["boost"]) and 0 <= docs["faq/"]["boost"] <= 100 * ARTICLE_BOOST


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_the_index_is_never_written_with_a_non_finite_number(number: float) -> None:
    with pytest.raises(ValueError):
        dumps(_index({"location": "faq/", "title": "FAQ", "text": "Retrait", "boost": number}))


def test_split_leaves_material_the_config_and_the_worker_the_documents(tmp_path: Path) -> None:
    index = _index({"location": "faq/", "title": "FAQ", "text": "Retrait"})
    stub, full = split(index)
    assert stub["docs"] == [] and stub["config"]["kb_index"] == FULL_INDEX
    assert {k: v for k, v in stub["config"].items() if k != "kb_index"} == index["config"]
    assert full == index
    (tmp_path / "search_index.json").write_text("{}", encoding="utf-8")
    assert index_file(tmp_path).name == "search_index.json"  # search tuning off: Material's file has the documents
    (tmp_path / FULL_INDEX).write_text("{}", encoding="utf-8")
    assert index_file(tmp_path).name == FULL_INDEX
