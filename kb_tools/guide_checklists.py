"""Each contact outcome asks what the customer-service guide asks for its case.

tests/content/guide_checklists.yml maps every bullet of the guide's per-case
checklists to what covers it (a field, an attachment, a warning, a checklist
step, the request...) in every contact outcome of the case; its header says
how. tests/content/test_guide_checklists.py asserts it in CI; `make check`
reports each cover that no longer holds at the outcome's ticket
(``guide-checklist``), so that an editor who drops a field the guide asks for
learns it before CI does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import yaml

from .model import KnowledgeBase
from .problems import Problem

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: ten times faster
MAP = Path("tests") / "content" / "guide_checklists.yml"
RULE = "guide-checklist"
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Words only, lower case, without accents, padded with a space each side
    (so that `` word `` finds whole words)."""
    text = unicodedata.normalize("NFKD", text)
    marks = "".join(c for c in set(text) if unicodedata.combining(c))  # the accents: asked once per character
    if marks:
        text = re.sub(f"[{re.escape(marks)}]+", "", text)
    return " " + _NOT_WORD.sub(" ", text.lower()).strip() + " "


def contact_outcomes(kb: KnowledgeBase) -> list[str]:
    """Every outcome with a ticket, as ``tree#node``."""
    return [f"{tid}#{nid}" for tid, tree in kb.trees.items()
            for nid, node in tree["nodes"].items() if node["type"] == "outcome" and node["ticket"] is not None]


def selected(kb: KnowledgeBase, case: dict[str, Any]) -> set[str]:
    """The contact outcomes a case speaks of."""
    found = set(case.get("outcomes", []))
    for ref in contact_outcomes(kb):
        tree_id, node_id = ref.split("#")
        if (case.get("all") or tree_id in case.get("trees", [])
                or kb.trees[tree_id]["nodes"][node_id]["channel"] == case.get("channel")):
            found.add(ref)
    return found


def cover(item: dict[str, Any], ref: str) -> dict[str, Any] | None:
    """What covers the item in that outcome: its own entry under ``in``, else ``each``."""
    found: dict[str, Any] | None = item.get("in", {}).get(ref, item.get("each"))
    return found


def entries(kb: KnowledgeBase, tree_id: str) -> set[str]:
    """The nodes of a tree a player can arrive on: its start, and every node another tree leads to."""
    found = {kb.trees[tree_id]["start"]}
    for other_id, other in kb.trees.items():
        for node in other["nodes"].values():
            for answer in node["answers"]:
                where = kb.resolve(answer["next"], other_id)
                if where is not None and where[0] == tree_id and other_id != tree_id:
                    found.add(where[1])
    return found


def ways_in(kb: KnowledgeBase, tree_id: str, node_id: str) -> Iterator[list[str]]:
    """Every way from an entry of the tree to ``node_id`` without going round
    in a loop, as the node ids passed (the node itself last)."""
    nodes = kb.trees[tree_id]["nodes"]

    def walk(here: str, trail: list[str]) -> Iterator[list[str]]:
        if here == node_id:
            yield [*trail, here]
            return
        for answer in nodes[here]["answers"]:  # an outcome's way on (« toujours bloqué ») too
            where = kb.resolve(answer["next"], tree_id)
            if where is not None and where[0] == tree_id and where[1] not in trail and where[1] != here:
                yield from walk(where[1], [*trail, here])

    for start in sorted(entries(kb, tree_id)):
        yield from walk(start, [])


def has(words: list[str], text: str) -> bool:
    flat = normalise(text)
    return all(normalise(w) in flat for w in words)


def label(attachment: str | dict[str, Any]) -> str | None:
    """The label of an attachment shown whatever the player answered (None: a conditional one)."""
    if isinstance(attachment, str):
        return attachment
    return None if attachment.get("when") else str(attachment["label"])


