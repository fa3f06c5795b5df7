"""Property-based tests: random valid trees validate, render and round-trip
through ``export``; random mutations of them are refused with a located
error, never a crash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.head_text import markup_in
from kb_tools.invisible import hidden
from kb_tools.problems import RULES
from kb_tools.project import load_project
from kb_tools.render import environment, export, render_article
from tests.conftest import FIXTURE_PROJECT

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# valid text: no character the control-character and bidi-control rules refuse (U+200B, U+202E, U+2028...)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s.strip() and not any(hidden(s, markdown=False)))
# what goes into <head> as it is may hold no markup character (kb_tools.head_text)
HEAD_TEXT = TEXT.filter(lambda s: markup_in(s) is None)
CHANNELS = ["faq", "chat", "email"]


@st.composite
def trees(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid tree: nodes in order, every node reached from an earlier one."""
    count = draw(st.integers(min_value=2, max_value=8))
    ids = [f"n{i}" for i in range(count)]
    nodes: dict[str, Any] = {}
    incoming = {i: 0 for i in range(count)}
    for i in range(count - 1):
        later = list(range(i + 1, count))
        must = next((j for j in later if incoming[j] == 0), later[0])
        kind = draw(st.sampled_from(["question", "checklist"]))
        if kind == "question":
            targets = [must, *draw(st.lists(st.sampled_from(later), max_size=2))]
            labels = draw(st.lists(TEXT, min_size=len(targets), max_size=len(targets), unique=True))
            nodes[ids[i]] = {"type": "question", "text": draw(TEXT), "answers": [
                {"id": f"r{k}", "label": label, "next": ids[t]}
                for k, (label, t) in enumerate(zip(labels, targets, strict=True))]}
        else:
            other = draw(st.sampled_from(later))
            targets = [must, other]
            nodes[ids[i]] = {"type": "checklist", "title": draw(TEXT), "steps": [draw(TEXT)],
                             "done": draw(TEXT), "resolved": ids[must], "next": ids[other]}
        for t in targets:
            incoming[t] += 1
    for i in range(count):
        if ids[i] not in nodes:
            channel = draw(st.sampled_from(CHANNELS))
            node: dict[str, Any] = {"type": "outcome", "title": draw(TEXT), "channel": channel, "text": draw(TEXT)}
            if channel != "faq":
                node["ticket"] = {"subject": "Demande[ du {date}]", "request": "Ma demande[ du {date}].",
                                  "fields": ["email", "date"]}
            else:
                node["still_stuck"] = "retrait-en-attente#refus-contact"
            nodes[ids[i]] = node
    # checklists must end on self-help when solved: point "resolved" at a faq outcome
    for node in nodes.values():
        if node["type"] == "checklist" and nodes[node["resolved"]]["type"] == "outcome":
            nodes[node["resolved"]].update(channel="faq", still_stuck="retrait-en-attente#refus-contact")
            nodes[node["resolved"]].pop("ticket", None)
    return {"id": "arbre-genere", "title": draw(HEAD_TEXT) + " titre", "description": "Une description générée pour le test.",
            "category": "Test", "keywords": draw(st.lists(TEXT, max_size=3, unique=True)), "start": "n0", "nodes": nodes}


def _write(folder: Path, tree: dict[str, Any]) -> Path:
    path = folder / "arbre-genere.yml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _fresh(tmp_path_factory: Any) -> Path:
    folder = Path(tmp_path_factory.mktemp("trees"))
    for item in FIXTURE_PROJECT.glob("_*.yml"):
        shutil.copy(item, folder)
    # the contact outcome self-help outcomes lead on to (still_stuck), and the tree it names
    for name in ("retrait-en-attente.yml", "verification-kyc.yml"):
        shutil.copy(FIXTURE_PROJECT / name, folder)
    return folder


