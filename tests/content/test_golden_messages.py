"""The golden messages: for every outcome with a ticket in every tree, the
request a player would send (subject and body), written by the browser's own
kb/ticket-text.js under node, so that a reviewer reads what support receives.

Sample data: the shortest path of answers from the tree's start to the outcome
(its ``set:`` values and ``said:`` sentences), the other fields from their
``example:`` in _fields.yml, every attachment asked for ticked. The files are
tests/golden/messages/TREE--NODE.txt; ``UPDATE_GOLDEN=1`` writes them again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import deque
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kb_tools.flow_data import browser_data
from kb_tools.model import STILL_STUCK, KnowledgeBase, Tree
from kb_tools.project import load_project
from tests.conftest import ROOT

MESSAGES = ROOT / "tests" / "golden" / "messages"
SCRIPT = ROOT / "tests" / "js" / "golden-messages.js"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TODAY = "2026-12-31"  # the sample dates are before it: a date in the future is refused
HOW = "run UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/content/test_golden_messages.py, then read the diff"


@cache
def _kb() -> KnowledgeBase:
    kb, problems = load_project(ROOT / "trees", env={})
    assert not [p for p in problems if p.level == "error"], [p.format() for p in problems]
    return kb


def _contact_outcomes(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(tid, nid) for tid, tree in sorted(kb.trees.items()) for nid, node in tree["nodes"].items()
            if node["type"] == "outcome" and node["ticket"]]


def shortest_path(kb: KnowledgeBase, tree: Tree, goal: str) -> list[tuple[str, dict[str, Any]]]:
    """The answers (node id, answer) of the shortest way from the tree's start to ``goal``,
    inside the tree (the browser's replay stays in it), not through a self-help outcome's
    « Toujours bloqué » (the way a player takes first); the first answer in file order wins a tie."""
    before: dict[str, tuple[str, dict[str, Any]] | None] = {tree["start"]: None}
    todo = deque([tree["start"]])
    while todo:
        current = todo.popleft()
        for answer in tree["nodes"][current]["answers"]:
            if answer["id"] == STILL_STUCK:
                continue
            where = kb.resolve(answer["next"], tree["id"])
            if where is None or where[0] != tree["id"] or where[1] in before:
                continue
            before[where[1]] = (current, answer)
            todo.append(where[1])
    assert goal in before, f"{tree['id']}#{goal} is not reached from the start"
    path: list[tuple[str, dict[str, Any]]] = []
    at = goal
    while (step := before[at]) is not None:
        at, answer = step
        path.insert(0, (at, dict(answer)))
    return path


def sample_values(kb: KnowledgeBase, node: dict[str, Any], path: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """What the form holds: the answers' ``set:`` (the form is prefilled with
    them), else the field's ``example:``."""
    values = {fid: kb.fields[fid]["example"] for fid in node["ticket"]["fields"] if kb.fields[fid]["example"] is not None}
    for _, answer in path:
        values.update({fid: v for fid, v in answer["set"].items() if fid in node["ticket"]["fields"]})
    return values


@cache
def _messages() -> dict[str, str]:
    kb = _kb()
    trees, cases = {}, []
    for tree_id, node_id in _contact_outcomes(kb):
        tree = kb.trees[tree_id]
        data = trees.setdefault(tree_id, browser_data(kb, tree))
        path = shortest_path(kb, tree, node_id)
        answers = [next(a for a in data["nodes"][at]["answers"] if a["id"] == answer["id"]) for at, answer in path]
        cases.append({"name": f"{tree_id}--{node_id}", "tree": tree_id, "node": node_id,
                      "values": sample_values(kb, tree["nodes"][node_id], path),
                      "said": [a["said"] for a in answers if a["said"]]})
    node = shutil.which("node")
    assert node, "node is needed to write the messages with kb/ticket-text.js (make test installs it)"
    with tempfile.TemporaryDirectory() as folder:
        given = Path(folder) / "cases.json"
        given.write_text(json.dumps({"trees": trees, "cases": cases, "today": TODAY}), encoding="utf-8")
        done = subprocess.run([node, str(SCRIPT), str(given)], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


NAMES = [f"{t}--{n}" for t, n in _contact_outcomes(_kb())]


@pytest.mark.parametrize("name", NAMES)
def test_golden_message(name: str) -> None:
    actual = _messages()[name]
    path = MESSAGES / f"{name}.txt"
    if UPDATE:
        MESSAGES.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path.relative_to(ROOT)} is missing for the outcome {name}: {HOW}"
    assert path.read_text(encoding="utf-8") == actual, f"the message of {name} changed: if intended, {HOW}"


def test_no_golden_message_without_its_outcome() -> None:
    stale = sorted(p.name for p in MESSAGES.glob("*.txt") if p.stem not in NAMES)
    if UPDATE:
        for name in stale:
            (MESSAGES / name).unlink()
        stale = []
    assert stale == [], f"golden messages of outcomes that no longer have a ticket: {stale}; {HOW}"
