"""Front matter of a page: located errors for broken YAML, markup in what
goes into <head>, and bad values of the keys search reads."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.front_matter import check_page
from kb_tools.problems import RULES

SOURCE = "---\ndescription: Une page.\nkeywords: {keywords}\nsearch:\n  boost: {boost}\n---\n\n# Titre\n"


def located(source: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.rule) for p in check_page(source, "docs/page.md")]


@pytest.mark.parametrize("source", [
    "# Sans en-tête\n",
    SOURCE.format(keywords="[retrait bloque, gains]", boost=0.5),
    SOURCE.format(keywords="[a]", boost=2),
    "---\nsearch:\n  exclude: true\n---\n# T\n",
    "---\ntitle: Dépôts et retraits\ndescription: Le « bon » canal, l’aide ; tout ?\n---\n",
])
def test_valid_front_matter_has_no_problem(source: str) -> None:
    assert located(source) == []


@pytest.mark.parametrize("boost", ["beaucoup", 0, -1, "true", "null"])
def test_bad_boost_points_at_its_line(boost: object) -> None:
    assert located(SOURCE.format(keywords="[a]", boost=boost)) == [(5, 3, "front-matter")]


@pytest.mark.parametrize("keywords", ["retrait", "[1, 2]", '[ok, ""]', "{a: 1}"])
def test_keywords_must_be_a_list_of_words(keywords: str) -> None:
    assert located(SOURCE.format(keywords=keywords, boost=1)) == [(3, 1, "front-matter")]


def test_search_must_be_a_mapping() -> None:
    assert located("---\nsearch: haut\n---\n") == [(2, 1, "front-matter")]


@pytest.mark.parametrize(("source", "where"), [
    ("---\ntitle: [oups\n---\n# T\n", 3),                      # unclosed flow sequence
    ("---\ndescription: a\ndescription: b\n---\n", 3),           # duplicate key
    ("---\nkeywords:\n\t- a\n---\n", 3),                        # tab
    ("---\ntitle: \"x\n---\n", 3),                                # unclosed quote
    ("---\ndescription: une: deux: trois\n---\n", 2),
])
def test_broken_yaml_is_a_located_error(source: str, where: int) -> None:
    problems = check_page(source, "docs/page.md")
    assert problems, source
    assert problems[0].line == where and problems[0].col >= 1
    assert problems[0].level == "error"


def test_unclosed_front_matter_is_reported() -> None:
    assert located("---\ntitle: Retrait\n\n# Retrait\n") == [(1, 1, "front-matter")]


def test_front_matter_that_is_not_a_mapping_is_reported() -> None:
    assert located("---\n- a\n- b\n---\n") == [(2, 1, "front-matter")]


@pytest.mark.parametrize("key", ["title", "description"])
@pytest.mark.parametrize("payload", ["X </title><script>alert(1)</script>", "&lt;script&gt;", "a & b",
                                     '"><img src=x onerror=alert(1)>', "&#60;b&#62;"])
def test_markup_in_head_text_is_refused_at_its_value(key: str, payload: str) -> None:
    source = f"---\nkeywords: [a]\n{key}: {payload!r}\n---\n"
    assert located(source) == [(3, len(key) + 3, "head-markup")]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_front_matter_text_gives_located_problems_only(body: str) -> None:
    source = f"---\n{body}\n---\n# Titre\n"
    for problem in check_page(source, "docs/page.md"):
        assert problem.rule in RULES
        assert 1 <= problem.line <= source.count("\n") + 1
