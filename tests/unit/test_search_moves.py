"""`make check` says when an editor's change moves the first page of a public
query (rule `search-moved`), against the committed state, with lunr.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.content_check import check_content
from kb_tools.move_causes import ADVICE, Move, causes
from kb_tools.project import load_project
from kb_tools.search_moves import CACHE, MEANING, meaning, public_queries, rank
from kb_tools.skeleton_check import placeholders
from tests.conftest import ROOT, copy_site_sources
from tests.search.evaluate import QUERIES

WARNING = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): warning: (?P<message>.*) \(search-moved\)$", re.MULTILINE)
GREEDY = ["identifiants invalides", "appli", "mobile", "problème technique"]
MOVED_BY_GREEDY = ["identifiants invalides sur l'appli", "probleme technique sur mobile"]


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], cwd=folder,
                   check=True, capture_output=True, timeout=60)


def _copy(dest: Path) -> Path:
    copy_site_sources(dest)
    (dest / QUERIES.relative_to(ROOT)).parent.mkdir(parents=True)
    shutil.copy2(QUERIES, dest / QUERIES.relative_to(ROOT))
    return dest


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the project in its own git repository, one commit; each test
    leaves it as committed (its rankings stay in .cache/, as for an editor)."""
    folder = _copy(tmp_path_factory.mktemp("search-moves") / "project")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "site")
    yield folder


@pytest.fixture
def clean(repo: Path) -> Iterator[Path]:
    yield repo
    _git(repo, "checkout", "-q", "--", ".")
    _git(repo, "clean", "-q", "-f", "--", "trees", "docs")


