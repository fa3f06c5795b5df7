"""Graph rules across trees: a loop that runs through several trees with no
outcome anywhere is « no-exit » at each node, a hand-over to a tree that
does reach an outcome is an exit; ``start`` is always a node of the tree."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.project import load_project
from tests.conftest import FIXTURE_PROJECT

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


#: where a self-help outcome leads when it does not help (a contact outcome of the fixture)
STUCK_TO = "retrait-en-attente#refus-contact"


def _question(*targets: str) -> dict[str, Any]:
    return {"type": "question", "text": "Une question ?",
            "answers": [{"id": f"r{i}", "label": f"Réponse {i}", "next": t} for i, t in enumerate(targets)]}


def _tree(tree_id: str, nodes: dict[str, Any], start: str = "n0") -> dict[str, Any]:
    return {"id": tree_id, "title": "Arbre de test", "category": "Test", "start": start, "nodes": nodes,
            "description": "Un arbre de test pour vérifier les règles du graphe entre arbres."}


def _write(folder: Path, tree: dict[str, Any]) -> None:
    (folder / f"{tree['id']}.yml").write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")


def _found(folder: Path) -> set[tuple[str, str, int, int]]:
    _, problems = load_project(folder)
    return {(Path(p.path).stem, p.rule, p.line, p.col) for p in problems}


def _key_at(folder: Path, stem: str, line: int) -> str:
    """The mapping key written on ``line`` of ``stem``.yml (where a node error points)."""
    return (folder / f"{stem}.yml").read_text(encoding="utf-8").splitlines()[line - 1].strip().rstrip(":")


def test_loop_through_two_trees_without_outcome_is_no_exit_in_both(project: Path) -> None:
    _write(project, _tree("aller", {"n0": _question("n1"), "n1": _question("retour")}))
    _write(project, _tree("retour", {"n0": _question("aller#n1")}))
    found = _found(project)
    # located at each node's key, column 3: both nodes of « aller », the one of « retour »
    assert {(stem, rule, _key_at(project, stem, line), col) for stem, rule, line, col in found} == {
        ("aller", "no-exit", "n0", 3), ("aller", "no-exit", "n1", 3), ("retour", "no-exit", "n0", 3)}


def test_hand_over_to_a_tree_that_reaches_an_outcome_is_an_exit(project: Path) -> None:
    _write(project, _tree("aller", {"n0": _question("n1"), "n1": _question("retour")}))
    _write(project, _tree("retour", {"n0": _question("aller#n1", "verification-kyc")}))
    assert _found(project) == set()


def test_start_naming_another_tree_or_a_missing_node_is_refused_at_start(project: Path) -> None:
    fin = {"type": "outcome", "title": "Fin", "channel": "faq", "still_stuck": STUCK_TO, "text": "Fin."}
    for start in ("verification-kyc", "nulle-part", "autre"):
        _write(project, _tree("autre", {"n0": _question("fin"), "fin": fin}, start=start))
        found = _found(project)
        assert {(stem, rule, _key_at(project, stem, line), col) for stem, rule, line, col in found} == {
            ("autre", "unknown-node", f"start: {start}", 8)}, start


@st.composite
def forests(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Two to four small trees whose answers go anywhere: own nodes, other trees, other trees' nodes."""
    count = draw(st.integers(2, 4))
    sizes = [draw(st.integers(1, 4)) for _ in range(count)]
    trees = []
    for t, size in enumerate(sizes):
        nodes: dict[str, Any] = {}
        for n in range(size):
            if draw(st.integers(0, 5)) == 0:
                nodes[f"n{n}"] = {"type": "outcome", "title": "Fin", "channel": "faq", "still_stuck": STUCK_TO, "text": "Fin."}
                continue
            refs = []
            for _ in range(draw(st.integers(1, 3))):
                other = draw(st.integers(0, count - 1))
                node = draw(st.integers(0, sizes[other] - 1))
                refs.append(f"n{node}" if other == t else draw(st.sampled_from([f"g{other}", f"g{other}#n{node}"])))
            nodes[f"n{n}"] = _question(*refs)
        trees.append(_tree(f"g{t}", nodes))
    return trees


def _reference(trees: list[dict[str, Any]]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Brute force: (unreachable, no-exit) node sets, by depth-first search from every node."""
    by_id = {t["id"]: t for t in trees}

    def targets(tree_id: str, name: str) -> list[tuple[str, str]]:
        out = []
        for answer in by_id[tree_id]["nodes"][name].get("answers", []):
            ref = answer["next"]
            if "#" in ref:
                other, name = ref.split("#")
                out.append((other, name))
            elif ref in by_id[tree_id]["nodes"]:
                out.append((tree_id, ref))
            else:
                out.append((ref, by_id[ref]["start"]))
        return out

    def reaches_outcome(start: tuple[str, str]) -> bool:
        seen, todo = set(), [start]
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            node = by_id[key[0]]["nodes"][key[1]]
            if node["type"] == "outcome":
                return True
            todo += targets(*key)
        return False

    unreachable, no_exit = set(), set()
    for tree in trees:
        local, todo = set(), [tree["start"]]
        while todo:
            name = todo.pop()
            if name not in local:
                local.add(name)
                todo += [n for t, n in targets(tree["id"], name) if t == tree["id"]]
        for name in tree["nodes"]:
            if name not in local:
                unreachable.add((tree["id"], name))
            elif not reaches_outcome((tree["id"], name)):
                no_exit.add((tree["id"], name))
    return unreachable, no_exit


@SETTINGS
@given(trees=forests())
def test_no_exit_and_unreachable_match_a_brute_force_search(trees: list[dict[str, Any]], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("forest") / "trees"
    shutil.copytree(FIXTURE_PROJECT, folder)
    for tree in trees:
        _write(folder, tree)
    _, problems = load_project(folder)
    found: dict[str, set[tuple[str, str]]] = {"unreachable": set(), "no-exit": set()}
    for p in problems:
        assert p.rule in found, p.format()
        found[p.rule].add((Path(p.path).stem, _key_at(folder, Path(p.path).stem, p.line)))
    assert (found["unreachable"], found["no-exit"]) == _reference(trees)
