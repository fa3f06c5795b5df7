"""Each contact outcome asks what the guide asks for its case.

tests/content/guide_checklists.yml maps every bullet of the guide's per-case
checklists (section 3, « Cas d’usage courants & checklist ») and a few other
passages to what covers it (a field, an attachment, a checklist step, the
request...) in every contact outcome of the case. The checks below read the
trees as kb_tools loads them, never the YAML text; only the checks that read
the guide itself are skipped when it is absent (tests/content/guide.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb_tools.model import KnowledgeBase
from kb_tools.project import load_project
from tests.conftest import ROOT
from tests.content.guide import normalise

MAP = yaml.safe_load((Path(__file__).parent / "guide_checklists.yml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = MAP["cases"]
COVER_KEYS = {"fields", "attachment", "warning", "request", "step", "node", "not_applicable"}
SELECTORS = {"trees", "channel", "outcomes", "all"}


@cache
def knowledge() -> KnowledgeBase:
    kb, problems = load_project(ROOT / "trees", env={})
    assert [p.format() for p in problems if p.level == "error"] == []
    return kb


def contact_outcomes() -> list[str]:
    """Every outcome with a ticket, as ``tree#node``."""
    return [f"{tid}#{nid}" for tid, tree in knowledge().trees.items()
            for nid, node in tree["nodes"].items() if node["type"] == "outcome" and node["ticket"] is not None]


def selected(case: dict[str, Any]) -> set[str]:
    """The contact outcomes a case speaks of."""
    trees = knowledge().trees
    found = set(case.get("outcomes", []))
    for ref in contact_outcomes():
        tree_id, node_id = ref.split("#")
        if (case.get("all") or tree_id in case.get("trees", [])
                or trees[tree_id]["nodes"][node_id]["channel"] == case.get("channel")):
            found.add(ref)
    return found


def cover(item: dict[str, Any], ref: str) -> dict[str, Any] | None:
    """What covers the item in that outcome: its own entry under ``in``, else ``each``."""
    found: dict[str, Any] | None = item.get("in", {}).get(ref, item.get("each"))
    return found


def entries(tree_id: str) -> set[str]:
    """The nodes of a tree a player can arrive on: its start, and every node another tree leads to."""
    kb = knowledge()
    found = {kb.trees[tree_id]["start"]}
    for other_id, other in kb.trees.items():
        for node in other["nodes"].values():
            for answer in node["answers"]:
                where = kb.resolve(answer["next"], other_id)
                if where is not None and where[0] == tree_id and other_id != tree_id:
                    found.add(where[1])
    return found


def ways_in(tree_id: str, node_id: str) -> Iterator[list[str]]:
    """Every way from an entry of the tree to ``node_id`` without going round
    in a loop, as the node ids passed (the node itself last)."""
    kb = knowledge()
    nodes = kb.trees[tree_id]["nodes"]

    def walk(here: str, trail: list[str]) -> Iterator[list[str]]:
        if here == node_id:
            yield [*trail, here]
            return
        for answer in nodes[here]["answers"]:  # an outcome's way on (« toujours bloqué ») too
            where = kb.resolve(answer["next"], tree_id)
            if where is not None and where[0] == tree_id and where[1] not in trail and where[1] != here:
                yield from walk(where[1], [*trail, here])

    for start in sorted(entries(tree_id)):
        yield from walk(start, [])


def has(words: list[str], text: str) -> bool:
    flat = normalise(text)
    return all(normalise(w) in flat for w in words)


def label(attachment: str | dict[str, Any]) -> str | None:
    """The label of an attachment shown whatever the player answered (None: a conditional one)."""
    if isinstance(attachment, str):
        return attachment
    return None if attachment.get("when") else str(attachment["label"])


def failures(spec: dict[str, Any], tree_id: str, node_id: str) -> list[str]:
    """What of ``spec`` does not hold in that outcome (nothing: it is covered)."""
    nodes = knowledge().trees[tree_id]["nodes"]
    ticket = nodes[node_id]["ticket"]
    wrong = []
    missing = [f for f in spec.get("fields", []) if f not in ticket["fields"]]
    if missing:
        wrong.append(f"no field {missing}")
    labels = [t for t in map(label, ticket["attachments"]) if t]
    if "attachment" in spec and not any(has(spec["attachment"], t) for t in labels):
        wrong.append(f"no attachment with {spec['attachment']} among {labels}")
    if "warning" in spec and not any(has(spec["warning"], t) for t in ticket["warnings"]):
        wrong.append(f"no warning with {spec['warning']}")
    if "request" in spec and not has(spec["request"], ticket.get("request") or ""):
        wrong.append(f"the request lacks {spec['request']}: « {ticket.get('request')} »")
    passed = [node for node in (spec.get("node"), spec.get("step", {}).get("checklist")) if node]
    ways = list(ways_in(tree_id, node_id))
    assert ways, f"{tree_id}#{node_id}: no way in from the tree's entries"
    for node in passed:
        if any(node not in way for way in ways):
            wrong.append(f"a way into the outcome does not pass {node}")
    if "step" in spec:
        checklist = nodes.get(spec["step"]["checklist"], {})
        steps = checklist.get("steps", []) if checklist.get("type") == "checklist" else []
        if not any(has(spec["step"]["words"], s) for s in steps):
            wrong.append(f"no step of the checklist {spec['step']['checklist']} with {spec['step']['words']}")
    return wrong


