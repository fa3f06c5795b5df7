"""Links straight to a step, and links the flow cannot follow.

A node opened by an anchor (``#TREE--NODE``, an old ``#NODE``, a heading
inside the node) shows that node and nothing the player never answered: no
field of the request filled in, nothing in its « Étapes déjà tentées ». A
link whose first step holds nothing opens the start and says the flow starts
again, with a clean address; an old index link is rewritten to answer ids."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import answers, content, mark, open_flow, settle, shown_ids, tree_ids

pytestmark = pytest.mark.browser

NOTICE = "[data-kb-flow] [data-kb-notice]"

# What the flow shows of the node it is on: the request's controls and text,
# the Back button, the step bar's height.
SEEN_JS = """() => {
  const section = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')].find(s => !s.hidden);
  const form = section && section.querySelector('form[data-kb-ticket]');
  const controls = form ? [...form.querySelectorAll('input:not([type=checkbox]), select, textarea:not([readonly])')] : [];
  return {
    values: controls.map(c => [c.name || c.id, c.value]).filter(([, v]) => v !== ''),
    body: form ? form.querySelector('[data-kb-ticket-body]').value : '',
    back: document.querySelector('[data-kb-flow] [data-kb-back]').disabled,
    notice: (document.querySelector('[data-kb-flow] [data-kb-notice]') || {}).textContent || '',
    hash: location.hash,
  };
}"""


def _trails(tree: str) -> list[str]:
    """What the answers of ``tree`` say in the request (« Ce que j'ai déjà fait »)."""
    return [a["said"] for n in content()["trees"][tree]["nodes"].values() for a in n.get("answers", []) if a.get("said")]


def _go(page: Page, hash_: str) -> None:
    before = mark(page)
    page.evaluate("h => { location.hash = h; }", hash_)
    settle(page, before)


def _no_invented_answer(page: Page, tree: str, what: str) -> None:
    seen: dict[str, Any] = page.evaluate(SEEN_JS)
    assert seen["values"] == [], (what, "fields filled in", seen["values"])
    assert [t for t in _trails(tree) if t in seen["body"]] == [], (what, "steps never taken in the request")
    assert seen["back"], (what, "Retour leads back to answers never given")


@pytest.mark.parametrize("tree", tree_ids())
def test_an_anchor_opens_its_node_with_no_invented_answer(flow_page: Page, site_url: str, tree: str) -> None:
    """Every node of the tree, by its anchor and by its old plain id: that node
    alone, no field set, an empty trail, and the address still the anchor."""
    data = content()["trees"][tree]
    nodes = [n for n in data["nodes"] if n != data["start"]]
    first = data["nodes"][nodes[0]]["anchor"]
    open_flow(flow_page, f"{site_url}parcours/{tree}/#{first}")
    assert shown_ids(flow_page) == [nodes[0]]
    _no_invented_answer(flow_page, tree, first)
    for node_id in nodes:
        for anchor in (data["nodes"][node_id]["anchor"], node_id):
            if flow_page.evaluate("() => location.hash.slice(1)") != anchor:
                _go(flow_page, anchor)
            assert shown_ids(flow_page) == [node_id], anchor
            _no_invented_answer(flow_page, tree, anchor)
            assert flow_page.evaluate("() => location.hash") == "#" + anchor


def test_answering_after_an_anchor_goes_on_from_there(flow_page: Page, site_url: str) -> None:
    """From a node opened by an anchor, an answer leads on and Retour comes back
    to that node; the trail holds only the answer given."""
    for tree in tree_ids():
        data = content()["trees"][tree]
        here = next((n for n, node in data["nodes"].items() if n != data["start"] and node["type"] != "outcome"
                     and any(t["tree"] == tree for _, t in answers(node))), None)
        if here is None:
            continue
        which, target = next((w, t) for w, t in answers(data["nodes"][here]) if t["tree"] == tree)
        open_flow(flow_page, f"{site_url}parcours/{tree}/#{data['nodes'][here]['anchor']}")
        before = mark(flow_page)
        flow_page.locator(f"[data-kb-node='{here}'] a[data-kb-answer='{which}']").click()
        settle(flow_page, before)
        assert shown_ids(flow_page) == [target["node"]], tree
        assert not flow_page.evaluate(SEEN_JS)["back"], tree
        before = mark(flow_page)
        flow_page.locator("[data-kb-back]").click()
        settle(flow_page, before)
        assert shown_ids(flow_page) == [here], tree
        _no_invented_answer(flow_page, tree, "back to " + here)


def _clean(hash_: str) -> bool:
    """No empty ``TREE=`` entry in the address."""
    return re.search(r"(^#|&)[^&=]+=(&|$)", hash_) is None


@pytest.mark.parametrize("tree", tree_ids())
def test_a_link_with_nothing_valid_starts_again_and_says_so(flow_page: Page, site_url: str, tree: str) -> None:
    data = content()["trees"][tree]
    start_again, resume = data["strings"]["old_link"], data["strings"]["guide_changed"]
    assert start_again != resume
    for hash_ in (f"{tree}=zzz", f"{tree}=METHODE", f"{tree}=zzz/{answers(data['nodes'][data['start']])[0][0]}",
                  f"{tree}--nope", f"{tree}=--nope"):
        open_flow(flow_page, f"{site_url}parcours/{tree}/#{hash_}")
        seen = flow_page.evaluate(SEEN_JS)
        assert shown_ids(flow_page) == [data["start"]], hash_
        assert (seen["notice"], _clean(seen["hash"])) == (start_again, True), (hash_, seen["hash"])
    # a step that held, then one that does not: where it stopped, said so
    which, target = next((w, t) for w, t in answers(data["nodes"][data["start"]]) if t["tree"] == tree)
    open_flow(flow_page, f"{site_url}parcours/{tree}/#{tree}={which}/zzz")
    seen = flow_page.evaluate(SEEN_JS)
    # a sensitive flow's address names the node shown alone, never the answers (issue 15)
    kept = f"#{tree}--{target['node']}" if data.get("sensitive") else f"#{tree}={which}"
    assert (shown_ids(flow_page), seen["notice"], seen["hash"]) == ([target["node"]], resume, kept)


def test_an_old_link_that_matches_nothing_on_the_contact_page_starts_again(flow_page: Page, site_url: str) -> None:
    open_flow(flow_page, f"{site_url}contact/#p=999")
    seen = flow_page.evaluate(SEEN_JS)
    tree = flow_page.get_attribute("[data-kb-flow]", "data-kb-flow")
    assert tree is not None
    assert (seen["notice"], _clean(seen["hash"])) == (content()["trees"][tree]["strings"]["old_link"], True), seen


@pytest.mark.parametrize("tree", tree_ids())
def test_an_old_index_link_is_rewritten_to_answer_ids(flow_page: Page, site_url: str, tree: str) -> None:
    data = content()["trees"][tree]
    if not data["legacy"]:
        pytest.fail(f"{tree}: old links no longer map onto it; pick the trees that still do")
    at, ids, indexes = data["start"], [], []
    while len(ids) < 2:
        local = [(i, w, t) for i, (w, t) in enumerate(answers(data["nodes"][at])) if t["tree"] == tree]
        if not local:
            break
        index, which, target = local[0]
        ids.append(which)
        indexes.append(str(index))
        at = target["node"]
    for key in ("p", tree):
        open_flow(flow_page, f"{site_url}parcours/{tree}/#{key}={'.'.join(indexes)}")
        assert shown_ids(flow_page) == [at], key
        kept = f"#{tree}--{at}" if data.get("sensitive") else f"#{tree}={'/'.join(ids)}"  # sensitive: the node alone
        assert flow_page.evaluate("() => location.hash") == kept, key


# The heading, or where the flow shows what it stood for (the request written
# for readers without JavaScript is the live form in the flow): its box.
IN_VIEW_JS = """id => {
  const h = document.getElementById(id);
  const live = h.getClientRects().length ? h : h.closest('[data-kb-node]').querySelector('.kb-live');
  const b = live.getBoundingClientRect();
  return [b.top, b.height, innerHeight];
}"""


def _headings(page: Page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(
      '[data-kb-flow] [data-kb-node] :is(h1, h2, h3, h4, h5, h6)[id]')].map(h => h.id)""")  # type: ignore[no-any-return]


@pytest.mark.parametrize("where", ["contact/", "parcours/retrait-en-attente/"])
def test_a_heading_inside_a_hidden_node_shows_that_node(flow_page: Page, site_url: str, where: str) -> None:
    """Every heading of every node (the table of contents lists them): its link
    shows the node holding it, with no invented answer, and brings it into view."""
    open_flow(flow_page, site_url + where)
    tree = flow_page.get_attribute("[data-kb-flow]", "data-kb-flow")
    assert tree is not None
    ids = _headings(flow_page)
    assert len(ids) > len(content()["trees"][tree]["nodes"]), "the nodes' own headings, and some inside them"
    for id_ in ids:
        holder = flow_page.evaluate("id => document.getElementById(id).closest('[data-kb-node]').getAttribute('data-kb-node')", id_)
        _go(flow_page, id_)
        assert shown_ids(flow_page) == [holder], id_
        box = flow_page.evaluate(IN_VIEW_JS, id_)
        assert box[1] > 0 and 0 <= box[0] < box[2], (id_, "not in view", box)
        _no_invented_answer(flow_page, tree, id_)
