"""Known incidents come and go by the browser's clock, on a 390 x 844 phone:
before their start nothing shows; during their window the box is on the home
page, at the top of the affected flow (before its first question) and its line
in the affected outcome's request form; after their end it is hidden again,
though the page was built before. A flow the incident does not affect never
shows it; a hostile title or text is shown as text, never run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.a11y import axe_violations, describe
from tests.browser.flowkit import open_flow, serve
from tests.build.test_incidents_build import END, START, build_with_incidents, incidents_yaml

pytestmark = pytest.mark.browser

HOSTILE_TITLE = "<img src=x onerror=alert(1)> Bonus"
HOSTILE_TEXT = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}"
BEFORE, DURING, AFTER = START - timedelta(minutes=1), START + timedelta(hours=1), END + timedelta(seconds=1)
OUTCOME = "retrait-retenu"  # an outcome of retrait-en-attente with a request form


@pytest.fixture(scope="module")
def incident_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_with_incidents(tmp_path_factory.mktemp("incidents-browser"), incidents_yaml(HOSTILE_TITLE, HOSTILE_TEXT))
    with serve(site) as url:
        yield url


def _phone(new_page: Callable[..., Page], now: datetime) -> tuple[Page, list[str]]:
    page = new_page(timezone_id="Europe/Paris")
    page.clock.set_fixed_time(now)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page, dialogs


def _open_home(page: Page, url: str) -> None:
    """The home page (no flow there), once main.js has gone through its boot."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-kb-ready')"
                           " && document.querySelector('[data-kb-replaced]') !== null", timeout=5000)


def _shown(page: Page) -> list[str]:
    """The ids of the incident boxes the player sees."""
    return page.locator("[data-kb-incident]").evaluate_all(  # type: ignore[no-any-return]
        "els => els.filter(e => !e.hidden && e.getBoundingClientRect().height > 0)"
        ".map(e => e.getAttribute('data-kb-incident'))")


def _form_lines(page: Page, url: str) -> list[dict[str, Any]]:
    open_flow(page, f"{url}parcours/retrait-en-attente/#{OUTCOME}")
    here = page.locator(f"[data-kb-node='{OUTCOME}']")
    assert here.is_visible()
    assert here.locator("form.kb-ticket").count() == 1
    return here.locator("[data-kb-ticket-incident]").evaluate_all(  # type: ignore[no-any-return]
        "els => els.map(e => ({id: e.getAttribute('data-kb-ticket-incident'), text: e.textContent,"
        " children: e.children.length}))")


@pytest.mark.parametrize(("now", "home", "flow"), [
    (BEFORE, [], []),
    (DURING, ["retraits-lents", "bonus-hostile"], ["retraits-lents"]),
    (AFTER, ["bonus-hostile"], []),  # the bonus incident has no end: until removed
])
def test_the_incident_comes_and_goes_by_the_clock(new_page: Callable[..., Page], incident_url: str,
                                                  now: datetime, home: list[str], flow: list[str]) -> None:
    page, dialogs = _phone(new_page, now)
    _open_home(page, incident_url)
    assert _shown(page) == home
    open_flow(page, incident_url + "parcours/retrait-en-attente/")
    assert _shown(page) == flow
    open_flow(page, incident_url + "parcours/verification-kyc/")  # affected by nothing still on
    assert page.locator("[data-kb-incident]").count() == 0 and _shown(page) == []
    lines = _form_lines(page, incident_url)
    assert [line["id"] for line in lines] == flow
    for line in lines:
        assert "Retraits vers les e-wallets retardés" in line["text"] and "24\u00a0h" in line["text"].replace(" ", "\u00a0")
        assert "**" not in line["text"] and line["children"] == 0  # plain text
    assert dialogs == []


def test_during_the_window_the_box_is_atop_the_flow_and_readable_on_a_phone(new_page: Callable[..., Page],
                                                                              incident_url: str) -> None:
    page, _ = _phone(new_page, DURING)
    open_flow(page, incident_url + "parcours/retrait-en-attente/")
    box = page.locator("[data-kb-incident='retraits-lents']")
    question = page.locator("[data-kb-node]:visible").first
    assert box.is_visible() and question.is_visible()
    assert box.bounding_box()["y"] < question.bounding_box()["y"]  # type: ignore[index]
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    assert box.locator("h2").count() == 1
    fits = box.evaluate("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= 390")
    assert fits
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_a_hostile_title_and_text_stay_text(new_page: Callable[..., Page], incident_url: str) -> None:
    page, dialogs = _phone(new_page, DURING)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    open_flow(page, incident_url + "parcours/bonus-code-promo/")
    box = page.locator("[data-kb-incident='bonus-hostile']")
    assert box.is_visible()
    assert box.locator("img, script, svg").count() == 0
    assert "<img src=x onerror=alert(1)>" in box.locator("h2").inner_text()
    assert "<script>" in box.inner_text() and "{{ 7*7 }}" in box.inner_text()
    assert dialogs == [] and not [u for u in failed if u.endswith("/x")]


def test_shown_boxes_and_the_form_line_have_no_axe_violations(new_page: Callable[..., Page], incident_url: str) -> None:
    page, _ = _phone(new_page, DURING)
    problems: list[str] = []
    _open_home(page, incident_url)
    assert len(_shown(page)) == 2
    problems += describe("home", axe_violations(page))
    lines = _form_lines(page, incident_url)
    assert len(lines) == 1 and _shown(page) == ["retraits-lents"]
    problems += describe(f"retrait-en-attente#{OUTCOME}", axe_violations(page))
    assert problems == [], "\n".join(problems)


def test_a_page_left_open_shows_the_incident_at_its_start_and_hides_it_at_its_end(new_page: Callable[..., Page],
                                                                                 incident_url: str) -> None:
    page = new_page(timezone_id="Europe/Paris")
    page.clock.install(time=START - timedelta(seconds=20))
    open_flow(page, incident_url + "parcours/retrait-en-attente/")
    assert _shown(page) == []
    page.clock.run_for(60_000)
    assert _shown(page) == ["retraits-lents"]
    page.clock.fast_forward(int((END - START).total_seconds() * 1000))
    page.clock.run_for(60_000)
    assert _shown(page) == []
