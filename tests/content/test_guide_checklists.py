"""Each contact outcome asks what the guide asks for its case.

tests/content/guide_checklists.yml maps every bullet of the guide's per-case
checklists (section 3, « Cas d’usage courants & checklist ») and a few other
passages to what covers it (a field, an attachment, a checklist step, the
request...) in every contact outcome of the case. The checks below read the
trees as kb_tools loads them, never the YAML text; only the checks that read
the guide itself are skipped when it is absent (tests/content/guide.py)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from kb_tools import guide_checklists as checklists
from kb_tools.guide_checklists import cover, normalise
from kb_tools.model import KnowledgeBase
from kb_tools.project import load_project
from tests.conftest import ROOT

MAP = checklists.load_map(ROOT)
assert MAP is not None, "tests/content/guide_checklists.yml cannot be read"
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
    return checklists.contact_outcomes(knowledge())


def selected(case: dict[str, Any]) -> set[str]:
    """The contact outcomes a case speaks of."""
    return checklists.selected(knowledge(), case)


def failures(spec: dict[str, Any], tree_id: str, node_id: str) -> list[str]:
    """What of ``spec`` does not hold in that outcome (nothing: it is covered)."""
    assert list(checklists.ways_in(knowledge(), tree_id, node_id)), f"{tree_id}#{node_id}: no way in from the tree's entries"
    return checklists.failures(knowledge(), spec, tree_id, node_id)


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
