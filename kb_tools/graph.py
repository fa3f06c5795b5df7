"""Text pictures of a tree for editors: Mermaid and Graphviz DOT (SVG: graph_svg)."""

from __future__ import annotations

import json

from .flow_data import node_heading as node_label
from .model import Answer, KnowledgeBase, Node, Target, Tree

__all__ = ["box_id", "node_label", "targets", "to_dot", "to_mermaid"]


def targets(kb: KnowledgeBase, tree: Tree, node: Node) -> list[tuple[Answer, Target]]:
    """Each answer of ``node`` that leads somewhere, with where it leads."""
    out = []
    for answer in node["answers"]:
        where = kb.target(answer, tree["id"])
        if where is not None:
            out.append((answer, where))
    return out


def box_id(tree: Tree, target: Target) -> str:
    """The picture's name of what ``target`` leads to: a node of this tree, or
    another tree as a whole (its anchor prefix, ``TREE--``, which no node id can be)."""
    return target["node"] if target["tree"] == tree["id"] else f"{target['tree']}--"


def _others(kb: KnowledgeBase, tree: Tree) -> dict[str, str]:
    """The other trees the answers lead to: picture name -> tree id."""
    return {box_id(tree, where): where["tree"] for node in tree["nodes"].values()
            for _, where in targets(kb, tree, node) if where["tree"] != tree["id"]}


def to_mermaid(kb: KnowledgeBase, tree: Tree) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace('"', "#quot;") + '"'

    def mid(name: str) -> str:
        return "n_" + name.replace("-", "_")

    lines = ["flowchart TD"]
    for node_id, node in tree["nodes"].items():
        shape = {"question": ("{", "}"), "checklist": ("[", "]"), "outcome": ("([", "])")}[node["type"]]
        label = node_label(node) + (f" → {node['channel']}" if node["type"] == "outcome" else "")
        lines.append(f"  {mid(node_id)}{shape[0]}{quote(label)}{shape[1]}")
        for answer, where in targets(kb, tree, node):
            lines.append(f"  {mid(node_id)} -->|{quote(answer['label'])}| {mid(box_id(tree, where))}")
    for name, other in sorted(_others(kb, tree).items()):
        lines.append(f"  {mid(name)}[[{quote('Parcours ' + other)}]]")
    return "\n".join(lines) + "\n"


def to_dot(kb: KnowledgeBase, tree: Tree) -> str:
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = [f"digraph {q(tree['id'])} {{", "  rankdir=TB;", '  node [fontname="sans-serif"];']
    for node_id, node in tree["nodes"].items():
        shape = {"question": "diamond", "checklist": "box", "outcome": "ellipse"}[node["type"]]
        label = node_label(node) + (f"\\n→ {node['channel']}" if node["type"] == "outcome" else "")
        lines.append(f"  {q(node_id)} [shape={shape}, label={q(label)}];")
    for node_id, node in tree["nodes"].items():
        for answer, where in targets(kb, tree, node):
            lines.append(f"  {q(node_id)} -> {q(box_id(tree, where))} [label={q(answer['label'])}];")
    for name, other in sorted(_others(kb, tree).items()):
        lines.append(f"  {q(name)} [shape=component, label={q('Parcours ' + other)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
