"""A page fetches only the modules of what the build wrote in it (kb/needs.js):
the home page no flow, an article no flow nor incident module, a flow without
mediation no complaint ladder, and no page the beacons' module without an
endpoint, while everything those pages show still works (the article's
feedback answers, the flow's request form, the ladder where there is one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import STEP_TIMEOUT, content, open_flow, outcome_path, wait_ready, walk_to

pytestmark = pytest.mark.browser

FLOW_ONLY = {"flow.js", "state.js", "ticket-form.js", "outcome.js", "privacy.js"}
INCIDENTS = {"incident-view.js", "incidents.js"}
LADDER = {"referral.js", "mediation.js"}


@pytest.fixture
def fetched(page: Page) -> Iterator[set[str]]:
    """The names of the flow's modules (assets/javascripts/kb/) the page requested."""
    names: set[str] = set()
    page.on("request", lambda request: names.add(PurePosixPath(request.url.split("?")[0]).name)
            if "/assets/javascripts/kb/" in request.url else None)
    yield names


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")


def test_the_home_page_fetches_no_flow_module(page: Page, fetched: set[str], site_url: str) -> None:
    page.goto(site_url, wait_until="load")
    _settled(page)
    assert "main.js" in fetched and "material.js" in fetched, fetched
    assert not fetched & (FLOW_ONLY | INCIDENTS | LADDER | {"beacon.js", "page-feedback.js"}), sorted(fetched)
    # the page works all the same: Material's menu button is the site's own (material.js)
    assert page.locator("button.kb-toggle-button").count() >= 1


def test_an_article_without_incidents_fetches_no_incident_nor_flow_module(page: Page, fetched: set[str],
                                                                        site_url: str) -> None:
    page.goto(site_url + "escalade/", wait_until="load")
    form = page.locator("form[data-kb-page-feedback]")
    form.wait_for(state="visible", timeout=STEP_TIMEOUT)
    assert page.locator("article > [data-kb-incident]").count() == 0
    form.locator("button[data-kb-feedback-answer='yes']").click()
    thanks = form.locator(".kb-feedback__thanks")
    assert thanks.inner_text().strip() and form.locator("button[aria-pressed='true']").count() == 1
    _settled(page)
    assert {"page-feedback.js", "emit.js"} <= fetched
    # no endpoint on this build: an answer sends nothing, and its module is never fetched
    assert not fetched & (FLOW_ONLY | INCIDENTS | LADDER | {"beacon.js"}), sorted(fetched)


def test_a_flow_without_mediation_fetches_no_ladder_module(page: Page, fetched: set[str], site_url: str) -> None:
    tree = "retrait-en-attente"
    data = content()["trees"][tree]
    assert not any(c["kind"] == "mediation" for c in data["channels"].values())
    walk_to(page, site_url, outcome_path(tree, "ticket"))
    form = page.locator("[data-kb-node]:visible form[data-kb-ticket]")
    assert form.count() == 1 and form.locator("[data-kb-ticket-body]").input_value().strip()
    _settled(page)
    assert fetched >= FLOW_ONLY
    assert not fetched & (LADDER | {"beacon.js", "page-feedback.js"}), sorted(fetched)
    assert bool(fetched & INCIDENTS) is bool(data["incidents"]), sorted(fetched)


def test_a_flow_with_mediation_fetches_the_ladder_and_shows_it(page: Page, fetched: set[str], site_url: str) -> None:
    tree, outcome = "contester-decision", "mediation"
    assert content()["trees"][tree]["channels"][outcome]["kind"] == "mediation"
    open_flow(page, f"{site_url}parcours/{tree}/#{outcome}")
    wait_ready(page)
    line = page.locator(f"[data-kb-node='{outcome}'] [data-kb-referral]")
    line.wait_for(state="visible", timeout=STEP_TIMEOUT)
    assert line.get_attribute("data-kb-referral")
    assert fetched >= LADDER and "beacon.js" not in fetched, sorted(fetched)
