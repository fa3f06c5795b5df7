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
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page

from kb_tools import strings
from kb_tools.project import load_project
from tests.browser.flowkit import PARIS, answers, click_answer, flat, node, open_flow, serve
from tests.conftest import ROOT, build_site, copy_site_sources

pytestmark = pytest.mark.browser

TREE, MEDIATION, WRITE = "contester-decision", "mediation", "demander-explications"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=PARIS)
TODAY = NOW.date()
FIELD, ANSWER = "date-reclamation", "reponse-support"
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre"]


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


def answer_options() -> list[str]:
    kb, _ = load_project(ROOT / "trees", env={})
    options: list[str] = kb.fields[ANSWER]["options"]
    assert kb.fields[ANSWER]["role"] == "complaint-answer" and len(options) >= 2
    return options


def walk(page: Page, site: str, via: str) -> Any:
    """The mediation outcome reached by clicks, as a player does: through the
    answer of « explications » that leads to ``via`` (and on from there)."""
    open_flow(page, f"{site}parcours/{TREE}/")
    at = "explications"
    while at != MEDIATION:
        ways = answers(node(TREE, at))
        which, target = next((w, t) for w, t in ways if t["node"] == via) if at == "explications" \
            else next((w, t) for w, t in ways if t["node"] == MEDIATION)
        click_answer(page, which)
        at = target["node"]
    here = page.locator(f"[data-kb-node='{MEDIATION}']")
    assert here.is_visible()
    return here


def test_an_answer_from_support_opens_mediation_at_once(new_page: Callable[..., Page], site_url: str) -> None:
    """« Oui, et je conteste toujours la décision »: support has answered, nothing is left to wait for."""
    wait, (yes, no, *_) = catalogue()["complaint_wait_days"], answer_options()
    here = walk(phone(new_page), site_url, "relire")
    assert here.locator(f"select[name='{ANSWER}']").input_value() == yes  # the answer taken said so
    assert referral(here)[:2] == ("answered", None)  # no date needed for that
    for ago in (0, 10, wait - 1, wait, 400):
        state, opens, text = complaint_on(here, TODAY - timedelta(days=ago))
        assert (state, opens) == ("answered", None), ago
        assert catalogue()["body_name"] in text
    # the player says support has not answered after all: the day the wait ends
    here.locator(f"select[name='{ANSWER}']").select_option(no)
    state, opens, _ = complaint_on(here, TODAY - timedelta(days=10))
    assert (state, opens) == ("from", (TODAY + timedelta(days=wait - 10)).isoformat())


def test_without_an_answer_mediation_opens_when_the_wait_ends(new_page: Callable[..., Page], site_url: str) -> None:
    """« Oui, mais mon dossier n’avance pas »: the day the wait ends (and, said in words, an answer opens it sooner)."""
    wait, (yes, no, *_) = catalogue()["complaint_wait_days"], answer_options()
    here = walk(phone(new_page), site_url, MEDIATION)
    assert here.locator(f"select[name='{ANSWER}']").input_value() == no
    assert referral(here)[:2] == ("missing", None)
    for ago in (0, 10, wait - 1):
        state, opens, _ = complaint_on(here, TODAY - timedelta(days=ago))
        assert (state, opens) == ("from", (TODAY + timedelta(days=wait - ago)).isoformat()), ago
    for ago in (wait, 400):
        state, opens, _ = complaint_on(here, TODAY - timedelta(days=ago))
        assert state == "now" and opens is not None and opens <= TODAY.isoformat(), ago
    # support answers: mediation at once
    complaint_on(here, TODAY - timedelta(days=10))
    here.locator(f"select[name='{ANSWER}']").select_option(yes)
    assert referral(here)[:2] == ("answered", None)


@pytest.mark.parametrize("zone", ["America/Martinique", "Asia/Tokyo", "Europe/Paris"])
@pytest.mark.parametrize("paris", ["23:30", "00:30"])
def test_one_clock_the_players_day(new_page: Callable[..., Page], site_url: str, zone: str, paris: str) -> None:
    """23:30 and 00:30 in Paris, a winter night: the player's own calendar day
    dates the written complaint, bounds the date field and counts the wait."""
    hour, minute = map(int, paris.split(":"))
    now = datetime(2026, 12, 7 if hour == 23 else 8, hour, minute, tzinfo=PARIS)
    mine = now.astimezone(ZoneInfo(zone)).date()
    wait = catalogue()["complaint_wait_days"]
    page = new_page(timezone_id=zone)
    page.clock.set_fixed_time(now)
    here = outcome(page, site_url)
    box = here.locator(f"input[name='{FIELD}']")
    assert box.get_attribute("max") == mine.isoformat()
    assert complaint_on(here, mine + timedelta(days=1))[:2] == ("invalid", None)  # the day after the player's
    assert complaint_on(here, mine - timedelta(days=wait))[:2] == ("now", mine.isoformat())
    assert complaint_on(here, mine - timedelta(days=wait - 1))[:2] == ("from", (mine + timedelta(days=1)).isoformat())
    # the written complaint: dated the player's day, the wait counted from it
    written = outcome(page, site_url, WRITE)
    assert referral(written)[:2] == ("after", (mine + timedelta(days=wait)).isoformat())
    body = written.locator("[data-kb-ticket-body]").input_value()
    assert f"{mine.day}\u00a0{MONTHS[mine.month - 1]}\u00a0{mine.year}" in body, (zone, paris, body)
    other = mine + timedelta(days=1 if mine <= now.date() else -1)
    assert f"{other.day}\u00a0{MONTHS[other.month - 1]}" not in body


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
    for typed in ("32/13/2026", "hier", "2026-02-30", "1999-01-01", "0201-06-15", "1999-12-31"):
        state, opens, _ = complaint_on(here, typed)
        assert (state, opens) == ("invalid", None), typed
    state, _, _ = complaint_on(here, "")
    assert state == "missing"
    # a date picker: an implausible year is said too, next to the field, answered or not
    here.locator(f"input[name='{FIELD}']").evaluate("e => { e.type = 'date'; }")
    for answered in answer_options()[:2]:
        here.locator(f"select[name='{ANSWER}']").select_option(answered)
        for typed in ("1999-01-01", "0201-06-15"):
            assert complaint_on(here, typed)[:2] == ("invalid", None), typed
            assert flat(here.locator(f"[id$='-{FIELD}-error']").inner_text()), typed
    assert complaint_on(here, "2000-01-01")[0] in ("now", "answered")


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