ROWS = [(case["case"], item, ref) for case in CASES for item in case["items"] for ref in sorted(selected(case))]


@pytest.mark.parametrize(("case", "item", "ref"), ROWS,
                         ids=[f"{c[:10]}-{i['item'][:24]}-{r}" for c, i, r in ROWS])
def test_the_item_is_covered_in_the_outcome(case: str, item: dict[str, Any], ref: str) -> None:
    spec = cover(item, ref)
    assert spec, f"{case}: « {item['item']} » says nothing for {ref}; give it a cover under `in` or `each`"
    assert set(spec) <= COVER_KEYS and spec, f"{case} / {ref}: unknown cover {set(spec) - COVER_KEYS}"
    if "not_applicable" in spec:
        assert set(spec) == {"not_applicable"}, f"{case} / {ref}: not_applicable stands alone"
        assert len(str(spec["not_applicable"]).split()) >= 5, f"{case} / {ref}: say why it does not apply"
        return
    tree_id, node_id = ref.split("#")
    assert not failures(spec, tree_id, node_id), f"{case}: « {item['item']} » in {ref}: {failures(spec, tree_id, node_id)}"


def test_every_case_selects_contact_outcomes_and_names_only_those() -> None:
    refs = set(contact_outcomes())
    assert len(refs) > 20
    for case in CASES:
        assert set(case) <= {"case", "items", *SELECTORS} and set(case) & SELECTORS, case["case"]
        chosen = selected(case)
        assert chosen and chosen <= refs, f"{case['case']}: selects {sorted(chosen - refs) or 'nothing'}"
        for item in case["items"]:
            assert set(item) <= {"item", "each", "in"}, item["item"]
            extra = set(item.get("in", {})) - chosen
            assert not extra, f"{case['case']}: « {item['item']} » names outcomes outside the case: {sorted(extra)}"


def test_the_mapped_gaps_of_issue_13_stay_closed() -> None:
    """A cover a later edit drops shows up as a failure above; this makes sure
    the covers themselves are not quietly weakened to « not applicable »."""
    must = {
        "retrait-en-attente#retrait-retenu": "reference-ticket",
        "retrait-en-attente#refus-contact": "methode-depot",
        "bonus-code-promo#wagering": "wagering",
        "bonus-code-promo#bonus-non-credite": "validite-offre",
    }
    for ref, field in must.items():
        tree_id, node_id = ref.split("#")
        assert field in knowledge().trees[tree_id]["nodes"][node_id]["ticket"]["fields"], f"{ref} lost {field}"
    applies = {(case["case"], ref) for case in CASES for item in case["items"] for ref in selected(case)
               if "not_applicable" not in (cover(item, ref) or {})}
    assert ("KYC / vérification", "verification-kyc#demander-motif") in applies
    assert ("6) Médiation & litiges", "contester-decision#demander-explications") in applies


def section_three(guide: str) -> dict[str, list[str]]:
    """The cases of the guide's section 3 and their bullets, in order."""
    body = guide[guide.index("\n3) "):guide.index("\n4) ")].splitlines()[2:]
    cases: dict[str, list[str]] = {}
    current = ""
    for line in (raw.strip() for raw in body):
        if line.startswith("•"):
            cases[current].append(line.lstrip("• ").strip())
        elif line:
            current = line
            cases[current] = []
    return cases


def test_every_case_of_the_guide_is_mapped_bullet_by_bullet(guide: str) -> None:
    cases = section_three(guide)
    assert len(cases) >= 4 and all(cases.values()), cases
    mapped = {case["case"]: [normalise(i["item"]) for i in case["items"]] for case in CASES}
    for name, bullets in cases.items():
        assert name in mapped, f"the guide's case « {name} » is not in guide_checklists.yml"
        for bullet in bullets:
            assert normalise(bullet) in mapped[name], f"{name}: the guide's « {bullet} » is not mapped"


def test_every_mapped_item_is_the_guides_own_words(guide: str) -> None:
    text = normalise(guide)
    for case in CASES:
        heading = re.sub(r"^\d\) ", "", case["case"])
        assert normalise(heading) in text, f"« {case['case']} » is not a heading of the guide"
        for item in case["items"]:
            assert normalise(item["item"]) in text, f"« {item['item']} » is not written so in the guide"
