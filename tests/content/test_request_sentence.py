"""The opening sentence of every request carries what the player told: the
fields its subject names (a decision, an error, a document, a method) are in
the sentence too."""
from __future__ import annotations

import re
from functools import cache

import pytest

from kb_tools.model import KnowledgeBase
from kb_tools.project import load_project
from tests.conftest import ROOT

PLACEHOLDER = re.compile(r"\{([a-z0-9-]+)\}")


@cache
def knowledge() -> KnowledgeBase:
    kb, problems = load_project(ROOT / "trees", env={})
    assert [p.format() for p in problems if p.level == "error"] == []
    return kb


def contact_outcomes() -> list[tuple[str, str]]:
    return sorted((tid, nid) for tid, tree in knowledge().trees.items()
                  for nid, node in tree["nodes"].items() if node["type"] == "outcome" and node["ticket"] is not None)


def test_there_are_contact_outcomes() -> None:
    assert len(contact_outcomes()) >= 20


@pytest.mark.parametrize(("tree_id", "node_id"), contact_outcomes())
def test_the_request_says_what_its_subject_names(tree_id: str, node_id: str) -> None:
    """« Décision contestée : Fermeture de mon compte » filled, and the request
    opened « Une décision a été prise sur mon compte »: support reads the
    subject's key values again in the player's own sentence."""
    kb = knowledge()
    ticket = kb.trees[tree_id]["nodes"][node_id]["ticket"]
    # the earlier ticket is written at the end; a date in a subject dates the
    # message (« Question du … ») and the facts give it
    left = {fid for fid, f in kb.fields.items() if f.get("role") or f.get("type") == "date"}
    named = set(PLACEHOLDER.findall(ticket["subject"])) - left
    told = set(PLACEHOLDER.findall(ticket["request"]))
    assert named <= told, f"{tree_id}#{node_id}: the request leaves out {sorted(named - told)}"
