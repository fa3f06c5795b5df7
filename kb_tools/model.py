"""The knowledge base once loaded: plain, normalised data plus where it came from.

Trees, channels and fields stay JSON-like dictionaries (what the schema
describes, with every default filled in), so that rendering to Markdown,
to JSON for the browser, or to another generator needs no conversion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .yaml_loader import Document

Tree = dict[str, Any]
Node = dict[str, Any]

#: Channel kinds through which a player sends a request (they carry a ticket).
CONTACT_KINDS = ("chat", "email", "form", "escalation")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class KnowledgeBase:
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    business_hours: dict[str, list[str]] = field(default_factory=dict)
    timezone: str = "Europe/Paris"
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    trees: dict[str, Tree] = field(default_factory=dict)
    #: Groups of words players use for one another, for search.
    synonyms: list[list[str]] = field(default_factory=list)
    #: Source document of each tree, by tree id, and of the two catalogues.
    documents: dict[str, Document] = field(default_factory=dict)
    #: Ids (file stems) of tree files that could not be loaded.
    broken: set[str] = field(default_factory=set)

    def resolve(self, ref: str, tree_id: str) -> tuple[str, str] | None:
        """Where ``next: ref`` written in ``tree_id`` leads, as ``(tree, node)``.

        A node of the same tree wins over a tree of the same name; ``tree``
        alone means that tree's start node; ``tree#node`` is explicit.
        """
        tree = self.trees.get(tree_id)
        if "#" in ref:
            other, node = ref.split("#", 1)
            target = self.trees.get(other)
            return (other, node) if target is not None and node in target["nodes"] else None
        if tree is not None and ref in tree["nodes"]:
            return tree_id, ref
        if ref in self.trees:
            return ref, self.trees[ref]["start"]
        return None


def normalise_tree(data: dict[str, Any]) -> Tree:
    """Fill every default so consumers never test for missing keys."""
    tree: Tree = {
        "id": data["id"],
        "title": data["title"],
        "description": data["description"],
        "category": data["category"],
        "keywords": list(data.get("keywords", [])),
        "start": data["start"],
        "nodes": {},
    }
    for node_id, node in data["nodes"].items():
        kind = node["type"]
        out: Node = {"id": node_id, "type": kind}
        if kind == "question":
            out["text"] = node["text"]
            out["help"] = node.get("help")
            out["answers"] = [
                {"label": a["label"], "next": a["next"], "set": dict(a.get("set", {}))}
                for a in node["answers"]
            ]
        elif kind == "checklist":
            out.update(title=node["title"], text=node.get("text"), steps=list(node["steps"]),
                       resolved=node["resolved"], next=node["next"])
        else:
            out.update(title=node["title"], channel=node["channel"],
                       urgency=node.get("urgency", "normal"), text=node["text"], ticket=None)
            if "ticket" in node:
                ticket = node["ticket"]
                out["ticket"] = {
                    "subject": ticket["subject"],
                    "fields": list(ticket["fields"]),
                    "attachments": list(ticket.get("attachments", [])),
                    "warnings": list(ticket.get("warnings", [])),
                }
        tree["nodes"][node_id] = out
    return tree


def edges(node: Node) -> list[tuple[tuple[str | int, ...], str]]:
    """The ``next`` references a node holds, each with its path inside the node."""
    if node["type"] == "question":
        return [(("answers", i, "next"), a["next"]) for i, a in enumerate(node["answers"])]
    if node["type"] == "checklist":
        return [(("resolved",), node["resolved"]), (("next",), node["next"])]
    return []


_CHANNEL_DEFAULTS: dict[str, Any] = {
    "url": None, "url_env": None, "address": None, "address_env": None,
    "prefill": None, "hours": None, "fallback": None, "via": None,
    "reply_business_hours": None, "example": False,
}
_FIELD_DEFAULTS: dict[str, Any] = {"hint": None, "required": False, "sensitive": False, "options": None}


def normalise_channel(data: dict[str, Any]) -> dict[str, Any]:
    return {**_CHANNEL_DEFAULTS, **data}


def normalise_field(data: dict[str, Any]) -> dict[str, Any]:
    return {**_FIELD_DEFAULTS, **data}
