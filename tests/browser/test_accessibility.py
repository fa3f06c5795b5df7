"""WCAG 2.2 AA, measured: axe-core on every page and on every state of the
guided flow, the whole way to a prepared request with the keyboard alone,
contrast, the search dialog's name, and touch targets on a phone."""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.a11y import (
    TIMEOUT,
    axe_result,
    axe_violations,
    content,
    describe,
    focused,
    go_state,
    hash_of,
    node_at,
    open_state,
    path_to,
    settle,
    start_axe,
)

pytestmark = pytest.mark.browser

# Trees whose flow is checked in every state: each has a question, a
# checklist, a self-help outcome and an outcome with a request to prepare,
# between them every kind of action (chat, e-mail, web form) and of field.
FLOW_TREES = ["retrait-en-attente", "depot-non-credite"]
MIN_TARGET = 44  # px, on a 390 px wide phone


def pages_of(site: Path) -> list[str]:
    """Every built page, as a path relative to the site's root."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel == "assets" or rel.startswith("assets/"):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


def test_every_page_has_no_axe_violations(browser: Any, built_site: Path, site_url: str) -> None:
    pages = pages_of(built_site)
    assert len(pages) >= 10 and "" in pages and "parcours/retrait-en-attente/" in pages
    # two tabs, so that axe runs in one while the next page loads in the other
    contexts = [browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}) for _ in range(2)]
    for context in contexts:
        # no search index: building it on every page costs as much as axe itself, and the
        # closed search dialog axe sees is the same (the open one is checked below)
        context.route("**/search/search_index.json", lambda route: route.abort())
    tabs = [context.new_page() for context in contexts]
    problems: list[str] = []
    running: list[tuple[Page, str]] = []
    try:
        for i, rel in enumerate(pages):
            tab = tabs[i % 2]
            if len(running) == 2:
                done, where = running.pop(0)
                problems += describe(where, axe_result(done)["violations"])
            tab.goto(site_url + rel, wait_until="load")
            start_axe(tab)
            running.append((tab, "/" + rel))
        for done, where in running:
            problems += describe(where, axe_result(done)["violations"])
    finally:
        for context in contexts:
            context.close()
    assert problems == [], "axe-core found WCAG 2.2 A/AA violations:\n" + "\n".join(problems)


def _ticket_with_errors(page: Page, tree: str) -> None:
    """Type a malformed e-mail and a future date: both fields say what is wrong."""
    form = page.locator("form[data-kb-ticket]:visible")
    email, when = form.locator("input[name='email']"), form.locator("input[name='date']")
    email.fill("joueur-at-exemple")
    when.fill((date.today() + timedelta(days=400)).isoformat())
    for control in (email, when):
        assert control.get_attribute("aria-invalid") == "true", f"{tree}: {control} is not marked invalid"
        described = (control.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"[id='{i}']").inner_text().strip() for i in described if i.endswith("-error")]
        assert any(messages), f"{tree}: no error message tied to {control} by aria-describedby"


@pytest.mark.parametrize("tree", FLOW_TREES)
def test_every_state_of_the_flow_has_no_axe_violations(page: Page, site_url: str, tree: str) -> None:
    ticket = path_to(tree, "ticket", ("email", "date"))
    states: list[tuple[str, list[str], Any]] = [
        ("question", path_to(tree, "question"), None),
        ("checklist", path_to(tree, "checklist"), None),
        ("self-help outcome", path_to(tree, "self-help"), None),
        ("feedback given", path_to(tree, "self-help"), lambda: page.locator("[data-kb-feedback-answer='yes']:visible").click()),
        ("ticket form", ticket, None),
        ("ticket with errors", ticket, lambda: _ticket_with_errors(page, tree)),
    ]
    open_state(page, f"{site_url}parcours/{tree}/")
    problems: list[str] = []
    for name, path, action in states:
        go_state(page, tree, path)  # as the player gets there: the hash changes
        if name.startswith("ticket"):
            page.locator("form[data-kb-ticket]:visible").wait_for(timeout=TIMEOUT)
        if name == "self-help outcome":
            assert page.locator("[data-kb-feedback-answer]:visible").count() == 2
        if action:
            action()
        problems += describe(f"{tree} {name} ({hash_of(tree, path)})", axe_violations(page))
    assert problems == [], "axe-core found WCAG 2.2 A/AA violations in the flow:\n" + "\n".join(problems)


def _open_search(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url, wait_until="load")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)


def test_search_dialog_with_results_has_no_axe_violations_and_is_named(page: Page, site_url: str) -> None:
    _open_search(page, site_url, "retrait")
    problems = describe("/ with search open on « retrait »", axe_violations(page))
    assert problems == [], "axe-core found violations in the search dialog:\n" + "\n".join(problems)
    # what a screen reader announces: a named dialog, holding the search region and a named field
    dialog = page.get_by_role("dialog", name=re.compile(r"\w"))
    assert dialog.count() == 1, "the search dialog has no accessible name"
    assert dialog.get_by_role("search").count() == 1, "the dialog holds no search region"
    box = dialog.get_by_role("textbox", name=re.compile(r"\w"))
    assert box.count() == 1 and box.evaluate("e => e === document.activeElement"), "the search field has no name or no focus"


def test_palette_contrast_passes_including_the_footer(page: Page, site_url: str) -> None:
    """axe's contrast rules pass, and they did look at the footer, a glossary
    tooltip, the flow's coloured text (urgent notice, errors) and a focused button
    (white on the accent colour), so the test cannot pass by checking nothing."""
    rules = ["color-contrast", "link-in-text-block"]
    checked: list[str] = []
    problems: list[str] = []
    page.goto(site_url, wait_until="load")
    page.locator("article abbr").first.hover()  # Material shows the glossary's tooltip
    page.locator(".md-tooltip2--active").wait_for(timeout=TIMEOUT)
    start_axe(page, rules)
    result = axe_result(page)
    problems += describe("/ (tooltip shown)", result["violations"])
    checked += result["passes"]

    tree = "retrait-en-attente"
    open_state(page, f"{site_url}parcours/{tree}/{hash_of(tree, path_to(tree, 'ticket', ('email', 'date')))}")
    # the urgency is told by the article's own notice; the live part adds none of its own
    outcome = page.locator("[data-kb-outcome]:visible")
    assert "kb-urgency--normal" not in (outcome.get_attribute("class") or ""), "this outcome should be urgent"
    assert outcome.locator(".admonition").count() >= 1 and outcome.locator(".kb-live .admonition").count() == 0
    _ticket_with_errors(page, tree)
    page.locator("[data-kb-copy]:visible").focus()
    start_axe(page, rules)
    result = axe_result(page)
    problems += describe(f"/parcours/{tree}/ (errors shown, « copier » focused)", result["violations"])
    checked += result["passes"]
    assert problems == [], "\n".join(problems)
    for what in ("md-copyright", "md-tooltip2", "admonition", "kb-ticket__error", "data-kb-copy"):
        assert any(c.startswith("color-contrast") and what in c for c in checked), f"axe did not check the contrast of {what}"
    assert any(c.startswith("link-in-text-block") for c in checked), "axe checked no link in running text"


def test_touch_targets_are_at_least_44px_tall_on_a_phone(page: Page, site_url: str) -> None:
    tree = "depot-non-credite"  # a form, a select, an amount and attachments to tick
    sizes: list[dict[str, Any]] = []
    open_state(page, f"{site_url}parcours/{tree}/")
    for want in ("question", "checklist", "self-help", "ticket"):
        go_state(page, tree, path_to(tree, want))
        sizes += page.evaluate("""(want) => {
          const flow = document.querySelector('[data-kb-flow]');
          const visible = e => e.getClientRects().length > 0;
          const sel = 'a[data-kb-answer], .kb-flow__bar button, .kb-feedback button, form[data-kb-ticket] input, '
            + 'form[data-kb-ticket] select, form[data-kb-ticket] textarea, .kb-ticket__actions a, .kb-ticket__actions button';
          return [...flow.querySelectorAll(sel)].filter(visible).map(e => {
            // a checkbox's target includes its label (a click on it ticks the box)
            const own = e.getBoundingClientRect();
            const boxes = [own, ...(e.type === 'checkbox' ? [...e.labels].map(l => l.getBoundingClientRect()) : [])];
            return {state: want, what: e.tagName.toLowerCase() + ' ' + (e.name || e.textContent.trim()).slice(0, 30),
                    height: Math.max(...boxes.map(b => b.height)), width: Math.max(...boxes.map(b => b.width)),
                    ownHeight: own.height, ownWidth: own.width};
          });
        }""", want)
    kinds = {s["what"].split()[0] for s in sizes}
    assert {"a", "button", "input", "select", "textarea"} <= kinds, kinds
    assert any(s["what"].startswith("input") and s["state"] == "ticket" for s in sizes)
    assert any(s["what"].startswith("input attachment") for s in sizes), "no attachment checkbox measured"
    small = [s for s in sizes if s["height"] < MIN_TARGET - 0.5 or s["width"] < MIN_TARGET - 0.5]
    assert small == [], f"targets under {MIN_TARGET} px: {small}"
    # and every control itself, a checkbox included, is at least 24 px square (WCAG 2.5.8)
    tiny = [s for s in sizes if s["ownHeight"] < 23.5 or s["ownWidth"] < 23.5]
    assert tiny == [], f"controls under 24 px: {tiny}"


# ----------------------------------------------------------------- keyboard


def _type_valid_value(page: Page, field: dict[str, Any]) -> None:
    """Type a valid value into the focused field, as a keyboard user does."""
    if field["type"] == "date":
        # day and month alike: the same keys whether the field reads jj/mm/aaaa or mm/dd/yyyy
        past = date(date.today().year - 1, 3, 3)
        keys, expected = past.strftime("%d%m%Y"), past.isoformat()
    elif field["type"] == "choice":
        keys = expected = field["options"][0]  # a closed select picks the option typed
    else:
        keys = expected = {"email": "joueur@exemple.fr", "amount": "50"}.get(field["type"], "Retrait toujours en attente")
    page.keyboard.type(keys)
    value = page.evaluate("() => document.activeElement.value")
    assert value == expected, f"typing {keys!r} into « {field['label']} » gave {value!r}"


def test_keyboard_alone_reaches_a_prepared_request(page: Page, site_url: str) -> None:
    tree = "retrait-en-attente"
    path = path_to(tree, "ticket", ("email", "date"))
    outcome = node_at(tree, path)
    fields = content()["fields"]
    required = {f for f in outcome["ticket"]["fields"] if fields[f]["required"]}
    assert required >= {"email", "date"}
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    open_state(page, f"{site_url}parcours/{tree}/")

    stops: list[dict[str, Any]] = []

    def press(key: str) -> dict[str, Any]:
        page.keyboard.press(key)
        # judge what the player sees once transitions (Material's search overlay) have ended
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')",
                               timeout=TIMEOUT)
        here = focused(page)
        stops.append({**here, "key": key})
        return here

    # from the top of the page: the skip link, the menu, the search field, then the flow
    answers, typed, copied = list(path), set(), False
    for _ in range(150):
        here = press("Tab")
        if here["answer"] is not None and answers and here["answer"] == _answer_value(tree, path, len(path) - len(answers)):
            answers.pop(0)
            after = press("Enter")
            if after["tag"] != "H2":  # the step is drawn on the hashchange that follows: a task later
                with contextlib.suppress(PlaywrightTimeoutError):
                    page.wait_for_function("() => (document.activeElement || {}).tagName === 'H2'", timeout=2000)
                after = focused(page)
            assert after["tag"] == "H2" and after["inFlow"], f"answering did not move focus to the next step: {after}"
        elif here["field"] in required and here["field"] not in typed:
            _type_valid_value(page, fields[here["field"]])
            typed.add(here["field"])
        elif here["copy"]:
            assert not answers and typed == required, f"reached « copier » with answers {answers} left, typed {typed}"
            press("Space")
            copied = True
            break
    bad = [s for s in stops if s["problems"]]
    assert bad == [], "focus not visible on:\n" + "\n".join(f"{s['key']} -> {s['tag']} « {s['name']} »: {s['problems']}" for s in bad)
    assert copied, f"« Copier la demande » never reached; answers left {answers}, fields typed {typed}"
    status = page.locator(".kb-ticket__done:visible")
    status.filter(has_text="copiée").wait_for(timeout=TIMEOUT)
    clip = page.evaluate("() => navigator.clipboard.readText()")
    assert "joueur@exemple.fr" in clip, clip
    assert [s for s in stops if s["tag"] == "H2" and s["key"] == "Tab"] == [], "a heading is in the Tab order"

    # no trap: Tab leaves the flow forward, Shift+Tab leaves it backward
    for _ in range(60):
        if not press("Tab")["inFlow"]:
            break
    else:
        raise AssertionError("Tab never leaves the flow")
    page.locator("[data-kb-flow] [data-kb-restart]").focus()
    for _ in range(60):
        if not press("Shift+Tab")["inFlow"]:
            break
    else:
        raise AssertionError("Shift+Tab never leaves the flow")
    bad = [s for s in stops if s["problems"]]
    assert bad == [], f"focus not visible on {bad}"


def _answer_value(tree: str, path: list[str], step: int) -> str:
    """The data-kb-answer of the ``step``-th answer of ``path``: the answer's id."""
    return path[step]


