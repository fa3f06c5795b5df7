"""Every tree can be reached from the « Avant de nous contacter » router.

A question of the router tree that says ``more: trees`` gets, after its
written answers, one answer per tree that nothing in the router leads to yet
(directly or through other nodes and trees): labelled with the tree's home
card title (its title when it has no card), in the home cards' order, with the
tree id as answer id (``<tree>-parcours`` if a written answer has it). So a
new tree is offered by the router without an edit of the router file, and the
article, the flow data and the graph all show the added answers, since they
are in the model. Written answers keep their
place, so their ids and old index links still hold (kb_tools/legacy.py).

A tree the router still does not reach, and that does not say
``router: false``, gets a ``not-in-router`` warning at its ``id:`` line.
"""

from __future__ import annotations

from .home_cards import sort_key
from .model import MORE, Answer, KnowledgeBase, Tree
from .problems import Problem

#: The router tree's id (trees/avant-de-nous-contacter.yml).
ROUTER = "avant-de-nous-contacter"


def reached_trees(kb: KnowledgeBase, tree_id: str = ROUTER) -> set[str]:
    """The trees some way from ``tree_id``'s start leads into (``tree_id`` included)."""
    return _walk(kb, tree_id)[0]


def _walk(kb: KnowledgeBase, tree_id: str) -> tuple[set[str], bool]:
    """:func:`reached_trees`, and whether the walk is sure: no reference met on
    the way leads nowhere known (a node renamed, a broken tree). When it is not,
    or when the router's start names no node, every node of the router counts
    as reached, and a tree named by a reference leading nowhere (``tree#node``)
    too: the trees missing from it are then a guess, and the mistake is reported
    on its own."""
    tree = kb.trees.get(tree_id)
    if tree is None:
        return set(), False
    starts = [(tree_id, tree["start"])] if tree["start"] in tree["nodes"] else []
    seen, named, sure = _reach(kb, starts)
    if not sure or not starts:
        seen, named, _ = _reach(kb, [(tree_id, node_id) for node_id in tree["nodes"]])
        sure = False
    return {t for t, _ in seen} | named, sure


def _reach(kb: KnowledgeBase, starts: list[tuple[str, str]]) -> tuple[set[tuple[str, str]], set[str], bool]:
    seen = set(starts)
    todo = list(seen)
    named: set[str] = set()
    sure = True
    while todo:
        here_tree, here_node = todo.pop()
        for answer in kb.trees[here_tree]["nodes"][here_node]["answers"]:
            where = kb.resolve(answer["next"], here_tree)
            if where is None:
                sure = False
                named.add(answer["next"].split("#", 1)[0])
            elif where not in seen:
                seen.add(where)
                todo.append(where)
    return seen, named & set(kb.trees), sure


def _label(tree: Tree) -> str:
    return str(tree["home"]["title"] if tree["home"] else tree["title"])


def _more_answer(tree: Tree, taken: set[str]) -> Answer:
    """``tree#start``, never ``tree`` alone: a router node of the same name would win over the tree. The
    id is the tree's, unless a written answer has it (``autre``): then ``<tree>-parcours``."""
    answer_id = tree["id"] if tree["id"] not in taken else f"{tree['id']}-parcours"
    return Answer(id=answer_id, label=_label(tree), next=f"{tree['id']}#{tree['start']}", set={}, said=None,
                  source=MORE, id_source=MORE)


def add_router_answers(kb: KnowledgeBase, router: str = ROUTER) -> None:
    """The answers of each ``more: trees`` question of ``router``, added in the model."""
    tree = kb.trees.get(router)
    doc = kb.documents.get(router)
    if tree is None or doc is None:
        return
    for node_id, node in tree["nodes"].items():
        written = doc.data["nodes"].get(node_id, {})
        if node["type"] != "question" or written.get("more") != "trees":
            continue
        reached = reached_trees(kb, router)
        missing = [t for t in kb.trees.values() if t["id"] not in reached and t["router"]
                   and t["start"] in t["nodes"]]
        taken = {a["id"] for a in node["answers"]}
        node["answers"] += [_more_answer(t, taken) for t in sorted(missing, key=sort_key)]


def not_in_router(kb: KnowledgeBase, router: str = ROUTER) -> list[Problem]:
    """A warning for each tree the router does not lead to, unless it says ``router: false``."""
    reached, sure = _walk(kb, router)
    if not sure:
        return []  # no router in this project, or a mistake in the way: it is reported, the rest would be a guess
    problems = []
    for tree_id, tree in kb.trees.items():
        if tree_id in reached or not tree["router"]:
            continue
        doc = kb.documents[tree_id]
        line, col = doc.at(("id",), key=True)
        problems.append(Problem(
            doc.path, line, col, "warning",
            f"aucune réponse du routeur « {kb.trees[router]['title']} » ({router}.yml) ne mène à cet arbre ; "
            f"écrivez « more: trees » sous une question du routeur, ou une réponse « next: {tree_id} », "
            "ou ajoutez ici « router: false » si l’arbre ne doit pas y être proposé", "not-in-router"))
    return problems


def link_router(kb: KnowledgeBase) -> list[Problem]:
    """The router's added answers put in the model; the trees it still misses, as warnings."""
    add_router_answers(kb)
    return not_in_router(kb)

