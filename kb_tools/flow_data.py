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

_ARTICLE_ONLY = ("help", "text", "steps", "title")  # shown from the article's own HTML, not from the data
#: What the browser never reads of a channel: the deployment's variables, the example marks (the
#: build's notice), the texts its card already says (``card``), and the fallback the article alone says.
_CHANNEL_BUILD_ONLY = ("address_env", "body_name_env", "body_url_env", "complaint_required_env",
                       "complaint_wait_days_env", "url_env", "example", "complaint_example", "delay", "purpose")
_CARD_BUILD_ONLY = ("fallback",)
#: What the browser never reads of an answer (the article's link says it; the trail is ``said``),
#: of its target (the anchor: from the flow's ``anchor_prefix``) and of a field (the golden messages' example).
_ANSWER_BUILD_ONLY = ("label", "trail")
_FIELD_BUILD_ONLY = ("example",)
_DAYS = tuple(f"day_{day}" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
#: The strings the browser flow says (kb/*.js), by the part of a flow that says them: a page
#: carries only those of the parts its flow has (tests/unit/test_flow_strings.py: every key the
#: modules say is in one part). The others are the build's own (the article, the cards).
BROWSER_STRINGS: dict[str, tuple[str, ...]] = {
    "flow": ("step", "solution", "live_question", "live_solution", "guide_changed", "old_link"),
    # « Cela vous a-t-il aidé ? » under an outcome without a request form (outcome.js feedback)
    "feedback": ("feedback_question", "feedback_yes", "feedback_no", "feedback_thanks_yes", "feedback_thanks_no",
                 "feedback_next"),
    # the request form (ticket-form.js, ticket-text.js, fields.js, field-control.js, deflect.js)
    "ticket": ("ticket_title", "ticket_intro", "ticket_subject_line", "message_label", "ticket_hello",
               "ticket_description", "ticket_checked", "ticket_thanks", "ticket_earlier", "ticket_field_line",
               "ticket_field_block", "required_label", "sensitive_not_kept", "choose", "amount", "secret_mark",
               "error_required", "error_email", "error_date", "error_future", "error_date_old", "error_amount",
               "error_left_out", "note_secret", "note_card", "action_blocked", "action_blocked_many", "write_email",
               "write_by_email", "copy", "copied", "copy_failed", "download", "downloaded", "deflect_title"),
    "attachments": ("attachments_legend", "attachments_hint", "ticket_attachments"),
    # a time on the catalogue's clock (clock.js, outcome.js): the chat's hours, a reply's deadline
    "clock": ("zone", "in_zone", "due_at", "due_end", "today", "tomorrow", *_DAYS),
    "chat": ("chat_open", "chat_closed", "chat_closed_until", "chat_reopens", "chat_copied", "chat_copy_by_hand"),
    "reply": ("reply_due",),
    "complaint": ("ticket_complaint_dated",),
    # the complaint ladder (referral.js), its days in words
    "mediation": ("referral_from", "referral_now", "referral_free", "referral_missing", "referral_write",
                  "referral_invalid", "referral_after", *_DAYS),
    "incidents": ("known_issue", "known_issue_relevance"),
}
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


def browser_parts(data: Mapping[str, Any]) -> set[str]:
    """The parts of ``BROWSER_STRINGS`` a flow has, from its data."""
    outcomes = [n for n in data["nodes"].values() if n["type"] == "outcome"]
    tickets = [n["ticket"] for n in outcomes if n.get("ticket")]
    channels = list(data["channels"].values())
    parts = {"flow"}
    parts |= {"feedback"} if any(not n.get("ticket") for n in outcomes) else set()
    parts |= {"ticket"} if tickets else set()
    parts |= {"attachments"} if any(t["attachments"] for t in tickets) else set()
    parts |= {"complaint"} if any(t.get("complaint") for t in tickets) else set()
    parts |= {"chat", "clock"} if any(c["kind"] == "chat" for c in channels) else set()
    parts |= {"reply", "clock"} if any(c.get("reply_business_hours") for c in channels) else set()
    # the ladder under a request form, on a flow with a mediation channel (kb/needs.js "referral")
    parts |= {"mediation"} if tickets and any(c["kind"] == "mediation" for c in channels) else set()
    parts |= {"incidents"} if data["incidents"] else set()
    return parts


def browser_data(kb: KnowledgeBase, tree: Tree) -> dict[str, Any]:
    """flow_data without what the browser never reads: the Markdown texts the
    page already shows, the build's own parts of the channels, and the strings
    of parts the flow does not have (``BROWSER_STRINGS``)."""
    data = flow_data(kb, tree)
    data["nodes"] = {
        nid: {k: v for k, v in node.items() if k not in _ARTICLE_ONLY}
        | {"answers": [{k: v for k, v in answer.items() if k not in _ANSWER_BUILD_ONLY}
                       | {"target": {k: v for k, v in answer["target"].items() if k != "anchor"}}
                       for answer in node["answers"]]}
        for nid, node in data["nodes"].items()
    }
    data["fields"] = {fid: {k: v for k, v in field.items() if k not in _FIELD_BUILD_ONLY}
                      for fid, field in data["fields"].items()}
    data["channels"] = {
        cid: {k: v for k, v in channel.items() if k not in _CHANNEL_BUILD_ONLY}
        | {"card": {k: v for k, v in channel["card"].items() if k not in _CARD_BUILD_ONLY}}
        for cid, channel in data["channels"].items()
    }
    said = {key for part in browser_parts(data) for key in BROWSER_STRINGS[part]}
    data["strings"] = {key: text for key, text in data["strings"].items() if key in said}
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