def failures(kb: KnowledgeBase, spec: dict[str, Any], tree_id: str, node_id: str) -> list[str]:
    """What of ``spec`` does not hold in that outcome, in French (nothing: it is covered)."""
    nodes = kb.trees[tree_id]["nodes"]
    ticket = nodes[node_id]["ticket"]
    wrong = []
    missing = [f for f in spec.get("fields", []) if f not in ticket["fields"]]
    if missing:
        wrong.append(f"{'le champ' if len(missing) == 1 else 'les champs'} {', '.join(missing)} dans fields")
    labels = [t for t in map(label, ticket["attachments"]) if t]
    if "attachment" in spec and not any(has(spec["attachment"], t) for t in labels):
        wrong.append(f"une pièce à joindre (sans when) avec les mots « {', '.join(spec['attachment'])} »")
    if "warning" in spec and not any(has(spec["warning"], t) for t in ticket["warnings"]):
        wrong.append(f"une mise en garde avec les mots « {', '.join(spec['warning'])} »")
    if "request" in spec and not has(spec["request"], ticket.get("request") or ""):
        wrong.append(f"une demande (request) avec les mots « {', '.join(spec['request'])} »")
    passed = [node for node in (spec.get("node"), spec.get("step", {}).get("checklist")) if node]
    ways = list(ways_in(kb, tree_id, node_id))
    for node in passed:
        if any(node not in way for way in ways):
            wrong.append(f"un passage par « {node} » sur chaque chemin vers l’issue")
    if "step" in spec:
        checklist = nodes.get(spec["step"]["checklist"], {})
        steps = checklist.get("steps", []) if checklist.get("type") == "checklist" else []
        if not any(has(spec["step"]["words"], s) for s in steps):
            wrong.append(f"une étape de « {spec['step']['checklist']} » avec les mots « {', '.join(spec['step']['words'])} »")
    return wrong


def load_map(root: Path) -> dict[str, Any] | None:
    try:
        found = yaml.load((root / MAP).read_text(encoding="utf-8"), Loader=LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return found if isinstance(found, dict) else None


def checklist_problems(root: Path, kb: KnowledgeBase, skip: Collection[str] = ()) -> list[Problem]:
    """A cover of the map that no longer holds, at the outcome's ticket; an outcome
    the map names that is gone, at the map's line."""
    mapping = load_map(root)
    if mapping is None:
        return []
    refs = set(contact_outcomes(kb))
    text = (root / MAP).read_text(encoding="utf-8")
    found = []
    for case in mapping.get("cases", []):
        chosen = selected(kb, case)
        named = set(case.get("outcomes", [])) | {r for item in case.get("items", []) for r in item.get("in", {})}
        for ref in sorted(named - refs):
            if ref.split("#")[0] in kb.broken:
                continue
            line = text[:text.find(ref)].count("\n") + 1 if ref in text else 1
            found.append(Problem(MAP.as_posix(), line, 1, "error",
                                 f"« {ref} » n’est plus une issue avec ticket : si vous l’avez renommée ou retirée, "
                                 "renommez-la ou retirez-la ici aussi (ce fichier dit ce que le guide demande à chaque issue)",
                                 RULE))
        for item in case.get("items", []):
            for ref in sorted(chosen & refs):
                tree_id, node_id = ref.split("#")
                doc = kb.documents.get(tree_id)
                spec = cover(item, ref)
                if doc is None or doc.path in skip or (spec is not None and "not_applicable" in spec):
                    continue
                wrong = failures(kb, spec, tree_id, node_id) if spec else []
                if spec and not wrong:
                    continue
                line, col = doc.at(("nodes", node_id, "ticket"), key=True)
                what = (f"ajoutez {' ; '.join(wrong)}" if wrong else
                        f"dites dans {MAP.as_posix()} ce qui le couvre dans cette issue (`in:`), ou pourquoi il ne "
                        "s’applique pas (`not_applicable:`)")
                found.append(Problem(doc.path, line, col, "error",
                                     f"le guide demande, pour « {case['case']} » : « {item['item']} » ; {what}", RULE))
    return found
