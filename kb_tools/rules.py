"""Rules the schema cannot express: references between nodes, trees,
channels and fields, and the shape of each tree's graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from . import head_text
from .deploy_values import complaint_problems
from .exits import NodeKey, reaching_exit
from .hours import check_week, known_zone
from .invisible import describe, hidden, label_key, suspect_strings
from .links import unsafe_links
from .model import CONTACT_KINDS, KnowledgeBase, Node, Tree
from .problems import Problem
from .review import REVIEW_PATHS, review_problems
from .ticket_values import PLACEHOLDER, request_refusal, set_value_refusal, stray_brace, subject_refusal
from .unknown_names import did_you_mean, unknown_field
from .yaml_loader import Document

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


def check_tree(tree: Tree, kb: KnowledgeBase, stem: str, ends: set[NodeKey] | None = None) -> list[Problem]:
    """Problems of one tree. ``ends`` is :func:`exits.reaching_exit` of ``kb``,
    computed once for all trees by the caller (or here, when not given)."""
    doc = kb.documents[tree["id"]]
    report = _Reporter(doc)
    nodes = tree["nodes"]
    if tree["id"] != stem:
        report.error(("id",), f"l’identifiant « {tree['id']} » doit être le nom du fichier ({stem}.yml)",
                     "id-filename")

    def target(path: Path, ref: str) -> None:
        if kb.resolve(ref, tree["id"]) is not None:
            return
        other = ref.split("#", 1)[0]
        if other in kb.broken or ("#" not in ref and other in kb.trees):
            return  # that tree has errors of its own (or its start names no node), reported there
        if "#" in ref and other in kb.trees:
            known = ", ".join(sorted(kb.trees[other]["nodes"]))
            report.error(path, f"l’arbre « {other} » n’a pas de nœud « {ref.split('#', 1)[1]} » ; "
                               f"nœuds connus : {known}", "unknown-node")
        elif "#" in ref:
            report.error(path, f"aucun arbre « {other} » ; arbres connus : {', '.join(sorted(kb.trees))}",
                         "unknown-tree")
        else:
            report.error(path, f"« {ref} » n’est ni un nœud de cet arbre ni un autre arbre ; nœuds de cet arbre : "
                               f"{', '.join(sorted(nodes))}{did_you_mean(ref, [*nodes, *kb.trees])}", "unknown-node")

    for key, what in (("title", "Le titre"), ("description", "La description"), ("category", "La rubrique")):
        char = head_text.markup_in(tree[key])
        if char is not None:
            report.error((key,), head_text.message(what, char), "head-markup")
    if tree["start"] not in nodes:  # never another tree: the parcours would have no first question
        report.error(("start",), f"« start » doit nommer un nœud de cet arbre, et « {tree['start']} » n’en est pas un ; "
                                 f"nœuds de cet arbre : {', '.join(sorted(nodes))}", "unknown-node")
    for node_id, node in nodes.items():
        base: Path = ("nodes", node_id)
        for answer in node["answers"]:
            target(base + answer["source"], answer["next"])
        if node["type"] == "question":
            _check_answer_ids(report, base, node)
            labels: set[str] = set()
            for i, answer in enumerate(node["answers"]):
                seen = label_key(answer["label"])
                if seen in labels:
                    report.error((*base, "answers", i, "label"),
                                 f"deux réponses ont le même libellé « {answer['label']} » (aux espaces, "
                                 "majuscules et caractères invisibles près)", "duplicate-answer")
                labels.add(seen)
                for field_id, value in answer["set"].items():
                    if not kb.fields:
                        continue  # _fields.yml is missing or has errors of its own, reported there
                    if field_id not in kb.fields:
                        report.error((*base, "answers", i, "set", field_id),
                                     unknown_field(field_id, kb.fields, _catalogue(kb)), "unknown-field", key=True)
                    else:
                        _check_set_value(report, (*base, "answers", i, "set", field_id), field_id,
                                         kb.fields[field_id], value)
        if node["type"] == "outcome":
            _check_outcome(report, base, node, kb)
            _check_dead_end(report, base, node, kb, tree["id"])
    for path, text in _markdown_texts(tree):
        for refused in unsafe_links(text):
            report.error(path, f"lien « {refused} » refusé ; seuls https:, mailto: et les liens "
                               "vers les pages du site sont permis", "unsafe-url")
    _check_hidden(report, doc.data, _is_markdown, skip=REVIEW_PATHS)
    report.problems += review_problems(doc.data, doc)
    _check_graph(report, tree, kb, reaching_exit(kb) if ends is None else ends)
    return report.problems


def _is_markdown(path: Path, data: Any) -> bool:
    """Whether the string at ``path`` of a tree is Markdown (it may hold newlines)."""
    if len(path) == 3 and path[0] == "nodes" and path[2] in ("help", "text"):
        node = data["nodes"][path[1]]
        return path[2] == "help" or node.get("type") != "question"
    return len(path) == 4 and path[0] == "nodes" and path[2] == "steps"


def _check_hidden(report: _Reporter, data: Any, is_markdown: Callable[[Path, Any], bool],
                  skip: frozenset[Path] = frozenset()) -> None:
    for path, text, is_key in (s for s in suspect_strings(data) if s[2] or s[0] not in skip):  # review.REVIEW_PATHS
        for char, rule in hidden(text, markdown=not is_key and is_markdown(path, data)):
            what = "un caractère de mise en forme bidirectionnelle, qui change l’ordre d’affichage" \
                if rule == "bidi-control" else "un caractère invisible ou de contrôle"
            report.error(path, f"le texte contient {what} ({describe(char)}) ; "
                               "retapez-le sans le copier-coller", rule, key=is_key)


def _check_answer_ids(report: _Reporter, base: Path, node: Node) -> None:
    """Answer ids: unique in their question (links name answers by id), with a
    letter (a path of digits only is an old link, answer indexes)."""
    seen: dict[str, str] = {}
    for answer in node["answers"]:
        where = (*base, *(answer["id_source"] or answer["source"]))
        if not any(c.isalpha() for c in answer["id"]):
            how = f"l'identifiant « {answer['id']} »" if answer["id_source"] else \
                f"la cible « {answer['next']} », qui donne son identifiant à la réponse,"
            report.error(where, f"{how} ne contient que des chiffres ; donnez à la réponse un « id: » "
                                "avec au moins une lettre (une suite de chiffres est lue comme un ancien lien)", "bad-answer-id")
        if answer["id"] in seen:
            report.error(where, f"deux réponses ont l’identifiant « {answer['id']} » (« {seen[answer['id']]} » "
                                f"et « {answer['label']} ») ; donnez à l’une d’elles un « id: » qui lui soit propre, et "
                                "laissez l’autre telle quelle (les liens déjà partagés mènent à elle)",
                         "duplicate-answer-id")
        seen.setdefault(answer["id"], answer["label"])


def _check_outcome(report: _Reporter, base: Path, node: dict[str, Any], kb: KnowledgeBase) -> None:
    channel = kb.channels.get(node["channel"])
    if channel is None:
        if kb.channels:
            report.error((*base, "channel"), f"canal « {node['channel']} » inconnu ; canaux : {', '.join(sorted(kb.channels))}"
                                               f"{did_you_mean(node['channel'], kb.channels)}", "unknown-channel")
        return
    ticket = node["ticket"]
    if channel["kind"] in CONTACT_KINDS and ticket is None:
        report.error(base, f"une issue vers le canal « {node['channel']} » doit décrire le ticket "
                           "(clé « ticket » : objet et champs)", "missing-ticket", key=True)
    if ticket is None:
        return
    roles: dict[str, str] = {}
    for i, field_id in enumerate(ticket["fields"]):
        if kb.fields and field_id not in kb.fields:
            report.error((*base, "ticket", "fields", i), unknown_field(field_id, kb.fields, _catalogue(kb)),
                         "unknown-field")
        role = kb.fields.get(field_id, {}).get("role")
        if role and role in roles:
            report.error((*base, "ticket", "fields", i), f"« {roles[role]} » et « {field_id} » ont tous deux le rôle "
                                                         f"« {role} » dans _fields.yml ; gardez un seul de ces champs",
                         "duplicate-field-role")
        if role:
            roles.setdefault(role, field_id)
    fields = _named_fields(ticket, kb)
    subject = ticket["subject"]
    stray = stray_brace(subject)
    if stray is not None:
        what = "ne ferme aucun champ" if subject[stray] == "}" else "n’est pas fermée avant l’accolade suivante ou la fin"
        report.error((*base, "ticket", "subject"),
                     f"dans l’objet, l’accolade « {subject[stray]} » (caractère {stray + 1}) {what} ; écrivez chaque "
                     "champ entre une seule paire d’accolades, comme {date}, et retirez les autres", "bad-placeholder")
    for name in PLACEHOLDER.findall(subject):
        if name not in fields:
            report.error((*base, "ticket", "subject"),
                         f"« {{{name}}} » dans l’objet n’est pas un des champs du ticket "
                         f"({', '.join(ticket['fields'])})", "unknown-placeholder")
    if stray is None and all(name in fields for name in PLACEHOLDER.findall(subject)):
        why = subject_refusal(subject, fields)
        if why is not None:
            report.error((*base, "ticket", "subject"), f"dans l'objet, {why}", "bad-subject")
    own = roles.get("subject")
    if own and own not in PLACEHOLDER.findall(subject):  # the field is written nowhere else
        report.error((*base, "ticket", "subject"), f"le champ « {own} » (rôle subject) est l’objet écrit par le joueur : "
                                                   f"placez-le dans l’objet, par exemple « Question[ : {{{own}}}] »",
                     "bad-subject")
    _check_request(report, base, ticket, kb, fields)


def _catalogue(kb: KnowledgeBase) -> str:
    """The path of _fields.yml, as messages show it."""
    doc = kb.documents.get("_fields")
    return doc.path if doc is not None else "_fields.yml"


def _named_fields(ticket: dict[str, Any], kb: KnowledgeBase) -> list[str]:
    """The fields the texts of ``ticket`` may name. While a field of its list is
    unknown (unknown-field), a name the list lacks is that field mistyped, not a
    mistake of its own: it is taken as listed, and reported once fixed."""
    fields: list[str] = ticket["fields"]
    if not any(field_id not in kb.fields for field_id in fields) or not kb.fields:
        return fields
    named = [*PLACEHOLDER.findall(ticket["subject"]), *PLACEHOLDER.findall(ticket["request"] or ""),
             *(name for item in ticket["attachments"] for name in (item["when"] or {}))]
    return [*fields, *(name for name in dict.fromkeys(named) if name not in fields)]


def _check_request(report: _Reporter, base: Path, ticket: dict[str, Any], kb: KnowledgeBase,
                   fields: list[str]) -> None:
    """The player's request (``request:``) and the conditions of its attachments (``when:``)."""
    if not ticket["request"]:
        report.error((*base, "ticket"), "le ticket doit avoir sa demande (clé « request ») : la phrase par laquelle "
                                        "le joueur ouvre son message, à la première personne, par exemple « Mon retrait"
                                        "[ du {date}] est en attente ; je demande son traitement. »", "missing-request",
                     key=True)
    else:
        why = request_refusal(ticket["request"], fields)
        if why is not None:
            report.error((*base, "ticket", "request"), f"dans la demande, {why}", "bad-request")
    for i, item in enumerate(ticket["attachments"]):
        for field_id, values in (item["when"] or {}).items():
            where = (*base, "ticket", "attachments", i, "when", field_id)
            if field_id not in fields:
                report.error(where, f"« when » nomme le champ « {field_id} », qui n’est pas un des champs du ticket "
                                    f"({', '.join(ticket['fields'])}){did_you_mean(field_id, ticket['fields'])}",
                             "unknown-field", key=True)
                continue
            options = kb.fields.get(field_id, {}).get("options")
            for value in values:
                if options and value not in options:
                    report.error(where, f"« {value} » n’est pas une option du champ « {field_id} » ; options : "
                                        f"{', '.join(options)}", "unknown-value")


