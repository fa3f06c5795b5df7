"""The flow data: everything the browser flow needs for one tree, computed at
build time (references resolved, channel card and trail texts written, the UI
strings), so that the browser keeps only what depends on the clock or on what
the player types. The same texts feed the article (Jinja): one source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import strings
from .hours import build_month, public_holidays
from .incidents import flow_incidents
from .legacy import is_legacy
from .model import Answer, KnowledgeBase, Node, Target, Tree, anchor
from .text import NBSP, french_spacing, lcfirst
from .ticket_values import PLACEHOLDER, SEGMENT

_ARTICLE_ONLY = ("help", "text", "steps")  # shown from the article's own HTML, not from the data
#: The space between a number and its unit (« 48 h », « 30 min »): never a line break there.
_UNIT_SPACE = re.compile(r"(?<=[0-9]) (?=(?:h|min)(?![A-Za-zÀ-ÿ]))")


def _delay(text: str) -> str:
    """A channel's delay as the card says it: French spacing, « 48 h » held together, lower-case start."""
    return lcfirst(_UNIT_SPACE.sub(NBSP, french_spacing(text)))


def target(kb: KnowledgeBase, tree: Tree, answer: Answer) -> Target:
    found = kb.target(answer, tree["id"])
    if found is None:  # only reachable on unvalidated input
        raise ValueError(f"{tree['id']}: unresolved reference {answer['next']!r}")
    return found


def node_heading(node: Node) -> str:
    """The text that names a node: a question's text, otherwise its title."""
    return str(node["text"] if node["type"] == "question" else node["title"])


def trail(node: Node, answer: Answer) -> str:
    """The line « Étapes déjà tentées » shows for ``answer`` taken at ``node``."""
    return french_spacing(strings.fill("trail", question=node_heading(node), answer=answer["label"]))


def channel_card(kb: KnowledgeBase, channel_id: str) -> dict[str, str | None]:
    """What the card of a channel says (the article and the browser flow).

    ``via``: the channel is reached through another one, whose example
    address and fallback are told. Every channel the card names has its
    button in the flow (ticket-form.js ``actions``)."""
    channel = kb.channels[channel_id]
    reach = kb.channels.get(channel["via"] or "", channel)
    fallback = kb.channels.get(reach["fallback"] or "")
    return {
        "title": strings.fill("card_title", name=channel["name"]),
        "purpose": french_spacing(channel["purpose"]),
        "delay": strings.fill("card_delay", delay=_delay(channel["delay"])),
        # a chat's fallback is for its closed hours; a form's (or an e-mail's) is another way to write
        "fallback": None if fallback is None else strings.fill(
            "card_fallback" if reach["hours"] else "card_also", name=lcfirst(fallback["name"]), delay=_delay(fallback["delay"])),
        "while_closed": None if fallback is None or reach["kind"] != "chat" else strings.fill(
            "card_while_closed", name=lcfirst(fallback["name"])),
        "open": _open_label(reach),
        # the body behind the channel (a mediation's), named and linked when the catalogue says which
        "body": strings.fill("card_body", name=channel["body_name"]) if channel.get("body_name") else None,
        "body_link": strings.get("card_body_link") if channel.get("body_url") else None,
        "complaint": complaint_rule(channel),
    }


def complaint_rule(channel: Mapping[str, Any]) -> str | None:
    """What a mediation asks first (catalogue ``complaint_required``, ``complaint_wait_days``), or None."""
    required, days = channel.get("complaint_required"), channel.get("complaint_wait_days")
    if required is None or days is None:
        return None
    if not required:
        return strings.get("card_complaint_free")
    if not days:
        return strings.get("card_complaint_first")
    return strings.fill("card_complaint_wait", days=f"{days}{NBSP}jour{'s' if days > 1 else ''}")


def _open_label(reach: dict[str, Any]) -> str | None:
    """The text of the button that opens the channel's address (an e-mail is written to instead)."""
    if reach["kind"] == "email" or not reach["url"]:
        return None
    if reach["kind"] == "chat":
        return strings.fill("open_chat", name=lcfirst(reach["name"]))
    if reach["kind"] in ("form", "mediation"):
        return strings.get("open_form" if reach["kind"] == "form" else "open_terms")
    return strings.fill("open_other", name=lcfirst(reach["name"]))


