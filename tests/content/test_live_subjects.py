"""Every live ticket's subject, as support receives it (the mailto, the form
prefill, the copy and the download all take it from kb/ticket-text.js), with
each of its fields missing, refused or holding a password in turn, and all
of them missing: never a « [Date] », a brace or a bracket, never a dangling
« : » or « ( ) », never empty; the words outside its segments always there.
Run through node, as tests/content/test_golden_messages.py does."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from kb_tools.flow_data import browser_data
from tests.content.test_golden_messages import SCRIPT, TODAY, _contact_outcomes, _kb

#: a value the form refuses or the subject must not carry, by field type (None: only missing)
REFUSED = {"email": "pas une adresse", "date": "2999-01-01", "amount": "beaucoup", "text": "mot de passe : Hunter22!",
           "textarea": "mot de passe : Hunter22!", "choice": None}


def _cases() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    kb = _kb()
    trees: dict[str, Any] = {}
    cases = []
    for tree_id, node_id in _contact_outcomes(kb):
        data = trees.setdefault(tree_id, browser_data(kb, kb.trees[tree_id]))
        ticket = data["nodes"][node_id]["ticket"]
        good = {f: kb.fields[f]["example"] for f in ticket["fields"] if kb.fields[f]["example"] is not None}
        variants: list[tuple[str, dict[str, str]]] = [("all", good), ("none", {})]
        for f in ticket["fields"]:
            variants.append((f"{f} missing", {k: v for k, v in good.items() if k != f}))
            bad = REFUSED[kb.fields[f]["type"]]
            if bad is not None:
                variants.append((f"{f} refused", {**good, f: bad}))
            variants.append((f"only {f}", {f: good[f]} if f in good else {}))
        cases += [{"name": f"{tree_id}--{node_id}: {what}", "tree": tree_id, "node": node_id, "values": values,
                   "said": [], "subject": ticket["subject"]} for what, values in variants]
    return trees, cases


def test_no_live_subject_shows_a_mark_whatever_is_missing() -> None:
    trees, cases = _cases()
    node = shutil.which("node")
    assert node, "node is needed to write the messages with kb/ticket-text.js"
    with tempfile.TemporaryDirectory() as folder:
        given = Path(folder) / "cases.json"
        given.write_text(json.dumps({"trees": trees, "cases": cases, "today": TODAY}), encoding="utf-8")
        done = subprocess.run([node, str(SCRIPT), str(given)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    messages = json.loads(done.stdout)
    assert len(messages) == len(cases) > 100
    wrong = []
    for case in cases:
        first, _, body = messages[case["name"]].partition("\n\n")
        subject = re.sub(r"^Objet\s*:\s*", "", first)  # « Objet : … »
        request = body.split("\n\n")[1]
        kept = case["subject"].split("[", 1)[0].strip()
        problems = [
            re.search(r"[\[\]{}]|Hunter22|undefined|null", subject),
            re.search(r"\s{2}|^\s|\s$|[\s\u00a0][,.:)]$|[:(]$|\(\s*\)", subject),
            not subject.startswith(kept),
            re.search(r"[\[\]{}]", request),
            "date" in case["values"] and case["values"]["date"] < TODAY and "{date}" in case["subject"]
            and "/".join(reversed(case["values"]["date"].split("-"))) not in subject,
        ]
        if any(problems):
            wrong.append((case["name"], subject, request))
    assert wrong == [], wrong[:10]

