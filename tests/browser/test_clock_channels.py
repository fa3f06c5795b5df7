"""Channels honest to the clock, on a 390 x 844 phone whose clock and time zone
are set: the reply deadline of an e-mail counts whole working days (French
public holidays skipped) on the catalogue's clock; a closed chat puts its
fallback first and says when it reopens, from the player's own day; opening
the chat copies the request first (an urgent player is never held back);
every action replaces what the status said; the date field takes the
player's own today; the mediation card names and links its body."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import PARIS, content, flat, open_flow, reach

pytestmark = pytest.mark.browser

NOUMEA, NEW_YORK = "Pacific/Noumea", "America/New_York"
SUNDAY_23H = datetime(2026, 12, 6, 23, 0, tzinfo=PARIS)  # Monday 09:00 in Nouméa
TUESDAY_10H = datetime(2026, 12, 8, 10, 0, tzinfo=PARIS)
CHRISTMAS_EVE_17H = datetime(2026, 12, 24, 17, 0, tzinfo=PARIS)
NEW_YEARS_EVE_23H = datetime(2026, 12, 31, 23, 0, tzinfo=PARIS)  # Friday 1 January 2027 is a public holiday

# Records, after the flow's own handler, whether a click on the chat button was
# let through, and stops the browser from leaving for the (example) chat address.
CHAT_CLICKS_JS = """() => {
  window.__kbChat = [];
  document.addEventListener('click', e => {
    const link = e.target.closest('[data-kb-chat]');
    if (!link) return;
    window.__kbChat.push(!e.defaultPrevented);
    e.preventDefault();
  });
}"""


def strings() -> dict[str, str]:
    return next(iter(content()["trees"].values()))["strings"]  # type: ignore[no-any-return]


def outcomes(kind: str, ticket: bool = True) -> list[tuple[str, str, dict[str, Any]]]:
    """(tree, outcome, node) of every outcome reached through a channel of ``kind``."""
    return [(tree, nid, here) for tree, data in sorted(content()["trees"].items()) for nid, here in data["nodes"].items()
            if here["type"] == "outcome" and reach(here["channel"])["kind"] == kind and bool(here["ticket"]) is ticket]


def phone(new_page: Callable[..., Page], now: datetime, zone: str, **options: Any) -> Page:
    page = new_page(timezone_id=zone, **options)
    page.clock.set_fixed_time(now)
    return page


def section(page: Page, site_url: str, tree: str, outcome: str) -> Any:
    open_flow(page, f"{site_url}parcours/{tree}/#{outcome}")
    here = page.locator(f"[data-kb-node='{outcome}']")
    assert here.is_visible(), f"{tree}#{outcome}"
    return here


def actions(here: Any) -> list[str]:
    """The kinds of the request's actions, in the order the player meets them."""
    return here.locator(".kb-ticket__actions > *").evaluate_all(
        "els => els.map(e => ['data-kb-chat', 'data-kb-mailto', 'data-kb-form', 'data-kb-copy', 'data-kb-download']"
        ".find(a => e.hasAttribute(a)))")  # type: ignore[no-any-return]


# ------------------------------------------------------------ reply deadline

@pytest.mark.parametrize(("now", "zone", "day"), [
    (CHRISTMAS_EVE_17H, NOUMEA, "29 décembre"),  # 7 h Thursday, Christmas and the weekend off, Monday, 17 h Tuesday
    (SUNDAY_23H, NEW_YORK, "8 décembre"),  # Monday and Tuesday whole: by the end of Tuesday
    (SUNDAY_23H, "Europe/Paris", "8 décembre"),
])
def test_an_email_outcome_shows_the_due_day_of_the_catalogue(new_page: Callable[..., Page], site_url: str,
                                                              now: datetime, zone: str, day: str) -> None:
    page = phone(new_page, now, zone)
    tree, outcome, here = outcomes("email")[0]
    assert max(reach(here["channel"])["reply_business_hours"]) == 48
    line = section(page, site_url, tree, outcome).locator("[data-kb-reply-due]")
    text = flat(line.inner_text())
    assert day in text, text
    assert "29\u00a0décembre" in line.inner_text() or "8\u00a0décembre" in line.inner_text(), "a date never breaks"
    # the end of a day, whatever the hour it was sent: never to the minute, never « 0 h » of the next
    assert not re.search(r"\b\d+ h\b", text.replace("24–48 h", "")), text
    assert flat(strings()["due_end"].split("{")[0]) in text, text
    # the hour is Paris's: said so when the player's clock differs
    assert (flat(strings()["zone"]) in text) is (zone != "Europe/Paris"), text


# ------------------------------------------------------------ closed chat

