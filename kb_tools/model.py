"""The knowledge base once loaded: plain, normalised data plus where it came from.

Trees, channels and fields stay JSON-like dictionaries (what the schema
describes, with every default filled in), so that rendering to Markdown,
to JSON for the browser, or to another generator needs no conversion. The
TypedDicts below say what each dictionary holds.

An edge of a tree is always an :class:`Answer`: a question's answers come from
the YAML; a checklist's ``resolved:`` and ``next:`` become two answers with
the ids ``resolu`` and ``bloque``; a self-help outcome's ``still_stuck:``
becomes its one answer, ``toujours-bloque``; an outcome with a ticket has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

from . import strings
from .yaml_loader import Document

#: Where a value was written inside its node, as a key path (``("answers", 0, "next")``).
SourcePath = tuple[str | int, ...]

#: The fixed answer ids of a checklist, in this order.
RESOLVED, STUCK = "resolu", "bloque"
#: The id of the one answer of a self-help outcome: its ``still_stuck:`` way on.
STILL_STUCK = "toujours-bloque"
#: Where an answer added by a question's ``more: trees`` was "written": that key
#: (kb_tools/router_check.py adds one per tree the router does not offer yet).
MORE: SourcePath = ("more",)


class Target(TypedDict):
    tree: str
    node: str
    #: The node's heading anchor, ``TREE--NODE``.
    anchor: str


class Answer(TypedDict):
    #: Stable within its node: the ``id:`` written, else the target's node id (or tree id).
    id: str
    label: str
    #: The reference as written (``node``, ``tree`` or ``tree#node``).
    next: str
    set: dict[str, str]
    #: The player's first-person sentence the request carries under « Ce que
    #: j'ai déjà fait » (a question's ``said:``, a checklist's ``done:`` on
    #: both its answers); None: nothing said.
    said: str | None
    #: Where ``next`` was written in the node; ``id_source``: where the id was
    #: (None when it is derived from ``next``).
    source: SourcePath
    id_source: SourcePath | None


class _NodeBase(TypedDict):
    id: str
    type: Literal["question", "checklist", "outcome"]
    #: The heading anchor in the article, ``TREE--NODE``.
    anchor: str
    answers: list[Answer]


class QuestionNode(_NodeBase):
    text: str
    help: str | None


class ChecklistNode(_NodeBase):
    title: str
    text: str | None
    steps: list[str]
    #: The checks made, in the player's words (carried by both answers: « Toujours bloqué » after « C’est réglé » still tells them).
    done: str


class Attachment(TypedDict):
    label: str
    #: Shown only while a field's value is one of these: field id -> values.
    #: None: always shown.
    when: dict[str, list[str]] | None


class Ticket(TypedDict):
    subject: str
    #: The player's opening sentence; ``[ ... ]`` segments hold its placeholders
    #: ("" when not written: the rule missing-request refuses it).
    request: str
    fields: list[str]
    attachments: list[Attachment]
    warnings: list[str]
    #: The written complaint before mediation: dated the day the player writes it.
    complaint: bool


class OutcomeNode(_NodeBase):
    title: str
    channel: str
    urgency: str
    text: str
    ticket: Ticket | None


class HomeCard(TypedDict):
    """A tree's card on the home page (``home:``), defaults filled in."""
    #: None: after the cards with an order.
    order: int | None
    title: str
    text: str


#: A tree: ``id``, ``title``, ``description``, ``category``, ``keywords``,
#: ``home`` (a HomeCard, None for ``home: false``), ``router`` (False for
#: ``router: false``), ``sensitive`` (True: quick exit, no trail), ``start``, ``nodes`` (node id -> QuestionNode |
#: ChecklistNode | OutcomeNode), ``reviewed`` and ``owner`` (None when absent).
#: Consumers read nodes by key, as JSON is read, hence the loose aliases.
Tree = dict[str, Any]
Node = dict[str, Any]

#: Channel kinds through which a player sends a request (they carry a ticket).
CONTACT_KINDS = ("chat", "email", "form", "escalation")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def anchor(tree_id: str, node_id: str) -> str:
    """A node's heading anchor: namespaced by its tree, so two flows on a page
    and the page's own headings never share one."""
    return f"{tree_id}--{node_id}"


def default_answer_id(ref: str) -> str:
    """The id of an answer without ``id:``: its target's node id (the part
    after ``#``), or the tree id for ``next: tree``."""
    return ref.split("#", 1)[-1]


@dataclass
class KnowledgeBase:
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    business_hours: dict[str, list[str]] = field(default_factory=dict)
    timezone: str = "Europe/Paris"
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    trees: dict[str, Tree] = field(default_factory=dict)
    #: Groups of words players use for one another, for search.
    synonyms: list[list[str]] = field(default_factory=list)
    #: Known incidents (trees/_incidents.yml), times as ISO 8601 with their offset.
    incidents: list[dict[str, Any]] = field(default_factory=list)
    #: Source document of each tree, by tree id, and of the two catalogues.
    documents: dict[str, Document] = field(default_factory=dict)
    #: Ids (file stems) of tree files that could not be loaded.
    broken: set[str] = field(default_factory=set)

    def resolve(self, ref: str, tree_id: str) -> tuple[str, str] | None:
        """Where ``next: ref`` written in ``tree_id`` leads, as ``(tree, node)``.

        A node of the same tree wins over a tree of the same name; ``tree``
        alone means that tree's start node; ``tree#node`` is explicit. A tree
        whose ``start`` names no node of its own leads nowhere known (the tree
        reports its start itself).
        """
        tree = self.trees.get(tree_id)
        if "#" in ref:
            other, node = ref.split("#", 1)
            target = self.trees.get(other)
            return (other, node) if target is not None and node in target["nodes"] else None
        if tree is not None and ref in tree["nodes"]:
            return tree_id, ref
        if ref in self.trees and self.trees[ref]["start"] in self.trees[ref]["nodes"]:
            return ref, self.trees[ref]["start"]
        return None

    def target(self, answer: Answer, tree_id: str) -> Target | None:
        """Where ``answer`` of a node of ``tree_id`` leads (None: nowhere known)."""
        where = self.resolve(answer["next"], tree_id)
        return None if where is None else Target(tree=where[0], node=where[1], anchor=anchor(*where))


