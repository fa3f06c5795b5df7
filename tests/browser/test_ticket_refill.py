"""What an answer filled in follows the answers: a player who goes back and
picks another answer (« Virement », then « Crypto ») finds the new value in
the request, not the one kept from before; what they wrote themselves stays.

Every question whose answers fill in the same field with different values is
tried, up to an outcome that asks for that field."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.a11y import go_state, hash_of, open_state
from tests.browser.flowkit import answers, content

pytestmark = pytest.mark.browser


def _local_path(tree: dict[str, Any], start: str, goal: Any) -> list[str] | None:
    """Answer ids, inside the tree, from ``start`` to the first node ``goal`` accepts."""
    todo: deque[tuple[str, list[str]]] = deque([(start, [])])
    seen = {start}
    while todo:
        at, path = todo.popleft()
        if goal(at, tree["nodes"][at]):
            return path
        for which, target in answers(tree["nodes"][at]):
            if target["tree"] == tree["id"] and target["node"] not in seen:
                seen.add(target["node"])
                todo.append((target["node"], [*path, which]))
    return None


def _cases() -> list[tuple[str, list[str], list[str], str, str, str]]:
    cases = []
    # a sensitive flow keeps the answers in memory only (no trail): a reload starts it with nothing filled in
    for tree_id, tree in sorted((i, t) for i, t in content()["trees"].items() if not t["sensitive"]):
        for node_id, node in tree["nodes"].items():
            if node["type"] != "question" or tree_id != tree["id"]:
                continue
            to_here = _local_path(tree, tree["start"], lambda at, _n, node_id=node_id: at == node_id)
            by_field: dict[str, list[tuple[str, str, dict[str, str]]]] = {}
            for answer in node["answers"]:
                for field, value in answer["set"].items():
                    by_field.setdefault(field, []).append((answer["id"], value, answer["target"]))
            for field, options in sorted(by_field.items()):
                if to_here is None or len({value for _, value, _ in options}) < 2:
                    continue

                def asks(_at: str, n: dict[str, Any], field: str = field) -> bool:
                    return n["type"] == "outcome" and bool(n["ticket"]) and field in n["ticket"]["fields"]

                ways = []
                for i, value, target in options:
                    rest = _local_path(tree, target["node"], asks) if target["tree"] == tree_id else None
                    if rest is not None:
                        ways.append(([*to_here, i, *rest], value))
                if len(ways) >= 2 and ways[0][1] != ways[1][1]:
                    cases.append((tree_id, ways[0][0], ways[1][0], field, ways[0][1], ways[1][1]))
    return cases


CASES = _cases()


def test_there_are_answers_that_fill_in_fields() -> None:
    assert len(CASES) >= 3, CASES


@pytest.mark.parametrize(("tree", "first", "second", "field", "before", "after"), CASES,
                         ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_another_answer_refills_the_field(page: Page, site_url: str, tree: str, first: list[str],
                                         second: list[str], field: str, before: str, after: str) -> None:
    control = f"form[data-kb-ticket]:visible [name='{field}']"
    open_state(page, f"{site_url}parcours/{tree}/{hash_of(tree, first)}")
    assert page.locator(control).input_value() == before
    go_state(page, tree, second)  # back, then the other answer: the player's way, as a link gives it
    assert page.locator(control).input_value() == after, "the request kept the earlier answer"
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(control)
    assert page.locator(control).input_value() == after

    # what the player writes over it stays while the answers stand
    if page.locator(control).evaluate("e => e.tagName") != "SELECT":
        page.locator(control).fill("Écrit par le joueur")
        page.reload(wait_until="domcontentloaded")
        page.wait_for_selector(control)
        assert page.locator(control).input_value() == "Écrit par le joueur"
