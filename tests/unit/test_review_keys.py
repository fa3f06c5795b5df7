"""``reviewed:`` and ``owner:`` on a tree (top level) and a page (front matter):
a wrong value is an error located at the value, the same rule in both places
where Python decides; a right one passes; a date is never in the future."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.front_matter import check_page
from kb_tools.project import load_project
from kb_tools.review import date_refusal, owner_refusal

TODAY = dt.date(2026, 11, 15)
#: Written after ``reviewed:``: no day of the calendar, not YYYY-MM-DD, a time added, not a text.
BAD_DATES = ["2026-02-30", "2026-13-01", "2025-02-29", "0000-00-00", "15/11/2026", "2026-11-5", "2026-11-15 10:00",
             "2026-11-15T10:00:00Z", "'2026-11-15 '", "20261115", "hier", "null", "[2026-11-15]", "{a: 1}", "''", "true"]
#: Written after ``owner:``: empty, blank, too long, not a text, markup, an invisible character.
BAD_OWNERS = ["''", "'   '", json.dumps("E" * 61), "42", "[Support, Paiements]", "{a: 1}", "null", "true",
              json.dumps("<script>alert(1)</script>"), json.dumps("Support & co"), json.dumps("Support\u202epaiements")]


def _tree_text(head: str) -> str:
    return (f"id: retrait-en-attente\n{head}\n" +
            "\n".join(line for line in (Path(__file__).resolve().parents[1] / "fixtures" / "project" /
                                        "retrait-en-attente.yml").read_text(encoding="utf-8").splitlines()
                      if not line.startswith("id:")) + "\n")


#: Every wrong value of both keys, as an editor writes it after « key: » (nothing at all included).
BAD = ([("reviewed", v) for v in [*BAD_DATES, "2999-01-01", ""]]
       + [("owner", v) for v in [*BAD_OWNERS, "", "\"Support\u200bpaiements\"", "\"Support\tpaiements\""]])


def _one_problem(problems: list, path_end: str) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.col, p.rule, p.level) for p in problems if p.path.endswith(path_end)]


@pytest.mark.parametrize(("key", "value"), BAD)
def test_a_wrong_value_is_one_problem_at_it_the_same_in_a_tree_and_a_page(project: Path, key: str,
                                                                          value: str) -> None:
    """Trees and pages go through the same checks (kb_tools/review.py): one located problem per
    mistake, rule review, at the value, naming the key, never « None »; the schema adds nothing."""
    source = f"---\ndescription: Une page qui dit ce que le joueur y trouve.\n{key}: {value}\n---\n# Titre\n"
    page = check_page(source, "docs/page.md", today=TODAY)
    path = project / "retrait-en-attente.yml"
    path.write_text(_tree_text(f"{key}: {value}"), encoding="utf-8")
    _, problems = load_project(project)
    tree = [p for p in problems if p.path.endswith("retrait-en-attente.yml")]
    col = len(key) + 2 + (1 if value else 0)  # at the value; after « key: » when there is none
    assert [(p.line, p.col, p.rule, p.level) for p in page] == [(3, col, "review", "error")], (value, page)
    assert [(p.line, p.col, p.rule, p.level) for p in tree] == [(2, col, "review", "error")], (value, tree)
    for problem in (*page, *tree):
        assert f"« {key} »" in problem.message and "None" not in problem.message, problem.message
    # the same words in both places (the tree is checked against the site's day, the page against TODAY)
    same = [re.sub(r"(reviewed: |aujourd’hui \()[0-9]{4}-[0-9]{2}-[0-9]{2}", r"\1D", p.message)
            for p in (page[0], tree[0])]
    assert same[0] == same[1], same


@pytest.mark.parametrize("head", ["reviewed: 2026-11-15\nowner: Support paiements", "owner: Jeu responsable",
                                  "reviewed: '2020-02-29'", ""])
def test_right_values_pass_in_a_tree_and_a_page(project: Path, head: str) -> None:
    (project / "retrait-en-attente.yml").write_text(_tree_text(head), encoding="utf-8")
    kb, problems = load_project(project)
    assert [p for p in problems if p.path.endswith("retrait-en-attente.yml")] == []
    tree = kb.trees["retrait-en-attente"]
    assert ("Support paiements" in head) == (tree["owner"] == "Support paiements")
    source = f"---\ndescription: Une page.\n{head}\n---\n# Titre\n"
    assert check_page(source, "docs/page.md", today=TODAY) == []


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_a_date_is_refused_exactly_when_it_is_after_today(day: dt.date) -> None:
    assert (date_refusal(day.isoformat(), TODAY) is not None) == (day > TODAY)
    assert (date_refusal(day, TODAY) is not None) == (day > TODAY)  # as MkDocs reads it


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_an_owner_is_a_short_visible_text_without_markup(text: str) -> None:
    refused = owner_refusal(text) is not None
    assert refused == (not text.strip() or len(text) > 60 or any(c in '<>&"' for c in text)
                       or not all(c.isprintable() or c == " " for c in text))


def test_review_keys_never_reach_the_search_index(tmp_path: Path) -> None:
    """The same index with or without them: search rankings do not move (kb_tools/search_docs.py)."""
    from kb_tools.search_docs import site_index
    from tests.conftest import copy_site_sources

    root = copy_site_sources(tmp_path / "site")
    before = site_index(root, load_project(root / "trees")[0])
    for path in [*(root / "docs").glob("*.md"), *(root / "trees").glob("[!_]*.yml")]:
        text = path.read_text(encoding="utf-8")
        assert "\nowner: " in text, path  # every page and tree says who keeps it true
        path.write_text(re.sub(r"\nowner: [^\n]+", "\nowner: Zorglub retrait\nreviewed: 2020-01-01", text, count=1),
                        encoding="utf-8")
    kb, problems = load_project(root / "trees")
    assert not [p for p in problems if p.level == "error"]
    after = site_index(root, kb)
    assert after == before and "zorglub" not in json.dumps(after).lower()


@pytest.mark.parametrize(("key", "value"), [("reviewed", "2999-01-01"), ("reviewed", ""), ("owner", "")])
def test_a_wrong_value_is_said_even_when_the_tree_has_a_schema_error_elsewhere(project: Path, key: str,
                                                                              value: str) -> None:
    text = _tree_text(f"{key}: {value}").replace("\ntitle: ", "\ntitle: 42\nxtitle: ", 1)
    (project / "retrait-en-attente.yml").write_text(text, encoding="utf-8")
    _, problems = load_project(project)
    review = [(p.line, p.rule) for p in problems if p.path.endswith("retrait-en-attente.yml") and p.rule == "review"]
    assert review == [(2, "review")], problems
