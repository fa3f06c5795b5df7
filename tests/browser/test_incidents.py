"""Known incidents come and go by the browser's clock, on a 390 x 844 phone:
before their start nothing shows; during their window the box is on the home
page (with a link to each flow it affects) and at the top of the affected flow
(before its first question); each outcome of that flow opens with a note that
asks whether the request is about it, before the urgency, the channel and the
form, and the box atop the flow steps aside; after their end all of it is
hidden again, though the page was built before, and a page left open follows
the clock. A flow the incident does not affect never shows it; a hostile title
or text is shown as text, never run; a title never breaks at its hyphen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.a11y import axe_violations, describe
from tests.browser.flowkit import content, open_flow, serve
from tests.build.test_incidents_build import END, START, build_with_incidents, incidents_yaml

pytestmark = pytest.mark.browser

# no tag (make check refuses a title with one): an attribute breakout, an entity and a template instead
HOSTILE_TITLE = 'Bonus " onmouseover="alert(1)" data-x=\' &amp; {{ 7*7 }}'
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


NOTES_JS = """els => els.filter(e => !e.hidden && e.getBoundingClientRect().height > 0).map(e => ({
    id: e.getAttribute('data-kb-incident-note'), text: e.textContent,
    tags: [...e.querySelectorAll('*')].map(c => c.tagName.toLowerCase()),
    y: e.getBoundingClientRect().top,
    after: [...e.parentNode.querySelectorAll('.kb-live, .admonition, form.kb-ticket')].map(
        c => Boolean(e.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING))}))"""


def _notes(page: Page) -> list[dict[str, Any]]:
    """The incident notes the player sees in the outcome shown."""
    return page.locator("[data-kb-incident-note]").evaluate_all(NOTES_JS)  # type: ignore[no-any-return]


def _outcome_notes(page: Page, url: str) -> list[dict[str, Any]]:
    open_flow(page, f"{url}parcours/retrait-en-attente/#{OUTCOME}")
    here = page.locator(f"[data-kb-node='{OUTCOME}']")
    assert here.is_visible()
    assert here.locator("form.kb-ticket").count() == 1
    return _notes(page)


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
    notes = _outcome_notes(page, incident_url)
    assert [note["id"] for note in notes] == flow
    assert _shown(page) == []  # at an outcome, its note says it: the box atop the flow steps aside
    for note in notes:
        assert "Retraits vers les e\u2011wallets retardés" in note["text"] and "24\u00a0h" in note["text"].replace(" ", "\u00a0")
        assert "**" not in note["text"] and set(note["tags"]) <= {"p", "strong"}  # plain text
        assert len(note["after"]) >= 3 and all(note["after"])  # before the urgency, the channel card and the form
    # the form stays usable below it: a field takes what the player types
    field = page.locator(f"[data-kb-node='{OUTCOME}'] form.kb-ticket input:visible").first
    field.fill("x")
    assert field.input_value() == "x"
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
    assert '" onmouseover="alert(1)"' in box.locator("h2").inner_text() and "&amp;" in box.locator("h2").inner_text()
    assert box.locator("[onmouseover], [data-x]").count() == 0 and box.get_attribute("onmouseover") is None
    assert "<script>" in box.inner_text() and "{{ 7*7 }}" in box.inner_text()
    assert dialogs == [] and not [u for u in failed if u.endswith("/x")]


def test_shown_boxes_and_the_outcome_note_have_no_axe_violations(new_page: Callable[..., Page], incident_url: str) -> None:
    page, _ = _phone(new_page, DURING)
    problems: list[str] = []
    _open_home(page, incident_url)
    assert len(_shown(page)) == 2
    problems += describe("home", axe_violations(page))
    assert len(_outcome_notes(page, incident_url)) == 1
    problems += describe(f"retrait-en-attente#{OUTCOME}", axe_violations(page))
    assert problems == [], "\n".join(problems)


def test_a_page_left_open_shows_the_box_and_the_note_at_the_start_and_hides_them_at_the_end(
        new_page: Callable[..., Page], incident_url: str) -> None:
    page = new_page(timezone_id="Europe/Paris")
    page.clock.install(time=START - timedelta(minutes=2))  # 07:58 for a start at 08:00
    open_flow(page, incident_url + "parcours/retrait-en-attente/")
    assert _shown(page) == []
    page.clock.run_for(3 * 60_000)
    assert _shown(page) == ["retraits-lents"]
    # the same page, at an outcome opened before the start, moved past it: the note appears by itself
    other = new_page(timezone_id="Europe/Paris")
    other.clock.install(time=START - timedelta(minutes=2))
    assert _outcome_notes(other, incident_url) == []
    other.clock.run_for(3 * 60_000)
    assert [n["id"] for n in _notes(other)] == ["retraits-lents"]
    # both left open until past the end: both go
    for each in (page, other):
        each.clock.fast_forward(int((END - START).total_seconds() * 1000))
        each.clock.run_for(60_000)
        assert _shown(each) == [] and _notes(each) == []


def test_the_home_box_leads_to_the_affected_flow(new_page: Callable[..., Page], incident_url: str) -> None:
    page, _ = _phone(new_page, DURING)
    _open_home(page, incident_url)
    box = page.locator("[data-kb-incident='retraits-lents']")
    [link] = box.locator("a").all()
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/parcours/retrait-en-attente/**")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-kb-ready')")
    assert page.locator("[data-kb-flow='retrait-en-attente']").count() == 1


WORD_LINES_JS = """(el, word) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.search(new RegExp(word));
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + node.data.match(new RegExp(word))[0].length);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    }
    return -1;
}"""


@pytest.mark.parametrize("width", [390, 200, 230, 260])
def test_the_title_never_breaks_at_its_hyphen(new_page: Callable[..., Page], incident_url: str, width: int) -> None:
    page, _ = _phone(new_page, DURING)
    page.set_viewport_size({"width": width, "height": 844})
    _open_home(page, incident_url)
    title = page.locator("[data-kb-incident='retraits-lents'] h2")
    assert title.evaluate(WORD_LINES_JS, "e.wallets") == 1
    assert "-" not in title.inner_text()
    _outcome_notes(page, incident_url)
    note = page.locator("[data-kb-incident-note='retraits-lents'] strong")
    assert note.evaluate(WORD_LINES_JS, "e.wallets") == 1


def test_every_outcome_of_an_affected_flow_opens_with_the_note_and_others_never(new_page: Callable[..., Page],
                                                                                incident_url: str) -> None:
    """Every outcome, whatever its urgency or channel: the note comes right under its title; an
    outcome of a flow the incident does not affect has none."""
    trees = content()["trees"]
    page, _ = _phone(new_page, DURING)
    for tree, expected in (("retrait-en-attente", ["retraits-lents"]), ("depot-non-credite", [])):
        outcomes = [n for n, here in trees[tree]["nodes"].items() if here["type"] == "outcome"]
        assert outcomes
        for outcome in outcomes:
            open_flow(page, f"{incident_url}parcours/{tree}/#{outcome}")
            assert [n["id"] for n in _notes(page)] == expected, outcome
            first = page.locator(f"[data-kb-node='{outcome}'] h2 + *").first
            assert (first.get_attribute("data-kb-incident-note") if expected else None) == (expected or [None])[0], outcome
            assert _shown(page) == []  # the box atop the flow: not a second time