def _answer(label: str, ref: str, source: SourcePath, given_id: str | None = None,
            id_source: SourcePath | None = None, preset: dict[str, str] | None = None,
            said: str | None = None) -> Answer:
    return Answer(id=given_id or default_answer_id(ref), label=label, next=ref, set=dict(preset or {}),
                  said=said, source=source, id_source=id_source if given_id else None)


def attachment(item: str | dict[str, Any]) -> Attachment:
    """An ``attachments:`` item, a text or ``{label, when}``, as one shape
    (each ``when`` value a list)."""
    if isinstance(item, str):
        return Attachment(label=item, when=None)
    when = {k: [v] if isinstance(v, str) else list(v) for k, v in item["when"].items()}
    return Attachment(label=item["label"], when=when)


def normalise_tree(data: dict[str, Any]) -> Tree:
    """Fill every default so consumers never test for missing keys."""
    tree: Tree = {
        "id": data["id"],
        "title": data["title"],
        "description": data["description"],
        "category": data["category"],
        "keywords": list(data.get("keywords", [])),
        "home": home_card(data),
        "router": data.get("router", True) is not False,
        "sensitive": data.get("sensitive") is True,
        "start": data["start"],
        "nodes": {},
        # who keeps it true and when they last checked it (kb_tools/review.py), None when not written
        "reviewed": data.get("reviewed"),
        "owner": data.get("owner"),
    }
    for node_id, node in data["nodes"].items():
        tree["nodes"][node_id] = normalise_node(data["id"], node_id, node)
    return tree


def home_card(data: dict[str, Any]) -> HomeCard | None:
    """The ``home:`` of a tree file: its card, the title and the description by default."""
    home = data.get("home", {})
    if home is False:
        return None
    return HomeCard(order=home.get("order"), title=home.get("title", data["title"]),
                    text=home.get("text", data["description"]))


def normalise_node(tree_id: str, node_id: str, node: dict[str, Any]) -> QuestionNode | ChecklistNode | OutcomeNode:
    kind = node["type"]
    where = anchor(tree_id, node_id)
    if kind == "question":
        answers = [_answer(a["label"], a["next"], ("answers", i, "next"), a.get("id"), ("answers", i, "id"),
                           a.get("set"), a.get("said")) for i, a in enumerate(node["answers"])]
        return QuestionNode(id=node_id, type="question", anchor=where, answers=answers,
                            text=node["text"], help=node.get("help"))
    if kind == "checklist":
        # either way the checks were made: « Toujours bloqué » after « C'est réglé » still tells them
        answers = [_answer(strings.get("answer_resolved"), node["resolved"], ("resolved",), RESOLVED, said=node["done"]),
                   _answer(strings.get("answer_stuck"), node["next"], ("next",), STUCK, said=node["done"])]
        return ChecklistNode(id=node_id, type="checklist", anchor=where, answers=answers,
                             title=node["title"], text=node.get("text"), steps=list(node["steps"]),
                             done=node["done"])
    ticket = node.get("ticket")
    way_on = [_answer(strings.get("still_stuck_label"), node["still_stuck"], ("still_stuck",), STILL_STUCK)] \
        if node.get("still_stuck") else []
    return OutcomeNode(
        id=node_id, type="outcome", anchor=where, answers=way_on, title=node["title"], channel=node["channel"],
        urgency=node.get("urgency", "normal"), text=node["text"],
        ticket=None if ticket is None else Ticket(
            subject=ticket["subject"], request=ticket.get("request", ""), fields=list(ticket["fields"]),
            attachments=[attachment(a) for a in ticket.get("attachments", [])],
            warnings=list(ticket.get("warnings", [])), complaint=bool(ticket.get("complaint", False))))


_CHANNEL_DEFAULTS: dict[str, Any] = {
    "url": None, "url_env": None, "address": None, "address_env": None,
    "prefill": None, "hours": None, "closed_on_holidays": True, "fallback": None, "via": None,
    "reply_business_hours": None, "example": False,
    "body_name": None, "body_name_env": None, "body_url": None, "body_url_env": None,
    "complaint_required": None, "complaint_required_env": None, "complaint_wait_days": None,
    "complaint_wait_days_env": None, "complaint_example": False,
}
_FIELD_DEFAULTS: dict[str, Any] = {"hint": None, "required": False, "sensitive": False, "options": None,
                                   "role": None, "example": None}


def normalise_channel(data: dict[str, Any]) -> dict[str, Any]:
    return {**_CHANNEL_DEFAULTS, **data}


def normalise_field(data: dict[str, Any]) -> dict[str, Any]:
    return {**_FIELD_DEFAULTS, **data}