def _env(env: dict[str, str] | None = None) -> dict[str, str]:
    """This checkout's kb_tools, whatever the folder the command runs in."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def check(folder: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_tools", "check"], cwd=folder, capture_output=True, text=True,
                          timeout=300, env=_env(env))


def moves(output: str) -> list[re.Match[str]]:
    return list(WARNING.finditer(output))


def queries_named(message: str) -> set[str]:
    """The public queries a warning lists (each written « query »)."""
    return {q for q in public_queries(ROOT) if f"« {q} »" in message}


def new_tree(folder: Path, tree_id: str, keywords: list[str]) -> Path:
    subprocess.run([sys.executable, "-m", "kb_tools", "new", tree_id], cwd=folder, check=True, capture_output=True, timeout=60,
                   env=_env())
    path = folder / "trees" / f"{tree_id}.yml"
    text = re.sub(r"^keywords: .*$", "keywords: [" + ", ".join(keywords) + "]", path.read_text(encoding="utf-8"),
                  count=1, flags=re.MULTILINE)
    for i, placeholder in enumerate(sorted(placeholders(), key=len, reverse=True)):  # the editor's own texts
        text = text.replace(placeholder, f"Exemple remplacé numéro {i} pour les essais xyzzy")
    path.write_text(text, encoding="utf-8")
    return path


def keywords_line(path: Path) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("keywords:"))


def test_greedy_keywords_of_a_new_tree_are_reported_at_its_keywords_line(clean: Path) -> None:
    path = new_tree(clean, "application-mobile", GREEDY)
    result = check(clean)
    assert result.returncode == 0, result.stderr  # a warning: make check still passes
    found = moves(result.stderr)
    assert {(m["path"], int(m["line"]), int(m["col"])) for m in found} == {("trees/application-mobile.yml", keywords_line(path), 1)}
    assert all(ADVICE["keywords"] in m["message"] for m in found)
    assert set(MOVED_BY_GREEDY) <= set().union(*(queries_named(m["message"]) for m in found))
    # each moved query names its old and its new first page
    for query in MOVED_BY_GREEDY:
        assert "parcours/application-mobile/" in said_of(found, query)
    assert "Traceback" not in result.stderr


def said_of(found: list[re.Match[str]], query: str) -> str:
    """What the warnings say of one moved query (one query per warning)."""
    said = [m["message"] for m in found if queries_named(m["message"]) == {query}]
    assert said, query
    return " ".join(said)


def test_a_greedy_keyword_is_a_regression_and_taking_it_back_an_improvement(tmp_path: Path) -> None:
    folder = _copy(tmp_path / "project")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "site")
    path = new_tree(folder, "application-mobile", GREEDY)
    found = moves(check(folder).stderr)
    regression = MEANING["regression"].split(":", 1)[0]
    for query in MOVED_BY_GREEDY:
        assert regression in said_of(found, query)
        assert "parcours/application-mobile/" in said_of(found, query)
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "greedy")
    # the greedy keywords taken back: the expected pages come first again
    path.write_text(re.sub(r"^keywords: .*$", "keywords: [appli plante au lancement]", path.read_text(encoding="utf-8"),
                           count=1, flags=re.MULTILINE), encoding="utf-8")
    output = check(folder).stderr
    found = moves(output)
    assert {m["path"] for m in found} == {"trees/application-mobile.yml"}, output
    improvement = MEANING["improvement"].split(":", 1)[0]
    for query in MOVED_BY_GREEDY:
        assert improvement in said_of(found, query)


PAGES = st.sampled_from(["parcours/a/", "parcours/b/", "c/", ""])


@given(old=PAGES, new=PAGES, want=st.lists(PAGES, max_size=3, unique=True))
def test_what_a_move_means_for_the_expected_pages(old: str, new: str, want: list[str]) -> None:
    kind = meaning(old, new, tuple(want))
    assert (kind == "regression") == (old in want and new not in want)
    assert (kind == "improvement") == (old not in want and new in want)
    assert kind in MEANING


def test_the_warning_stays_until_the_change_is_committed(tmp_path: Path) -> None:
    folder = _copy(tmp_path / "project")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "site")
    new_tree(folder, "application-mobile", GREEDY)
    assert moves(check(folder).stderr)
    assert moves(check(folder).stderr), "the second run (rankings cached) says the same"
    assert (folder / CACHE).is_dir() and (folder / ".cache" / ".gitignore").read_text().strip() != ""
    _git(folder, "add", "-A")
    _git(folder, "status", "--porcelain")
    _git(folder, "commit", "-q", "-m", "application mobile")
    result = check(folder)
    assert moves(result.stderr) == [] and result.returncode == 0
    status = subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True, check=True)
    assert ".cache" not in status.stdout  # the cache never shows as a change to commit


def test_a_neutral_change_warns_nothing(clean: Path) -> None:
    path = clean / "trees" / "connexion-acces.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# une note de rédaction\n", encoding="utf-8")
    before = set((clean / CACHE).glob("r-*.json")) if (clean / CACHE).is_dir() else set()
    result = check(clean)
    assert result.returncode == 0 and moves(result.stderr) == [], result.stderr
    assert set((clean / CACHE).glob("r-*.json")) - before, "the edited state was ranked, and nothing moved"


def test_no_change_ranks_nothing(clean: Path) -> None:
    shutil.rmtree(clean / ".cache", ignore_errors=True)
    result = check(clean)
    assert result.returncode == 0 and moves(result.stderr) == []
    assert not (clean / CACHE).exists()


def test_a_synonym_that_moves_a_query_is_reported_in_the_synonyms_file(clean: Path) -> None:
    path = clean / "trees" / "_synonyms.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("  - [retrait,"))
    lines[row] = lines[row].rstrip().removesuffix("]") + ", problème technique sur mobile]\n"
    path.write_text("".join(lines), encoding="utf-8")
    found = moves(check(clean).stderr)
    assert {(m["path"], int(m["line"])) for m in found} == {("trees/_synonyms.yml", row + 1)}
    assert "probleme technique sur mobile" in set().union(*(queries_named(m["message"]) for m in found))


def test_a_page_whose_words_change_is_pointed_at_its_first_changed_line(clean: Path) -> None:
    path = clean / "docs" / "depannage-express.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("keywords:") and "problème technique" in line)
    lines[row] = lines[row].replace(", problème technique", "")
    title = next(i for i, line in enumerate(lines) if line.startswith("## Problème technique"))
    lines[title] = lines[title].replace("## Problème technique", "## Problème")  # and a section's title
    path.write_text("".join(lines), encoding="utf-8")
    found = moves(check(clean).stderr)
    assert {(m["path"], int(m["line"])) for m in found} == {("docs/depannage-express.md", row + 1)}
    assert "probleme technique sur mobile" in set().union(*(queries_named(m["message"]) for m in found))


@pytest.mark.parametrize("how", ["no repository", "no git"])
def test_without_git_the_check_is_skipped_quietly(tmp_path: Path, how: str) -> None:
    folder = _copy(tmp_path / "project")
    new_tree(folder, "application-mobile", GREEDY)
    env = dict(os.environ)
    if how == "no git":
        _git(folder, "init", "-q", "-b", "main")
        env["PATH"] = str(tmp_path / "empty")  # git cannot be found
    result = check(folder, env)
    assert result.returncode == 0, result.stderr
    assert moves(result.stderr) == [] and "Traceback" not in result.stderr
    assert "search-moved" not in result.stderr


# --- generated: a public query given as a keyword to another tree --------------------------------

SAMPLE = public_queries(ROOT)[::29]


@pytest.fixture(scope="module")
def committed_ranking(repo: Path) -> dict[str, str]:
    kb, _ = load_project(repo / "trees")
    return rank(repo, kb, public_queries(repo))


@pytest.mark.parametrize("query", SAMPLE)
def test_a_query_as_a_keyword_of_another_tree_moves_as_the_ranking_says(
        clean: Path, committed_ranking: dict[str, str], query: str) -> None:
    trees = sorted(p.stem for p in (clean / "trees").glob("[!_]*.yml"))
    other = next(t for t in trees if committed_ranking[query] != f"parcours/{t}/" and t != "avant-de-nous-contacter")
    path = clean / "trees" / f"{other}.yml"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^keywords:\n  - ", text, re.MULTILINE)
    path.write_text(text.replace("\nkeywords:\n", f"\nkeywords:\n  - {json.dumps(query, ensure_ascii=False)}\n", 1), encoding="utf-8")
    kb, problems = check_content(clean, clean / "trees")
    assert not [p for p in problems if p.level == "error"]
    now = rank(clean, kb, public_queries(clean))
    moved = {q for q in now if now[q] != committed_ranking[q]}
    warned = [p for p in problems if p.rule == "search-moved"]
    assert set().union(*(queries_named(p.message) for p in warned)) == moved
    assert all(p.level == "warning" and p.line >= 1 and p.col == 1 for p in warned)
    if now[query] == f"parcours/{other}/":  # the usual case: the keyword took first place
        assert query in moved
        assert any(p.path == f"trees/{other}.yml" and p.line == keywords_line(path) for p in warned)


# --- which changed file, which line, one query per warning ----------------------------------------

TITLE = "Identifiants invalides sur l’appli mobile, problème technique"


def tree_found_by_its_title(folder: Path) -> Path:
    """A new tree without keywords whose title holds the words of public queries."""
    path = new_tree(folder, "application-mobile", [])
    text = re.sub(r"^keywords: .*\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    path.write_text(re.sub(r"^title: .*$", f"title: {TITLE}", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    return path


def line_of(path: Path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{key}:"))


def test_a_new_tree_found_by_its_title_is_pointed_at_its_title_one_query_per_warning(clean: Path) -> None:
    path = tree_found_by_its_title(clean)
    found = moves(check(clean).stderr)
    assert {(m["path"], int(m["line"])) for m in found} == {("trees/application-mobile.yml", line_of(path, "title"))}
    assert all(ADVICE["title"] in m["message"] and ADVICE["keywords"] not in m["message"] for m in found)
    assert all(len(queries_named(m["message"])) == 1 for m in found)  # one moved query per warning
    assert set(MOVED_BY_GREEDY) <= set().union(*(queries_named(m["message"]) for m in found))
    assert max(len(m.group(0)) for m in found) < 500  # a few terminal lines, not one of 900 characters


def test_a_tree_and_a_page_changed_together_are_both_named_for_the_query_they_share(clean: Path) -> None:
    tree_found_by_its_title(clean)
    page = clean / "docs" / "depannage-express.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("keywords:") and "problème technique" in line)
    lines[row] = lines[row].replace(", problème technique", "")
    page.write_text("".join(lines), encoding="utf-8")
    found = moves(check(clean).stderr)
    shared = "probleme technique sur mobile"  # depannage-express/ lost it, the new tree took it
    assert {m["path"] for m in found if shared in queries_named(m["message"])} == {
        "docs/depannage-express.md", "trees/application-mobile.yml"}
    assert any(m["path"] == "docs/depannage-express.md" and int(m["line"]) == row + 1 for m in found)
    # a query the page had nothing to do with is the tree's alone
    assert {m["path"] for m in found if "identifiants invalides sur l'appli" in queries_named(m["message"])} == {
        "trees/application-mobile.yml"}


@pytest.fixture(scope="module")
def site() -> Any:
    return load_project(ROOT / "trees")[0]


SOURCES = ["trees/connexion-acces.yml", "trees/depot-non-credite.yml", "docs/faq-contact.md", "docs/glossaire.md",
           "trees/_synonyms.yml", "includes/glossaire-infobulles.md", "docs/assets/logo.svg"]
RESULT_PAGES = st.sampled_from(["parcours/connexion-acces/", "parcours/depot-non-credite/", "faq-contact/", "glossaire/", ""])


@given(changed=st.sets(st.sampled_from(SOURCES), min_size=1), old=RESULT_PAGES, new=RESULT_PAGES)
def test_a_move_is_put_down_to_every_changed_file_that_could_have_made_it(
        site: Any, changed: set[str], old: str, new: str) -> None:
    blamed = causes(site, ROOT, changed, Move("q", old, new, ()))
    assert blamed and set(blamed) <= changed
    pages = {"parcours/connexion-acces/": "trees/connexion-acces.yml", "parcours/depot-non-credite/": "trees/depot-non-credite.yml",
             "faq-contact/": "docs/faq-contact.md", "glossaire/": "docs/glossaire.md"}
    for page in (old, new):
        if pages.get(page) in changed:
            assert pages[page] in blamed  # the page that came or left first place, when its file changed
    shared = changed & {"trees/_synonyms.yml", "includes/glossaire-infobulles.md"}
    assert shared <= set(blamed)  # what acts on every page could always have done it
    if not shared and not {pages.get(old), pages.get(new)} & changed:
        assert set(blamed) == changed  # nothing more likely: every change is named


def test_a_title_changed_in_a_tree_with_the_same_keywords_is_pointed_at_its_title(clean: Path) -> None:
    path = clean / "trees" / "bonus-code-promo.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {TITLE}, bonus", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    found = moves(check(clean).stderr)
    assert found and {(m["path"], int(m["line"])) for m in found} == {("trees/bonus-code-promo.yml", line_of(path, "title"))}
    assert all(ADVICE["title"] in m["message"] and ADVICE["keywords"] not in m["message"] for m in found)


#: What a file of .cache/search-moves/ may hold once something else wrote it.
BAD_CACHE = {
    "not-json": b"{pas du json",
    "list": b'["identifiants invalides"]',
    "number-values": json.dumps({q: 1 for q in public_queries(ROOT)}).encode(),
    "missing-query": json.dumps({q: "" for q in public_queries(ROOT)[1:]}).encode(),
    "nested": json.dumps({q: {"page": "x"} for q in public_queries(ROOT)}).encode(),
    "deep": b"[" * 100_000 + b"]" * 100_000,
}


def test_a_cache_file_of_the_wrong_shape_is_worked_out_again(clean: Path) -> None:
    new_tree(clean, "application-mobile", GREEDY)
    first = check(clean)
    expected = [(m["path"], m["line"], queries_named(m["message"])) for m in moves(first.stderr)]
    assert expected
    for kind, payload in BAD_CACHE.items():
        for cached in (clean / CACHE).glob("r-*.json"):
            cached.write_bytes(payload)
        result = check(clean)
        assert "Traceback" not in result.stderr, kind
        assert [(m["path"], m["line"], queries_named(m["message"])) for m in moves(result.stderr)] == expected, kind


def test_a_cache_folder_that_leads_out_of_the_project_is_left_alone(clean: Path, tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs"
    (outside / "search-moves").mkdir(parents=True)
    (outside / "search-moves" / "r-gardé.json").write_text("{}", encoding="utf-8")
    shutil.rmtree(clean / ".cache", ignore_errors=True)
    (clean / ".cache").symlink_to(outside, target_is_directory=True)
    try:
        new_tree(clean, "application-mobile", GREEDY)
        result = check(clean)
        assert moves(result.stderr) and "Traceback" not in result.stderr  # worked out, not kept
        assert sorted(p.name for p in outside.rglob("*")) == ["r-gardé.json", "search-moves"]
    finally:
        (clean / ".cache").unlink()
