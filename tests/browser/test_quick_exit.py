"""« Quitter ce site » and no trail, on a 390 x 844 phone (issue 15, §4).

The responsible-gambling page has the button at the top, held in view while
the page scrolls, first in tab order after the skip link; other pages have
none, and Material's instant navigation brings it and takes it away. The
button, Enter on it, or Escape three times within five seconds replaces the
page with the neutral one (served here by page.route): history does not grow
and Back does not come back. Walking the sensitive flow adds no history entry
and writes nothing to the browser's storage, while a normal flow still does."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route

from tests.browser.flowkit import click_answer, node, open_flow, outcome_path, shown_ids, wait_ready, walk_to

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.google.fr/"
TREE = "jeu-responsable"
BUTTON = "a[data-kb-quick-exit]"
STORAGE_JS = """() => ({session: Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)])),
                       local: Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))})"""
# the button's box, and whether it is the element seen at its centre (not covered)
SEEN_JS = """() => {
  const a = document.querySelector('a[data-kb-quick-exit]');
  if (!a) return null;
  const r = a.getBoundingClientRect(), hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return {top: r.top, bottom: r.bottom, width: r.width, height: r.height, seen: a.contains(hit)};
}"""


def _neutral(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Neutre</title><p>Page neutre</p>")


@pytest.fixture
def phone(page: Page) -> Page:
    """The phone, the neutral page served locally instead of the search engine."""
    page.route(NEUTRAL + "**", _neutral)
    return page


def _in_view(page: Page) -> dict[str, float]:
    box = page.evaluate(SEEN_JS)
    assert box is not None, "no quick exit on the page"
    assert box["seen"] and box["top"] >= 0 and box["bottom"] <= 844, box
    return box  # type: ignore[no-any-return]


def test_the_button_is_at_the_top_first_after_the_skip_link_and_stays_in_view(phone: Page, site_url: str) -> None:
    open_flow(phone, f"{site_url}parcours/{TREE}/")
    assert phone.locator(BUTTON).count() == 1
    box = _in_view(phone)
    assert box["top"] < 100 and box["height"] >= 44 and box["width"] >= 44, box  # a large touch target
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.classList.contains('md-skip')"), "the skip link comes first"
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.hasAttribute('data-kb-quick-exit')"), "then the quick exit"
    outline = phone.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focus is visible"
    for where in ("document.body.scrollHeight / 2", "document.body.scrollHeight"):
        phone.evaluate(f"() => window.scrollTo(0, {where})")
        phone.wait_for_function("() => window.scrollY > 0")
        _in_view(phone)
    # the line under it says how it works; the header stays visible below it
    hint = phone.locator(".kb-quick-exit__hint")
    assert hint.count() == 1
    assert phone.locator(".md-header").bounding_box()["y"] >= box["bottom"] - 1  # type: ignore[index]


def test_other_pages_have_none_and_instant_navigation_brings_it_and_takes_it_away(phone: Page, site_url: str) -> None:
    phone.goto(site_url, wait_until="domcontentloaded")
    phone.wait_for_function("() => document.documentElement.hasAttribute('data-kb-ready')")
    assert phone.locator(BUTTON).count() == 0
    for path in ("contact/", "parcours/retrait-en-attente/", "glossaire/"):
        phone.goto(site_url + path, wait_until="domcontentloaded")
        assert phone.locator(BUTTON).count() == 0, path
    # Material's instant navigation follows the links of sitemap.xml, whose addresses lose their port
    # on the way (the site's own address, without one, in production): they name this server here
    def sitemap(route: Route) -> None:
        body = route.fetch().text()
        route.fulfill(status=200, content_type="application/xml", body=re.sub(r"<loc>https?://[^/<]+/", f"<loc>{site_url}", body))

    phone.route(site_url + "sitemap.xml", sitemap)
    phone.goto(site_url, wait_until="networkidle")  # the sitemap read
    phone.evaluate("() => { window.__kbSameDocument = true; }")
    phone.locator(f"article a[href$='parcours/{TREE}/']").first.click()
    phone.wait_for_selector(BUTTON)
    assert phone.evaluate("() => window.__kbSameDocument === true"), "Material's instant navigation swapped the page"
    _in_view(phone)
    wait_ready(phone)
    click_answer(phone, "pause")
    assert TREE not in json.dumps(phone.evaluate(STORAGE_JS)), "nothing stored after an instant navigation either"
    phone.go_back()
    phone.wait_for_function("() => !document.querySelector('a[data-kb-quick-exit]')")
    assert phone.evaluate("() => window.__kbSameDocument === true")
    assert phone.evaluate("() => document.querySelector('.kb-quick-exit__hint')") is None


def _leaves(page: Page, site_url: str, act: Callable[[], None]) -> None:
    """``act`` leaves for the neutral page: history did not grow, and Back does
    not come back to the help centre (it would, had the button been followed)."""
    before = page.evaluate("() => history.length")
    with page.expect_navigation(url=NEUTRAL, wait_until="domcontentloaded"):
        act()
    assert page.url == NEUTRAL
    assert page.evaluate("() => history.length") == before
    page.go_back(wait_until="domcontentloaded")
    assert not page.url.startswith(site_url), page.url


def _from_elsewhere(page: Page, site_url: str) -> None:
    """A page of another site first, so that Back has somewhere to go."""
    page.goto(NEUTRAL + "?avant", wait_until="domcontentloaded")
    open_flow(page, f"{site_url}parcours/{TREE}/")


def test_enter_on_the_button_leaves_for_good(phone: Page, site_url: str) -> None:
    _from_elsewhere(phone, site_url)
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.hasAttribute('data-kb-quick-exit')")
    _leaves(phone, site_url, lambda: phone.keyboard.press("Enter"))
    assert phone.url == NEUTRAL + "?avant"


def test_a_click_on_the_button_leaves_for_good_mid_flow(phone: Page, site_url: str) -> None:
    _from_elsewhere(phone, site_url)
    click_answer(phone, "outil")
    _leaves(phone, site_url, lambda: phone.locator(BUTTON).click())


def test_escape_three_times_leaves_twice_then_a_pause_does_not(phone: Page, site_url: str) -> None:
    phone.clock.install()
    _from_elsewhere(phone, site_url)
    live = "[data-kb-quick-exit-live]"
    phone.wait_for_selector(live, state="attached")
    said = []
    for _ in range(2):
        phone.keyboard.press("Escape")
        said.append(phone.locator(live).text_content())
    assert all(said) and said[0] != said[1], said  # the count, told after the 1st and 2nd press
    phone.clock.run_for(5_100)
    assert phone.locator(live).text_content() == ""
    phone.keyboard.press("Escape")
    phone.wait_for_timeout(300)
    assert phone.url.startswith(site_url), "two presses, a pause, one more: the page stays"
    # a key held down counts once: after a pause, held (1), pressed (2), pressed (3) leaves
    phone.clock.run_for(5_100)
    phone.keyboard.down("Escape")
    phone.keyboard.down("Escape")
    phone.keyboard.down("Escape")
    phone.keyboard.up("Escape")
    phone.wait_for_timeout(300)
    assert phone.url.startswith(site_url), "a key held down is one press"
    phone.keyboard.press("Escape")  # the second press of this series
    _leaves(phone, site_url, lambda: phone.keyboard.press("Escape"))


def test_the_sensitive_flow_leaves_no_trail_and_a_normal_flow_does(phone: Page, site_url: str) -> None:
    open_flow(phone, f"{site_url}parcours/{TREE}/")
    length = phone.evaluate("() => history.length")
    for answer in ("outil", "limite", "bloque"):
        click_answer(phone, answer)
    typed = "Texte du joueur 8123"
    form = phone.locator("[data-kb-node='contact'] form[data-kb-ticket] textarea").first
    form.fill(typed)
    phone.locator("[data-kb-back]").click()  # the 4th step
    phone.wait_for_function("a => location.hash === '#' + a", arg=f"{TREE}--depannage")
    assert phone.evaluate("() => history.length") == length
    assert phone.url.endswith(f"#{TREE}--depannage"), "the address holds the step shown, not the answers"
    phone.locator("[data-kb-restart]").click()
    assert phone.evaluate("() => history.length") == length
    stored = phone.evaluate(STORAGE_JS)
    text = json.dumps(stored, ensure_ascii=False)
    assert TREE not in text and typed not in text and "kb-flow" not in text and "kb-ticks" not in text, stored

    # the control: the same walk in a normal flow adds entries and keeps its state
    steps = outcome_path("retrait-en-attente", "ticket")[:3]
    walk_to(phone, site_url, steps)
    length = phone.evaluate("() => history.length")
    phone.locator("[data-kb-back]").click()
    phone.wait_for_function("n => history.length > n", arg=length)
    assert "kb-flow:retrait-en-attente" in phone.evaluate(STORAGE_JS)["session"]


def test_a_handover_from_the_router_writes_nothing(phone: Page, site_url: str) -> None:
    open_flow(phone, f"{site_url}contact/")
    click_answer(phone, TREE, other_page=True)
    assert phone.url.startswith(f"{site_url}parcours/{TREE}/")
    phone.wait_for_selector(BUTTON)
    assert phone.evaluate("() => document.activeElement.tagName") == "H2", "arriving: the focus is on the step"
    stored = phone.evaluate(STORAGE_JS)
    assert not any(TREE in key or TREE in value for kind in stored.values() for key, value in kind.items()), stored


def test_what_material_keeps_on_a_sensitive_page(phone: Page, site_url: str) -> None:
    """Material's own storage on the page, after a step and a search: none
    (no palette toggle, no cookie consent, no dismissable banner, no
    repository facts in mkdocs.yml: Material 9 writes nothing then). A
    feature that starts writing shows here."""
    open_flow(phone, f"{site_url}parcours/{TREE}/")
    click_answer(phone, "outil")
    phone.locator("label.md-header__button[for='__search']").click()
    phone.locator("input.md-search__input").press_sequentially("pause")
    phone.wait_for_timeout(500)
    phone.keyboard.press("Escape")
    stored = phone.evaluate(STORAGE_JS)
    assert stored == {"session": {}, "local": {}}, stored


def test_the_page_is_blanked_at_once_while_the_neutral_page_loads(phone: Page, site_url: str) -> None:
    open_flow(phone, f"{site_url}parcours/{TREE}/")
    held: list[Route] = []
    phone.unroute(NEUTRAL + "**")
    phone.route(NEUTRAL + "**", lambda route: held.append(route))  # the neutral page is slow to come
    # what the page shows right after the click, before the neutral page comes
    after = phone.evaluate("""() => {
      document.querySelector('a[data-kb-quick-exit]').click();
      const hit = document.elementFromPoint(195, 400);
      return {body: getComputedStyle(document.body).visibility,
              hit: hit === null || hit === document.documentElement ? 'hidden' : getComputedStyle(hit).visibility};
    }""")
    assert after == {"body": "hidden", "hit": "hidden"}
    with phone.expect_navigation(url=NEUTRAL, wait_until="domcontentloaded"):
        while not held:
            phone.wait_for_timeout(50)
        _neutral(held[0])


def test_without_javascript_the_button_is_a_plain_link(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page(java_script_enabled=False)
    page.route(NEUTRAL + "**", _neutral)
    page.goto(f"{site_url}parcours/{TREE}/", wait_until="domcontentloaded")
    link = page.locator(BUTTON)
    assert link.count() == 1 and link.is_visible()
    assert link.get_attribute("href") == NEUTRAL and set(str(link.get_attribute("rel")).split()) == {"nofollow", "noreferrer"}
    assert not page.locator(".kb-quick-exit__hint").is_visible(), "Escape needs JavaScript: the line says nothing then"
    with page.expect_navigation(url=NEUTRAL):
        link.click()


@pytest.mark.parametrize("bad", ["https://x.fr:99999/", "http://[::1/", "javascript:void(0)"])
@pytest.mark.parametrize("how", ["click", "escape"])
def test_an_address_no_browser_opens_leaves_for_the_neutral_page(phone: Page, site_url: str, bad: str, how: str) -> None:
    """The link's address as a deployment may set it: one the browser cannot open still
    leaves, for the neutral page, and the page is never left blank on the help centre."""
    url = f"{site_url}parcours/{TREE}/"

    def served(route: Route) -> None:
        response = route.fetch()
        html = response.text()
        marked = re.sub(r'(<a class="kb-quick-exit__button" href=")[^"]*"', lambda m: m.group(1) + bad + '"', html, count=1)
        assert marked != html
        route.fulfill(response=response, body=marked)

    phone.route(url, served)
    _from_elsewhere(phone, site_url)
    assert phone.locator(BUTTON).get_attribute("href") == bad
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    act = (lambda: phone.locator(BUTTON).click()) if how == "click" else (lambda: [phone.keyboard.press("Escape") for _ in range(3)])
    _leaves(phone, site_url, act)
    assert errors == []


def test_the_address_holds_the_step_shown_never_the_answers(phone: Page, site_url: str) -> None:
    """Walking the sensitive flow: after each answer the address names the node shown
    ("TREE--NODE") and no answer; « Retour » still goes back answer by answer (the path
    in memory), what an answer set still fills the request, and a reload shows the step."""
    url = f"{site_url}parcours/{TREE}/"
    open_flow(phone, url)
    start = shown_ids(phone)[0]
    walk = [("outil", "outil"), ("limite", "depannage"), ("bloque", "contact")]
    answers = {a["id"] for n in ("outil", start, "depannage") for a in node(TREE, n)["answers"]}
    seen = [start]
    for answer, at in walk:
        click_answer(phone, answer)
        assert shown_ids(phone) == [at]
        hash_ = phone.evaluate("() => location.hash")
        assert hash_ == f"#{TREE}--{at}", hash_
        assert not answers & set(re.split(r"[=/&#]|--", hash_)) - {at, TREE}, hash_
        seen.append(at)
    # what the answer « limite » set is in the request (kept in memory, not in the address)
    wanted = set(next(a for a in node(TREE, "outil")["answers"] if a["id"] == "limite")["set"].values())
    values = phone.evaluate("""() => [...document.querySelectorAll(
      "[data-kb-node='contact'] form[data-kb-ticket] :is(input, select, textarea)")].map(e => e.value)""")
    assert wanted & set(values), values
    # « Retour »: each step back, the address following it
    for at in reversed(seen[:-1]):
        phone.locator("[data-kb-back]").click()
        phone.wait_for_function("n => document.querySelector(`[data-kb-node='${n}']:not([hidden])`)", arg=at)
        assert shown_ids(phone) == [at]
        assert phone.evaluate("() => location.hash") in ("", "#", f"#{TREE}--{at}")
    assert phone.locator("[data-kb-back]").is_disabled()
    # forward again, then a reload: the step shown, from the address alone
    for answer, _ in walk[:2]:
        click_answer(phone, answer)
    phone.reload(wait_until="domcontentloaded")
    wait_ready(phone)
    assert shown_ids(phone) == ["depannage"]
    # an older page's link, answers in the address: shown, and the address cut to the node
    phone.goto(f"{url}#{TREE}=outil/limite", wait_until="domcontentloaded")
    wait_ready(phone)
    assert shown_ids(phone) == ["depannage"]
    phone.wait_for_function("a => location.hash === '#' + a", arg=f"{TREE}--depannage")
    phone.locator("[data-kb-back]").click()
    phone.wait_for_function("() => document.querySelector(\"[data-kb-node='outil']:not([hidden])\")")
