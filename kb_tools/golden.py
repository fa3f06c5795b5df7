"""The golden messages: for every outcome with a ticket, the request a player
would send (subject and body), written by the browser's own kb/ticket-text.js
under node, so that a reviewer reads what support receives.

Sample data: the shortest path of answers from the tree's start to the outcome
(its ``set:`` values and ``said:`` sentences), the other fields from their
``example:`` in _fields.yml, every attachment asked for ticked. The files are
tests/golden/messages/TREE--NODE.txt. tests/content/test_golden_messages.py
compares them in CI; `make check` compares them too (when node is there) and
`make golden` writes them again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import deque
from pathlib import Path
from typing import Any

from . import cache
from .flow_data import browser_data
from .live_subjects import subject_cases, subject_problems
from .model import STILL_STUCK, KnowledgeBase, Tree
from .problems import Problem

MESSAGES = Path("tests") / "golden" / "messages"
SCRIPT = Path("tests") / "js" / "golden-messages.js"
#: The browser's code the script runs (kb/ticket-text.js and what it imports).
JAVASCRIPTS = Path("overrides") / "assets" / "javascripts"
TODAY = "2026-12-31"  # the sample dates are before it: a date in the future is refused
RULE = "golden-message"


def contact_outcomes(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(tid, nid) for tid, tree in sorted(kb.trees.items()) for nid, node in tree["nodes"].items()
            if node["type"] == "outcome" and node["ticket"]]


def shortest_path(kb: KnowledgeBase, tree: Tree, goal: str) -> list[tuple[str, dict[str, Any]]] | None:
    """The answers (node id, answer) of the shortest way from the tree's start to ``goal``,
    inside the tree (the browser's replay stays in it), not through a self-help outcome's
    « Toujours bloqué » (the way a player takes first); the first answer in file order wins a tie.
    None when ``goal`` is not reached that way."""
    before: dict[str, tuple[str, dict[str, Any]] | None] = {tree["start"]: None}
    todo = deque([tree["start"]])
    while todo:
        current = todo.popleft()
        for answer in tree["nodes"][current]["answers"]:
            if answer["id"] == STILL_STUCK:
                continue
            where = kb.resolve(answer["next"], tree["id"])
            if where is None or where[0] != tree["id"] or where[1] in before:
                continue
            before[where[1]] = (current, answer)
            todo.append(where[1])
    if goal not in before:
        return None
    path: list[tuple[str, dict[str, Any]]] = []
    at = goal
    while (step := before[at]) is not None:
        at, answer = step
        path.insert(0, (at, dict(answer)))
    return path


def sample_values(kb: KnowledgeBase, node: dict[str, Any], path: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """What the form holds: the answers' ``set:`` (the form is prefilled with
    them), else the field's ``example:``."""
    values = {fid: kb.fields[fid]["example"] for fid in node["ticket"]["fields"] if kb.fields[fid]["example"] is not None}
    for _, answer in path:
        values.update({fid: v for fid, v in answer["set"].items() if fid in node["ticket"]["fields"]})
    return values


def cases(kb: KnowledgeBase) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The browser data of each tree with a contact outcome, and one case per outcome reached."""
    trees: dict[str, Any] = {}
    found = []
    for tree_id, node_id in contact_outcomes(kb):
        tree = kb.trees[tree_id]
        path = shortest_path(kb, tree, node_id)
        if path is None:
            continue
        if tree_id not in trees:  # once per tree, not per outcome
            trees[tree_id] = browser_data(kb, tree)
        data = trees[tree_id]
        answers = [next(a for a in data["nodes"][at]["answers"] if a["id"] == answer["id"]) for at, answer in path]
        found.append({"name": f"{tree_id}--{node_id}", "tree": tree_id, "node": node_id,
                      "values": sample_values(kb, tree["nodes"][node_id], path),
                      "said": [a["said"] for a in answers if a["said"]]})
    return trees, found


def run_script(root: Path, data: dict[str, Any]) -> dict[str, str]:
    """{case name: message} from tests/js/golden-messages.js under node (RuntimeError if it fails)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is needed to write the messages with kb/ticket-text.js")
    with tempfile.TemporaryDirectory() as folder:
        given = Path(folder) / "cases.json"
        given.write_text(json.dumps(data), encoding="utf-8")
        done = subprocess.run([node, str(root / SCRIPT), str(given)], stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return dict(json.loads(done.stdout))


def _node_inputs(root: Path) -> str:
    """What node's answer depends on besides the cases: the script, the browser's
    code, node itself (its path, size and date) and the time zone and locale."""
    node = Path(shutil.which("node") or "node").resolve()
    try:
        stat = node.stat()
        binary = f"{node}:{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        binary = str(node)
    files = [root / SCRIPT, *sorted((root / JAVASCRIPTS).rglob("*.js"))]
    return cache.digest(binary, os.environ.get("TZ", ""), os.environ.get("LANG", ""), cache.files_digest(files))


def cached_script(root: Path, data: dict[str, Any]) -> dict[str, str]:
    """:func:`run_script`, its answer kept in .cache/golden/ under the hash of exactly
    what node is given and runs: the same inputs never start node twice; an entry
    that is not the answer to every case (damaged, edited) is run again."""
    key = cache.digest(json.dumps(data, sort_keys=True, ensure_ascii=False), _node_inputs(root))
    names = {case["name"] for case in data["cases"]}
    kept = cache.read(root, "golden", key)
    if isinstance(kept, dict) and set(kept) == names and all(isinstance(v, str) for v in kept.values()):
        return kept
    written = run_script(root, data)
    cache.write(root, "golden", key, written, prune="*.json")
    return written


def messages(root: Path, kb: KnowledgeBase) -> dict[str, str]:
    trees, found = cases(kb)
    return run_script(root, {"trees": trees, "cases": found, "today": TODAY})


def write_message(root: Path, name: str, text: str, *, replace: bool = False) -> bool:
    """``tests/golden/messages/<name>.txt`` written (`make check`: a new file only;
    ``replace``, `make golden`: in place of the old one, a symlink replaced rather
    than followed), never out of the project (the folder may be a symlink).
    False if it is not written."""
    folder = root / MESSAGES
    try:
        if not folder.resolve().is_relative_to(root.resolve()):
            return False
        folder.mkdir(parents=True, exist_ok=True)
        if not replace:
            with (folder / f"{name}.txt").open("x", encoding="utf-8", newline="") as out:
                out.write(text)
            return True
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / f"{name}.txt")
    except (OSError, RuntimeError):
        return False
    return True


