"""Beacons and « Cette page vous a-t-elle aidé ? », in Chromium at 390 x 844.

A site built with KB_FEEDBACK_ENDPOINT set to an https address, served under a
sub-path (/centre/) as a deployment may be; every request to the endpoint is
intercepted and recorded (method, body, headers). What a player does (open a
flow, answer, go back, start again, type a request, answer « Oui » or « Non »)
must send exactly the beacons of the format (README, beacon.js), without
cookie or referrer, without the page's query or hash, never anything typed,
and nothing at all from a sensitive page or without the endpoint.

The beacons the scripted walk sends are kept in tests/golden/beacons-browser.jsonl
(UPDATE_GOLDEN=1 to write it again), a real log for ``python -m kb_tools stats``."""

from __future__ import annotations

import html as html_module
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from kb_tools import strings
from tests.browser.a11y import axe_violations
from tests.browser.conftest import PHONE
from tests.browser.flowkit import click_answer, content, mark, node, open_flow, outcome_path, serve, settle, shown_ids, wait_ready
from tests.conftest import ROOT, build_site

pytestmark = pytest.mark.browser

ENDPOINT = "https://beacons.example/r?site=aide"
ENDPOINT_ORIGIN = "https://beacons.example"
BASE = "/centre/"
GOLDEN = ROOT / "tests" / "golden" / "beacons-browser.jsonl"
ALLOWED = {"step": {"event", "page", "tree", "node", "from"},
           "outcome": {"event", "page", "tree", "node", "from", "channel"},
           "feedback": {"event", "page", "tree", "node", "helpful"}}
TREE = "depot-non-credite"  # a question, another, a checklist, a self-help outcome, then one with a request
ARTICLES = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if p.name != "index.md")
# typed into every field of a request: it must never leave the page
TYPED = "Typed-7f3a9c"
COOKIE = {"name": "kbid", "value": "cookie-5e1d", "domain": "beacons.example", "path": "/", "secure": True, "sameSite": "None"}
WAIT = 5_000  # ms


