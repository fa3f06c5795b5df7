"""What support needs from every tree, whatever the case: the rules of the
customer-service guide that tests/content/ checks on every tree, checked here
too so that `make check` says it before CI does (docs-dev/check-coverage.md).

- a contact outcome (chat, e-mail, form, escalation) asks for the account's
  e-mail (``contact-email``);
- documents are sent by e-mail or by the form, never in the chat
  (``document-channel``);
- « Ça a résolu mon problème » of a checklist ends on a self-help outcome
  (``resolved-self-help``);
- the request says again, in the player's sentence, the values its subject
  names (``request-subject``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from .model import CONTACT_KINDS, RESOLVED, KnowledgeBase
from .problems import Problem

#: the field the guide asks first in every contact, and the one that is a document
EMAIL_FIELD = "email"
DOCUMENT_FIELD = "document"
_PLACEHOLDER = re.compile(r"\{([a-z0-9-]+)\}")


def _nodes(kb: KnowledgeBase, skip: Collection[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for tree_id, tree in sorted(kb.trees.items()):
        if tree_id in kb.documents and kb.documents[tree_id].path not in skip:
            for node_id, node in tree["nodes"].items():
                yield tree_id, node_id, node


def _kind(kb: KnowledgeBase, channel: str) -> str | None:
    found = kb.channels.get(channel)
    return None if found is None else str(found.get("kind"))


def support_problems(kb: KnowledgeBase, skip: Collection[str] = ()) -> list[Problem]:
    """The rules above, on every tree but those whose file is in ``skip``."""
    found: list[Problem] = []

    def add(tree_id: str, where: tuple[str | int, ...], message: str, rule: str) -> None:
        doc = kb.documents[tree_id]
        line, col = doc.at(where)
        found.append(Problem(doc.path, line, col, "error", message, rule))

    for tree_id, node_id, node in _nodes(kb, skip):
        at = ("nodes", node_id)
        if node["type"] == "checklist":
            way = next((str(a["next"]) for a in node["answers"] if a["id"] == RESOLVED), "")
            resolved = kb.resolve(way, tree_id)
            target = None if resolved is None else kb.trees[resolved[0]]["nodes"].get(resolved[1])
            if target is not None and (target["type"] != "outcome" or _kind(kb, target["channel"]) != "self_help"):
                add(tree_id, (*at, "resolved"),
                    f"« {way} » n’est pas une issue sans contact : « Ça a résolu mon problème » mène "
                    "à une issue dont le canal est de sorte self_help (comme « Problème résolu », canal faq)",
                    "resolved-self-help")
        if node["type"] != "outcome" or not node.get("ticket"):
            continue
        ticket, kind = node["ticket"], _kind(kb, node["channel"])
        fields = list(ticket.get("fields") or [])
        if kind in CONTACT_KINDS and EMAIL_FIELD in kb.fields and EMAIL_FIELD not in fields:
            add(tree_id, (*at, "ticket", "fields"),
                f"le ticket ne demande pas l’e-mail du compte : ajoutez « {EMAIL_FIELD} » à fields "
                "(le support en a besoin pour retrouver le joueur)", "contact-email")
        if DOCUMENT_FIELD in fields and kind not in {"email", "form"}:
            add(tree_id, (*at, "channel"),
                f"des documents (champ « {DOCUMENT_FIELD} ») ne s’envoient que par e-mail ou formulaire : "
                "prenez un canal de sorte email ou form, jamais le chat", "document-channel")
        roles = {fid for fid, f in kb.fields.items() if f.get("role") or f.get("type") == "date"}
        named = set(_PLACEHOLDER.findall(str(ticket.get("subject") or ""))) - roles
        missing = sorted(named - set(_PLACEHOLDER.findall(str(ticket.get("request") or ""))))
        if missing and ticket.get("request"):
            add(tree_id, (*at, "ticket", "request"),
                f"l’objet nomme {', '.join('{' + m + '}' for m in missing)} mais pas la demande : reprenez cette "
                "valeur dans request, dans un segment [ … ] (le support la lit dans la phrase du joueur)",
                "request-subject")
    return found
