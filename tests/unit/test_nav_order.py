"""Where the menu puts a tree that mkdocs.yml does not list."""

from __future__ import annotations

from kb_tools.nav_order import section_order

TREES = {
    "retrait": {"category": "Paiements", "title": "Retrait en attente"},
    "depot": {"category": "Paiements", "title": "Dépôt non crédité"},
    "kyc": {"category": "KYC", "title": "Vérification d’identité"},
    "bonus": {"category": "Bonus", "title": "Code promo"},
    "avoir": {"category": "paiements", "title": "Avoir"},
    "zeta": {"category": "Sécurité", "title": "Zeta"},
    "alpha": {"category": "Securite", "title": "alpha"},
}


def test_listed_trees_keep_the_editors_place_and_new_ones_join_their_category() -> None:
    # a page that is no tree (None) first, then the editor's order: KYC before Paiements
    order = section_order([None, "kyc", "retrait", None], ["depot", "avoir"], TREES)
    assert order == [0, 1, 2, "avoir", "depot", 3]  # after the last Paiements guide, by title; case aside


def test_a_category_nobody_listed_goes_to_the_end_by_category_then_title() -> None:
    order = section_order(["retrait"], ["zeta", "bonus", "alpha"], TREES)
    assert order == [0, "bonus", "alpha", "zeta"]  # accents aside: Sécurité and Securite are one category


def test_an_empty_section_gets_every_tree_in_order() -> None:
    assert section_order([], ["retrait", "kyc", "depot"], TREES) == ["kyc", "depot", "retrait"]
    assert section_order(["kyc", None], [], TREES) == [0, 1]