def test_a_closed_chat_puts_its_fallback_first_and_says_when_it_reopens(new_page: Callable[..., Page], site_url: str) -> None:
    words = strings()
    tree, outcome, _ = next(o for o in outcomes("chat") if reach(o[2]["channel"]).get("hours"))
    monday = f"{words['day_mon']} 7 décembre"  # abroad: the weekday and the date of Paris, never a relative word
    for zone, day, elsewhere in [("Europe/Paris", words["tomorrow"], False), (NOUMEA, monday, True), (NEW_YORK, monday, True)]:
        page = phone(new_page, SUNDAY_23H, zone)
        here = section(page, site_url, tree, outcome)
        order = actions(here)
        assert order[0] in ("data-kb-mailto", "data-kb-form") and "data-kb-chat" in order, (zone, order)
        reopens = here.locator("[data-kb-chat] [data-kb-reopens]")
        assert reopens.is_visible(), zone
        text = flat(reopens.inner_text())
        # Monday 9 h in Paris: « demain » in Paris; in Nouméa (Monday already) and New York (still Sunday), the date
        assert flat(day) in text and "9 h" in text, (zone, text)
        if elsewhere:
            assert not any(flat(words[w]) in text for w in ("today", "tomorrow")), (zone, text)
        assert (flat(words["zone"]) in text) is elsewhere, (zone, text)
        status = flat(here.locator("[data-kb-chat-status]").inner_text())
        assert flat(day) in status, (zone, status)
    page = phone(new_page, TUESDAY_10H, NOUMEA)
    here = section(page, site_url, tree, outcome)
    assert actions(here)[0] == "data-kb-chat"
    assert here.locator("[data-kb-reopens]").count() == 0


# ------------------------------------------------------------ opening the chat

def chat_tickets(urgent: bool) -> list[tuple[str, str, dict[str, Any]]]:
    """The chat outcomes with a required field, urgent (or escalated) or not."""
    catalogue = content()["fields"]
    return [o for o in outcomes("chat") + outcomes("escalation")
            if (o[2]["urgency"] != "normal") is urgent and any(catalogue[f]["required"] for f in o[2]["ticket"]["fields"])]


def chat_page(new_page: Callable[..., Page], site_url: str, urgent: bool, which: int = 0,
              clipboard: bool = True) -> tuple[Page, Any, Any]:
    """A phone on Tuesday morning (the chat open) at a chat outcome: (page, its section, its status line)."""
    page = phone(new_page, TUESDAY_10H, "Europe/Paris", permissions=["clipboard-read", "clipboard-write"] if clipboard else [])
    if not clipboard:
        page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    tree, outcome, _ = chat_tickets(urgent)[which]
    here = section(page, site_url, tree, outcome)
    page.evaluate(CHAT_CLICKS_JS)
    return page, here, here.locator(".kb-ticket__done")


def copied(page: Page) -> str:
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    return page.evaluate("() => navigator.clipboard.readText()")  # type: ignore[no-any-return]


@pytest.mark.parametrize("which", range(len(chat_tickets(urgent=True))))
def test_opening_the_chat_copies_the_request_first_and_never_holds_back_the_urgent(
        new_page: Callable[..., Page], site_url: str, which: int) -> None:
    page, here, status = chat_page(new_page, site_url, urgent=True, which=which)
    # nothing filled in: an urgent player goes straight to the chat, with what there is
    here.locator("[data-kb-chat]").click()
    body = here.locator("[data-kb-ticket-body]").input_value()
    assert body and body in copied(page)
    assert page.evaluate("() => window.__kbChat") == [True]
    assert flat(status.inner_text()) == flat(strings()["chat_copied"])


def test_without_a_clipboard_the_player_is_told_to_copy_by_hand(new_page: Callable[..., Page], site_url: str) -> None:
    page, here, status = chat_page(new_page, site_url, urgent=True, clipboard=False)
    here.locator("[data-kb-chat]").click()
    assert page.evaluate("() => window.__kbChat") == [True]
    assert flat(status.inner_text()) == flat(strings()["chat_copy_by_hand"])


def test_a_later_blocked_action_replaces_the_copied_status(new_page: Callable[..., Page], site_url: str) -> None:
    page, here, status = chat_page(new_page, site_url, urgent=False)
    here.locator("[data-kb-copy]").click()
    assert copied(page)
    assert flat(status.inner_text()) == flat(strings()["copied"])
    # a required field is empty: the chat is not opened, and the status says why, not « copied »
    here.locator("[data-kb-chat]").click()
    assert page.evaluate("() => window.__kbChat") == [False]
    flagged = here.locator("[aria-invalid='true']").count()
    assert flagged >= 1
    # the one field, or how many (F1: « Corrigez les 3 champs signalés »)
    blocked = strings()["action_blocked"] if flagged == 1 else strings()["action_blocked_many"].replace("{count}", str(flagged))
    assert flat(status.inner_text()) == flat(blocked)


# ------------------------------------------------------------ date field