def _check_dead_end(report: _Reporter, base: Path, node: Node, kb: KnowledgeBase, tree_id: str) -> None:
    """An outcome without a ticket offers a way on (``still_stuck:``) to an outcome with one; one with a ticket has none."""
    channel = kb.channels.get(node["channel"])
    if channel is None or (channel["kind"] in CONTACT_KINDS and node["ticket"] is None):
        return  # unknown-channel, missing-ticket
    if node["ticket"] is not None:
        if node["answers"]:
            report.error((*base, "still_stuck"), "« still_stuck » ne sert qu’aux issues sans ticket ; cette issue prépare "
                                                  "déjà une demande : retirez la ligne", "dead-end", key=True)
        return
    def examples() -> str:  # they read every tree: only for a message (not for each outcome of every tree)
        contacts = sorted(f"{tid}#{nid}" if tid != tree_id else nid for tid, tree in kb.trees.items()
                          for nid, other in tree["nodes"].items() if other["type"] == "outcome" and other["ticket"])
        return ", ".join(c for c in contacts if "#" not in c) or ", ".join(contacts[:5]) or "aucune"
    if not node["answers"]:
        report.error(base, f"l’issue « {node['id']} » n’a pas de ticket et n’offre aucune suite au joueur qu’elle n’aide pas ; "
                           "ajoutez juste après « channel: » la ligne « still_stuck: ISSUE », où ISSUE est l’issue de contact "
                           f"qui convient (nœud, arbre#nœud) ; issues avec ticket : {examples()}",
                     "dead-end", key=True)
        return
    ref = node["answers"][0]["next"]
    where = kb.resolve(ref, tree_id)
    if where is None:
        return  # unknown-node / unknown-tree, reported with the other references
    other = kb.trees[where[0]]["nodes"][where[1]]
    if other["type"] != "outcome" or other["ticket"] is None:
        report.error((*base, "still_stuck"), f"« still_stuck: {ref} » mène à « {where[1]} », qui n’est pas une issue avec "
                                             "ticket ; nommez l’issue de contact où le joueur prépare sa demande, "
                                             f"par exemple : {examples()}", "dead-end")