@SETTINGS
@given(tree=trees())
def test_random_valid_trees_validate_render_and_round_trip(tree: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = _fresh(tmp_path_factory)
    _write(folder, tree)
    kb, problems = load_project(folder, env={})
    assert [p.format() for p in problems] == []
    article = render_article(environment(), kb, kb.trees["arbre-genere"])
    assert article.count("data-kb-node=") == len(tree["nodes"])
    exported = export(kb)["trees"]["arbre-genere"]
    assert json.loads(json.dumps(exported)) == exported
    # back to YAML from the export, and the export of that is the same
    again = {k: exported[k] for k in ("id", "title", "start")}
    again.update(description=kb.trees["arbre-genere"]["description"], category=exported["category"],
                 keywords=kb.trees["arbre-genere"]["keywords"], nodes={})
    for node_id, node in kb.trees["arbre-genere"]["nodes"].items():
        written = {k: v for k, v in node.items() if k not in ("id", "anchor", "answers") and v not in (None, [], {})
                   and not (k == "urgency" and v == "normal")}
        if node["type"] == "checklist":  # its two answers are resolved: and next:
            written.update(resolved=node["answers"][0]["next"], next=node["answers"][1]["next"])
        elif node["type"] == "outcome" and node["answers"]:  # its way on: still_stuck:
            written["still_stuck"] = node["answers"][0]["next"]
        elif node["type"] == "question":
            written["answers"] = [{"id": a["id"], "label": a["label"], "next": a["next"], **({"set": a["set"]} if a["set"] else {})}
                                  for a in node["answers"]]
        again["nodes"][node_id] = written
    folder2 = _fresh(tmp_path_factory)
    _write(folder2, again)
    kb2, problems2 = load_project(folder2, env={})
    assert problems2 == []
    assert export(kb2)["trees"]["arbre-genere"] == exported


def _mutations(tree: dict[str, Any]) -> st.SearchStrategy[tuple[str, str]]:
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    first_node = next(iter(tree["nodes"]))
    return st.sampled_from([
        ("drop start", text.replace("start: n0\n", "")),
        ("dangling next", text.replace("next: n1", "next: nulle-part", 1) if "next: n1" in text
         else text.replace("start: n0", "start: absent")),
        ("unknown type", text.replace("type: ", "type: inconnu-", 1)),
        ("unknown key", text.replace("category: Test", "category: Test\ncouleur: rouge")),
        ("duplicate key", text.replace("category: Test", "category: Test\ncategory: Autre")),
        ("tab", text.replace("\n  ", "\n\t", 1)),
        ("broken syntax", text.replace("nodes:", "nodes: [", 1)),
        ("number title", text.replace(f"  {first_node}:\n", f"  {first_node}:\n    title: 12\n", 1) + ""),
        ("bad id", text.replace(f"  {first_node}:", "  Noeud_Invalide:", 1)),
        ("unknown channel", text.replace("channel: faq", "channel: pigeon", 1) if "channel: faq" in text
         else text.replace("channel: ", "channel: x", 1)),
        ("python tag", text.replace("category: Test", "category: !!python/object:os.system x")),
        ("javascript link", text.replace("text: ", "text: '[ici](javascript:alert(1)) ' ", 1).replace("\n", "\n", 1)),
    ])


@SETTINGS
@given(data=st.data(), tree=trees())
def test_mutated_trees_are_refused_with_a_located_error(data: st.DataObject, tree: dict[str, Any],
                                                        tmp_path_factory: Any) -> None:
    name, text = data.draw(_mutations(tree))
    folder = _fresh(tmp_path_factory)
    (folder / "arbre-genere.yml").write_text(text, encoding="utf-8")
    _, problems = load_project(folder, env={})
    mine = [p for p in problems if p.path.endswith("arbre-genere.yml")]
    assert mine, f"mutation « {name} » was accepted"
    for problem in mine:
        assert problem.line >= 1 and problem.col >= 1 and problem.rule in RULES | {p.rule for p in mine if p.rule.startswith("schema-")}
        assert problem.line <= text.count("\n") + 2