def test_the_date_field_takes_the_players_own_today(new_page: Callable[..., Page], site_url: str) -> None:
    page = phone(new_page, SUNDAY_23H, NOUMEA)  # Sunday 6 in Paris, Monday 7 December in Nouméa
    tree, outcome, _ = next(o for o in outcomes("email") + outcomes("chat")
                            if "date" in [content()["fields"][f]["type"] for f in o[2]["ticket"]["fields"]])
    here = section(page, site_url, tree, outcome)
    field = next(f for f in content()["trees"][tree]["nodes"][outcome]["ticket"]["fields"]
                 if content()["fields"][f]["type"] == "date")
    control = here.locator(f"[name='{field}']")
    assert control.get_attribute("max") == "2026-12-07"
    control.fill("2026-12-07")
    control.blur()
    assert control.get_attribute("aria-invalid") is None
    assert "07/12/2026" in here.locator("[data-kb-ticket-body]").input_value()
    control.fill("2026-12-08")  # tomorrow everywhere
    control.blur()
    assert control.get_attribute("aria-invalid") == "true"


# ------------------------------------------------------------ mediation

def test_the_mediation_card_names_and_links_its_body(new_page: Callable[..., Page], site_url: str) -> None:
    found = outcomes("mediation", ticket=False) + outcomes("mediation")
    assert found, "no outcome leads to mediation"
    tree, outcome, here_data = found[0]
    channel = content()["channels"][here_data["channel"]]
    page = phone(new_page, TUESDAY_10H, "Europe/Paris")
    card = section(page, site_url, tree, outcome).locator("[data-kb-channel-card]")
    assert channel["body_name"] in card.inner_text()
    assert card.locator("[data-kb-body-link]").get_attribute("href") == channel["body_url"]


# ------------------------------------------------------------ abroad, holidays

def chat_outcome() -> tuple[str, str, dict[str, Any]]:
    return next(o for o in outcomes("chat") if reach(o[2]["channel"]).get("hours"))


def test_an_open_chat_tells_a_player_abroad_its_date_in_the_catalogues_zone(new_page: Callable[..., Page], site_url: str) -> None:
    words = strings()
    tree, outcome, _ = chat_outcome()
    for zone, abroad in [("Europe/Paris", False), (NOUMEA, True)]:
        status = flat(section(phone(new_page, TUESDAY_10H, zone), site_url, tree, outcome)
                      .locator("[data-kb-chat-status]").inner_text())
        assert "22 h" in status and flat(words["zone"]) in status, (zone, status)
        # Nouméa's evening is Paris's morning: « until 22 h » needs Paris's day
        assert (f"{words['day_tue']} 8 décembre" in status) is abroad, (zone, status)


def test_the_chat_never_reopens_on_a_public_holiday(new_page: Callable[..., Page], site_url: str) -> None:
    words = strings()
    tree, outcome, _ = chat_outcome()
    for zone, day in [("Europe/Paris", words["day_sat"]), (NOUMEA, f"{words['day_sat']} 2 janvier")]:
        here = section(phone(new_page, NEW_YEARS_EVE_23H, zone), site_url, tree, outcome)
        text = flat(here.locator("[data-kb-chat] [data-kb-reopens]").inner_text())
        # 1 January is off: Saturday 10 h, never « demain » (Friday 1 January)
        assert flat(day) in text and "10 h" in text, (zone, text)
        assert flat(words["tomorrow"]) not in text and "1er janvier" not in text and " 1 janvier" not in text, (zone, text)


# ------------------------------------------------------------ every channel named has its button

def test_a_form_outcome_offers_the_email_its_card_names(new_page: Callable[..., Page], site_url: str) -> None:
    found = outcomes("form")
    assert found, "no outcome leads to the form"
    page = phone(new_page, TUESDAY_10H, "Europe/Paris")
    for tree, outcome, _ in found:
        order = actions(section(page, site_url, tree, outcome))
        assert order[:2] == ["data-kb-form", "data-kb-mailto"], (tree, outcome, order)


# ------------------------------------------------------------ « Non » to the feedback

def test_after_no_one_sentence_and_one_way_on(new_page: Callable[..., Page], site_url: str) -> None:
    tree, outcome = next((t, n) for t, data in sorted(content()["trees"].items()) for n, here in data["nodes"].items()
                         if here["type"] == "outcome" and not here["ticket"] and here["answers"])
    page = phone(new_page, TUESDAY_10H, "Europe/Paris")
    here = section(page, site_url, tree, outcome)
    here.locator("[data-kb-feedback-answer='no']").click()
    ways = here.locator("a[data-kb-answer]:visible")
    assert ways.count() == 1, [flat(t) for t in ways.all_inner_texts()]
    assert page.evaluate("() => document.activeElement.hasAttribute('data-kb-feedback-next')"), "the focus is on the way on"
    said = flat(here.locator(".kb-feedback__thanks").inner_text())
    assert said and len(re.findall(r"[.!?](?:\s|$)", said)) == 1, said
    # the answer « Non » is not thanked for as if it had helped, nor sent back to the start
    assert flat(strings()["feedback_thanks_yes"]) not in said and flat(strings()["restart"]).lower() not in said.lower(), said