def _channel_ids(kb: KnowledgeBase, tree: Tree) -> list[str]:
    found: list[str] = []
    todo = [n["channel"] for n in tree["nodes"].values() if n["type"] == "outcome"]
    while todo:
        cid = todo.pop(0)
        if cid in found or cid not in kb.channels:
            continue
        found.append(cid)
        channel = kb.channels[cid]
        todo += [channel[k] for k in ("fallback", "via") if channel.get(k)]
    return sorted(found)


def _answer(kb: KnowledgeBase, tree: Tree, node: Node, answer: Answer) -> dict[str, Any]:
    said = answer["said"]
    to: dict[str, Any] = dict(target(kb, tree, answer))
    if to["tree"] != tree["id"] and kb.trees.get(to["tree"], {}).get("sensitive"):
        to["sensitive"] = True  # a handover into a sensitive flow writes nothing to storage (flow.js)
    return {"id": answer["id"], "label": answer["label"], "set": dict(answer["set"]),
            "target": to, "trail": trail(node, answer),
            "said": french_spacing(said) if said else None}


def _ticket(ticket: dict[str, Any]) -> dict[str, Any]:
    """A ticket as the browser reads it: the request spaced the French way,
    attachments as ``{label, when}`` (``when``: field id -> values, or None)."""
    return dict(ticket, request=french_spacing(ticket["request"]),
                attachments=[{"label": a["label"], "when": a["when"]} for a in ticket["attachments"]])


def flow_data(kb: KnowledgeBase, tree: Tree) -> dict[str, Any]:
    """Everything the browser flow needs for one tree, references resolved."""
    nodes: dict[str, Any] = {}
    field_ids: set[str] = set()
    for node_id, node in tree["nodes"].items():
        out = dict(node, answers=[_answer(kb, tree, node, a) for a in node["answers"]])
        if node["type"] == "outcome" and node["ticket"]:
            out["ticket"] = _ticket(node["ticket"])
        for answer in node["answers"]:
            field_ids.update(answer["set"])
        if node["type"] == "outcome" and node["ticket"]:
            field_ids.update(node["ticket"]["fields"])
        nodes[node_id] = out
    strings_data = strings.flow_catalogue()
    strings_data["zone"] = strings.zone_label(kb.timezone)
    return {
        "id": tree["id"],
        "title": tree["title"],
        "category": tree["category"],
        # quick exit, no history entry, nothing stored, no beacon (flow.js, quick-exit.js)
        "sensitive": tree["sensitive"],
        "start": tree["start"],
        "anchor_prefix": anchor(tree["id"], ""),
        "timezone": kb.timezone,
        "business_hours": kb.business_hours,
        "holidays": list(public_holidays(*build_month())),
        "legacy": is_legacy(tree),
        "placeholder": PLACEHOLDER.pattern,
        "segment": SEGMENT.pattern,
        "strings": strings_data,
        "nodes": nodes,
        "channels": {cid: dict(kb.channels[cid], card=channel_card(kb, cid)) for cid in _channel_ids(kb, tree)},
        "fields": {fid: kb.fields[fid] for fid in sorted(field_ids) if fid in kb.fields},
        # the request form's « Problème connu » line, while the browser's clock is inside the window
        "incidents": flow_incidents(kb, tree),
    }


def browser_data(kb: KnowledgeBase, tree: Tree) -> dict[str, Any]:
    """flow_data without the Markdown texts the page already shows."""
    data = flow_data(kb, tree)
    data["nodes"] = {
        nid: {k: v for k, v in node.items() if k not in _ARTICLE_ONLY or (node["type"] == "question" and k == "text")}
        for nid, node in data["nodes"].items()
    }
    return data


def export(kb: KnowledgeBase) -> dict[str, Any]:
    """All trees, normalised, with the catalogues: the ``export`` command's output."""
    return {
        "timezone": kb.timezone,
        "business_hours": kb.business_hours,
        "channels": kb.channels,
        "fields": kb.fields,
        "trees": {tid: flow_data(kb, kb.trees[tid]) for tid in sorted(kb.trees)},
    }
