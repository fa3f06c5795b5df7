"""Two flows on one page keep their own state: an answer, « Retour »,
« Recommencer », a reload, the browser's Back button or a shared link in one
flow never moves the other, and what the player types in one is stored under
that flow's own key.

The page is the contact page of a copy of the site, with a second flow
embedded under the first (``<!-- kb-flow: ... -->``), as an editor would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import answers, content, kept_field, mark, open_flow, outcome_path, serve, settle, wait_ready
from tests.conftest import build_site, copy_site_sources

pytestmark = pytest.mark.browser

FIRST = "avant-de-nous-contacter"  # already on the contact page
SECOND = "retrait-en-attente"  # added under it

# Per flow of the page, in page order: its tree and the node(s) it shows.
FLOWS_JS = """() => [...document.querySelectorAll('[data-kb-flow]')].map(root => ({
  tree: root.getAttribute('data-kb-flow'),
  shown: [...root.querySelectorAll('[data-kb-node]')].filter(s => s.getClientRects().length > 0)
    .map(s => s.getAttribute('data-kb-node')),
  focused: root.contains(document.activeElement),
}))"""

STORAGE_JS = "() => Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)]))"


@pytest.fixture(scope="module")
def two_flows_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    source = copy_site_sources(tmp_path_factory.mktemp("two-flows") / "src")
    contact = source / "docs" / "contact.md"
    text = contact.read_text(encoding="utf-8")
    marker = f"<!-- kb-flow: {FIRST} -->"
    assert marker in text, "the contact page no longer embeds the contact flow"
    contact.write_text(text.replace(marker, f"{marker}\n\n## Un retrait\n\n<!-- kb-flow: {SECOND} -->\n"),
                       encoding="utf-8")
    site = source.parent / "site"
    assert build_site(source, site) == []
    with serve(site) as url:
        yield url + "contact/"


def _flows(page: Page) -> dict[str, dict[str, Any]]:
    got = page.evaluate(FLOWS_JS)
    assert [f["tree"] for f in got] == [FIRST, SECOND]
    return {f["tree"]: f for f in got}


def _shown(page: Page) -> dict[str, list[str]]:
    return {tree: f["shown"] for tree, f in _flows(page).items()}


def _local_walk(tree: str, steps: int) -> list[tuple[str, str]]:
    """``(node, answer)`` clicks from the start that stay in the tree."""
    data = content()["trees"][tree]
    at, walk = data["start"], []
    for _ in range(steps):
        local = [(which, t["node"]) for which, t in answers(data["nodes"][at]) if t["tree"] == tree]
        if not local:
            break
        walk.append((at, local[0][0]))
        at = local[0][1]
    assert walk, f"{tree}: no answer of the start stays in the tree"
    return walk


def _reached(tree: str, walk: list[tuple[str, str]]) -> str:
    data = content()["trees"][tree]
    at = data["start"]
    for node, which in walk:
        assert node == at
        at = dict(answers(data["nodes"][at]))[which]["node"]
    return str(at)


def _index(tree: str, node: str, which: str) -> int:
    """Where the answer ``which`` of ``node`` stands: what old links held."""
    return [a for a, _ in answers(content()["trees"][tree]["nodes"][node])].index(which)


def _click(page: Page, tree: str, node: str, which: str) -> None:
    before = mark(page)
    page.locator(f"[data-kb-flow='{tree}'] [data-kb-node='{node}'] a[data-kb-answer='{which}']").click()
    assert settle(page, before) is not None, f"{tree}: no step after answer {which} on {node}"


def _start(tree: str) -> str:
    return str(content()["trees"][tree]["start"])


def test_each_flow_keeps_its_state_through_answers_reload_and_back(flow_page: Page, two_flows_url: str) -> None:
    errors: list[str] = []
    flow_page.on("pageerror", lambda error: errors.append(str(error)))
    open_flow(flow_page, two_flows_url)
    assert _shown(flow_page) == {FIRST: [_start(FIRST)], SECOND: [_start(SECOND)]}

    second = _local_walk(SECOND, 2)
    for node, which in second:
        _click(flow_page, SECOND, node, which)
        assert _flows(flow_page)[SECOND]["focused"], "the focus stays in the flow the player answered"
    there = _reached(SECOND, second)
    assert _shown(flow_page) == {FIRST: [_start(FIRST)], SECOND: [there]}

    first = _local_walk(FIRST, 1)
    _click(flow_page, FIRST, *first[0])
    here = _reached(FIRST, first)
    assert _shown(flow_page) == {FIRST: [here], SECOND: [there]}, "an answer in one flow moved the other"
    assert _flows(flow_page)[FIRST]["focused"]

    # the browser's Back button undoes the last answer, in the flow that took it
    before = mark(flow_page)
    flow_page.go_back()
    settle(flow_page, before)
    assert _shown(flow_page) == {FIRST: [_start(FIRST)], SECOND: [there]}
    before = mark(flow_page)
    flow_page.go_forward()
    settle(flow_page, before)
    assert _shown(flow_page) == {FIRST: [here], SECOND: [there]}

    # the link says where both flows are: a reload (or a shared link) shows the same
    url = flow_page.url
    flow_page.goto("about:blank")
    open_flow(flow_page, url)
    assert _shown(flow_page) == {FIRST: [here], SECOND: [there]}

    # « Retour » in one flow goes back in that flow only
    before = mark(flow_page)
    flow_page.locator(f"[data-kb-flow='{SECOND}'] [data-kb-back]").click()
    settle(flow_page, before)
    assert _shown(flow_page) == {FIRST: [here], SECOND: [_reached(SECOND, second[:-1])]}
    assert errors == []


def test_restart_and_typing_touch_one_flow_only(flow_page: Page, two_flows_url: str) -> None:
    errors: list[str] = []
    flow_page.on("pageerror", lambda error: errors.append(str(error)))
    open_flow(flow_page, two_flows_url)
    for step in outcome_path(SECOND, "ticket"):
        _click(flow_page, SECOND, step.node, step.answer)
    outcome = _shown(flow_page)[SECOND][0]
    first = _local_walk(FIRST, 1)
    _click(flow_page, FIRST, *first[0])

    form = flow_page.locator(f"[data-kb-flow='{SECOND}'] form[data-kb-ticket]")
    typed = "Éloïse 4242 test-deux-parcours"
    field = kept_field(SECOND, outcome)
    form.locator(f"[name='{field}']").fill(typed)
    stored = flow_page.evaluate(STORAGE_JS)
    assert typed in stored.get(f"kb-flow:{SECOND}", ""), "typed text is kept under its flow's own key"
    assert all(typed not in value for key, value in stored.items() if key != f"kb-flow:{SECOND}")

    # Recommencer in the first flow: the second keeps its outcome and what was typed
    before = mark(flow_page)
    flow_page.locator(f"[data-kb-flow='{FIRST}'] [data-kb-restart]").click()
    settle(flow_page, before, moved=False)
    assert _shown(flow_page) == {FIRST: [_start(FIRST)], SECOND: [outcome]}
    assert f"{SECOND}=" in urlsplit(flow_page.url).fragment, "the other flow's place stays in the link"
    assert typed in json.dumps(flow_page.evaluate(STORAGE_JS), ensure_ascii=False)
    flow_page.reload(wait_until="domcontentloaded")
    wait_ready(flow_page)
    assert _shown(flow_page) == {FIRST: [_start(FIRST)], SECOND: [outcome]}
    assert flow_page.locator(f"[data-kb-flow='{SECOND}'] [name='{field}']").input_value() == typed

    # the ticket's controls have ids of their own: no clash with the other flow
    ids = flow_page.evaluate("() => [...document.querySelectorAll('[data-kb-flow] [id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert errors == []


def test_old_links_and_anchors_name_one_flow(flow_page: Page, two_flows_url: str) -> None:
    first = _local_walk(FIRST, 1)
    # an old "#p=" link (one flow per page, answer indexes) still opens the page's first flow
    open_flow(flow_page, f"{two_flows_url}#p={_index(FIRST, *first[0])}")
    assert _shown(flow_page) == {FIRST: [_reached(FIRST, first)], SECOND: [_start(SECOND)]}
    # a plain anchor of the second flow's node shows it there, and leaves the first where it is
    second = _local_walk(SECOND, 2)
    target = _reached(SECOND, second)
    if target in content()["trees"][FIRST]["nodes"]:
        pytest.fail(f"pick a node that only {SECOND} has: {target} is in both trees")
    before = mark(flow_page)
    flow_page.evaluate("id => { location.hash = id; }", target)
    settle(flow_page, before)
    assert _shown(flow_page) == {FIRST: [_reached(FIRST, first)], SECOND: [target]}
    # then an answer in the first flow keeps the second where the anchor put it
    flow_page.locator(f"[data-kb-flow='{FIRST}'] [data-kb-back]").click()
    flow_page.wait_for_function("tree => location.hash.includes(tree + '=')", arg=SECOND)
    assert _shown(flow_page) == {FIRST: [_start(FIRST)], SECOND: [target]}


@pytest.fixture(scope="module")
def flow_named_p_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The contact page with a second flow whose tree is named ``p``, the key of old links."""
    source = copy_site_sources(tmp_path_factory.mktemp("flow-p") / "src")
    tree = (source / "trees" / f"{FIRST}.yml").read_text(encoding="utf-8")  # the same answers as the first flow
    (source / "trees" / "p.yml").write_text(tree.replace(f"id: {FIRST}", "id: p", 1), encoding="utf-8")
    config = source / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        f"      - parcours/{SECOND}.md\n", f"      - parcours/{SECOND}.md\n      - parcours/p.md\n"), encoding="utf-8")
    contact = source / "docs" / "contact.md"
    marker = f"<!-- kb-flow: {FIRST} -->"
    contact.write_text(contact.read_text(encoding="utf-8").replace(marker, f"{marker}\n\n<!-- kb-flow: p -->\n"),
                       encoding="utf-8")
    site = source.parent / "site"
    assert build_site(source, site) == []
    with serve(site) as url:
        yield url + "contact/"


