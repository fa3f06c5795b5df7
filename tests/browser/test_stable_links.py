"""Flow links survive the editors' weekly changes.

A link records the answers by id (``#TREE=ANSWER/ANSWER``). Every outcome of
every tree is recorded from the site as it is; then a copy of the project has
the answers of every question reordered and a new answer inserted, is rebuilt,
and each recorded link must open on the same outcome. A link whose step no
longer exists stops at the last valid node and says the guide has changed;
an old index link (``#TREE=0.2.1``) keeps its meaning while the tree's answer
order is the recorded one, and opens at the start with a notice once it is not."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page

from tests.browser.flowkit import answers, content, open_flow, serve, shown_ids, tree_ids
from tests.conftest import build_site, copy_site_sources

pytestmark = pytest.mark.browser

NEW_ANSWER = "reponse-ajoutee"
NOTICE = "[data-kb-flow] [role='status'][data-kb-notice]"


def recorded_links() -> list[tuple[str, str, list[str], list[int]]]:
    """(tree, outcome, answer ids, answer indexes) of the shortest way, inside
    the tree, from its start to each of its outcomes."""
    links = []
    for tree in tree_ids():
        data = content()["trees"][tree]
        todo: deque[tuple[str, list[str], list[int]]] = deque([(data["start"], [], [])])
        seen = {data["start"]}
        while todo:
            at, ids, indexes = todo.popleft()
            if data["nodes"][at]["type"] == "outcome":
                links.append((tree, at, ids, indexes))
            for index, (which, target) in enumerate(answers(data["nodes"][at])):
                if target["tree"] == tree and target["node"] not in seen:
                    seen.add(target["node"])
                    todo.append((target["node"], [*ids, which], [*indexes, index]))
    return links


LINKS = recorded_links()


def link(tree: str, steps: list[Any], sep: str = "/") -> str:
    return f"parcours/{tree}/#{tree}=" + sep.join(map(str, steps))


def reorder_and_insert(source: Path) -> int:
    """Every question of every tree of ``source``: its answers in reverse order,
    and a new answer (to the tree's first outcome) inserted second. Returns the
    number of questions changed."""
    changed = 0
    for path in sorted((source / "trees").glob("*.yml")):
        if path.name.startswith("_"):
            continue
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        outcome = next(n for n, node in tree["nodes"].items() if node["type"] == "outcome")
        for node in tree["nodes"].values():
            if node["type"] != "question":
                continue
            node["answers"].reverse()
            node["answers"].insert(1, {"label": "Autre situation (réponse ajoutée)", "id": NEW_ANSWER, "next": outcome})
            changed += 1
        path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return changed


@pytest.fixture(scope="module")
def changed_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site rebuilt after the answers of every question moved."""
    source = copy_site_sources(tmp_path_factory.mktemp("reordered") / "src")
    assert reorder_and_insert(source) >= len(tree_ids())
    site = source.parent / "site"
    assert build_site(source, site) == []
    with serve(site) as url:
        yield url


def open_fresh(page: Page, url: str) -> None:
    """Open ``url`` as a new visit (not a change of hash in the page already open)."""
    page.goto("about:blank")
    open_flow(page, url)


def notice(page: Page) -> str:
    box = page.locator(NOTICE)
    return box.inner_text().strip() if box.count() == 1 and box.is_visible() else ""


def test_every_outcome_has_a_recorded_link() -> None:
    trees = {tree for tree, *_ in LINKS}
    assert trees == set(tree_ids())
    assert all(ids for _, _, ids, _ in LINKS), "every outcome is at least one answer away"


def test_recorded_links_open_the_same_outcome_after_answers_move(page: Page, site_url: str, changed_site_url: str) -> None:
    wrong = []
    for tree, outcome, ids, _ in LINKS:
        for base in (site_url, changed_site_url):
            open_fresh(page, base + link(tree, ids))
            got = shown_ids(page)
            if got != [outcome] or notice(page):
                wrong.append(f"{base}{link(tree, ids)}: shows {got}, notice {notice(page)!r}; expected {outcome}")
    assert wrong == []


def test_the_inserted_answer_is_there_and_taken_by_its_id(page: Page, changed_site_url: str) -> None:
    tree = tree_ids()[0]
    open_fresh(page, changed_site_url + f"parcours/{tree}/")
    values = page.locator("[data-kb-flow] [data-kb-node]:visible a[data-kb-answer]").evaluate_all(
        "links => links.map(a => a.getAttribute('data-kb-answer'))")
    assert values[1] == NEW_ANSWER, values
    open_fresh(page, changed_site_url + link(tree, [NEW_ANSWER]))
    assert page.locator("[data-kb-flow] [data-kb-outcome]:visible").count() == 1


def test_a_step_that_no_longer_exists_stops_at_the_last_valid_node(page: Page, site_url: str) -> None:
    tree, outcome, ids, _ = max(LINKS, key=lambda link_: len(link_[2]))
    assert len(ids) >= 2
    data = content()["trees"][tree]
    at = data["start"]
    for which in ids[:-1]:
        at = dict(answers(data["nodes"][at]))[which]["node"]
    for broken in ([*ids[:-1], "plus-de-reponse"], [*ids[:-1], "plus-de-reponse", ids[-1]]):
        open_fresh(page, site_url + link(tree, broken))
        assert shown_ids(page) == [at], broken
        assert notice(page), f"{broken}: no notice that the guide has changed"
        assert page.evaluate("() => decodeURIComponent(location.hash)") == f"#{tree}=" + "/".join(ids[:-1])
        # the next step clears the notice
        page.locator(f"[data-kb-node='{at}'] a[data-kb-answer='{ids[-1]}']").click()
        page.wait_for_function("o => !!document.querySelector(`[data-kb-node='${o}']:not([hidden])`)", arg=outcome)
        assert notice(page) == ""
    # the link's first step is gone: the start, with the notice
    open_fresh(page, site_url + link(tree, ["plus-de-reponse", *ids]))
    assert shown_ids(page) == [data["start"]] and notice(page)


def test_old_index_links_keep_their_meaning_while_the_order_stands(page: Page, site_url: str, changed_site_url: str) -> None:
    wrong = []
    for tree, outcome, _, indexes in LINKS:
        open_fresh(page, site_url + link(tree, indexes, sep="."))
        if shown_ids(page) != [outcome] or notice(page):
            wrong.append(f"{tree}={indexes}: shows {shown_ids(page)}, expected {outcome}")
        # the answers moved: the old link opens at the start and says so
        open_fresh(page, changed_site_url + link(tree, indexes, sep="."))
        if shown_ids(page) != [content()["trees"][tree]["start"]] or not notice(page):
            wrong.append(f"{tree}={indexes} after the change: shows {shown_ids(page)}, notice {notice(page)!r}")
    assert wrong == []
    # and the one-flow "#p=" form of the same links
    tree, outcome, _, indexes = LINKS[0]
    open_fresh(page, site_url + f"parcours/{tree}/#p=" + ".".join(map(str, indexes)))
    assert shown_ids(page) == [outcome]