def golden_problems(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """An outcome whose message is not its golden file's, a golden file without
    its outcome: each says which file and how to review it. A warning when node
    is not there (CI has it); nothing when the project has no golden messages."""
    if kb.broken or not (root / SCRIPT).is_file() or not (root / MESSAGES).is_dir():
        return []
    if shutil.which("node") is None:
        return [Problem(MESSAGES.as_posix(), 1, 1, "warning",
                        "node n’est pas installé : les messages de référence ne sont pas vérifiés ici, la CI le fera "
                        "(installez Node.js, celui de « make test »)", RULE)]
    trees, found_cases = cases(kb)
    more, subjects = subject_cases(kb, contact_outcomes(kb), TODAY, dict(trees))  # one run of node for both
    try:
        everything = cached_script(root, {"trees": {**more, **trees}, "cases": found_cases + subjects, "today": TODAY})
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError):
        return []  # the browser code itself failed: tests/js and make test say why, not an editor's mistake
    written = {c["name"]: everything[c["name"]] for c in found_cases if c["name"] in everything}
    found = subject_problems(kb, subjects, everything, TODAY)
    how = "relisez le nouveau message avec « make golden » (il réécrit le fichier), puis « git diff » dans la revue"
    for name, text in sorted(written.items()):
        tree_id, node_id = name.split("--", 1)
        golden = root / MESSAGES / f"{name}.txt"
        if golden.is_file() and golden.read_text(encoding="utf-8") == text:
            continue
        doc = kb.documents[tree_id]
        line, col = doc.at(("nodes", node_id), key=True)
        shown = (MESSAGES / golden.name).as_posix()
        if not golden.is_file() and write_message(root, name, text):
            # a new outcome: its message is written for the review, never one that changed
            found.append(Problem(doc.path, line, col, "warning",
                                 f"nouvelle issue « {node_id} » : son message de référence est écrit dans {shown} ; "
                                 "relisez-le, il part avec votre commit (git add tests/golden/messages/)", RULE))
            continue
        what = "a changé" if golden.is_file() else "n’a pas encore de message de référence"
        found.append(Problem(doc.path, line, col, "error",
                             f"le message envoyé au support pour l’issue « {node_id} » {what} ({shown}) : {how}", RULE))
    for tree_id, node_id in contact_outcomes(kb):
        if f"{tree_id}--{node_id}" not in written:
            doc = kb.documents[tree_id]
            line, col = doc.at(("nodes", node_id), key=True)
            found.append(Problem(doc.path, line, col, "error",
                                 f"l’issue « {node_id} » n’est atteinte depuis le début de son arbre que par un autre "
                                 "arbre ou par « Toujours bloqué » : son message de référence ne peut pas être écrit ; "
                                 "menez-y une réponse de cet arbre", RULE))
    names = {f"{t}--{n}" for t, n in contact_outcomes(kb)}
    for stale in sorted((root / MESSAGES).glob("*.txt")):
        if stale.stem not in names:
            found.append(Problem((MESSAGES / stale.name).as_posix(), 1, 1, "error",
                                 "message de référence d’une issue qui n’existe plus (ou n’a plus de ticket) : "
                                 "« make golden » le retire", RULE))
    return found
