"""Small things a player notices on a phone (issue 13, section 8): the
« Retour en haut » pill never covers the step heading the flow brings into
view; the mask-your-data advice is said once per form; the suggestion box
never proposes the page the player is on; no example note inside a flow
(the site-wide notice says it once, tests/build/test_example_notice.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import content, open_flow, tree_ids

pytestmark = pytest.mark.browser

# The heading of the step shown, and Material's back-to-top pill while it shows.
COVER_JS = """() => {
  const section = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')].find(s => s.getClientRects().length > 0);
  const h = section.querySelector('h2').getBoundingClientRect(), pill = document.querySelector('.md-top');
  const p = pill && !pill.hidden ? pill.getBoundingClientRect() : null;
  return {
    node: section.getAttribute('data-kb-node'), heading: [h.top, h.bottom], pill: p && [p.top, p.bottom],
    covered: Boolean(p) && p.bottom > h.top && p.top < h.bottom && p.right > h.left && p.left < h.right,
  };
}"""


def test_the_back_to_top_pill_never_covers_the_step_heading(new_page: Callable[..., Page], site_url: str) -> None:
    """At 390 x 844, the player reads down to an answer and taps it: the flow
    brings the next step's heading into view, scrolling up, and Material
    shows its pill. On the contact page (the flow under a long article) and
    on each tree's page, every answer that stays on the page."""
    page = new_page()
    places = [("contact/", "avant-de-nous-contacter")] + [(f"parcours/{t}/", t) for t in tree_ids()]
    covered, pill_seen = [], 0
    for path, tree in places:
        nodes = content()["trees"][tree]["nodes"]
        for node_id, here in nodes.items():
            for answer in here["answers"]:
                if answer["target"]["tree"] != tree:
                    continue
                open_flow(page, f"{site_url}{path}#{here['anchor']}")
                page.mouse.wheel(0, 5000)  # read down to the foot of the page
                page.wait_for_timeout(50)
                page.locator(f'[data-kb-node="{node_id}"] a[data-kb-answer="{answer["id"]}"]').click()
                page.wait_for_function("(n) => document.querySelector('[data-kb-flow] [data-kb-node=\"' + n + '\"]')"
                                       " && !document.querySelector('[data-kb-flow] [data-kb-node=\"' + n + '\"]').hidden",
                                       arg=answer["target"]["node"])
                page.wait_for_timeout(250)  # the pill's own transition
                seen = page.evaluate(COVER_JS)
                pill_seen += seen["pill"] is not None
                if seen["covered"]:
                    covered.append(f"{path}#{here['anchor']} [{answer['id']}]: {seen}")
        if path.startswith("parcours/") and pill_seen and len(covered) == 0 and tree != places[0][1]:
            break  # the pill was seen on a long page and a tree page: enough
    assert pill_seen, "the pill never showed: the case is not exercised"
    assert covered == []


# Advice that asks to mask data (« Masquez… », not « Ne masquez ni… »).
MASKING = re.compile(r"(?:^|[.!?;:]\s*)masquez\b", re.IGNORECASE)

ADVICE_JS = """() => {
  const section = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')].find(s => s.getClientRects().length > 0);
  return [...section.querySelectorAll('[data-kb-ticket] .kb-ticket__hint, [data-kb-ticket] .kb-ticket__warning')]
    .filter(p => p.getClientRects().length > 0).map(p => p.textContent.trim());
}"""


def outcomes_with_request() -> list[tuple[str, dict[str, Any]]]:
    return [(t, n) for t in tree_ids() for n in content()["trees"][t]["nodes"].values()
            if n["type"] == "outcome" and n["ticket"]]