def test_on_a_phone_the_hidden_menu_takes_no_focus_and_its_button_opens_it(page: Page, site_url: str) -> None:
    page.goto(site_url + "contact/", wait_until="load")
    stops = []
    for _ in range(5):  # the skip link, the menu, the search field, then the article
        page.keyboard.press("Tab")
        stops.append({**focused(page), "menu": page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")})
    assert [s for s in stops if s["problems"] or s["menu"]] == [], f"hidden or invisible focus stops: {stops}"
    assert page.evaluate("() => !!document.activeElement.closest('article')"), f"the article is not reached in 5 Tabs: {stops}"
    menu = page.get_by_role("button", name="Menu")
    assert menu.count() == 1 and menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("e => e.tagName") == "BUTTON"
    assert page.locator("label[role]").count() == 0  # ARIA in HTML: a label takes no role
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked", timeout=TIMEOUT)
    assert menu.get_attribute("aria-expanded") == "true"
    settle(page)  # the menu slides in
    shown = page.evaluate("""() => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link[href]')].filter(a => {
      const r = a.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.width > 0 && r.left >= 0 && r.right <= innerWidth && a.contains(hit);
    }).length""")
    assert shown >= 3, f"the open menu shows {shown} links"
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('__drawer').checked", timeout=TIMEOUT)
    assert menu.get_attribute("aria-expanded") == "false"


def test_home_search_field_is_a_button_that_puts_the_cursor_in_the_search(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="load")
    trigger = page.locator("article button.kb-search-trigger")
    assert trigger.count() == 1 and trigger.is_visible()
    assert page.locator("label[role]").count() == 0
    trigger.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')",
                           timeout=TIMEOUT)
    assert page.evaluate("() => document.getElementById('__search').checked")


def test_on_a_wide_screen_the_menu_button_is_gone_as_in_material(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1300, "height": 800})  # the sidebar is always shown from 1220 px
    page.goto(site_url + "contact/", wait_until="load")
    page.locator(".md-sidebar--primary a.md-nav__link").first.wait_for(state="visible", timeout=TIMEOUT)
    assert page.get_by_role("button", name="Menu").count() == 0
