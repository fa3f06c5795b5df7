"""Where the menu puts a tree that mkdocs.yml does not list."""

from __future__ import annotations

import pytest

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


def test_categories_group_their_trees_in_the_menus_order_whatever_the_spelling() -> None:
    from kb_tools.nav_order import by_category

    groups = by_category(TREES, TREES)
    assert [(slug, [*ids]) for slug, _, ids in groups] == [
        ("bonus", ["bonus"]), ("kyc", ["kyc"]), ("paiements", ["avoir", "depot", "retrait"]),
        ("securite", ["alpha", "zeta"])]
    flat = [t for _, _, ids in groups for t in ids]
    assert flat == section_order([], TREES, TREES)  # the order of the flat menu, cut by category
    titles = {slug: title for slug, title, _ in groups}
    assert titles["securite"] in ("Sécurité", "Securite")  # as a tree writes it


@pytest.mark.parametrize("category", ["Sécurité du compte", "…", "Cartes (Visa)", "K.Y.C", "# *Bonus*", "[x](y)"])
def test_a_category_page_has_a_safe_address_and_lists_each_of_its_guides(category: str) -> None:
    import re

    from kb_tools.nav_order import category_markdown, category_slug

    slug = category_slug(category)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    trees = {"a": {"title": f"Guide {category}", "description": f"Quand {category} bloque."},
             "b-2": {"title": "Autre *guide*", "description": "Texte."}}
    page = category_markdown(category, ["a", "b-2"], trees)
    import markdown

    front, body = page.removeprefix("---\n").split("\n---\n", 1)
    html = markdown.markdown(body, extensions=["md_in_html"])
    assert re.findall(r'href="([^"]*)"', html) == ["../../parcours/a.md", "../../parcours/b-2.md"]
    assert re.findall(r"<h1>", html) == ["<h1>"]
    assert "hide: [feedback]" in front.split("\n")


def test_a_big_menu_files_listed_guides_first_and_orders_categories_as_nav_names_them() -> None:
    from kb_tools.nav_order import by_category, menu_categories

    groups = menu_categories(["retrait", "kyc", "depot"], ["avoir", "bonus", "zeta", "alpha"], TREES)
    assert [(slug, ids) for slug, _, ids in groups] == [
        ("paiements", ["retrait", "depot", "avoir"]), ("kyc", ["kyc"]), ("bonus", ["bonus"]),
        ("securite", ["alpha", "zeta"])]
    # nothing listed: the categories and their guides as by_category files them
    assert menu_categories([], TREES, TREES) == by_category(TREES, TREES)


def test_a_category_page_stays_out_of_the_search() -> None:
    import yaml

    from kb_tools.nav_order import category_markdown

    page = category_markdown("Paiements", ["retrait"], TREES)
    meta = yaml.safe_load(page.removeprefix("---\n").split("\n---\n", 1)[0])
    assert meta["search"] == {"exclude": True}  # Material's search plugin leaves the page out
