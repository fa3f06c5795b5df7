"""Answers keep their identity when editors reorder or insert answers; old
index links are honoured only while a tree's answer order is the recorded one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kb_tools.legacy import recorded
from kb_tools.project import load_project
from kb_tools.render import flow_data
from tests.conftest import ROOT

LIVE = ROOT / "trees"


def _live_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "trees"
    shutil.copytree(LIVE, folder)
    return folder


def _ways(folder: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    """(tree, node, answer id) -> where that answer leads, from the flow data."""
    kb, problems = load_project(folder, env={})
    assert problems == []
    return {(tid, nid, a["id"]): a["target"] for tid, tree in kb.trees.items()
            for nid, node in flow_data(kb, tree)["nodes"].items() for a in node["answers"]}


def _reverse_answers(text: str, node_id: str) -> str:
    """The YAML of a tree with the answers of ``node_id`` in reverse order (as an editor would move them)."""
    block = re.search(rf"^  {re.escape(node_id)}:\n(?:    .*\n|\n)*?    answers:\n((?:      .*\n)+)", text, re.M)
    assert block is not None, node_id
    answers = re.split(r"(?m)^(?=      - )", block.group(1))
    answers = [a for a in answers if a]
    return text[:block.start(1)] + "".join(reversed(answers)) + text[block.end(1):]


def test_every_live_tree_is_recorded_and_keeps_its_old_links() -> None:
    kb, problems = load_project(LIVE, env={})
    assert problems == []
    assert set(recorded()) == set(kb.trees)
    assert all(flow_data(kb, tree)["legacy"] for tree in kb.trees.values())


def test_reordering_answers_keeps_every_answer_id_on_its_way_and_ends_old_links(tmp_path: Path) -> None:
    folder = _live_copy(tmp_path)
    before = _ways(folder)
    path = folder / "retrait-en-attente.yml"
    path.write_text(_reverse_answers(path.read_text(encoding="utf-8"), "methode"), encoding="utf-8")
    kb, problems = load_project(folder, env={})
    assert problems == []
    order = [a["id"] for a in kb.trees["retrait-en-attente"]["nodes"]["methode"]["answers"]]
    assert order == ["crypto", "virement", "e-wallet", "carte-bancaire"]  # the edit took
    assert _ways(folder) == before  # every answer id still leads where it led
    assert flow_data(kb, kb.trees["retrait-en-attente"])["legacy"] is False
    assert flow_data(kb, kb.trees["verification-kyc"])["legacy"] is True  # an untouched tree keeps its old links


def test_inserting_an_answer_keeps_the_others_and_ends_old_links(tmp_path: Path) -> None:
    folder = _live_copy(tmp_path)
    before = _ways(folder)
    path = folder / "retrait-en-attente.yml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"(?m)^  methode:\n(?:    .*\n)*?    answers:\n", text)
    assert first is not None
    path.write_text(text[:first.end()] + "      - label: Chèque\n        id: cheque\n        next: statut\n"
                    + text[first.end():], encoding="utf-8")
    kb, problems = load_project(folder, env={})
    assert problems == []
    after = _ways(folder)
    assert {k: v for k, v in after.items() if k in before} == before
    assert ("retrait-en-attente", "methode", "cheque") in after
    assert flow_data(kb, kb.trees["retrait-en-attente"])["legacy"] is False


@pytest.mark.parametrize("tree_id", sorted(recorded()))
def test_answer_ids_are_unique_in_their_node_and_hold_a_letter(tree_id: str) -> None:
    kb, _ = load_project(LIVE, env={})
    for node in kb.trees[tree_id]["nodes"].values():
        ids = [a["id"] for a in node["answers"]]
        assert len(ids) == len(set(ids)), node["id"]
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) and re.search("[a-z]", i) for i in ids)
