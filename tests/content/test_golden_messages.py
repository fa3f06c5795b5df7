"""The golden messages (kb_tools/golden.py): for every outcome with a ticket in
every tree, the request a player would send (subject and body), written by the
browser's own kb/ticket-text.js under node, so that a reviewer reads what
support receives. The files are tests/golden/messages/TREE--NODE.txt;
``UPDATE_GOLDEN=1`` (`make golden`) writes them again. `make check` compares
them too (kb_tools/content_check.py), when node is there.
"""

from __future__ import annotations

import os
import shutil
from functools import cache

import pytest

from kb_tools import golden
from kb_tools.model import KnowledgeBase
from kb_tools.project import load_project
from tests.conftest import ROOT

MESSAGES = ROOT / golden.MESSAGES
SCRIPT = ROOT / golden.SCRIPT
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TODAY = golden.TODAY
HOW = "run make golden (UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/content/test_golden_messages.py), then read the diff"
_contact_outcomes = golden.contact_outcomes


@cache
def _kb() -> KnowledgeBase:
    kb, problems = load_project(ROOT / "trees", env={})
    assert not [p for p in problems if p.level == "error"], [p.format() for p in problems]
    return kb


@cache
def _messages() -> dict[str, str]:
    kb = _kb()
    assert shutil.which("node"), "node is needed to write the messages with kb/ticket-text.js (make test installs it)"
    trees, cases = golden.cases(kb)
    assert len(cases) == len(_contact_outcomes(kb)), "a contact outcome is not reached from its tree's start"
    return golden.run_script(ROOT, {"trees": trees, "cases": cases, "today": TODAY})


NAMES = [f"{t}--{n}" for t, n in _contact_outcomes(_kb())]


@pytest.mark.parametrize("name", NAMES)
def test_golden_message(name: str) -> None:
    actual = _messages()[name]
    path = MESSAGES / f"{name}.txt"
    if UPDATE:
        assert golden.write_message(ROOT, name, actual, replace=True), f"{MESSAGES} is not a folder of the project"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing for the outcome {name}: {HOW}"
    assert path.read_text(encoding="utf-8") == actual, f"the message of {name} changed: if intended, {HOW}"


def test_no_golden_message_without_its_outcome() -> None:
    stale = sorted(p.name for p in MESSAGES.glob("*.txt") if p.stem not in NAMES)
    if UPDATE:
        for name in stale:
            (MESSAGES / name).unlink()
        stale = []
    assert stale == [], f"golden messages of outcomes that no longer have a ticket: {stale}; {HOW}"
