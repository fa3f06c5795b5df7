"""Front matter of a page: located errors for broken YAML, markup in what
goes into <head>, keys the theme would write into the page, and bad values
of the keys search reads."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tools import head_text
from kb_tools.front_matter import HIDE_VALUES, KEYS, check_page
from kb_tools.problems import RULES
from kb_tools.review import owner_refusal
from tests.payloads import deploy_payloads

SOURCE = "---\ndescription: Une page.\nkeywords: {keywords}\nsearch:\n  boost: {boost}\n---\n\n# Titre\n"


def located(source: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.rule) for p in check_page(source, "docs/page.md")]


@pytest.mark.parametrize("source", [
    "# Sans en-tête\n",
    SOURCE.format(keywords="[retrait bloque, gains]", boost=0.5),
    SOURCE.format(keywords="[a]", boost=2),
    "---\nsearch:\n  exclude: true\n---\n# T\n",
    "---\ndescription: Le lexique.\nkind: reference\n---\n# Glossaire\n",
    "---\ntitle: Dépôts et retraits\ndescription: Le « bon » canal, l’aide ; tout ?\n---\n",
])
def test_valid_front_matter_has_no_problem(source: str) -> None:
    assert located(source) == []


@pytest.mark.parametrize("boost", ["beaucoup", 0, -1, "true", "null", ".inf", "-.inf", ".nan", ".NaN",
                                   "1" + "0" * 400, "1.0e+400", "1e400", "100.0001", 101, "[1]", "{a: 1}"])
def test_bad_boost_points_at_its_line(boost: object) -> None:
    assert located(SOURCE.format(keywords="[a]", boost=boost)) == [(5, 3, "front-matter")]


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10 ** 500), 10 ** 500)))
def test_boost_is_a_finite_number_up_to_100(boost: float) -> None:
    written = {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}.get(repr(boost), repr(boost))
    if isinstance(boost, float) and "." not in written:  # YAML 1.1 reads 5e-324 as text, 5.0e-324 as a number
        written = re.sub(r"^(-?\d+)", r"\1.0", written)
    expected = [] if 0 < boost <= 100 else [(5, 3, "front-matter")]
    assert located(SOURCE.format(keywords="[a]", boost=written)) == expected


@pytest.mark.parametrize("kind", ["article", "Reference", "[reference]", "true", "1", "null"])
def test_kind_is_reference_or_absent(kind: str) -> None:
    assert located(f"---\ndescription: Une page.\nkind: {kind}\n---\n") == [(3, 1, "front-matter")]


@pytest.mark.parametrize("hide", ["navigation", "[navigation, menu]", "[header]", "[[toc]]", "{toc: true}", "[1]"])
def test_hide_lists_only_what_material_hides(hide: str) -> None:
    assert located(f"---\ndescription: Une page.\nhide: {hide}\n---\n") == [(3, 1, "front-matter")]


def test_hide_accepts_every_part_material_hides() -> None:
    assert located(f"---\nhide: [{', '.join(HIDE_VALUES)}]\n---\n") == []
    material = resources.files("material").joinpath("templates")
    hidden = {m for path in Path(str(material)).rglob("*.html")
              for m in re.findall(r'"(\w+)" in page\.meta\.hide', path.read_text(encoding="utf-8"))}
    assert hidden == set(HIDE_VALUES)


def _material_meta_keys() -> set[str]:
    """Every front matter key the theme (and MkDocs) reads, from their sources."""
    keys = {"template"}  # mkdocs/commands/build.py: page.meta.get('template')
    for package in ("material", "mkdocs"):
        for path in Path(str(resources.files(package))).rglob("*"):
            if path.suffix in (".html", ".py"):
                text = path.read_text(encoding="utf-8", errors="replace")
                keys |= set(re.findall(r"\bmeta\.([a-z_]+)\b", text)) - set(dir(dict))
                keys |= set(re.findall(r"\bmeta(?:\.get\(|\[)[\"']([a-z_]+)[\"']", text))
    return keys


MATERIAL_KEYS = sorted(_material_meta_keys() | set(KEYS) | {"author", "subtitle", "status", "icon", "tags", "location", "social",
                                                 "comments", "kb_tree", "kb_faq", "kb_category", "revision_date"})


def test_the_theme_reads_the_keys_the_attack_used() -> None:
    assert {"template", "location", "author", "subtitle", "status", "icon", "tags"} <= set(MATERIAL_KEYS)


@pytest.mark.parametrize("key", MATERIAL_KEYS)
def test_every_theme_key_with_every_payload_is_refused_or_harmless(key: str) -> None:
    """Refused at the key's line, unless it is one of the allowed keys with a
    value that stays text: a title or description without markup, words for
    the search index."""
    hostile = [*deploy_payloads(), ("redirect", "redirect.html"), ("url", "https://evil.example/phish")]
    values: list[tuple[str, object]] = [*hostile, ("number", 1), ("mapping", {"boost": 1, "x": hostile[0][1]}),
                                        *[(f"list/{label}", [value]) for label, value in hostile]]
    for label, payload in values:
        found = located(f"---\ndescription: Une page.\n{key}: {json.dumps(payload)}\n---\n# Titre\n")
        if key not in KEYS:
            assert found == [(3, 1, "front-matter")], (key, label, found)
        elif ((key in ("title", "description") and isinstance(payload, str) and head_text.markup_in(payload) is None)
              or (key == "keywords" and isinstance(payload, list))
              or (key == "owner" and owner_refusal(payload) is None)):
            continue  # owner: a short team name, printed by report --stale only, never in the page
        else:
            assert found and all(line == 3 for line, _, _ in found), (key, label, found)


def test_the_attack_of_the_review_is_refused_at_each_key() -> None:
    source = ("---\ndescription: Une page.\nauthor: '\"><img src=x onerror=alert(1)>'\nsubtitle: Sous-titre\n"
              "status: 'new\" onmouseover=\"alert(1)'\ntemplate: redirect.html\nlocation: https://evil.example/phish\n"
              "search:\n  boost: 1\n  exclude: false\n  poids: 3\n---\n")
    assert located(source) == [(3, 1, "front-matter"), (4, 1, "front-matter"), (5, 1, "front-matter"),
                               (6, 1, "front-matter"), (7, 1, "front-matter"), (11, 3, "front-matter")]
    message = check_page(source, "docs/page.md")[0].message
    assert all(key in message for key in KEYS)


@pytest.mark.parametrize("exclude", ["oui", "1", "[true]"])
def test_search_exclude_is_true_or_false(exclude: str) -> None:
    assert located(f"---\nsearch:\n  exclude: {exclude}\n---\n") == [(3, 3, "front-matter")]


@pytest.mark.parametrize("keywords", ["retrait", "[1, 2]", '[ok, ""]', "{a: 1}"])
def test_keywords_must_be_a_list_of_words(keywords: str) -> None:
    assert located(SOURCE.format(keywords=keywords, boost=1)) == [(3, 1, "front-matter")]


def test_search_must_be_a_mapping() -> None:
    assert located("---\nsearch: haut\n---\n") == [(2, 1, "front-matter")]


@pytest.mark.parametrize(("source", "where"), [
    ("---\ntitle: [oups\n---\n# T\n", 2),                      # unclosed flow sequence: the line to fix
    ("---\ndescription: a\ndescription: b\n---\n", 3),           # duplicate key
    ("---\nkeywords:\n\t- a\n---\n", 3),                        # tab
    ("---\ntitle: \"x\n---\n", 2),                                # unclosed quote: the line to fix
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


@pytest.mark.parametrize("value", ["true", "false", "True"])
def test_sensitive_is_true_or_false(value: str) -> None:
    assert located(f"---\ndescription: Une page.\nsensitive: {value}\n---\n# Titre\n") == []


@pytest.mark.parametrize("value", ["oui", "1", "0", "'true'", "\"yes\"", "null", "[true]", "{a: true}", "vrai"])
def test_sensitive_that_is_not_a_boolean_is_refused_at_its_value(value: str) -> None:
    problems = check_page(f"---\ndescription: Une page.\nsensitive: {value}\n---\n# Titre\n", "docs/page.md")
    assert [(p.line, p.col, p.rule) for p in problems] == [(3, 12, "front-matter")], value
    assert "sensitive" in problems[0].message and "true" in problems[0].message
