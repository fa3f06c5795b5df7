"""The request as the player builds it: it opens with the player's own
sentence, and an attachment written with ``when:`` is asked for only while
its field holds that value, re-evaluated as the player changes the form,
its tick kept across a reload."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, Route

from tests.browser.flowkit import node, outcome_path, wait_ready, walk_to
from tests.browser.test_ticket import form_of, request_of

pytestmark = pytest.mark.browser

TREE, OUTCOME, FIELD = "retrait-en-attente", "refus-contact", "methode"
EXTRA = "Pièce de test demandée seulement pour le virement"
ATTRIBUTE = re.compile(r'data-kb-flow-data="([^"]*)"')


def _with_conditional_item(route: Route) -> None:
    """The tree's page, its flow data given one more attachment, asked for when FIELD is « Virement »."""
    response = route.fetch()

    def change(match: re.Match[str]) -> str:
        data: dict[str, Any] = json.loads(html.unescape(match.group(1)))
        data["nodes"][OUTCOME]["ticket"]["attachments"].append({"label": EXTRA, "when": {FIELD: ["Virement"]}})
        return f'data-kb-flow-data="{html.escape(json.dumps(data, ensure_ascii=False), quote=True)}"'

    route.fulfill(response=response, body=ATTRIBUTE.sub(change, response.text(), count=1))


def _box(page: Page) -> Any:
    return form_of(page, OUTCOME).locator(f"[data-kb-attachment='{EXTRA}']")


def test_a_conditional_attachment_follows_the_field_and_keeps_its_tick(flow_page: Page, site_url: str) -> None:
    ticket = node(TREE, OUTCOME)["ticket"]
    assert FIELD in ticket["fields"]
    flow_page.route(re.compile(rf".*/parcours/{TREE}/(index\.html)?$"), _with_conditional_item)
    steps = outcome_path(TREE, OUTCOME)
    walk_to(flow_page, site_url, steps)
    form = form_of(flow_page, OUTCOME)
    select = form.locator(f"[name='{FIELD}']")
    first = "Carte bancaire" if select.input_value() != "Carte bancaire" else "E-wallet"
    select.select_option(first)
    assert not _box(flow_page).is_visible(), "asked for only with a transfer"
    assert EXTRA not in request_of(flow_page, OUTCOME)[1]

    select.select_option("Virement")
    assert _box(flow_page).is_visible()
    _box(flow_page).check()
    assert EXTRA in request_of(flow_page, OUTCOME)[1], "a ticked attachment is listed in the message"

    flow_page.reload(wait_until="domcontentloaded")
    wait_ready(flow_page)
    assert _box(flow_page).is_visible() and _box(flow_page).is_checked(), "the tick survives a reload"
    assert EXTRA in request_of(flow_page, OUTCOME)[1]

    form_of(flow_page, OUTCOME).locator(f"[name='{FIELD}']").select_option(first)
    assert not _box(flow_page).is_visible()
    assert EXTRA not in request_of(flow_page, OUTCOME)[1], "an attachment no longer asked for leaves the message"


def test_the_message_opens_with_the_players_request(flow_page: Page, site_url: str) -> None:
    ticket = node(TREE, OUTCOME)["ticket"]
    walk_to(flow_page, site_url, outcome_path(TREE, OUTCOME))
    lines = request_of(flow_page, OUTCOME)[1].split("\n")
    opening = ticket["request"].split("[", 1)[0].replace("\u00a0", " ").strip()
    assert lines[1] == "" and lines[3] == ""
    assert lines[2].replace("\u00a0", " ").startswith(opening), lines[:4]
    assert not re.search(r"[\[\]{}]", lines[2]), lines[2]
    assert node(TREE, OUTCOME)["title"] not in "\n".join(lines), "the instruction to the player is not the message"
