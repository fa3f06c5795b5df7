"""Every tree, walked path by path: each path ends on an outcome, and each
outcome uses the channel the guide gives for its case."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kb_tools.project import load_project
from kb_tools.render import export
from tests.conftest import ROOT


@cache
def content() -> dict[str, Any]:
    kb, problems = load_project(ROOT / "trees", env={})
    assert [p.format() for p in problems if p.level == "error"] == []
    return export(kb)


def paths(tree_id: str) -> Iterator[list[tuple[str, str]]]:
    """Every path from the tree's start to an outcome or another tree, as (tree, node) steps."""
    data = content()

    def walk(tree: str, node: str, seen: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
        step = (tree, node)
        if step in seen:
            return  # a loop back is a way round, not a path
        here = data["trees"][tree]["nodes"][node]
        trail = [*seen, step]
        if here["type"] == "outcome":
            yield trail
            return
        for target in (a["target"] for a in here["answers"]):  # a checklist's two answers too
            yield from walk(target["tree"], target["node"], trail)

    start = data["trees"][tree_id]["start"]
    yield from walk(tree_id, start, [])


TREES = sorted(content()["trees"])


def test_the_guides_situations_all_have_a_tree() -> None:
    assert {
        "connexion-acces", "depot-non-credite", "retrait-en-attente", "bonus-code-promo", "verification-kyc",
        "securite-compte", "contester-decision", "avant-de-nous-contacter", "jeu-responsable",
    } <= set(TREES)


@pytest.mark.parametrize("tree_id", TREES)
def test_every_path_ends_on_an_outcome(tree_id: str) -> None:
    data = content()
    found = list(paths(tree_id))
    assert found
    for path in found:
        tree, node = path[-1]
        assert data["trees"][tree]["nodes"][node]["type"] == "outcome"


def outcomes(tree_id: str) -> list[dict[str, Any]]:
    """The outcomes of this tree's own nodes."""
    return [n for n in content()["trees"][tree_id]["nodes"].values() if n["type"] == "outcome"]


def kind(channel: str) -> str:
    return str(content()["channels"][channel]["kind"])


# What the guide says of each case: the kinds of channel its outcomes may use.
GUIDE_CHANNELS = {
    "connexion-acces": {"chat", "self_help"},  # login help, account recovery: chat
    "depot-non-credite": {"chat", "email", "form", "self_help"},  # status on chat, proofs by e-mail/form
    "retrait-en-attente": {"chat", "email", "form", "escalation", "self_help"},
    "bonus-code-promo": {"chat", "email", "form", "self_help"},
    "verification-kyc": {"email", "form", "self_help"},  # documents: never the chat
    "securite-compte": {"chat", "escalation", "self_help"},  # urgent: chat at once, escalation
    "contester-decision": {"email", "form", "mediation", "self_help"},  # written explanations, then mediation
}


@pytest.mark.parametrize("tree_id", sorted(GUIDE_CHANNELS))
def test_outcomes_use_the_channels_the_guide_gives(tree_id: str) -> None:
    used = {kind(o["channel"]) for o in outcomes(tree_id)}
    assert used <= GUIDE_CHANNELS[tree_id], f"{tree_id} ends on {sorted(used - GUIDE_CHANNELS[tree_id])}"


def test_withdrawal_held_with_kyc_complete_escalates() -> None:
    assert any(kind(o["channel"]) == "escalation" and o["urgency"] == "escalation"
               for o in outcomes("retrait-en-attente"))


def test_suspected_unauthorised_access_is_urgent_and_reaches_a_supervisor() -> None:
    urgent = [o for o in outcomes("securite-compte") if o["urgency"] == "urgent"]
    assert urgent
    for outcome in urgent:
        channel = content()["channels"][outcome["channel"]]
        assert channel["kind"] == "escalation" or channel["kind"] == "chat"


def test_contested_decision_reaches_mediation_and_first_written_explanations() -> None:
    kinds = {kind(o["channel"]) for o in outcomes("contester-decision")}
    assert {"mediation"} <= kinds and kinds & {"email", "form"}


def test_documents_are_always_asked_by_email_or_form() -> None:
    for tree_id in TREES:
        for outcome in outcomes(tree_id):
            if outcome["ticket"] and "document" in outcome["ticket"]["fields"]:
                assert kind(outcome["channel"]) in {"email", "form"}, f"{tree_id}#{outcome['id']}"


def test_checks_that_solve_the_problem_end_on_self_help() -> None:
    data = content()
    for tree_id in TREES:
        for node in data["trees"][tree_id]["nodes"].values():
            if node["type"] == "checklist":
                target = next(a["target"] for a in node["answers"] if a["id"] == "resolu")
                resolved = data["trees"][target["tree"]]["nodes"][target["node"]]
                assert resolved["type"] == "outcome" and kind(resolved["channel"]) == "self_help", f"{tree_id}#{node['id']}"


def test_entry_flow_hands_over_to_every_problem_tree() -> None:
    reached = {step[0] for path in paths("avant-de-nous-contacter") for step in path}
    assert set(GUIDE_CHANNELS) | {"jeu-responsable"} <= reached


def test_contact_outcomes_ask_for_the_account_email() -> None:
    for tree_id in TREES:
        for outcome in outcomes(tree_id):
            if kind(outcome["channel"]) in {"chat", "email", "form", "escalation"}:
                assert "email" in outcome["ticket"]["fields"], f"{tree_id}#{outcome['id']}"


def test_built_tree_pages_exist(built_site: Path) -> None:
    for tree_id in TREES:
        assert (built_site / "parcours" / tree_id / "index.html").is_file()
