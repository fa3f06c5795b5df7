"""A new tree is offered by the « Avant de nous contacter » router without an
edit of the router (``more: trees``); a tree it cannot reach is a located
``not-in-router`` warning unless it says ``router: false``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.home_cards import sort_key
from kb_tools.project import load_project
from kb_tools.render import environment, flow_data, render_article
from kb_tools.router_check import ROUTER, reached_trees
from tests.conftest import ROOT

LIVE = ROOT / "trees"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "trees"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(LIVE, folder)
    return folder


def _write_tree(folder: Path, tree_id: str, title: str, extra: dict[str, Any] | None = None) -> Path:
    data: dict[str, Any] = {
        "id": tree_id, "title": title, "description": "Un parcours ajouté par un test, assez long pour le schéma.",
        "category": "Technique", **(extra or {}), "start": "debut",
        "nodes": {"debut": {"type": "question", "text": "Que se passe-t-il ?",
                            "answers": [{"label": "Rien ne marche", "next": "chat"}]},
                  "chat": {"type": "outcome", "title": "Le chat", "channel": "faq", "still_stuck": "email",
                           "text": "Le chat répond."},
                  "email": {"type": "outcome", "title": "Écrivez-nous", "channel": "email", "text": "Par e-mail.",
                            "ticket": {"subject": "Problème[ du {date}]", "request": "J'ai un problème[ depuis le {date}].",
                                       "fields": ["email", "date"]}}},
    }
    path = folder / f"{tree_id}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _written(folder: Path) -> list[str]:
    """The answer ids the router file writes on its first question, in order."""
    kb, _ = load_project(folder, env={})
    return [a["id"] for a in kb.trees[ROUTER]["nodes"]["probleme"]["answers"] if a["source"] != ("more",)]


def test_the_live_router_reaches_every_tree_and_adds_nothing() -> None:
    kb, problems = load_project(LIVE, env={})
    assert problems == []
    assert reached_trees(kb) == set(kb.trees)
    assert not [a for a in kb.trees[ROUTER]["nodes"]["probleme"]["answers"] if a["source"] == ("more",)]


def test_a_new_tree_is_offered_after_the_written_answers(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    before = _written(folder)
    _write_tree(folder, "application-mobile", "Application mobile", {"home": {"title": "Mon appli plante"}})
    kb, problems = load_project(folder, env={})
    assert problems == []
    answers = kb.trees[ROUTER]["nodes"]["probleme"]["answers"]
    assert [a["id"] for a in answers] == [*before, "application-mobile"]
    added = answers[-1]
    assert added["label"] == "Mon appli plante"  # the home card's title
    assert kb.target(added, ROUTER) == {"tree": "application-mobile", "node": "debut",
                                        "anchor": "application-mobile--debut"}
    data = flow_data(kb, kb.trees[ROUTER])
    assert data["legacy"] is True  # the written answers keep their indexes: old links still hold
    assert data["nodes"]["probleme"]["answers"][-1]["target"]["tree"] == "application-mobile"
    article = render_article(environment(), kb, kb.trees[ROUTER])
    assert '[Mon appli plante](application-mobile.md#application-mobile--debut){data-kb-answer="application-mobile"}' \
        in article  # the page without JavaScript offers it too


def test_a_tree_named_like_a_router_node_is_still_the_tree(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _write_tree(folder, "chat", "Le chat ne répond pas")  # the router has a node « chat »
    kb, problems = load_project(folder, env={})
    assert problems == []
    added = kb.trees[ROUTER]["nodes"]["probleme"]["answers"][-1]
    assert added["id"] == "chat" and kb.target(added, ROUTER)["tree"] == "chat"  # type: ignore[index]


def test_a_tree_named_like_a_written_answer_gets_an_id_of_its_own(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    before = _written(folder)
    assert "autre" in before  # « Autre chose », an answer of the router leading to its node « autre »
    _write_tree(folder, "autre", "Un autre problème")
    kb, problems = load_project(folder, env={})
    assert problems == []
    answers = kb.trees[ROUTER]["nodes"]["probleme"]["answers"]
    assert [a["id"] for a in answers[:len(before)]] == before  # shared links keep their answers
    assert answers[-1]["id"] not in before and kb.target(answers[-1], ROUTER)["tree"] == "autre"  # type: ignore[index]


def test_router_false_is_not_offered_and_not_warned(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    before = _written(folder)
    _write_tree(folder, "interne", "Parcours interne", {"router": False})
    kb, problems = load_project(folder, env={})
    assert problems == []
    assert [a["id"] for a in kb.trees[ROUTER]["nodes"]["probleme"]["answers"]] == before


def test_without_more_trees_a_new_tree_is_a_located_warning(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    router = folder / f"{ROUTER}.yml"
    text = router.read_text(encoding="utf-8")
    router.write_text(re.sub(r"(?m)^    more: trees\n", "", text), encoding="utf-8")
    path = _write_tree(folder, "application-mobile", "Application mobile")
    _, problems = load_project(folder, env={})
    line = path.read_text(encoding="utf-8").splitlines().index("id: application-mobile") + 1
    assert [(Path(p.path).name, p.line, p.col, p.level, p.rule) for p in problems] == \
        [("application-mobile.yml", line, 1, "warning", "not-in-router")]
    # reached through a tree the router reaches: no warning
    other = folder / "retrait-en-attente.yml"
    text = other.read_text(encoding="utf-8")
    first = re.search(r"(?m)^  methode:\n(?:    .*\n)*?    answers:\n", text)
    assert first is not None
    other.write_text(text[:first.end()] + "      - label: Depuis l'application\n        next: application-mobile\n"
                     + text[first.end():], encoding="utf-8")
    _, problems = load_project(folder, env={})
    assert problems == []


def test_no_router_in_the_project_no_warning(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / f"{ROUTER}.yml").unlink()  # a project without a router (trees folders of tests, other sites)
    _, problems = load_project(folder, env={})
    assert not [p for p in problems if p.rule == "not-in-router"]


titles = st.text("abcdéè ", min_size=3, max_size=12).filter(lambda t: t.strip() and "  " not in t and t == t.strip())


@settings(max_examples=25, deadline=None)
@given(specs=st.lists(st.tuples(st.one_of(st.none(), st.integers(-5, 99)), st.booleans(), titles),
                      min_size=1, max_size=4, unique_by=lambda s: s[2].casefold()))
def test_added_answers_follow_the_home_order_and_skip_router_false(
        specs: list[tuple[int | None, bool, str]], tmp_path_factory: Any) -> None:
    folder = _copy(Path(tmp_path_factory.mktemp("router")))
    before = _written(folder)
    for i, (order, offered, title) in enumerate(specs):
        extra: dict[str, Any] = {} if order is None else {"home": {"order": order}}
        if not offered:
            extra["router"] = False
        _write_tree(folder, f"nouveau-{i}", f"Nouveau {title}", extra)
    kb, problems = load_project(folder, env={})
    assert problems == []
    ids = [a["id"] for a in kb.trees[ROUTER]["nodes"]["probleme"]["answers"]]
    assert ids[:len(before)] == before  # the written answers, unmoved
    wanted = sorted((kb.trees[f"nouveau-{i}"] for i, s in enumerate(specs) if s[1]), key=sort_key)
    assert ids[len(before):] == [t["id"] for t in wanted]
    assert flow_data(kb, kb.trees[ROUTER])["legacy"] is True