def _check_set_value(report: _Reporter, path: Path, field_id: str, spec: dict[str, Any], value: str) -> None:
    if any(hidden(value, markdown=False)):
        return  # reported as control-character or bidi-control
    why = set_value_refusal(spec, value)
    if why is not None:
        report.error(path, f"« {value} » ne convient pas au champ « {field_id} » (type {spec['type']}) : {why}",
                     "bad-set-value")


def _check_graph(report: _Reporter, tree: Tree, kb: KnowledgeBase, ends: set[NodeKey]) -> None:
    nodes = tree["nodes"]
    tree_id = tree["id"]
    local: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        local[node_id] = []
        for answer in node["answers"]:
            where = kb.resolve(answer["next"], tree_id)
            if where is not None and where[0] == tree_id:
                local[node_id].append(where[1])
    reachable: set[str] = set()
    todo = [tree["start"]] if tree["start"] in nodes else []
    while todo:
        current = todo.pop()
        if current not in reachable:
            reachable.add(current)
            todo.extend(local[current])
    # a reference of this tree leading nowhere (a node key renamed, say) is the one mistake:
    # the nodes it no longer reaches are not unreachable, and saying so would bury it
    dangling = any(_lost_here(kb, answer["next"], tree_id) for node in nodes.values() for answer in node["answers"])
    for node_id in nodes:
        if node_id not in reachable and tree["start"] in nodes and not dangling:
            report.error(("nodes", node_id), f"le nœud « {node_id} » n’est atteint depuis le début "
                                             f"(« {tree['start']} ») par aucune réponse ; reliez-le ou supprimez-le",
                         "unreachable", key=True)
    # ``ends``: nodes of every tree from which some path reaches an outcome (exits.py).
    for node_id in nodes:
        if node_id in reachable and (tree_id, node_id) not in ends:
            report.error(("nodes", node_id), f"depuis « {node_id} », aucun chemin ne mène à une issue "
                                             "(boucle sans sortie, peut-être à travers d’autres parcours) ; "
                                             "ajoutez une réponse vers une issue",
                         "no-exit", key=True)