def test_a_flow_named_p_is_not_taken_for_an_old_link(flow_page: Page, flow_named_p_url: str) -> None:
    walk = _local_walk(FIRST, 1)  # the tree p is a copy of FIRST: the same path fits both
    # (by answer id: the copied tree p has no recorded answer order for index links)
    open_flow(flow_page, f"{flow_named_p_url}#p={walk[0][1]}")
    got = {f["tree"]: f["shown"] for f in flow_page.evaluate(FLOWS_JS)}
    assert got == {FIRST: [_start(FIRST)], "p": [_reached(FIRST, walk)]}


@pytest.mark.parametrize("way", ["loaded", "same-page"])
def test_a_broken_step_in_one_flow_leaves_the_other_flows_place(flow_page: Page, two_flows_url: str, way: str) -> None:
    """The first flow's link names a step that no longer exists: it stops at its
    last valid node with the notice, and the second flow's place stays, in the
    page and in the rewritten address; whether the link opens the page or
    moves both flows of the open page at once."""
    first, second = _local_walk(FIRST, 1), _local_walk(SECOND, 2)
    ids = "/".join(which for _, which in second)
    hash_ = f"#{FIRST}={first[0][1]}/plus-de-reponse&{SECOND}={ids}"
    if way == "loaded":
        open_flow(flow_page, two_flows_url + hash_)
    else:
        open_flow(flow_page, two_flows_url)
        before = mark(flow_page)
        flow_page.evaluate("h => { location.hash = h; }", hash_)
        assert settle(flow_page, before) is not None
    assert _shown(flow_page) == {FIRST: [_reached(FIRST, first)], SECOND: [_reached(SECOND, second)]}
    notices = {tree: flow_page.locator(f"[data-kb-flow='{tree}'] [role='status'][data-kb-notice]").inner_text().strip()
               for tree in (FIRST, SECOND)}
    assert notices[FIRST] and not notices[SECOND], notices
    fragment = flow_page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
    assert sorted(fragment.split("&")) == sorted([f"{FIRST}={first[0][1]}", f"{SECOND}={ids}"])
