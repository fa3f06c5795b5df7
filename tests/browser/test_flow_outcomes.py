"""What an outcome tells the player: the chat's hours (in the catalogue's
time zone, whatever the player's), when an e-mail gets its reply, and the
« Cela vous a-t-il aidé ? » feedback, which stays in the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import (
    PARIS,
    content,
    flat,
    mark,
    net_calls,
    open_flow,
    outcome_path,
    page_clock,
    reach,
    settle,
    shown_ids,
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


def open_at(new_page: Callable[..., Page], now: datetime) -> Page:
    page = new_page(timezone_id=ELSEWHERE)
    page.clock.set_fixed_time(now)
    return page


def says_hour(hour: str, text: str) -> bool:
    """Whether ``text`` names the hour ``hour`` (« 9 h » is not in « 19 h » nor in « 9 h 30 »)."""
    return re.search(rf"(?<!\d){re.escape(flat(hour))}(?! ?\d)", text) is not None


# The logic of hours and deadlines is unit-tested under node (tests/js/clock.test.js);
# here, that the page shows what its clock module says, on the catalogue's clock.

@pytest.mark.parametrize("now", [TUESDAY_10H, SUNDAY_23H], ids=["tuesday-10h", "sunday-23h"])
def test_chat_status_follows_the_catalogue_hours(new_page: Callable[..., Page], site_url: str, now: datetime) -> None:
    page = open_at(new_page, now)
    assert page.evaluate("() => Intl.DateTimeFormat().resolvedOptions().timeZone") == ELSEWHERE
    tree, outcome = outcomes_on("chat")[0]
    open_flow(page, f"{site_url}parcours/{tree}/")
    clock = page_clock(page, site_url, content()["channels"]["chat"]["hours"])
    assert clock["open"] is (now == TUESDAY_10H), "the chosen times are one open, one closed (Paris), whatever the browser's zone"
    for tree, outcome in outcomes_on("chat")[:3]:
        open_flow(page, f"{site_url}parcours/{tree}/#{outcome}")
        status = page.locator(f"[data-kb-node='{outcome}'] [data-kb-chat-status]")
        assert status.count() == 1 and status.is_visible(), f"{tree}#{outcome}"
        text = flat(status.inner_text())
        assert status.get_attribute("data-kb-chat-status") == ("open" if clock["open"] else "closed")
        if clock["open"]:
            assert says_hour(clock["until"], text), text
        else:
            assert says_hour(clock["opens"]["hour"], text) and flat(clock["opens"]["day"]) in text, (clock, text)


@pytest.mark.parametrize("now", [TUESDAY_10H, SUNDAY_23H], ids=["tuesday-10h", "sunday-23h"])
def test_email_and_form_outcomes_say_when_the_reply_is_due(new_page: Callable[..., Page], site_url: str, now: datetime) -> None:
    page = open_at(new_page, now)
    checked = 0
    for kind in ("email", "form"):
        for tree, outcome in outcomes_on(kind)[:2]:
            channel = reach(content()["trees"][tree]["nodes"][outcome]["channel"])
            open_flow(page, f"{site_url}parcours/{tree}/#{outcome}")
            due = page_clock(page, site_url, {}, max(channel["reply_business_hours"]))["due"]
            assert due is not None
            line = page.locator(f"[data-kb-node='{outcome}'] [data-kb-reply-due]")
            assert line.count() == 1 and line.is_visible(), f"{tree}#{outcome}"
            text = flat(line.inner_text())
            assert flat(due["text"]) in text, f"{tree}#{outcome}: due {due}, says {text!r}"
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