def test_the_mask_your_data_advice_is_said_once_per_form(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page()
    twice, advised = [], 0
    for tree, here in outcomes_with_request():
        open_flow(page, f"{site_url}parcours/{tree}/#{here['anchor']}")
        said = [text for text in page.evaluate(ADVICE_JS) if MASKING.search(text)]
        advised += bool(said)
        if len(said) > 1:
            twice.append(f"{tree}#{here['id']}: {said}")
    assert advised, "no form asks to mask data: the case is not exercised"
    assert twice == []


CARD_JS = """() => {
  const section = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')].find(s => s.getClientRects().length > 0);
  const card = section.querySelector('[data-kb-channel-card]');
  return card ? card.textContent : null;
}"""


def test_no_channel_card_carries_an_example_note(new_page: Callable[..., Page], site_url: str) -> None:
    """The catalogue's channels keep their example values in this build: the
    site-wide notice says so once; the card of an outcome never does."""
    assert any(c["example"] for c in content()["channels"].values())
    page = new_page()
    noted = []
    values = sorted({v for c in content()["channels"].values() for v in c.values() if isinstance(v, str) and len(v) > 3},
                    key=len, reverse=True)
    for tree in tree_ids():
        for here in content()["trees"][tree]["nodes"].values():
            if here["type"] != "outcome":
                continue
            open_flow(page, f"{site_url}parcours/{tree}/#{here['anchor']}")
            text = page.evaluate(CARD_JS)
            assert text, f"{tree}#{here['id']}: no channel card"
            for value in values:  # the catalogue's own values (« Médiateur d'exemple… ») are not a note
                text = text.replace(value, "")
            if re.search(r"\bexemples?\b", text, re.IGNORECASE):
                noted.append(f"{tree}#{here['id']}: {text.strip()[:200]}")
        assert page.locator("[data-kb-example-notice]").count() == 1
    assert noted == []


# Every « suggestions » answer the search worker sends, heard on the page's
# own channel: what was proposed, before the box chose what to show.
LISTEN_JS = """() => {
  window.__kbHeard = [];
  const bus = new BroadcastChannel('kb-search');
  bus.onmessage = (e) => { if (e.data && e.data.kb === 'suggestions') window.__kbHeard.push(e.data.pages.map(p => p.location)); };
}"""

BOX_JS = """() => {
  const box = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')].find(s => s.getClientRects().length > 0)
    .querySelector('[data-kb-deflect]');
  return {hidden: box.hidden, links: [...box.querySelectorAll('a')].map(a => a.href)};
}"""


def test_the_suggestion_box_never_proposes_the_page_the_player_is_on(new_page: Callable[..., Page], site_url: str) -> None:
    """The player describes the problem in the words of the page they are on
    (its title): the search worker finds that page; the box leaves it out."""
    page = new_page()
    exercised, proposed = 0, []
    for tree, here in outcomes_with_request():
        textarea = next((f for f in here["ticket"]["fields"] if content()["fields"][f]["type"] == "textarea"), None)
        if textarea is None:
            continue
        url = f"{site_url}parcours/{tree}/"
        open_flow(page, f"{url}#{here['anchor']}")
        page.evaluate(LISTEN_JS)
        box = page.locator(f'[data-kb-node="{here["id"]}"] [name="{textarea}"]')
        box.fill(content()["trees"][tree]["title"])
        page.wait_for_function("() => window.__kbHeard.length > 0", timeout=15_000)
        page.wait_for_timeout(100)
        heard = page.evaluate("() => window.__kbHeard.at(-1)")
        if any(f"parcours/{tree}/" in location for location in heard):
            exercised += 1
        shown = page.evaluate(BOX_JS)
        if any(link.split("#")[0].split("?")[0] in (url, url + "index.html") for link in shown["links"]):
            proposed.append(f"{tree}#{here['id']}: {shown['links']}")
        if exercised >= 3 and proposed == []:
            break
    assert exercised, "the worker never proposed the page the player is on: the case is not exercised"
    assert proposed == []


def test_an_urgent_outcome_proposes_no_page_to_read(new_page: Callable[..., Page], site_url: str) -> None:
    """A hacked account, a withdrawal held despite a complete KYC: the player
    must contact us now; the box never offers pages instead (the hacked
    account was sent back to « Impossible de se connecter »)."""
    page = new_page()
    urgent, calm = [], []
    for tree, here in outcomes_with_request():
        textarea = next((f for f in here["ticket"]["fields"] if content()["fields"][f]["type"] == "textarea"), None)
        if textarea is not None:
            (urgent if here.get("urgency") in ("urgent", "escalation") else calm).append((tree, here, textarea))
    assert urgent and calm
    shown = []
    for tree, here, textarea in urgent + calm[:1]:
        open_flow(page, f"{site_url}parcours/{tree}/#{here['anchor']}")
        page.evaluate(LISTEN_JS)
        page.locator(f'[data-kb-node="{here["id"]}"] [name="{textarea}"]').fill("connexion impossible retrait kyc escalade compte")
        page.wait_for_timeout(1500)
        box = page.evaluate(BOX_JS)
        if (tree, here, textarea) in urgent:
            if not box["hidden"]:
                shown.append(f"{tree}#{here['id']}: {box['links']}")
        else:  # the same words elsewhere do bring suggestions: the case is exercised
            assert not box["hidden"], f"{tree}#{here['id']}: no suggestion at all, the test proves nothing"
    assert shown == []
