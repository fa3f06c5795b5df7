"""Wording advice for editors: warnings, never errors (``python -m kb_tools report``).

The schema already refuses what cannot be published; these rules flag what
reads badly: a button too long for a phone, a question that does not ask,
a summary too thin for search results, a tree search cannot find.
"""

from __future__ import annotations

import re

from .model import Tree
from .problems import Problem
from .yaml_loader import Document

#: Answer labels longer than this wrap onto several lines on a phone.
MAX_LABEL = 60
#: A shorter description says too little in search results.
MIN_DESCRIPTION = 30
# Ends with « ? », possibly followed by a closing guillemet, bracket or quote.
_ASKS = re.compile(r"\?[\s»)\"”’]*$")


def check_wording(tree: Tree, doc: Document) -> list[Problem]:
    problems: list[Problem] = []

    def warn(path: tuple[str | int, ...], message: str, rule: str, *, key: bool = False) -> None:
        line, col = doc.at(path, key=key)
        problems.append(Problem(doc.path, line, col, "warning", message, rule))

    description = (tree.get("description") or "").strip()
    if not description:
        warn(("description",), "description manquante : une ou deux phrases qui résument le parcours "
                               "(elle s’affiche dans la recherche)", "short-description", key=True)
    elif len(description) < MIN_DESCRIPTION:
        warn(("description",), f"description de {len(description)} caractères : écrivez-en au moins "
                               f"{MIN_DESCRIPTION}, elle résume le parcours dans la recherche", "short-description")
    if not tree.get("keywords"):
        warn(("keywords",), "aucun mot-clé : ajoutez « keywords » avec les mots des joueurs, même sans accents "
                            "(« retrait bloque »), pour que la recherche trouve ce parcours", "no-keywords", key=True)
    for node_id, node in tree["nodes"].items():
        if node["type"] != "question":
            continue
        if not _ASKS.search(node["text"]):
            warn(("nodes", node_id, "text"), f"la question « {node_id} » ne finit pas par « ? » ; "
                                             "formulez-la comme une question", "question-mark")
        for i, answer in enumerate(node["answers"]):
            length = len(answer["label"])
            if length > MAX_LABEL:
                warn(("nodes", node_id, "answers", i, "label"),
                     f"libellé de {length} caractères : au-delà de {MAX_LABEL}, le bouton tient sur plusieurs "
                     "lignes sur un téléphone ; raccourcissez-le et mettez l’explication dans « help »",
                     "long-label")
    return problems
