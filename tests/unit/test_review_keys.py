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


@pytest.mark.parametrize(("key", "value"), [("reviewed", v) for v in BAD_DATES] + [("owner", v) for v in BAD_OWNERS])
def test_a_wrong_value_in_a_page_is_located_at_it(key: str, value: str) -> None:
    source = f"---\ndescription: Une page qui dit ce que le joueur y trouve.\n{key}: {value}\n---\n# Titre\n"
    found = [(p.line, p.col, p.rule, p.level) for p in check_page(source, "docs/page.md", today=TODAY)]
    col = len(key) + 3
    assert found == [(3, col, "review", "error")], (key, value, found)


@pytest.mark.parametrize(("key", "value"), [("reviewed", v) for v in BAD_DATES] + [("owner", v) for v in BAD_OWNERS]
                         + [("reviewed", "2999-01-01")])
def test_a_wrong_value_in_a_tree_is_located_at_it(project: Path, key: str, value: str) -> None:
    path = project / "retrait-en-attente.yml"
    path.write_text(_tree_text(f"{key}: {value}"), encoding="utf-8")
    _, problems = load_project(project)
    mine = [(p.line, p.col, p.rule) for p in problems if p.path.endswith("retrait-en-attente.yml")]
    # the schema explains what it refuses (a text too long, a number), Python the rest (rule review)
    assert mine and all(line == 2 for line, _, _ in mine), (value, mine)
    assert {rule for *_, rule in mine} <= {"review", "wrong-type", "too-long", "too-short", "bidi-control"}, mine
    assert any(col == len(key) + 3 for _, col, _ in mine), mine


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