def _lost_here(kb: KnowledgeBase, ref: str, tree_id: str) -> bool:
    """Whether ``ref``, written in ``tree_id``, names a node of that tree that it lacks."""
    if kb.resolve(ref, tree_id) is not None:
        return False
    other = ref.split("#", 1)[0]
    return other == tree_id if "#" in ref else ref not in kb.trees and ref not in kb.broken


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
                example = {"url": "url: https://www.exemple.fr/aide", "address": "address: support@exemple.fr",
                           "via": "via: email"}[key]
                report.error(base, f"un canal « {channel['kind']} » doit avoir la clé « {key} » ; ajoutez par exemple "
                                   f"la ligne « {example} »", "missing-key", key=True)
            for ref_key in ("fallback", "via"):
                if channel[ref_key] and channel[ref_key] not in kb.channels:
                    report.error((*base, ref_key), f"canal « {channel[ref_key]} » inconnu", "unknown-channel")
            for loop_key in _channel_loops(kb, channel_id):
                report.error((*base, loop_key), f"« {loop_key}: {channel[loop_key]} » ramène au canal « {channel_id} » "
                                                "lui-même ; nommez un autre canal, ou retirez la clé", "channel-loop")
            for path, message, rule in check_week(channel["hours"] or {}):
                report.error((*base, "hours", *path), message, rule)
            span = channel["reply_business_hours"]
            if span and span[0] > span[1]:
                report.error((*base, "reply_business_hours"), f"le délai minimal ({span[0]} h) dépasse le délai maximal "
                                                             f"({span[1]} h) ; écrivez [min, max]", "bad-hours")
            for path, message, rule in complaint_problems(channel):
                report.error((*base, *path), message, rule, key=True)
            if channel["kind"] == "email" and not channel["reply_business_hours"]:
                report.warning(base, "indiquez « reply_business_hours » pour annoncer l’heure de réponse",
                               "missing-key", key=True)
        _check_hidden(report, doc.data, lambda path, data: False)
        if not known_zone(kb.timezone):
            report.error(("timezone",), f"fuseau « {kb.timezone} » inconnu des navigateurs ; écrivez "
                                        "UTC ou un nom IANA Région/Ville, par exemple Europe/Paris", "unknown-value")
        for path, message, rule in check_week(kb.business_hours):
            report.error(("business_hours", *path), message, rule)
        problems += report.problems
    fdoc = kb.documents.get("_fields")
    if fdoc is not None:
        report = _Reporter(fdoc)
        _check_hidden(report, fdoc.data, lambda path, data: False)
        for field_id, spec in kb.fields.items():
            if spec["options"] and spec["type"] != "choice":
                report.error(("fields", field_id, "options"), "« options » ne sert qu’aux champs de type choice",
                             "unknown-key", key=True)
            why = None if spec["example"] is None else set_value_refusal(spec, spec["example"])
            if why is not None:
                report.error(("fields", field_id, "example"), f"l’exemple « {spec['example']} » ne convient pas au "
                                                              f"champ (type {spec['type']}) : {why}", "bad-example")
        problems += report.problems
    return problems


def _channel_loops(kb: KnowledgeBase, channel_id: str) -> list[str]:
    """The keys (``fallback``, ``via``) of a channel that lead back to it."""
    loops = []
    for key in ("fallback", "via"):
        todo, seen = [kb.channels[channel_id][key]], set()
        while todo:
            current = todo.pop()
            if current == channel_id:
                loops.append(key)
                break
            if current in kb.channels and current not in seen:
                seen.add(current)
                todo += [kb.channels[current][k] for k in ("fallback", "via") if kb.channels[current][k]]
    return loops
