"""What an outcome tells the player: the chat's hours (in Paris time,
whatever the player's time zone), when an e-mail gets its reply, and the
« Cela vous a-t-il aidé ? » feedback, which stays in the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import (
    DAY_NAMES,
    PARIS,
    add_business_hours,
    catalogue,
    content,
    flat,
    hour_pattern,
    is_open,
    mark,
    net_calls,
    next_opening,
    open_flow,
    outcome_path,
    reach,
    settle,
    shown_ids,
    slots,
    walk_to,
)

pytestmark = pytest.mark.browser

# Paris wall-clock times; the browser itself is in Los Angeles.
TUESDAY_10H = datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)
SUNDAY_23H = datetime(2026, 11, 29, 23, 0, tzinfo=PARIS)
ELSEWHERE = "America/Los_Angeles"


def outcomes_on(kind: str) -> list[tuple[str, str]]:
    """(tree, outcome) of every outcome whose channel is reached as ``kind``."""
    return [(tree, node_id) for tree, data in sorted(content()["trees"].items())
            for node_id, here in data["nodes"].items()
            if here["type"] == "outcome" and reach(here["channel"])["kind"] == kind]


def day_words(at: datetime, now: datetime) -> list[str]:
    """How the site may name the day of ``at`` seen from ``now``: its name,
    or « aujourd’hui » / « demain » (both in Paris)."""
    days = (at.astimezone(PARIS).date() - now.astimezone(PARIS).date()).days
    relative = {0: ["aujourd’hui", "aujourd'hui"], 1: ["demain"]}.get(days, [])
    return [*relative, DAY_NAMES[at.astimezone(PARIS).weekday()]]


def open_at(new_page: Callable[..., Page], now: datetime) -> Page:
    page = new_page(timezone_id=ELSEWHERE)
    page.clock.set_fixed_time(now)
    return page


@pytest.mark.parametrize("now", [TUESDAY_10H, SUNDAY_23H], ids=["tuesday-10h", "sunday-23h"])
def test_chat_status_follows_the_paris_hours(new_page: Callable[..., Page], site_url: str, now: datetime) -> None:
    page = open_at(new_page, now)
    assert page.evaluate("() => Intl.DateTimeFormat().resolvedOptions().timeZone") == ELSEWHERE
    hours = catalogue()["channels"]["chat"]["hours"]
    opened = is_open(hours, now)
    assert opened is (now == TUESDAY_10H), "the chosen times are one open, one closed"
    for tree, outcome in outcomes_on("chat")[:3]:
        open_flow(page, f"{site_url}parcours/{tree}/#{outcome}")
        status = page.locator(f"[data-kb-node='{outcome}'] [data-kb-chat-status]")
        assert status.count() == 1 and status.is_visible(), f"{tree}#{outcome}"
        text = flat(status.inner_text())
        if opened:
            assert status.get_attribute("data-kb-chat-status") == "open"
            here = now.astimezone(PARIS)
            end = next(e for s, e in slots(hours, here.weekday()) if s <= here.hour * 60 + here.minute < e)
            assert re.search(hour_pattern(here.replace(hour=end // 60, minute=end % 60)), text), text
        else:
            assert status.get_attribute("data-kb-chat-status") == "closed"
            opening = next_opening(hours, now)
            assert opening is not None
            assert re.search(hour_pattern(opening), text), f"next opening {opening:%A %H:%M} not in {text!r}"
            assert any(word in text for word in day_words(opening, now)), f"next opening {opening:%A} not in {text!r}"


@pytest.mark.parametrize("now", [TUESDAY_10H, SUNDAY_23H], ids=["tuesday-10h", "sunday-23h"])
def test_email_and_form_outcomes_say_when_the_reply_is_due(new_page: Callable[..., Page], site_url: str, now: datetime) -> None:
    page = open_at(new_page, now)
    data = catalogue()
    checked = 0
    for kind in ("email", "form"):
        for tree, outcome in outcomes_on(kind)[:2]:
            channel = reach(content()["trees"][tree]["nodes"][outcome]["channel"])
            due = add_business_hours(data["business_hours"], now, max(channel["reply_business_hours"]))
            open_flow(page, f"{site_url}parcours/{tree}/#{outcome}")
            line = page.locator(f"[data-kb-node='{outcome}'] [data-kb-reply-due]")
            assert line.count() == 1 and line.is_visible(), f"{tree}#{outcome}"
            text = flat(line.inner_text())
            assert re.search(hour_pattern(due), text), f"{tree}#{outcome}: due {due:%A %d %H:%M}, says {text!r}"
            assert any(word in text for word in day_words(due, now)), f"{tree}#{outcome}: due {due:%A %d}, says {text!r}"
            if (due.date() - now.astimezone(PARIS).date()).days >= 7:
                assert re.search(rf"(?<!\d){due.day}(?!\d)", text), f"{tree}#{outcome}: a week or more away, the date is given"
            checked += 1
    assert checked >= 3
    # a chat outcome promises no e-mail delay of its own
    tree, outcome = outcomes_on("chat")[0]
    open_flow(page, f"{site_url}parcours/{tree}/#{outcome}")
    assert page.locator(f"[data-kb-node='{outcome}'] [data-kb-reply-due]").count() == 0


FEEDBACK_JS = """() => {
  window.__kbFeedback = [];
  document.addEventListener('kb:feedback', e => window.__kbFeedback.push(
    {detail: e.detail, custom: e instanceof CustomEvent, target: e.target === document}));
}"""


def test_feedback_on_a_self_help_outcome_is_an_event_not_a_request(flow_page: Page, site_url: str) -> None:
    tree = "avant-de-nous-contacter"
    self_help = [n for n, here in content()["trees"][tree]["nodes"].items()
                 if here["type"] == "outcome" and reach(here["channel"])["kind"] == "self_help"]
    outcome = self_help[0]
    walk_to(flow_page, site_url, outcome_path(tree, outcome))
    assert shown_ids(flow_page) == [outcome]
    flow_page.evaluate(FEEDBACK_JS)
    requests: list[str] = []
    flow_page.on("request", lambda request: requests.append(request.url))
    calls = len(net_calls(flow_page))
    before = mark(flow_page)
    yes = flow_page.locator(f"[data-kb-node='{outcome}'] [data-kb-feedback-answer='yes']")
    assert yes.is_visible()
    yes.click()
    settle(flow_page, before, moved=False)
    flow_page.wait_for_timeout(300)  # a beacon or a fetch would be under way by now
    assert flow_page.evaluate("() => window.__kbFeedback") == [
        {"detail": {"tree": tree, "node": outcome, "helpful": True}, "custom": True, "target": True}]
    assert requests == []
    assert net_calls(flow_page)[calls:] == []
