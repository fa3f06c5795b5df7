"""Every live ticket's subject, as support receives it (the mailto, the form
prefill, the copy and the download all take it from kb/ticket-text.js), with
each of its fields missing, refused or holding a password in turn, and all of
them missing: never a « [Date] », a brace or a bracket, never a dangling
« : » or « ( ) », never empty; the words outside its segments always there.
tests/content/test_live_subjects.py asserts it in CI; `make check` reports
each subject that breaks it, at its line (``subject-shown``), in the same run
of node as the golden messages (kb_tools/golden.py)."""

from __future__ import annotations

import re
from typing import Any

from .flow_data import browser_data
from .model import KnowledgeBase
from .problems import Problem

RULE = "subject-shown"
#: a value the form refuses or the subject must not carry, by field type (None: only missing)
REFUSED = {"email": "pas une adresse", "date": "2999-01-01", "amount": "beaucoup", "text": "mot de passe : Hunter22!",
           "textarea": "mot de passe : Hunter22!", "choice": None}
#: the part of a case's name after the outcome (``TREE--NODE: what``), said in French
_SAID = {"all": "avec toutes les valeurs", "none": "sans aucune valeur"}


def subject_cases(kb: KnowledgeBase, outcomes: list[tuple[str, str]], today: str,
                  known: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The browser data of each tree (``known``: those already worked out), and one
    case per variant of each outcome's values."""
    trees: dict[str, Any] = {} if known is None else known
    cases = []
    for tree_id, node_id in outcomes:
        if tree_id not in trees:  # once per tree, not per outcome
            trees[tree_id] = browser_data(kb, kb.trees[tree_id])
        data = trees[tree_id]
        ticket = data["nodes"][node_id]["ticket"]
        good = {f: kb.fields[f]["example"] for f in ticket["fields"] if kb.fields[f]["example"] is not None}
        variants: list[tuple[str, dict[str, str]]] = [("all", good), ("none", {})]
        for f in ticket["fields"]:
            variants.append((f"{f} missing", {k: v for k, v in good.items() if k != f}))
            bad = REFUSED.get(kb.fields[f]["type"])
            if bad is not None:
                variants.append((f"{f} refused", {**good, f: bad}))
            variants.append((f"only {f}", {f: good[f]} if f in good else {}))
        cases += [{"name": f"{tree_id}--{node_id}: {what}", "tree": tree_id, "node": node_id, "values": values,
                   "said": [], "subject": ticket["subject"]} for what, values in variants]
    return trees, cases


def wrong_subject(case: dict[str, Any], message: str, today: str) -> str | None:
    """The subject sent, when it shows a mark, a dangling sign, or loses its words; else None."""
    first, _, body = message.partition("\n\n")
    subject = re.sub(r"^Objet\s*:\s*", "", first)  # « Objet : … »
    request = body.split("\n\n")[1] if body.count("\n\n") else body
    kept = case["subject"].split("[", 1)[0].strip()
    values = case["values"]
    problems = [
        re.search(r"[\[\]{}]|Hunter22|undefined|null", subject),
        re.search(r"\s{2}|^\s|\s$|[\s\u00a0][,.:)]$|[:(]$|\(\s*\)", subject),
        not subject.startswith(kept),
        re.search(r"[\[\]{}]", request),
        "date" in values and values["date"] < today and "{date}" in case["subject"]
        and "/".join(reversed(values["date"].split("-"))) not in subject,
    ]
    return subject if any(problems) else None


def _said(what: str) -> str:
    if what in _SAID:
        return _SAID[what]
    field, _, how = what.rpartition(" ")
    if how == "missing":
        return f"sans « {field} »"
    if how == "refused":
        return f"avec une valeur refusée pour « {field} »"
    return f"avec seulement « {what.split(' ', 1)[1]} »"


def subject_problems(kb: KnowledgeBase, cases: list[dict[str, Any]], written: dict[str, str], today: str) -> list[Problem]:
    """One problem per outcome whose subject goes wrong in some case: the first such case."""
    found: dict[tuple[str, str], Problem] = {}
    for case in cases:
        key = (case["tree"], case["node"])
        if key in found or case["name"] not in written:
            continue
        subject = wrong_subject(case, written[case["name"]], today)
        if subject is None:
            continue
        doc = kb.documents[case["tree"]]
        line, col = doc.at(("nodes", case["node"], "ticket", "subject"))
        found[key] = Problem(doc.path, line, col, "error",
                             f"{_said(case['name'].split(': ', 1)[1])}, l’objet envoyé serait « {subject} » : gardez hors "
                             "des segments [ … ] un texte qui se lit seul, et mettez dans chaque segment le signe qui "
                             "précède sa valeur (« Question[ : {sujet}] », pas « Question :[ {sujet}] »)", RULE)
    return list(found.values())
