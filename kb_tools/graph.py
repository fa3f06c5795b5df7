"""Text pictures of a tree for editors: Mermaid and Graphviz DOT (SVG: graph_svg)."""

from __future__ import annotations

import json

from .model import KnowledgeBase, Tree


def node_label(node: dict[str, object]) -> str:
    """The text that names a node: a question's text, otherwise its title."""
    text = node.get("text") if node["type"] == "question" else node.get("title")
    return str(text)


def targets(kb: KnowledgeBase, tree: Tree, node: dict[str, object]) -> list[tuple[str, str]]:
    """``(label, target id)`` of each edge; other trees appear as ``tree:ID``."""
    out = []
    for answer in node["answers"]:  # type: ignore[attr-defined]
        where = kb.resolve(answer["next"], tree["id"])
        if where is None:
            continue
        out.append((answer["label"], where[1] if where[0] == tree["id"] else f"tree:{where[0]}"))
    return out


def to_mermaid(kb: KnowledgeBase, tree: Tree) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace('"', "#quot;") + '"'

    def mid(node_id: str) -> str:
        return "n_" + node_id.replace("-", "_").replace(":", "__")

    lines = ["flowchart TD"]
    others: set[str] = set()
    for node_id, node in tree["nodes"].items():
        shape = {"question": ("{", "}"), "checklist": ("[", "]"), "outcome": ("([", "])")}[node["type"]]
        label = node_label(node) + (f" → {node['channel']}" if node["type"] == "outcome" else "")
        lines.append(f"  {mid(node_id)}{shape[0]}{quote(label)}{shape[1]}")
        for text, target in targets(kb, tree, node):
            if target.startswith("tree:"):
                others.add(target)
            lines.append(f"  {mid(node_id)} -->|{quote(text)}| {mid(target)}")
    for target in sorted(others):
        lines.append(f"  {mid(target)}[[{quote('Parcours ' + target[5:])}]]")
    return "\n".join(lines) + "\n"


def to_dot(kb: KnowledgeBase, tree: Tree) -> str:
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = [f"digraph {q(tree['id'])} {{", "  rankdir=TB;", '  node [fontname="sans-serif"];']
    others: set[str] = set()
    for node_id, node in tree["nodes"].items():
        shape = {"question": "diamond", "checklist": "box", "outcome": "ellipse"}[node["type"]]
        label = node_label(node) + (f"\\n→ {node['channel']}" if node["type"] == "outcome" else "")
        lines.append(f"  {q(node_id)} [shape={shape}, label={q(label)}];")
    for node_id, node in tree["nodes"].items():
        for text, target in targets(kb, tree, node):
            if target.startswith("tree:"):
                others.add(target)
            lines.append(f"  {q(node_id)} -> {q(target)} [label={q(text)}];")
    for target in sorted(others):
        lines.append(f"  {q(target)} [shape=component, label={q('Parcours ' + target[5:])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
