"""``python -m kb_tools report``: figures per tree, and wording advice located in the YAML."""

from __future__ import annotations

import re
import time
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import report as report_bench
from kb_tools.graph import targets
from kb_tools.model import KnowledgeBase, Target, Tree, normalise_node, normalise_tree
from kb_tools.project import load_project
from kb_tools.report import longest_path
from kb_tools.wording import check_wording
from kb_tools.yaml_loader import Document, load_text
from tests.unit.test_cli import run

# A valid tree whose wording needs work: line and column of each problem are
# written next to it (1-based, as editors show them).
WORDY = """\
id: bavard
title: Un arbre bavard
description: Un arbre de test qui cumule les défauts de rédaction.
category: Test
start: q
nodes:
  q:
    type: question
    text: Dites-nous ce qui se passe
    answers:
      - label: Mon retrait est bloqué depuis plusieurs jours et personne ne me répond
        next: fin
      - label: Autre chose
        next: fin
        id: autre
  fin:
    type: outcome
    title: Fin
    channel: faq
    still_stuck: retrait-en-attente#refus-contact
    text: Terminé.
"""
# text: line 9, col 11 (the value); the long label: line 11, col 16; no keywords: the top of the file.


def test_report_of_the_fixture_counts_what_hand_counting_gives(project: Path) -> None:
    result = run(project, "report")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # the fixture has no wording problem
    lines = result.stdout.splitlines()
    assert re.match(r"Parcours\s+Nœuds\s+Clics max\s+Avertissements\s+Issues par canal$", lines[0])
    # retrait-en-attente: kyc → statut → verifications → resolu (or → retrait-retenu), and
    # kyc → statut → closed-loop → refus-contact: 3 clicks; kyc → verification-kyc#refus is
    # 1 click (a hand-over ends the path), kyc → kyc-a-finaliser 1 click.
    assert re.search(r"^retrait-en-attente\s+9\s+3\s+0\s+chat 1, email 1, escalation 1, faq 2$", result.stdout, re.M)
    assert "retrait-en-attente (3 clics) : kyc → statut → verifications → resolu" in result.stdout
    # verification-kyc: refus → renvoyer, or refus → retrait-en-attente#statut (hand-over): 1 click.
    assert re.search(r"^verification-kyc\s+2\s+1\s+0\s+email 1$", result.stdout, re.M)
    assert "2 parcours, 11 nœuds, 0 avertissement(s) de rédaction" in result.stdout


def test_wording_problems_are_located_warnings(project: Path) -> None:
    (project / "bavard.yml").write_text(WORDY, encoding="utf-8")
    result = run(project, "report")
    assert result.returncode == 0, result.stderr  # warnings only
    assert re.search(r"^bavard\s+2\s+1\s+3\s+faq 1$", result.stdout, re.M)
    path = re.escape(str(project / "bavard.yml"))
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 3, result.stderr
    assert re.search(rf"^{path}:9:11: warning: .*« \? ».* \(question-mark\)$", result.stderr, re.M)
    assert re.search(rf"^{path}:11:16: warning: libellé de 70 caractères.* \(long-label\)$", result.stderr, re.M)
    assert re.search(rf"^{path}:1:1: warning: aucun mot-clé.* \(no-keywords\)$", result.stderr, re.M)
    assert "0 erreur(s), 3 avertissement(s)" in result.stderr
    # check stays quiet about wording: only report gives this advice.
    assert run(project, "check").stderr.count("warning") == 0


def test_report_fails_like_check_when_content_has_errors(project: Path) -> None:
    (project / "broken.yml").write_text("id: broken\n", encoding="utf-8")
    result = run(project, "report")
    assert result.returncode == 1
    assert re.search(r"broken\.yml:1:1: error: .+ \(missing-key\)", result.stderr)
    assert re.search(r"^retrait-en-attente\s+9\s+3", result.stdout, re.M)  # the valid trees are still shown
    assert "Parcours absents du tableau (erreurs) : broken" in result.stdout
    assert "Traceback" not in result.stderr


def _tree(text: str) -> tuple[Tree, Document]:
    doc, problems = load_text("t.yml", text.encode())
    assert doc is not None and problems == []
    return normalise_tree(doc.data), doc


def test_short_or_blank_description_and_question_forms() -> None:
    text = WORDY.replace("description: Un arbre de test qui cumule les défauts de rédaction.",
                         "description: Trop court.")
    text = text.replace("text: Dites-nous ce qui se passe", "text: « Que se passe-t-il ? »")
    text = text.replace("category: Test", "category: Test\nkeywords: [test]")
    tree, doc = _tree(text)
    found = check_wording(tree, doc)
    assert [(p.line, p.col, p.rule) for p in found] == [(3, 14, "short-description"), (12, 16, "long-label")]
    tree["description"] = "   "
    assert [p.rule for p in check_wording(tree, doc)] == ["short-description", "long-label"]


