"""Moving around a flow: reload, the browser's back button, « Retour »,
« Recommencer »; the article without JavaScript; the keyboard; touch targets."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.article import article_problems, read_article
from tests.browser.flowkit import (
    STEP_TIMEOUT,
    answers,
    click_answer,
    content,
    kept_field,
    mark,
    net_calls,
    open_flow,
    outcome_path,
    settle,
    shown_ids,
    target_of,
    tree_ids,
    tree_of,
    wait_ready,
    walk_to,
)

pytestmark = pytest.mark.browser

MIN_TARGET = 44  # px


def start_of(tree: str) -> str:
    return str(content()["trees"][tree]["start"])


# ------------------------------------------------------------- history


def test_reload_on_a_state_shows_the_same_node(flow_page: Page, site_url: str) -> None:
    steps = outcome_path("retrait-en-attente", "ticket")[:2]
    walk_to(flow_page, site_url, steps)
    expected = target_of(steps[-1])["node"]
    url = flow_page.url
    assert shown_ids(flow_page) == [expected]
    flow_page.reload(wait_until="domcontentloaded")
    wait_ready(flow_page)
    assert flow_page.url == url
    assert shown_ids(flow_page) == [expected]


def test_a_node_anchor_shows_that_node_and_survives_a_reload(flow_page: Page, site_url: str) -> None:
    """A shared link to a node (the article's own anchors, TREE--NODE) opens on
    that node; each node's anchor is tried, and the old plain ``#NODE`` ones
    too, then the page is reloaded on the last one."""
    tree = "avant-de-nous-contacter"
    data = content()["trees"][tree]
    nodes = [n for n in data["nodes"] if n != start_of(tree)]
    open_flow(flow_page, f"{site_url}parcours/{tree}/#{data['nodes'][nodes[-1]]['anchor']}")
    assert shown_ids(flow_page) == [nodes[-1]]
    for node_id in nodes:
        for anchor in (data["nodes"][node_id]["anchor"], node_id):
            if flow_page.evaluate("() => location.hash.slice(1)") == anchor:
                continue
            before = mark(flow_page)
            flow_page.evaluate("id => { location.hash = id; }", anchor)
            got = settle(flow_page, before)
            assert got is not None and [n["id"] for n in got] == [node_id], anchor
    flow_page.reload(wait_until="domcontentloaded")
    wait_ready(flow_page)
    assert shown_ids(flow_page) == [nodes[-1]]


def _three_steps(page: Page, site_url: str) -> list[str]:
    """Three answers into retrait-en-attente: the nodes shown, start first."""
    steps = outcome_path("retrait-en-attente", "ticket")[:3]
    walk_to(page, site_url, steps)
    seen = [*(s.node for s in steps), target_of(steps[-1])["node"]]
    assert shown_ids(page) == [seen[-1]]
    return seen


def test_browser_back_button_goes_to_the_previous_node(flow_page: Page, site_url: str) -> None:
    """Each press of the browser's back button shows the node before, on the
    same page: the page is not fetched again from the server."""
    seen = _three_steps(flow_page, site_url)
    calls = len(net_calls(flow_page))
    shown_after = []
    for _ in seen[:-1]:
        before = mark(flow_page)
        flow_page.go_back(wait_until="commit")
        settle(flow_page, before)
        shown_after.append(shown_ids(flow_page))
    assert tree_of(flow_page.url) == "retrait-en-attente"
    assert {"shown": shown_after, "requests": net_calls(flow_page)[calls:]} == {
        "shown": [[previous] for previous in reversed(seen[:-1])], "requests": []}


def test_flow_back_button_goes_to_the_previous_node(flow_page: Page, site_url: str) -> None:
    seen = _three_steps(flow_page, site_url)
    back = flow_page.locator("[data-kb-back]")
    for previous in reversed(seen[:-1]):
        before = mark(flow_page)
        back.click()
        settle(flow_page, before)
        assert shown_ids(flow_page) == [previous]
    assert back.is_disabled(), "at the start there is nothing to go back to"


STORAGE_JS = "() => Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)]))"


def test_restart_returns_to_the_start_and_forgets_the_answers(flow_page: Page, site_url: str) -> None:
    tree = "retrait-en-attente"
    steps = outcome_path(tree, "ticket")
    field = kept_field(tree, walk_to(flow_page, site_url, steps)[0]["id"])
    form = flow_page.locator("form[data-kb-ticket]:visible")
    typed = "Éloïse Dupont-Ærø 4242"
    preset = form.locator(f"[name='{field}']").input_value()  # what the answers filled in
    form.locator(f"[name='{field}']").fill(typed)
    stored = flow_page.evaluate(STORAGE_JS)
    assert typed in json.dumps(stored, ensure_ascii=False), "what the player types is kept while the flow is open"

    before = mark(flow_page)
    flow_page.locator("[data-kb-restart]").click()
    settle(flow_page, before, moved=False)
    assert shown_ids(flow_page) == [start_of(tree)]
    assert urlsplit(flow_page.url).fragment == ""
    stored = flow_page.evaluate(STORAGE_JS)
    assert typed not in json.dumps(stored, ensure_ascii=False)
    for raw in stored.values():
        try:
            state = json.loads(raw)
        except ValueError:
            continue
        if isinstance(state, dict):
            assert not state.get("path") and not state.get("values") and not state.get("carried"), state

    flow_page.reload(wait_until="domcontentloaded")
    wait_ready(flow_page)
    assert shown_ids(flow_page) == [start_of(tree)]
    for step in steps:
        click_answer(flow_page, step.answer)
    assert flow_page.locator(f"form[data-kb-ticket]:visible [name='{field}']").input_value() == preset


# ------------------------------------------------------------- no JavaScript

def test_without_javascript_every_node_is_in_the_article_and_linked(new_page: Callable[..., Page], site_url: str) -> None:
    """Every node is a visible section; every answer is a link to the next
    node's anchor, on this page or the other tree's; every outcome links to
    its channel."""
    page = new_page(java_script_enabled=False)
    pages = {}
    for tree in tree_ids():
        # "load": what is shown needs the style sheets; without scripts, DOMContentLoaded
        # does not wait for them (the player never sees the page before they apply)
        page.goto(f"{site_url}parcours/{tree}/", wait_until="load")
        pages[tree] = read_article(page)
    problems = []
    for tree in tree_ids():
        flows = pages[tree]["flows"]
        if [f["tree"] for f in flows] != [tree]:
            problems.append(f"{tree}: flows on the page {[f['tree'] for f in flows]}")
            continue
        problems += article_problems(tree, flows[0], {t: p["ids"] for t, p in pages.items()})
    assert problems == []


# ------------------------------------------------------------- keyboard

FOCUS_JS = """() => {
  const e = document.activeElement;
  const section = e && e.closest('[data-kb-node]');
  return {tag: e ? e.tagName : null, answer: e ? e.getAttribute('data-kb-answer') : null,
          node: section ? section.getAttribute('data-kb-node') : null};
}"""

LIVE_JS = """() => {
  const region = document.querySelector('[data-kb-flow] [aria-live]');
  window.__kbLive = region;
  return region ? region.textContent : null;
}"""


def _tab_to_first_answer(page: Page, start: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus["node"] == start and focus["answer"] is not None:
            assert focus["answer"] == answers(content()["trees"][tree_of(page.url)]["nodes"][start])[0][0]
            return
    raise AssertionError("Tab never reached the first answer")


@pytest.mark.parametrize("tree", ["retrait-en-attente", "bonus-code-promo", "avant-de-nous-contacter"])
def test_keyboard_enter_on_first_answer_moves_focus_to_next_heading(flow_page: Page, site_url: str, tree: str) -> None:
    """Tab to the first answer, Enter: the next node is shown and the focus is
    on its heading; on the same page, the live region the page had says the
    new step (a region put in afresh is not read out)."""
    open_flow(flow_page, f"{site_url}parcours/{tree}/")
    start = start_of(tree)
    _, target = answers(content()["trees"][tree]["nodes"][start])[0]
    _tab_to_first_answer(flow_page, start)
    live_before = flow_page.evaluate(LIVE_JS)
    assert live_before
    before = mark(flow_page)
    if target["tree"] == tree:
        flow_page.keyboard.press("Enter")
        settle(flow_page, before)
    else:
        with flow_page.expect_navigation(wait_until="domcontentloaded", timeout=STEP_TIMEOUT):
            flow_page.keyboard.press("Enter")
        wait_ready(flow_page)
        flow_page.wait_for_load_state("load")
    seen = {"page": tree_of(flow_page.url), "shown": shown_ids(flow_page), "focus": flow_page.evaluate(FOCUS_JS)}
    expected = {"page": target["tree"], "shown": [target["node"]], "focus": {"tag": "H2", "answer": None, "node": target["node"]}}
    if target["tree"] == tree:
        kept, text = flow_page.evaluate("() => [window.__kbLive.isConnected, window.__kbLive.textContent]")
        seen["live region kept and changed"] = kept and bool(text) and text != live_before
        expected["live region kept and changed"] = True
    assert seen == expected, f"requests made by the page's scripts: {net_calls(flow_page)}"


TARGETS_JS = """async (nodes) => {
  const small = [];
  const measure = (id) => {
    const section = document.querySelector('[data-kb-flow] [data-kb-node="' + id + '"]');
    const flow = section.closest('[data-kb-flow]');
    const targets = [
      ...section.querySelectorAll('a[data-kb-answer], [data-kb-feedback-answer], .kb-ticket__actions a, .kb-ticket__actions button'),
      ...flow.querySelectorAll('.kb-flow__bar button')];
    for (const t of targets) {
      const box = t.getBoundingClientRect();
      if (box.height === 0 && box.width === 0) continue;
      if (box.height < __MIN__ - 0.5) small.push(id + ': ' + t.outerHTML.slice(0, 80) + ' is ' + box.height.toFixed(1) + ' px high');
    }
    return targets.length;
  };
  let count = 0;
  for (const id of nodes) {
    if (location.hash !== '#' + id) {
      const changed = new Promise(resolve => window.addEventListener('hashchange', resolve, {once: true}));
      location.hash = id;
      await changed;
    }
    count += measure(id);
  }
  return {small, count};
}""".replace("__MIN__", str(MIN_TARGET))


def test_answers_and_flow_buttons_are_large_enough_to_touch(flow_page: Page, site_url: str) -> None:
    assert flow_page.viewport_size == {"width": 390, "height": 844}
    small: list[str] = []
    count = 0
    for tree in tree_ids():
        nodes = list(content()["trees"][tree]["nodes"])
        open_flow(flow_page, f"{site_url}parcours/{tree}/#{nodes[0]}")
        # The first hash change may make Material reload the content: let it.
        before = mark(flow_page)
        flow_page.evaluate("id => { location.hash = id; }", nodes[1])
        settle(flow_page, before)
        found = flow_page.evaluate(TARGETS_JS, [*nodes[1:], nodes[0]])
        small += [f"{tree}#{s}" for s in found["small"]]
        count += found["count"]
    assert count > 100
    assert small == []
