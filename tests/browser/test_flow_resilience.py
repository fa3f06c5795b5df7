"""The article stays usable whatever goes wrong with the flow's code:

- the flow's modules never run (served as text, refused, broken): once the
  page has loaded, every article is whole, as without JavaScript, and its
  answer links lead to their anchors;
- one flow of a page fails (its data, its markup): that one is shown whole,
  the others work;
- a hash change that lands on the node already shown still shows, or takes
  away, the notice of a link that no longer holds (and cuts the hash)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route

from tests.browser.article import article_problems, read_article
from tests.browser.flowkit import STEP_TIMEOUT, answers, content, mark, open_flow, settle, shown_ids, tree_ids

pytestmark = pytest.mark.browser

MODULES = "**/assets/javascripts/kb/*.js"
NOTICE = "[data-kb-flow] [role='status'][data-kb-notice]"


def _as_text(site: Path, route: Route) -> None:
    """The module as a server that does not know JavaScript's type sends it."""
    route.fulfill(status=200, body=(site / urlsplit(route.request.url).path.lstrip("/")).read_bytes(),
                  headers={"content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff"})


def _broken(_site: Path, route: Route) -> None:
    """A module with a syntax error (the graph then fails to link)."""
    if route.request.url.endswith("/util.js"):
        route.fulfill(status=200, body="export const = ;", headers={"content-type": "text/javascript"})
    else:
        route.continue_()


FAILURES: dict[str, Callable[[Path, Route], None]] = {
    "served-as-text-nosniff": _as_text,
    "blocked": lambda _site, route: route.abort(),
    "syntax-error": _broken,
}


def _local_answer(tree: str) -> tuple[str, str]:
    """An answer of the start that stays on the tree's page, and its target's anchor."""
    start = content()["trees"][tree]["start"]
    return next((which, target["anchor"]) for which, target in answers(content()["trees"][tree]["nodes"][start])
                if target["tree"] == tree)


@pytest.mark.parametrize("failure", list(FAILURES))
def test_without_the_flow_code_every_article_is_whole(page: Page, built_site: Path, site_url: str, failure: str) -> None:
    page.route(MODULES, partial(FAILURES[failure], built_site))
    pages = {}
    for tree in tree_ids():
        page.goto(f"{site_url}parcours/{tree}/", wait_until="load")
        page.wait_for_function("() => document.readyState === 'complete'")
        pages[tree] = read_article(page)
        assert page.locator("[data-kb-flow].kb-flow--live").count() == 0, f"{failure}: the flow ran after all"
    problems = []
    for tree in tree_ids():
        flows = pages[tree]["flows"]
        assert [f["tree"] for f in flows] == [tree]
        problems += article_problems(tree, flows[0], {t: p["ids"] for t, p in pages.items()})
    assert problems == []

    # an answer link leads to its node's heading, on the page
    tree = tree_ids()[0]
    page.goto(f"{site_url}parcours/{tree}/", wait_until="load")
    which, anchor = _local_answer(tree)
    page.locator(f"[data-kb-flow] a[data-kb-answer='{which}']").first.click()
    page.wait_for_function("a => location.hash === '#' + a", arg=anchor, timeout=STEP_TIMEOUT)
    top = page.evaluate("a => document.getElementById(a).getBoundingClientRect().top", anchor)
    assert 0 <= top < page.viewport_size["height"] / 2, f"the heading {anchor} is at {top}px"  # type: ignore[index]


# Added before any script of the page: when the document is parsed (before
# the flow boots), roots that are not working flows go in front of the real
# one: a copy with data that is not JSON, a copy with empty data, a bare root.
BROKEN_JS = """() => document.addEventListener('DOMContentLoaded', () => {
  const real = document.querySelector('[data-kb-flow]');
  const copy = (data) => {
    const root = real.cloneNode(true);
    root.setAttribute('data-kb-flow-data', data);
    root.setAttribute('data-kb-broken', '');
    real.before(root);
  };
  copy('{"nodes": ');
  copy('{}');
  const bare = document.createElement('div');
  bare.setAttribute('data-kb-flow', 'faux');
  bare.setAttribute('data-kb-flow-data', '{"id": "faux", "nodes": {}}');
  bare.setAttribute('data-kb-broken', '');
  real.before(bare);
})"""


