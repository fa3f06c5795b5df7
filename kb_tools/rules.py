"""Rules the schema cannot express: references between nodes, trees,
channels and fields, and the shape of each tree's graph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from . import head_text
from .links import unsafe_links
from .model import CONTACT_KINDS, KnowledgeBase, Tree, edges
from .problems import Problem
from .yaml_loader import Document

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

Path = tuple[str | int, ...]


class _Reporter:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def error(self, path: Path, message: str, rule: str, *, key: bool = False) -> None:
        line, col = self.doc.at(path, key=key)
        self.problems.append(Problem(self.doc.path, line, col, "error", message, rule))

    def warning(self, path: Path, message: str, rule: str, *, key: bool = False) -> None:
        line, col = self.doc.at(path, key=key)
        self.problems.append(Problem(self.doc.path, line, col, "warning", message, rule))


def _markdown_texts(tree: Tree) -> Iterator[tuple[Path, str]]:
    for node_id, node in tree["nodes"].items():
        base: Path = ("nodes", node_id)
        for key in ("help", "text"):
            if node.get(key):
                yield (*base, key), node[key]
        for i, step in enumerate(node.get("steps", [])):
            yield (*base, "steps", i), step


def check_tree(tree: Tree, kb: KnowledgeBase, stem: str) -> list[Problem]:
    doc = kb.documents[tree["id"]]
    report = _Reporter(doc)
    nodes = tree["nodes"]
    if tree["id"] != stem:
        report.error(("id",), f"l'identifiant « {tree['id']} » doit être le nom du fichier ({stem}.yml)",
                     "id-filename")

    def target(path: Path, ref: str) -> None:
        if kb.resolve(ref, tree["id"]) is not None:
            return
        other = ref.split("#", 1)[0]
        if other in kb.broken:
            return  # that tree has errors of its own, reported there
        if "#" in ref and other in kb.trees:
            known = ", ".join(sorted(kb.trees[other]["nodes"]))
            report.error(path, f"l'arbre « {other} » n'a pas de nœud « {ref.split('#', 1)[1]} » ; "
                               f"nœuds connus : {known}", "unknown-node")
        elif "#" in ref:
            report.error(path, f"aucun arbre « {other} » ; arbres connus : {', '.join(sorted(kb.trees))}",
                         "unknown-tree")
        else:
            report.error(path, f"« {ref} » n'est ni un nœud de cet arbre ni un autre arbre ; "
                               f"nœuds de cet arbre : {', '.join(sorted(nodes))}", "unknown-node")

    for key, what in (("title", "Le titre"), ("description", "La description"), ("category", "La rubrique")):
        char = head_text.markup_in(tree[key])
        if char is not None:
            report.error((key,), head_text.message(what, char), "head-markup")
    target(("start",), tree["start"])
    for node_id, node in nodes.items():
        base: Path = ("nodes", node_id)
        for sub, ref in edges(node):
            target(base + sub, ref)
        if node["type"] == "question":
            labels: set[str] = set()
            for i, answer in enumerate(node["answers"]):
                if answer["label"] in labels:
                    report.error((*base, "answers", i, "label"),
                                 f"deux réponses ont le même libellé « {answer['label']} »", "duplicate-answer")
                labels.add(answer["label"])
                for field_id in answer["set"]:
                    if field_id not in kb.fields:
                        report.error((*base, "answers", i, "set", field_id),
                                     f"champ « {field_id} » absent de _fields.yml", "unknown-field", key=True)
        if node["type"] == "outcome":
            _check_outcome(report, base, node, kb)
    for path, text in _markdown_texts(tree):
        for refused in unsafe_links(text):
            report.error(path, f"lien « {refused} » refusé ; seuls https:, mailto: et les liens "
                               "vers les pages du site sont permis", "unsafe-url")
    _check_graph(report, tree, kb)
    return report.problems


def _check_outcome(report: _Reporter, base: Path, node: dict[str, Any], kb: KnowledgeBase) -> None:
    channel = kb.channels.get(node["channel"])
    if channel is None:
        if kb.channels:
            report.error((*base, "channel"), f"canal « {node['channel']} » inconnu ; canaux : "
                                               f"{', '.join(sorted(kb.channels))}", "unknown-channel")
        return
    ticket = node["ticket"]
    if channel["kind"] in CONTACT_KINDS and ticket is None:
        report.error(base, f"une issue vers le canal « {node['channel']} » doit décrire le ticket "
                           "(clé « ticket » : objet et champs)", "missing-ticket", key=True)
    if ticket is None:
        return
    for i, field_id in enumerate(ticket["fields"]):
        if kb.fields and field_id not in kb.fields:
            report.error((*base, "ticket", "fields", i), f"champ « {field_id} » absent de _fields.yml ; "
                                                         f"champs : {', '.join(sorted(kb.fields))}", "unknown-field")
    for name in _PLACEHOLDER.findall(ticket["subject"]):
        if name not in ticket["fields"]:
            report.error((*base, "ticket", "subject"),
                         f"« {{{name}}} » dans l'objet n'est pas un des champs du ticket "
                         f"({', '.join(ticket['fields'])})", "unknown-placeholder")


def _check_graph(report: _Reporter, tree: Tree, kb: KnowledgeBase) -> None:
    nodes = tree["nodes"]
    local: dict[str, list[str]] = {}
    exits: set[str] = set()
    for node_id, node in nodes.items():
        local[node_id] = []
        if node["type"] == "outcome":
            exits.add(node_id)
        for _, ref in edges(node):
            where = kb.resolve(ref, tree["id"])
            if where is None:
                exits.add(node_id)  # already reported; do not pile up errors
            elif where[0] == tree["id"]:
                local[node_id].append(where[1])
            else:
                exits.add(node_id)  # hands over to another tree
    reachable: set[str] = set()
    todo = [tree["start"]] if tree["start"] in nodes else []
    while todo:
        current = todo.pop()
        if current not in reachable:
            reachable.add(current)
            todo.extend(local[current])
    for node_id in nodes:
        if node_id not in reachable and tree["start"] in nodes:
            report.error(("nodes", node_id), f"le nœud « {node_id} » n'est atteint depuis le début "
                                             f"(« {tree['start']} ») par aucune réponse ; reliez-le ou supprimez-le",
                         "unreachable", key=True)
    # Nodes from which some path reaches an outcome (or another tree).
    ends = set(exits)
    changed = True
    while changed:
        changed = False
        for node_id, targets in local.items():
            if node_id not in ends and any(t in ends for t in targets):
                ends.add(node_id)
                changed = True
    for node_id in sorted(reachable - ends, key=list(nodes).index):
        report.error(("nodes", node_id), f"depuis « {node_id} », aucun chemin ne mène à une issue "
                                         "(boucle sans sortie) ; ajoutez une réponse vers une issue",
                     "no-exit", key=True)


def check_catalogues(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    doc = kb.documents.get("_channels")
    if doc is not None:
        report = _Reporter(doc)
        needs = {"chat": "url", "email": "address", "form": "url", "mediation": "url", "escalation": "via"}
        for channel_id, channel in kb.channels.items():
            base: Path = ("channels", channel_id)
            key = needs.get(channel["kind"])
            if key and not channel[key]:
                report.error(base, f"un canal « {channel['kind']} » doit avoir la clé « {key} »",
                             "missing-key", key=True)
            for ref_key in ("fallback", "via"):
                if channel[ref_key] and channel[ref_key] not in kb.channels:
                    report.error((*base, ref_key), f"canal « {channel[ref_key]} » inconnu", "unknown-channel")
            if channel["kind"] == "email" and not channel["reply_business_hours"]:
                report.warning(base, "indiquez « reply_business_hours » pour annoncer l'heure de réponse",
                               "missing-key", key=True)
        problems += report.problems
    fdoc = kb.documents.get("_fields")
    if fdoc is not None:
        report = _Reporter(fdoc)
        for field_id, spec in kb.fields.items():
            if spec["options"] and spec["type"] != "choice":
                report.error(("fields", field_id, "options"), "« options » ne sert qu'aux champs de type choice",
                             "unknown-key", key=True)
        problems += report.problems
    return problems
