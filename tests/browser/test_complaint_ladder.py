"""The complaint ladder on a 390 x 844 phone whose clock is fixed: under the
date of the written complaint, the mediation outcome of « Contester une
décision » says from which day the case can go to the mediation body (the
complaint's day plus the catalogue's wait, on the catalogue's clock) or that
it can now; without a complaint, it leads to the outcome that writes one,
dated the player's day; a date in the future or unreadable is said, never
NaN. Dates are read from data attributes, not from the wording. The
deployment's values (KB_MEDIATOR_*) reach the page."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from kb_tools import strings
from kb_tools.project import load_project
from tests.browser.flowkit import PARIS, flat, open_flow, serve
from tests.conftest import ROOT, build_site, copy_site_sources

pytestmark = pytest.mark.browser

TREE, MEDIATION, WRITE = "contester-decision", "mediation", "demander-explications"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=PARIS)
TODAY = NOW.date()
FIELD = "date-reclamation"


def catalogue() -> dict[str, Any]:
    kb, _ = load_project(ROOT / "trees", env={})
    return next(c for c in kb.channels.values() if c["kind"] == "mediation")


def phone(new_page: Callable[..., Page], zone: str = "Europe/Paris") -> Page:
    page = new_page(timezone_id=zone)
    page.clock.set_fixed_time(NOW)
    return page


def outcome(page: Page, site: str, node: str = MEDIATION) -> Any:
    open_flow(page, f"{site}parcours/{TREE}/#{node}")
    here = page.locator(f"[data-kb-node='{node}']")
    assert here.is_visible()
    return here


def referral(here: Any) -> tuple[str, str | None, str]:
    """(state, date the mediation opens, text) of the referral line."""
    line = here.locator("[data-kb-referral]")
    assert line.count() == 1 and line.is_visible()
    text = flat(line.inner_text())
    assert text and not re.search(r"NaN|undefined|null|\{", text), text
    return line.get_attribute("data-kb-referral") or "", line.get_attribute("data-kb-referral-date"), text


def complaint_on(here: Any, day: date | str) -> tuple[str, str | None, str]:
    here.locator(f"input[name='{FIELD}']").fill(day if isinstance(day, str) else day.isoformat())
    return referral(here)


def test_the_catalogue_requires_a_complaint_and_a_wait() -> None:
    mediation = catalogue()
    assert (mediation["complaint_required"], mediation["complaint_wait_days"]) == (True, 60)
    assert mediation["body_name"] and mediation["body_url"]


def test_a_recent_complaint_gives_the_day_mediation_opens(new_page: Callable[..., Page], site_url: str) -> None:
    wait = catalogue()["complaint_wait_days"]
    here = outcome(phone(new_page), site_url)
    for ago in (10, 0, wait - 1):
        state, opens, text = complaint_on(here, TODAY - timedelta(days=ago))
        assert (state, opens) == ("from", (TODAY - timedelta(days=ago) + timedelta(days=wait)).isoformat()), ago
        # the day in words, in full: its year is there, and the body is named and linked
        assert str(date.fromisoformat(opens).year) in text and catalogue()["body_name"] in text, text
    link = here.locator("[data-kb-referral] a[data-kb-referral-body]")
    assert link.get_attribute("href") == catalogue()["body_url"]
    # the line sits right under the complaint's date, and the message quotes the complaint's day
    assert here.locator(f".kb-ticket__field:has(input[name='{FIELD}']) + [data-kb-referral]").count() == 1
    body = here.locator("[data-kb-ticket-body]").input_value()
    assert (TODAY - timedelta(days=wait - 1)).strftime("%d/%m/%Y") in body, body


def test_an_old_enough_complaint_can_go_to_mediation_now(new_page: Callable[..., Page], site_url: str) -> None:
    wait = catalogue()["complaint_wait_days"]
    here = outcome(phone(new_page), site_url)
    for ago in (70, wait, 400):
        state, opens, _ = complaint_on(here, TODAY - timedelta(days=ago))
        assert state == "now" and opens is not None and opens <= TODAY.isoformat(), (ago, state, opens)


def test_the_day_turns_on_the_catalogue_clock(new_page: Callable[..., Page], site_url: str) -> None:
    """At 23:30 in New York it is already tomorrow in Paris: the day that opened there counts."""
    wait = catalogue()["complaint_wait_days"]
    page = new_page(timezone_id="America/New_York")
    page.clock.set_fixed_time(datetime(2026, 12, 6, 23, 30, tzinfo=PARIS) + timedelta(hours=1))  # 7 Dec 00:30 Paris
    here = outcome(page, site_url)
    state, opens, _ = complaint_on(here, date(2026, 12, 7) - timedelta(days=wait))
    assert (state, opens) == ("now", "2026-12-07")


def test_without_a_complaint_the_page_leads_to_writing_it(new_page: Callable[..., Page], site_url: str) -> None:
    page = phone(new_page)
    here = outcome(page, site_url)
    state, opens, _ = referral(here)
    assert (state, opens) == ("missing", None)
    write = here.locator("[data-kb-referral] a[data-kb-referral-write]")
    assert write.get_attribute("data-kb-referral-write") == WRITE
    write.click()
    written = page.locator(f"[data-kb-node='{WRITE}']")
    written.wait_for(state="visible")
    assert not here.is_visible()
    # the written complaint: dated the player's day, with the chronology and the evidence to attach
    state, opens, _ = referral(written)
    wait = catalogue()["complaint_wait_days"]
    assert (state, opens) == ("after", (TODAY + timedelta(days=wait)).isoformat())
    written.locator("textarea[name='chronologie']").fill("12/11 : gain annulé.")
    written.locator("input[type='checkbox']").first.check()
    body = written.locator("[data-kb-ticket-body]").input_value()
    assert "6\u00a0décembre\u00a02026" in body and "12/11 : gain annulé." in body, body
    assert written.locator("input[type='checkbox']").count() >= 2  # the evidence list


def test_a_future_or_unreadable_date_is_said(new_page: Callable[..., Page], site_url: str) -> None:
    here = outcome(phone(new_page), site_url)
    state, opens, _ = complaint_on(here, TODAY + timedelta(days=1))
    assert (state, opens) == ("invalid", None)
    assert flat(here.locator(f"[id$='-{FIELD}-error']").inner_text())  # the field says why, too
    # a browser without a date picker: the player types whatever they like
    here.locator(f"input[name='{FIELD}']").evaluate("e => { e.type = 'text'; }")
    for typed in ("32/13/2026", "hier", "2026-02-30"):
        state, opens, _ = complaint_on(here, typed)
        assert (state, opens) == ("invalid", None), typed
    state, _, _ = complaint_on(here, "")
    assert state == "missing"


# ------------------------------------------------------------ deployment values


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built with the deployment's complaint settings: none required, 45 days."""
    source = copy_site_sources(tmp_path_factory.mktemp("complaint-src"))
    values = {"KB_MEDIATOR_COMPLAINT_REQUIRED": "false", "KB_MEDIATOR_WAIT_DAYS": "45",
              "KB_MEDIATOR_NAME": "Médiateur réel des jeux", "KB_MEDIATOR_URL": "https://mediateur.casino-reel.fr/saisir"}
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        site = tmp_path_factory.mktemp("complaint-site")
        assert build_site(source, site) == []
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    with serve(Path(site)) as url:
        yield url


def test_the_deployment_values_reach_the_page(new_page: Callable[..., Page], deployed: str) -> None:
    page = phone(new_page)
    here = outcome(page, deployed)
    # no complaint required: mediation now, whatever the date says, the deployment's body named and linked
    for day in ("", (TODAY - timedelta(days=3)).isoformat()):
        if day:
            here.locator(f"input[name='{FIELD}']").fill(day)
        state, opens, text = referral(here)
        assert (state, opens) == ("free", None) and "Médiateur réel des jeux" in text, day
    assert here.locator("[data-kb-referral] a").get_attribute("href") == "https://mediateur.casino-reel.fr/saisir"
    data = page.evaluate("() => JSON.parse(document.querySelector('[data-kb-flow-data]').getAttribute('data-kb-flow-data'))")
    mediation = data["channels"]["mediation"]
    assert (mediation["complaint_required"], mediation["complaint_wait_days"]) == (False, 45)
    assert here.locator("[data-kb-complaint]").is_visible()
    # the complaint settings are no longer examples: the notice speaks only of the other channels
    assert flat(page.locator("[data-kb-example-notice]").inner_text()) == flat(strings.get("example_notice"))