@pytest.fixture(scope="module")
def beacon_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built with the endpoint set, served at BASE."""
    root = tmp_path_factory.mktemp("beacon-root")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_FEEDBACK_ENDPOINT", ENDPOINT)
        patch.setenv("KB_SITE_URL", "https://aide.casino-test.example" + BASE)
        assert build_site(ROOT, root / BASE.strip("/")) == []
    with serve(root) as url:
        yield url.rstrip("/") + BASE


class Recorder:
    """A context at 390 x 844 whose requests are all seen, the endpoint's
    answered here (204) and recorded."""

    def __init__(self, browser: Browser, site: str, **options: Any) -> None:
        self.site = site
        self.context: BrowserContext = browser.new_context(locale="fr-FR", viewport=PHONE, **options)
        self.context.add_cookies([COOKIE])
        self.beacons: list[dict[str, Any]] = []  # every request to the endpoint
        self.elsewhere: list[str] = []  # every request to another origin than the site's
        self.context.route(ENDPOINT_ORIGIN + "/**", self._answer)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(site))
        self.context.on("request", lambda r: None if r.url.startswith(origin + "/") else self.elsewhere.append(r.url))
        self.page: Page = self.context.new_page()

    def _answer(self, route: Route) -> None:
        request = route.request
        self.beacons.append({"method": request.method, "url": request.url, "body": request.post_data,
                             "headers": request.all_headers()})
        route.fulfill(status=204)

    def sent(self, count: int) -> list[dict[str, Any]]:
        """The beacons' bodies once ``count`` have come (or the wait ran out),
        after a pause in which any extra one would come too."""
        waited = 0
        while len(self.beacons) < count and waited < WAIT:
            self.page.wait_for_timeout(50)
            waited += 50
        self.page.wait_for_timeout(300)
        return [json.loads(b["body"]) for b in self.beacons]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def recorder(browser: Browser) -> Iterator[Callable[..., Recorder]]:
    made: list[Recorder] = []

    def make(site: str, **options: Any) -> Recorder:
        made.append(Recorder(browser, site, **options))
        return made[-1]

    yield make
    for r in made:
        r.close()


def check_requests(rec: Recorder) -> None:
    """Every request to the endpoint: a POST of one beacon of the format, as
    text, with no cookie, no referrer, nothing typed; and no other origin reached."""
    assert rec.elsewhere == [u for u in rec.elsewhere if u.startswith(ENDPOINT_ORIGIN + "/")], rec.elsewhere
    for b in rec.beacons:
        assert b["method"] == "POST" and b["url"] == ENDPOINT, b
        headers = {k.lower(): v for k, v in b["headers"].items()}
        assert "cookie" not in headers and "referer" not in headers, headers
        assert headers.get("content-type") == "text/plain;charset=UTF-8", headers
        body = json.loads(b["body"])
        assert set(body) <= ALLOWED[body["event"]], body
        assert body["page"].startswith(BASE) and "?" not in body["page"] and "#" not in body["page"], body
        assert TYPED not in json.dumps(b) and COOKIE["value"] not in json.dumps(b), b


def control(rec: Recorder) -> None:
    """The checks above can fail: a request that does send the cookie and the referrer shows them."""
    rec.page.evaluate("u => fetch(u, {method: 'POST', body: 'x', credentials: 'include', mode: 'no-cors', referrerPolicy: 'unsafe-url'})",
                      ENDPOINT_ORIGIN + "/control")
    rec.page.wait_for_timeout(300)
    seen = next(b for b in rec.beacons if b["url"].endswith("/control"))
    rec.beacons.remove(seen)
    assert {"cookie", "referer"} <= {k.lower() for k in seen["headers"]}, seen["headers"]
    rec.elsewhere.remove(ENDPOINT_ORIGIN + "/control")


def step(tree: str, node_id: str, frm: str | None = None) -> dict[str, Any]:
    here = node(tree, node_id)
    out: dict[str, Any] = {"event": "outcome" if here["type"] == "outcome" else "step", "page": f"{BASE}parcours/{tree}/",
                           "tree": tree, "node": node_id}
    if frm is not None:
        out["from"] = frm
    if here["type"] == "outcome":
        out["channel"] = here["channel"]
    return out


def back(page: Page) -> None:
    before = mark(page)
    page.locator("[data-kb-back]").click()
    settle(page, before)


# ---------------------------------------------------------------- the flows


def test_a_flow_walked_forward_back_and_again_sends_each_step_once(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    rec = recorder(beacon_site)
    page = rec.page
    path = outcome_path(TREE, "ticket")
    data = content()["trees"][TREE]
    assert len(path) >= 3 and [node(TREE, s.node)["type"] for s in path[:3]] != ["outcome"] * 3
    # a query and a hash the player's link came with: never in a beacon
    open_flow(page, f"{beacon_site}parcours/{TREE}/?utm_source=courriel&email=nom%40exemple.fr")
    control(rec)
    expected = [step(TREE, data["start"])]
    assert rec.sent(1) == expected
    for s in path:
        target = dict((a["id"], a["target"]) for a in node(TREE, s.node)["answers"])[s.answer]["node"]
        click_answer(page, s.answer)
        expected.append(step(TREE, target, s.node))
        assert rec.sent(len(expected)) == expected
    # what the player types in the request never leaves
    form = page.locator("form[data-kb-ticket]:visible")
    for field in form.locator("input[type=text]:visible, input[type=email]:visible, textarea:not([readonly]):visible").all():
        field.fill(f"{TYPED}@exemple.fr" if field.get_attribute("type") == "email" else f"{TYPED} mon texte")
    # back twice, then the same answer again: one beacon, for the answer only
    back(page)
    back(page)
    assert rec.sent(len(expected)) == expected
    last = path[-2]
    click_answer(page, last.answer)
    expected.append(step(TREE, path[-1].node, last.node))
    assert rec.sent(len(expected)) == expected
    # « Recommencer », then the browser's Back: no beacon
    page.locator("[data-kb-restart]").click()
    page.wait_for_function("s => document.querySelector(`[data-kb-node='${s}']`).getClientRects().length > 0", arg=data["start"])
    before = mark(page)
    page.go_back()
    settle(page, before)
    assert shown_ids(page) == [path[-1].node]
    assert rec.sent(len(expected)) == expected
    # a reload shows the flow again: a first showing, without « from »
    page.reload(wait_until="domcontentloaded")
    wait_ready(page)
    expected.append(step(TREE, shown_ids(page)[0]))
    assert rec.sent(len(expected)) == expected
    check_requests(rec)
    write_log(rec.sent(len(expected)), "flow")


def test_the_outcome_feedback_sends_its_tree_node_and_answer(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    rec = recorder(beacon_site)
    page = rec.page
    resolved = next(s for s in outcome_path(TREE, "ticket") if node(TREE, s.node)["type"] == "outcome")
    open_flow(page, f"{beacon_site}parcours/{TREE}/#{TREE}--{resolved.node}")
    assert rec.sent(1) == [step(TREE, resolved.node)]
    page.locator(f"[data-kb-node='{resolved.node}'] [data-kb-feedback-answer='yes']").click()
    feedback = {"event": "feedback", "page": f"{BASE}parcours/{TREE}/", "tree": TREE, "node": resolved.node, "helpful": True}
    assert rec.sent(2)[1:] == [feedback]
    assert page.locator(f"[data-kb-node='{resolved.node}'] [data-kb-feedback-answer='no']").is_disabled()  # one answer
    assert len(rec.sent(3)) == 2
    check_requests(rec)
    write_log(rec.sent(2), "outcome-feedback")


# ---------------------------------------------------------------- the articles


def widget(page: Page) -> dict[str, Any]:
    return page.evaluate("""() => {
      const box = document.querySelector('[data-kb-page-feedback]');
      if (!box) return null;
      const next = box.querySelector('[data-kb-feedback-next]');
      return {
        shown: box.getClientRects().length > 0 && getComputedStyle(box).visibility === 'visible',
        buttons: [...box.querySelectorAll('button')].map(b => ({answer: b.getAttribute('data-kb-feedback-answer'), disabled: b.disabled,
          pressed: b.getAttribute('aria-pressed'), height: b.getBoundingClientRect().height})),
        thanks: box.querySelector('.kb-feedback__thanks').textContent,
        key: box.querySelector('.kb-feedback__thanks').getAttribute('data-kb-thanks-key'),
        live: box.querySelector('.kb-feedback__thanks').getAttribute('aria-live'),
        focused: document.activeElement === box.querySelector('.kb-feedback__thanks'),
        next: next && next.getClientRects().length > 0 && getComputedStyle(next).visibility === 'visible' ? next.href : null,
        legend: box.querySelector('legend').textContent.trim(),
        wide: document.documentElement.scrollWidth,
        wider: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391).slice(0, 5)
          .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)),
      };
    }""")  # type: ignore[no-any-return]


def below(page: Page) -> float:
    """Where what follows the widget starts (the footer), in the page."""
    return page.evaluate("() => document.querySelector('.md-footer').getBoundingClientRect().top + scrollY")  # type: ignore[no-any-return]


@pytest.mark.parametrize("article", [ARTICLES[0], ARTICLES[-1]])
def test_article_yes_thanks_and_sends_the_page_alone(article: str, beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    rec = recorder(beacon_site)
    page = rec.page
    page.goto(f"{beacon_site}{article}/?utm_source=courriel&ref=nom%40exemple.fr#{article}", wait_until="load")
    page.wait_for_selector("[data-kb-page-feedback][data-kb-live]")
    control(rec)
    shown = widget(page)
    assert shown["shown"] and shown["legend"] and shown["live"] == "polite" and shown["thanks"] == ""
    assert [b["answer"] for b in shown["buttons"]] == ["yes", "no"] and all(b["height"] >= 44 for b in shown["buttons"])
    assert shown["wide"] <= PHONE["width"] and shown["next"] is None, shown
    # its place was kept before it showed: what follows does not move
    where = below(page)
    page.evaluate("() => { document.querySelector('[data-kb-page-feedback]').hidden = true; }")
    assert below(page) == where
    page.evaluate("() => { document.querySelector('[data-kb-page-feedback]').hidden = false; }")
    page.locator("[data-kb-page-feedback] [data-kb-feedback-answer='yes']").click()
    answered = widget(page)
    assert answered["thanks"].strip() and answered["focused"] and answered["next"] is None
    # sent: the thanks may tell what the answer is for (its key ends in strings.SENT)
    assert answered["key"] == "page_feedback_thanks_yes" + strings.SENT, answered["key"]
    assert [(b["disabled"], b["pressed"]) for b in answered["buttons"]] == [(True, "true"), (True, "false")]
    assert below(page) == where
    assert rec.sent(1) == [{"event": "feedback", "page": f"{BASE}{article}/", "helpful": True}]
    check_requests(rec)
    write_log(rec.sent(1), f"yes-{article}")


def test_article_no_by_keyboard_leads_to_the_flow_under_the_sub_path(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    rec = recorder(beacon_site)
    page = rec.page
    article = ARTICLES[len(ARTICLES) // 2]
    page.goto(f"{beacon_site}{article}/", wait_until="load")
    page.wait_for_selector("[data-kb-page-feedback][data-kb-live]")
    where = below(page)
    page.locator("[data-kb-page-feedback] [data-kb-feedback-answer='yes']").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('data-kb-feedback-answer')") == "no"
    page.keyboard.press("Enter")
    answered = widget(page)
    assert answered["focused"] and answered["thanks"].strip() and all(b["disabled"] for b in answered["buttons"])
    assert answered["next"] == f"{beacon_site}parcours/avant-de-nous-contacter/"
    assert below(page) == where  # the thanks and the link had their place
    assert axe_violations(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-kb-feedback-next')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{beacon_site}parcours/avant-de-nous-contacter/")
    wait_ready(page)
    start = content()["trees"]["avant-de-nous-contacter"]["start"]
    assert rec.sent(2) == [{"event": "feedback", "page": f"{BASE}{article}/", "helpful": False},
                           step("avant-de-nous-contacter", start)]
    check_requests(rec)
    write_log(rec.sent(2), "no")


def test_the_widget_is_on_every_article_and_nowhere_else(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    rec = recorder(beacon_site)
    page = rec.page
    for article in ARTICLES:
        page.goto(f"{beacon_site}{article}/", wait_until="load")
        page.wait_for_selector("[data-kb-page-feedback][data-kb-live]")
        assert widget(page)["shown"], article
    for where in ["", *(f"parcours/{t}/" for t in sorted(content()["trees"]))]:
        page.goto(f"{beacon_site}{where}", wait_until="load")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-kb-ready')")
        assert widget(page) is None, where


def test_without_javascript_no_button_shows(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    rec = recorder(beacon_site, java_script_enabled=False)
    rec.page.goto(f"{beacon_site}{ARTICLES[0]}/", wait_until="load")
    assert rec.page.locator("[data-kb-page-feedback]").count() == 1
    assert rec.page.locator("[data-kb-page-feedback] button:visible, [data-kb-page-feedback] a:visible").count() == 0


# ---------------------------------------------------------------- no beacon


# where the template writes it (overrides/main.html, the announce block): one in the content is not the theme's
QUICK_EXIT_JS = """() => { const a = document.createElement('a'); a.setAttribute('data-kb-quick-exit', '');
  a.href = 'https://www.google.fr/'; a.textContent = 'Quitter ce site';
  const box = document.createElement('div'); box.className = 'kb-quick-exit'; box.append(a);
  document.querySelector('[data-md-component="container"]').before(box); }"""


def test_a_page_with_a_quick_exit_sends_nothing(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    """The marker of a sensitive page (contract §2, helper E's quick exit) stops every beacon."""
    rec = recorder(beacon_site)
    page = rec.page
    page.goto(f"{beacon_site}{ARTICLES[0]}/", wait_until="load")
    page.wait_for_selector("[data-kb-page-feedback][data-kb-live]")
    page.evaluate(QUICK_EXIT_JS)
    page.locator("[data-kb-page-feedback] [data-kb-feedback-answer='no']").click()
    assert widget(page)["thanks"].strip()
    assert rec.sent(1) == [] and rec.elsewhere == []


def test_a_sensitive_flow_sends_nothing(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    """A flow whose data says ``"sensitive": true`` (the contract's marker): no step, outcome or feedback."""
    rec = recorder(beacon_site)
    page = rec.page

    def sensitive(route: Route) -> None:
        response = route.fetch()
        # the flow data's own "sensitive" key set to true (the build writes it false on other trees)
        before, rest = response.text().split('data-kb-flow-data="', 1)
        data, after = rest.split('"', 1)
        flow = json.loads(html_module.unescape(data))
        flow["sensitive"] = True
        marked = before + 'data-kb-flow-data="' + html_module.escape(json.dumps(flow), quote=True) + '"' + after
        route.fulfill(response=response, body=marked)

    page.route(f"{beacon_site}parcours/{TREE}/", sensitive)
    path = outcome_path(TREE, "ticket")
    open_flow(page, f"{beacon_site}parcours/{TREE}/")
    assert page.evaluate("() => JSON.parse(document.querySelector('[data-kb-flow]').getAttribute('data-kb-flow-data')).sensitive") is True
    for s in path:
        if node(TREE, s.node)["type"] == "outcome":
            break
        click_answer(page, s.answer)
    page.locator("[data-kb-feedback-answer='yes']:visible").click()
    assert rec.sent(1) == [] and rec.elsewhere == []


def test_every_sensitive_page_of_the_build_sends_nothing(beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    """The real sensitive pages, once the build marks them (contract §2)."""
    rec = recorder(beacon_site)
    page = rec.page
    pages = [f"parcours/{t}/" for t, data in sorted(content()["trees"].items()) if data.get("sensitive") is True]
    if not pages:
        pytest.skip("no tree says sensitive: true in this build (contract §2, helper E)")
    for where in pages:
        open_flow(page, f"{beacon_site}{where}")
        for link in page.locator("[data-kb-node]:visible a[data-kb-answer]").all()[:1]:
            link.click()
        page.wait_for_timeout(300)
    assert rec.sent(1) == [] and rec.elsewhere == []


def test_without_an_endpoint_no_request_leaves_the_site(site_url: str, recorder: Callable[..., Recorder]) -> None:
    """The default build (KB_FEEDBACK_ENDPOINT unset): no <meta>, and a flow walked, its
    feedback and an article's answered send nothing, to any other origin."""
    if os.environ.get("KB_FEEDBACK_ENDPOINT"):
        pytest.skip("this test process has KB_FEEDBACK_ENDPOINT set: the session's site has an endpoint")
    rec = recorder(site_url)
    page = rec.page
    open_flow(page, f"{site_url}parcours/{TREE}/")
    assert page.locator('meta[name="kb-feedback-endpoint"]').count() == 0
    for s in outcome_path(TREE, "ticket"):
        if node(TREE, s.node)["type"] == "outcome" and not node(TREE, s.node)["ticket"]:
            page.locator(f"[data-kb-node='{s.node}'] [data-kb-feedback-answer='yes']").click()
        click_answer(page, s.answer)
    for answer in ("yes", "no"):
        page.goto(f"{site_url}{ARTICLES[0]}/", wait_until="load")
        page.wait_for_selector("[data-kb-page-feedback][data-kb-live]")
        page.locator(f"[data-kb-page-feedback] [data-kb-feedback-answer='{answer}']").click()
        shown = widget(page)
        # nothing sent: a thanks that promises no effect (no key in strings.SENT)
        assert shown["thanks"].strip() and shown["key"] == f"page_feedback_thanks_{answer}", shown["key"]
    page.wait_for_timeout(500)
    assert rec.elsewhere == [] and rec.beacons == []


# ---------------------------------------------------------------- forged hooks


EVIL = "https://evil.example/"
# what an incident's text (or any content) could carry: every hook the scripts read, forged, inside the box
# the build writes for an incident (its window open), and one more in a paragraph of the article
FORGED = f"""<div class="kb-incident" id="forge" data-kb-incident="vrai" data-kb-start="2000-01-01T00:00:00+00:00" data-kb-end="" hidden>
<p>Voir <a data-kb-quick-exit href="{EVIL}">ici</a></p>
<div data-md-component="announce"><div class="kb-quick-exit"><a data-kb-quick-exit href="{EVIL}">Quitter</a></div></div>
<meta name="kb-feedback-endpoint" content="{EVIL}r">
<div class="kb-incident" data-kb-incident="faux" data-kb-start="2000-01-01T00:00:00+00:00" data-kb-end="" hidden><p>faux</p></div>
<div class="kb-flow" data-kb-flow="{TREE}" data-kb-flow-data="FLOW_DATA"><p>faux parcours</p></div>
<form class="kb-feedback" data-kb-page-feedback hidden><fieldset><button type="button" data-kb-feedback-answer="no">Non</button>
<p class="kb-feedback__thanks"></p></fieldset></form>
</div>
<p id="forge-p"><a data-kb-quick-exit href="{EVIL}">x</a></p>
"""
# every element of the forgery and its attributes: what a script that took one would change
FORGERY_JS = """() => [...document.querySelectorAll('#forge, #forge *, #forge-p *')].map(e =>
  e.localName + '[' + e.getAttributeNames().sort().join(' ') + ']' + (e.hidden ? ':hidden' : '') + '.' + e.className)"""


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if given.get("id") != "forge-p":
            names = sorted(given)
            self.found.append(f"{tag}[{' '.join(names)}]" + (":hidden" if "hidden" in names else "") + "." + (given.get("class") or ""))


def forge(page: Page, site: str, url: str) -> list[str]:
    """``url`` served with FORGED first in its article, its forged flow carrying the real
    data of TREE (a flow taken would show and send a step): the forgery as the server sent it."""
    flow_page = page.request.get(f"{site}parcours/{TREE}/").text()
    data = flow_page.split('data-kb-flow-data="', 1)[1].split('"', 1)[0]
    forged_html = FORGED.replace("FLOW_DATA", data)

    def forged(route: Route) -> None:
        response = route.fetch()
        html = response.text()
        top = '<article class="md-content__inner md-typeset">'
        assert top in html
        route.fulfill(response=response, body=html.replace(top, top + forged_html, 1))

    page.route(EVIL + "**", lambda route: route.fulfill(status=200, content_type="text/html", body="<p>evil</p>"))
    page.route(url, forged)
    page.goto(url, wait_until="load")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-kb-ready')")
    parser = _Elements()
    parser.feed(FORGED)
    return parser.found


@pytest.mark.parametrize("where", ["article", "flow"])
def test_hooks_forged_in_the_content_are_ignored(where: str, beacon_site: str, recorder: Callable[..., Recorder]) -> None:
    """An incident's text holding the quick exit, the sensitive marker, an endpoint, an incident,
    a flow and a feedback form: the page stays a normal one (its beacons sent, to the real endpoint),
    Escape three times goes nowhere, and no script touched the forgery."""
    rec = recorder(beacon_site)
    page = rec.page
    url = f"{beacon_site}{ARTICLES[0]}/" if where == "article" else f"{beacon_site}parcours/{TREE}/"
    sent = forge(page, beacon_site, url)
    assert len(sent) > 8 and sum("data-kb-quick-exit" in e for e in sent) == 3, sent
    page.wait_for_timeout(300)
    # the box is the build's (its window open): it shows; nothing in its text was taken or changed
    assert page.evaluate(FORGERY_JS) == [sent[0].replace(" hidden", "").replace(":hidden", ""), *sent[1:]]
    assert page.locator("a[data-kb-quick-exit]").count() == 3  # the forged ones, and their data-kb-live never set
    assert page.evaluate("() => document.querySelector('a[data-kb-quick-exit][data-kb-live]')") is None
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    assert page.url == url
    if where == "article":
        page.wait_for_selector("[data-kb-page-feedback][data-kb-live]")
        page.locator("[data-kb-page-feedback][data-kb-live] [data-kb-feedback-answer='yes']").click()
        expected = [{"event": "feedback", "page": f"{BASE}{ARTICLES[0]}/", "helpful": True}]
    else:
        expected = [step(TREE, content()["trees"][TREE]["start"])]  # one flow shown: the real one
    assert rec.sent(len(expected)) == expected
    check_requests(rec)
    assert not [u for u in rec.elsewhere if u.startswith(EVIL)]


# ---------------------------------------------------------------- the log


_LOG: dict[str, list[dict[str, Any]]] = {}


def write_log(beacons: list[dict[str, Any]], name: str) -> None:
    """The beacons a test sent, gathered in the golden log (in the order of the tests' names)."""
    _LOG[name] = beacons


def test_the_recorded_log_is_the_golden_one_and_stats_read_it(tmp_path: Path) -> None:
    """Runs after the tests above (pytest keeps the file's order): their beacons, one JSON
    object per line, are tests/golden/beacons-browser.jsonl; kb_tools stats reads them."""
    if len(_LOG) < 5:
        pytest.skip("run with the other tests of this file: it gathers their beacons")
    lines = "".join(json.dumps(b, ensure_ascii=False, separators=(",", ":")) + "\n" for name in sorted(_LOG) for b in _LOG[name])
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(lines, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == lines, f"{GOLDEN.name} changed; if intended, UPDATE_GOLDEN=1"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    commands = subprocess.run([sys.executable, "-m", "kb_tools", "--help"], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    if "stats" not in commands.stdout:
        pytest.skip("no `python -m kb_tools stats` yet (helper D, issue 15): tests/golden/beacons-browser.jsonl waits for it")
    log = tmp_path / "beacons.jsonl"
    shutil.copy(GOLDEN, log)
    run = subprocess.run([sys.executable, "-m", "kb_tools", "stats", "--json", str(log)], capture_output=True, text=True,
                         timeout=60, cwd=ROOT, env=env)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    figures = json.loads(run.stdout)
    beacons = [json.loads(line) for line in lines.splitlines()]
    # where each flow ends: an outcome shown, less the answers taken on it (« Toujours bloqué » to contact)
    left = Counter((b["tree"], b["from"]) for b in beacons if "from" in b)
    shown = Counter((b["tree"], b["node"], b["channel"]) for b in beacons if b["event"] == "outcome")
    self_help = {key: content()["channels"][key[2]]["kind"] in ("faq", "self_help") for key in shown}
    ends = {key: max(n - left[key[:2]], 0) for key, n in shown.items()}
    assert figures["beacons"] == len(beacons) and not figures["malformed"] and not figures["apart"]["rows"]
    assert {k: figures["deflection"][k] for k in ("self_help", "known", "unknown", "left")} == {
        "self_help": sum(n for key, n in ends.items() if self_help[key]), "known": sum(ends.values()), "unknown": 0,
        "left": sum(shown[key] - n for key, n in ends.items() if self_help[key])}
    votes = {p["key"]: (p["yes"], p["no"]) for p in figures["pages"]}
    assert votes == {b["page"]: (int(b["helpful"]), int(not b["helpful"])) for b in beacons if b["event"] == "feedback" and "tree" not in b}
