"""Front matter keys read by search: located errors for bad values."""

from __future__ import annotations

from typing import Any

import pytest

from kb_tools.front_matter import check_front_matter

SOURCE = "---\ndescription: Une page.\nkeywords: retrait\nsearch:\n  boost: {boost}\n---\n\n# Titre\n"


@pytest.mark.parametrize("meta", [
    {},
    {"keywords": ["retrait bloque", "gains"]},
    {"search": {"boost": 0.5}},
    {"search": {"boost": 2}},
    {"search": {"exclude": True}},
])
def test_valid_front_matter_has_no_problem(meta: dict[str, Any]) -> None:
    assert check_front_matter(meta, SOURCE.format(boost=1), "docs/page.md") == []


@pytest.mark.parametrize("boost", ["beaucoup", 0, -1, True, None])
def test_bad_boost_points_at_its_line(boost: object) -> None:
    problems = check_front_matter({"search": {"boost": boost}}, SOURCE.format(boost=boost), "docs/page.md")
    assert [(p.path, p.line, p.col, p.level, p.rule) for p in problems] == [("docs/page.md", 5, 3, "error", "front-matter")]


@pytest.mark.parametrize("keywords", ["retrait", [1, 2], ["ok", ""], {"a": 1}])
def test_keywords_must_be_a_list_of_words(keywords: object) -> None:
    problems = check_front_matter({"keywords": keywords}, SOURCE.format(boost=1), "docs/page.md")
    assert [(p.line, p.col, p.rule) for p in problems] == [(3, 1, "front-matter")]


def test_search_must_be_a_mapping() -> None:
    problems = check_front_matter({"search": "haut"}, "---\nsearch: haut\n---\n", "docs/page.md")
    assert [(p.line, p.col, p.rule) for p in problems] == [(2, 1, "front-matter")]