def test_a_broken_flow_is_shown_whole_and_the_others_work(flow_page: Page, site_url: str) -> None:
    errors: list[str] = []
    flow_page.on("pageerror", lambda error: errors.append(str(error)))
    flow_page.add_init_script(f"({BROKEN_JS})()")
    tree = "retrait-en-attente"
    open_flow(flow_page, f"{site_url}parcours/{tree}/")
    assert flow_page.locator("[data-kb-flow]").count() == 4
    assert flow_page.locator("[data-kb-broken].kb-flow--live").count() == 0

    # the copies are whole articles, with links to their anchors
    article = read_article(flow_page, "[data-kb-broken][data-kb-flow-data^='{']")
    copies = [f for f in article["flows"] if f["tree"] == tree]
    assert len(copies) == 2
    for found in copies:
        assert article_problems(tree, found, {tree: article["ids"]}) == []
    assert flow_page.locator("[data-kb-broken] [data-kb-notice], [data-kb-broken] .kb-live").count() == 0

    # the real flow: one step shown, and it answers
    real = f"[data-kb-flow='{tree}']:not([data-kb-broken])"
    start = content()["trees"][tree]["start"]
    visible = flow_page.evaluate(f"""() => [...document.querySelectorAll("{real} [data-kb-node]")]
      .filter(s => s.getClientRects().length > 0).map(s => s.getAttribute('data-kb-node'))""")
    assert visible == [start]
    which, anchor = _local_answer(tree)
    before = mark(flow_page)
    flow_page.locator(f"{real} a[data-kb-answer='{which}']").click()
    assert settle(flow_page, before) is not None
    assert flow_page.url.endswith(f"#{tree}={which}")
    assert flow_page.locator(f"{real} [data-kb-node]:visible h2").get_attribute("id") == anchor
    assert errors == []


def _notice(page: Page) -> str:
    return page.locator(NOTICE).inner_text().strip()


def _go(page: Page, hash_: str) -> None:
    """A change of hash on the open page (a link of the page, a shared link pasted)."""
    before = mark(page)
    page.evaluate("h => { location.hash = h; }", hash_)
    assert settle(page, before) is not None, f"no hash change to {hash_}"


def _first_step(tree: str) -> tuple[str, str, str]:
    """The flow's first answer that stays on the page, the node it leads to, and that node's anchor."""
    which, anchor = _local_answer(tree)
    data = content()["trees"][tree]
    return which, dict(answers(data["nodes"][data["start"]]))[which]["node"], anchor


@pytest.mark.parametrize("tree", tree_ids())
def test_a_lost_step_on_the_node_shown_brings_the_notice(flow_page: Page, site_url: str, tree: str) -> None:
    """A valid link, then one with a step that no longer exists: the same
    node, now with the notice, and the hash cut to the steps that hold."""
    which, here, _ = _first_step(tree)
    open_flow(flow_page, f"{site_url}parcours/{tree}/#{tree}={which}")
    assert _notice(flow_page) == ""
    _go(flow_page, f"#{tree}={which}/plus-de-reponse")
    assert shown_ids(flow_page) == [here]
    assert _notice(flow_page) != "", "a step that no longer exists says so"
    # a sensitive flow's address names the step shown, never the answers (no trail)
    kept = f"#{tree}--{here}" if content()["trees"][tree]["sensitive"] else f"#{tree}={which}"
    flow_page.wait_for_function("h => location.hash === h", arg=kept, timeout=STEP_TIMEOUT)


@pytest.mark.parametrize("tree", [t for t in tree_ids() if not content()["trees"][t]["sensitive"]])
def test_a_valid_link_to_the_node_shown_takes_the_notice_away(flow_page: Page, site_url: str, tree: str) -> None:
    """A link with a step that no longer exists, then a valid link to the
    same node (its anchor): the notice of the earlier link goes. (A sensitive
    flow already writes that anchor as its address: there is no second link.)"""
    which, here, anchor = _first_step(tree)
    open_flow(flow_page, f"{site_url}parcours/{tree}/#{tree}={which}/plus-de-reponse")
    assert _notice(flow_page) != ""
    _go(flow_page, f"#{anchor}")
    assert shown_ids(flow_page) == [here]
    assert _notice(flow_page) == "", "the notice of the earlier link stayed"
