"""The URL hash and sessionStorage are player input: whatever they hold, the
flow shows its start (or the longest valid part of an answer path), with a
question and a way forward, and no script error."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import answers, content, open_flow, shown
from tests.payloads import HOSTILE_HASHES, HOSTILE_STORAGE

pytestmark = pytest.mark.browser

TREES = ["avant-de-nous-contacter", "retrait-en-attente", "verification-kyc"]

STATE_JS = """() => ({
  forward: [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')]
    .filter(s => s.getClientRects().length > 0)
    .flatMap(s => [...s.querySelectorAll('a[data-kb-answer], [data-kb-channel-card]')])  // an answer, or a channel
    .filter(a => a.getClientRects().length > 0).length,
  heading: ((document.querySelector('[data-kb-flow] [data-kb-node]:not([hidden]) h2') || {}).textContent || '').trim(),
  polluted: ({}).polluted !== undefined || Object.prototype.hasOwnProperty('polluted'),
})"""


def _start(tree: str) -> str:
    return str(content()["trees"][tree]["start"])


def _first_local_answer(tree: str) -> tuple[str, str]:
    """The first answer of the start that stays in this tree, and where it leads."""
    local = [(value, target["node"]) for value, target in answers(content()["trees"][tree]["nodes"][_start(tree)])
             if target["tree"] == tree]
    return local[0]


def _shows_a_question(page: Page, errors: list[str], expected: str, what: str) -> None:
    got: dict[str, Any] = page.evaluate(STATE_JS)
    assert errors == [], (what, errors)
    assert [s["id"] for s in shown(page)] == [expected], what
    assert got["heading"] and got["forward"] > 0 and not got["polluted"], (what, got)


@pytest.mark.parametrize("tree", TREES)
def test_a_hostile_hash_shows_the_start_or_the_valid_part_of_the_way(flow_page: Page, site_url: str, tree: str) -> None:
    errors: list[str] = []
    flow_page.on("pageerror", lambda error: errors.append(str(error)))
    url = f"{site_url}parcours/{tree}/"
    cases = [(name, value, _start(tree)) for name, value in HOSTILE_HASHES]
    value, after = _first_local_answer(tree)
    index = [which for which, _ in answers(content()["trees"][tree]["nodes"][_start(tree)])].index(value)
    # old index links: the valid part of the way
    cases.append(("valid-then-out-of-range", f"p={index}.999.0", after))
    cases.append(("valid-then-negative", f"p={index}.-1", _start(tree)))  # not a path at all
    cases.append(("named-then-out-of-range", f"{tree}={index}.999.0", after))
    # answer ids: the same, and with other flows' entries around it
    cases.append(("id-then-unknown", f"{tree}={value}/plus-de-reponse/{value}", after))
    cases.append(("id-then-index", f"{tree}={value}/0", after))
    cases.append(("id-then-hostile", f"{tree}={value}/__proto__/constructor", after))
    cases.append(("named-twice", f"{tree}={value}&{tree}=999", after))  # the first entry counts
    cases.append(("named-among-junk", f"=&&x=y&__proto__=0&{tree}={value}&constructor=1", after))
    cases.append(("named-proto-only", "__proto__=0&constructor=0&toString=0", _start(tree)))
    for name, value, expected in cases:
        flow_page.goto("about:blank")
        open_flow(flow_page, f"{url}#{value}")
        _shows_a_question(flow_page, errors, expected, name)
        # the same hash reached while the page is open (hashchange, not a load)
        open_flow(flow_page, url)
        flow_page.evaluate("h => { location.hash = h; }", value)
        flow_page.wait_for_timeout(50)
        _shows_a_question(flow_page, errors, expected, name + " (hashchange)")


@pytest.mark.parametrize("tree", TREES[:2])
def test_a_tampered_session_storage_changes_nothing_the_player_sees(flow_page: Page, site_url: str, tree: str) -> None:
    errors: list[str] = []
    flow_page.on("pageerror", lambda error: errors.append(str(error)))
    url = f"{site_url}parcours/{tree}/"
    for name, stored in HOSTILE_STORAGE:
        open_flow(flow_page, url)
        flow_page.evaluate("([k, v]) => sessionStorage.setItem(k, v)", [f"kb-flow:{tree}", stored.replace("%s", tree)])
        flow_page.reload(wait_until="domcontentloaded")
        open_flow(flow_page, url)
        _shows_a_question(flow_page, errors, _start(tree), name)
        # and the player can still answer
        value, after = _first_local_answer(tree)
        flow_page.click(f"[data-kb-node='{_start(tree)}'] a[data-kb-answer='{value}']")
        flow_page.wait_for_function("v => location.hash === v", arg=f"#{tree}={value}")
        assert errors == [] and [s["id"] for s in shown(flow_page)] == [after], name
