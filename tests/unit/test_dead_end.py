"""No dead end (issue 13, section 2): every outcome without a ticket offers a
way on (``still_stuck:``) to an outcome with one; the rule ``dead-end`` says
where and what to write, in French; the model makes it the outcome's one
answer, which old index links never named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tools import strings
from kb_tools.legacy import order_hash
from kb_tools.model import STILL_STUCK
from kb_tools.project import load_project
from tests.conftest import FIXTURE_PROJECT, ROOT

HEAD = ("id: impasse\ntitle: Arbre de test\ndescription: Un arbre de test pour vérifier la règle des impasses.\n"
        "category: Test\nstart: q\nnodes:\n  q:\n    type: question\n    text: Une question ?\n    answers:\n"
        "      - {label: Oui, next: fin}\n      - {label: Non, next: contact}\n"
        "  contact:\n    type: outcome\n    title: Contact\n    channel: chat\n    text: Le chat.\n"
        "    ticket:\n      subject: Question\n      request: Ma demande.\n      fields: [email]\n")
CHANNELS = [cid for cid, ch in load_project(FIXTURE_PROJECT, env={})[0].channels.items()
            if ch["kind"] in ("self_help", "mediation")]


def _problems(project: Path, fin: str) -> list[tuple[str, int, int, str]]:
    (project / "impasse.yml").write_text(HEAD + "  fin:\n    type: outcome\n    title: Fin\n" + fin, encoding="utf-8")
    _, problems = load_project(project, env={})
    return [(p.rule, p.line, p.col, p.message) for p in problems]


@pytest.mark.parametrize("channel", CHANNELS)
def test_an_outcome_without_ticket_and_without_way_on_is_refused_at_its_key(project: Path, channel: str) -> None:
    [(rule, line, col, message)] = _problems(project, f"    channel: {channel}\n    text: Fin.\n")
    assert (rule, line, col) == ("dead-end", HEAD.count("\n") + 1, 3)
    assert "still_stuck" in message and "channel" in message and "contact" in message  # what to write, and where to lead


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_way_on_to_a_contact_outcome_is_accepted_and_becomes_the_one_answer(project: Path, channel: str) -> None:
    assert _problems(project, f"    channel: {channel}\n    still_stuck: contact\n    text: Fin.\n") == []
    kb, _ = load_project(project, env={})
    [answer] = kb.trees["impasse"]["nodes"]["fin"]["answers"]
    assert (answer["id"], answer["label"], answer["next"]) == (STILL_STUCK, strings.get("still_stuck_label"), "contact")
    assert kb.target(answer, "impasse") == {"tree": "impasse", "node": "contact", "anchor": "impasse--contact"}
    # a way on to another tree's contact outcome does as well
    assert _problems(project, f"    channel: {channel}\n    still_stuck: retrait-en-attente#refus-contact\n    text: Fin.\n") == []


@pytest.mark.parametrize(("ref", "why"), [("q", "question"), ("impasse", "tree start, a question"),
                                          ("retrait-en-attente#resolu", "another self-help outcome")])
def test_a_way_on_that_leads_to_no_request_is_refused_where_it_is_written(project: Path, ref: str, why: str) -> None:
    found = _problems(project, f"    channel: faq\n    still_stuck: {ref}\n    text: Fin.\n")
    assert [(rule, line, col) for rule, line, col, _ in found] == [("dead-end", HEAD.count("\n") + 5, 18)], why
    assert ref in found[0][3] and "ticket" in found[0][3]


def test_a_contact_outcome_has_no_way_on(project: Path) -> None:
    found = _problems(project, "    channel: chat\n    still_stuck: contact\n    text: Fin.\n"
                               "    ticket:\n      subject: Question\n      request: Ma demande.\n      fields: [email]\n")
    assert [(rule, line) for rule, line, _, _ in found] == [("dead-end", HEAD.count("\n") + 5)]


def test_every_self_help_outcome_of_the_site_leads_on_to_a_request() -> None:
    kb, problems = load_project(ROOT / "trees", env={})
    assert problems == []
    self_help = [(t, n) for t, tree in kb.trees.items() for n, node in tree["nodes"].items()
                 if node["type"] == "outcome" and node["ticket"] is None]
    assert len(self_help) >= 14
    for tree_id, node_id in self_help:
        [answer] = kb.trees[tree_id]["nodes"][node_id]["answers"]
        where = kb.target(answer, tree_id)
        assert where is not None
        assert kb.trees[where["tree"]]["nodes"][where["node"]]["ticket"] is not None, (tree_id, node_id)


def test_the_way_on_leaves_old_index_links_where_they_led() -> None:
    kb, _ = load_project(ROOT / "trees", env={})
    for tree in kb.trees.values():
        bare = dict(tree, nodes={nid: dict(n, answers=[] if n["type"] == "outcome" else n["answers"])
                                 for nid, n in tree["nodes"].items()})
        assert order_hash(tree) == order_hash(bare)