def test_longest_path_with_a_loop_never_counts_a_node_twice(project: Path) -> None:
    (project / "boucle.yml").write_text(
        "id: boucle\n"
        "title: Boucle\n"
        "description: Un arbre avec une boucle qui a une sortie, pour les tests.\n"
        "category: Test\n"
        "keywords: [boucle]\n"
        "start: a\n"
        "nodes:\n"
        "  a:\n"
        "    type: question\n"
        "    text: A ?\n"
        "    answers: [{label: Fin, next: fin}, {label: B, next: b}]\n"
        "  b:\n"
        "    type: question\n"
        "    text: B ?\n"
        "    answers: [{label: Retour, next: a}, {label: C, next: c}]\n"
        "  c:\n"
        "    type: checklist\n"
        "    title: C\n"
        "    steps: [Une étape]\n"
        "    done: J’ai fait l’étape.\n"
        "    resolved: fin\n"
        "    next: verification-kyc\n"
        "  fin:\n"
        "    type: outcome\n"
        "    title: Fin\n"
        "    channel: faq\n"
        "    still_stuck: retrait-en-attente#refus-contact\n"
        "    text: Terminé.\n",
        encoding="utf-8",
    )
    kb, problems = load_project(project)
    assert [p for p in problems if p.level == "error"] == []
    # a → b → c → fin and a → b → c → (verification-kyc): 3 clicks; b → a is never taken twice.
    for tree_id, want in (("boucle", ("a", "b", "c", "fin")), ("retrait-en-attente", ("kyc", "statut", "verifications", "resolu"))):
        clicks, path = longest_path(kb, kb.trees[tree_id])
        assert (clicks, _names(kb.trees[tree_id], path)) == (3, want)


# Generated trees: every node's answers lead to random nodes, to the outcome
# « fin », or to another tree; ``forward`` keeps answers going down (no loop).
def _random_tree(draw: st.DrawFn, forward: bool) -> Tree:
    size = draw(st.integers(1, 9))
    names = [f"n{i}" for i in range(size)]
    nodes: dict[str, dict[str, object]] = {"fin": {"type": "outcome", "title": "Fin", "channel": "faq", "text": "Fin."}}
    for i, name in enumerate(names):
        choices = [*(names[i + 1:] if forward else names), "fin", "autre"]
        picked = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3))
        if draw(st.booleans()) and len(picked) >= 2:
            nodes[name] = {"type": "checklist", "title": name, "steps": ["x"], "done": "x", "resolved": picked[0], "next": picked[1]}
        else:
            nodes[name] = {"type": "question", "text": "?", "answers": [{"label": t, "next": t} for t in picked]}
    return {"id": "gen", "start": "n0", "nodes": {nid: normalise_node("gen", nid, n) for nid, n in nodes.items()}}


@st.composite
def _trees(draw: st.DrawFn, forward: bool = False) -> Tree:
    return _random_tree(draw, forward)


def _kb(tree: Tree) -> KnowledgeBase:
    other = {"id": "autre", "start": "fin", "nodes": {"fin": {"type": "outcome", "title": "Fin", "channel": "faq"}}}
    return KnowledgeBase(trees={"gen": tree, "autre": other})


def _step(tree: Tree, where: Target) -> str:
    """A node of ``tree`` by its id, another tree by a name no node id can have."""
    return where["node"] if where["tree"] == tree["id"] else f"other tree {where['tree']}"


def _ends(tree: Tree, here: str) -> bool:
    return here not in tree["nodes"] or tree["nodes"][here]["type"] == "outcome"


def _every_simple_path(kb: KnowledgeBase, tree: Tree) -> list[tuple[str, ...]]:
    graph = {n: [_step(tree, t) for _, t in targets(kb, tree, node)] for n, node in tree["nodes"].items()}
    out: list[tuple[str, ...]] = []
    todo = [(tree["start"],)]
    while todo:
        path = todo.pop()
        here = path[-1]
        if _ends(tree, here):
            out.append(path)
            continue
        todo += [(*path, nxt) for nxt in graph[here] if nxt not in path]
    return out


def _is_a_way(kb: KnowledgeBase, tree: Tree, path: tuple[str, ...]) -> bool:
    steps = all(b in [_step(tree, t) for _, t in targets(kb, tree, tree["nodes"][a])] for a, b in pairwise(path))
    return steps and _ends(tree, path[-1]) and len(set(path)) == len(path) and path[0] == tree["start"]


def _names(tree: Tree, path: tuple[Target, ...]) -> tuple[str, ...]:
    return tuple(_step(tree, t) for t in path)


def _both_ways(tree: Tree) -> tuple[KnowledgeBase, list[tuple[str, ...]], int | None, tuple[str, ...]]:
    """Every simple path (by brute force) and what the report finds; no path, no figure."""
    kb = _kb(tree)
    every = _every_simple_path(kb, tree)
    clicks, found = longest_path(kb, tree)
    path = _names(tree, found)
    if not every:
        assert (clicks, path) == (None, ())
    return kb, every, clicks, path


@given(_trees(forward=True))
@settings(max_examples=200, deadline=None)
def test_without_loops_the_longest_path_is_the_longest_of_every_path(tree: Tree) -> None:
    _, every, clicks, path = _both_ways(tree)
    if not every:
        return
    assert clicks == max(len(p) - 1 for p in every)
    assert path in every and len(path) - 1 == clicks


@given(_trees())
@settings(max_examples=200, deadline=None)
def test_with_loops_the_path_shown_is_a_real_way_that_never_visits_a_node_twice(tree: Tree) -> None:
    kb, every, clicks, path = _both_ways(tree)
    if not every:
        return
    assert clicks is not None and _is_a_way(kb, tree, path) and len(path) - 1 == clicks
    assert clicks <= max(len(p) - 1 for p in every)


def test_a_chain_of_ten_thousand_questions_and_a_tree_full_of_loops_take_well_under_a_second() -> None:
    for tree, expected in ((report_bench.chain(10_000), 10_000), (report_bench.loops(34), 33),
                           (report_bench.wide(5, 4), 5)):
        kb = KnowledgeBase(trees={tree["id"]: tree})
        started = time.perf_counter()
        clicks, path = longest_path(kb, tree)  # was a RecursionError, or 39 s with the loops
        assert time.perf_counter() - started < 2.0, tree["id"]
        assert clicks == expected and _is_a_way(kb, tree, _names(tree, path)), tree["id"]
