"""« Quitter ce site » beside Material's own layers (issue 15 review), on a
390 x 844 phone, a tablet (the drawer, the search in the header) and a desktop.

The exit's bar stays at the top of a sensitive page. Material fixes layers of
its own at the top too: the full-screen search of a phone, the navigation
drawer and its overlay, « Retour en haut ». With each one open, every control
of that layer the player can see is the element found at its centre (nothing
covers it, the bar least of all), no control of Material anywhere is under
the bar, and the exit itself is still in view and the element at its centre.

The line under the button says how to leave: with Escape only where a
keyboard is likely, « touchez ce bouton » on a touch screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SENSITIVE = "parcours/jeu-responsable/"
SIZES = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768},
         "desktop": {"width": 1280, "height": 800}}
# Material's controls: its header, search, drawer (and sidebars), « Retour en haut », dialogs
LAYERS = ".md-header, .md-search, .md-sidebar, .md-top, .md-dialog"
# (the backdrops behind a layer, labels that close it, are not controls one aims at)
CONTROLS = "a[href], button, input, label[for]:not(.md-search__overlay), [tabindex]:not([tabindex='-1'])"

# For each control under ``root`` the player can see (a box, visible, its centre inside the
# viewport and inside every box that clips it): what is at its centre.
SEEN_JS = """([root, controls]) => {
  const clip = (e) => {
    let r = e.getBoundingClientRect(), box = {l: r.left, t: r.top, r: r.right, b: r.bottom};
    box = {l: Math.max(box.l, 0), t: Math.max(box.t, 0), r: Math.min(box.r, innerWidth), b: Math.min(box.b, innerHeight)};
    for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const q = p.getBoundingClientRect();
        box = {l: Math.max(box.l, q.left), t: Math.max(box.t, q.top), r: Math.min(box.r, q.right), b: Math.min(box.b, q.bottom)};
      }
    }
    return box;
  };
  const out = [];
  for (const layer of document.querySelectorAll(root)) {
    for (const e of [layer, ...layer.querySelectorAll(controls)].filter(e => e.matches(controls))) {
      const r = e.getBoundingClientRect();
      // (checkVisibility: not in a closed <details>, whose content keeps its boxes in Chromium)
      if (!r.width || !r.height || !e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
      const x = r.left + r.width / 2, y = r.top + r.height / 2, box = clip(e);
      if (!(x > box.l && x < box.r && y > box.t && y < box.b)) continue;
      const hit = document.elementFromPoint(x, y);
      // a label's own control, or the control's own label, counts as itself
      const own = hit && (e.contains(hit) || (e.labels && [...e.labels].some(l => l.contains(hit)))
                  || (e.htmlFor && hit.id === e.htmlFor));
      const name = e.getAttribute('href') || e.getAttribute('for') || e.name || '';
      out.push({control: e.tagName.toLowerCase() + '.' + e.className + ' ' + name,
                at: [Math.round(x), Math.round(y)], own: Boolean(own), inside: Boolean(hit && layer.contains(hit)),
                bar: Boolean(hit && hit.closest('.kb-quick-exit')),
                hit: hit ? hit.tagName.toLowerCase() + '.' + hit.className : null});
    }
  }
  return out;
}"""
EXIT_JS = """() => {
  const a = document.querySelector('a[data-kb-quick-exit]'), r = a.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {seen: a.contains(hit), top: r.top, bottom: r.bottom, width: r.width};
}"""


def seen(page: Page, root: str) -> list[dict[str, Any]]:
    return page.evaluate(SEEN_JS, [root, CONTROLS])  # type: ignore[no-any-return]


def check(page: Page, layer: str, what: str, keys: tuple[str, ...] = ()) -> None:
    """Every visible control of ``layer`` is at its centre, or a part of the layer itself is
    (Material stacks its own panels: the open section of the drawer over the list), and each
    of ``keys`` is itself at its centre; none of Material's is under the bar; the exit is in
    view and clickable."""
    own = seen(page, layer)
    assert own, f"{what}: no control of {layer} in view"
    for key in keys:
        found = seen(page, key)
        assert found and all(c["own"] for c in found), (what, key, found)
    covered = [c for c in own if not (c["own"] or c["inside"])]
    assert not covered, f"{what}: " + "; ".join(f"{c['control'][:60]} at {c['at']}: {c['hit']}" for c in covered)
    under = [c for c in seen(page, LAYERS) if c["bar"]]
    assert not under, f"{what}: under the exit's bar: " + "; ".join(f"{c['control'][:60]} at {c['at']}" for c in under)
    exit_ = page.evaluate(EXIT_JS)
    assert exit_["seen"] and exit_["top"] >= 0 and exit_["width"] >= 44, (what, exit_)


def settled(page: Page, selector: str) -> None:
    """``selector``'s box no longer moves (Material's layers slide in)."""
    page.wait_for_function("""(sel) => {
      const e = document.querySelector(sel), r = JSON.stringify(e.getBoundingClientRect());
      const was = window.__kbBox; window.__kbBox = r;
      return was === r && e.getAnimations({subtree: true}).every(a => a.playState !== 'running');
    }""", arg=selector, polling=100)


@pytest.mark.parametrize("size", list(SIZES))
def test_material_layers_open_on_a_sensitive_page_are_not_under_the_exit(
        size: str, site_url: str, new_page: Callable[..., Page]) -> None:
    page = new_page(viewport=SIZES[size])
    page.goto(site_url + SENSITIVE, wait_until="load")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-kb-ready')")
    check(page, ".md-header", f"{size}: the header")
    # the search, opened as a player does (the magnifier on a phone, the field on a desktop), a word typed
    trigger = page.locator("label.md-header__button[for='__search']")
    (trigger if trigger.is_visible() else page.locator(".md-search__input")).click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.locator(".md-search__input").fill("retrait")
    page.wait_for_selector(".md-search-result__item")
    settled(page, ".md-search__inner")
    # its field, its clear button and results, and on a phone its back arrow (where the bar was)
    keys = (".md-search__input", ".md-search__options", ".md-search-result")
    check(page, ".md-search", f"{size}: the search", keys + (("label.md-search__icon",) if size == "phone" else ()))
    assert page.locator(".md-search__input").evaluate("(e) => document.activeElement === e"), "typing goes to the field"
    page.keyboard.press("Escape")  # Material closes its search (one press: not the exit's three)
    page.wait_for_function("() => !document.getElementById('__search').checked")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-search__overlay')).opacity === '0'")
    assert page.url.startswith(site_url)
    # the drawer (phone and tablet)
    menu = page.locator(".md-header .kb-menu-button")  # the button kb/material.js puts in the label's place
    if menu.is_visible():
        menu.click()
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        settled(page, ".md-sidebar--primary")
        check(page, ".md-sidebar--primary", f"{size}: the drawer")
        page.evaluate("() => { document.getElementById('__drawer').click(); }")
        page.wait_for_function("() => !document.getElementById('__drawer').checked")
        page.wait_for_function("() => getComputedStyle(document.querySelector('.md-overlay')).opacity === '0'")
    else:
        check(page, ".md-sidebar", f"{size}: the sidebars")
    # « Retour en haut »: shown while the page scrolls back up
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("() => scrollY > 0")
    page.mouse.wheel(0, -150)
    page.wait_for_function("() => !document.querySelector('.md-top').hidden")
    settled(page, ".md-top")
    check(page, ".md-top", f"{size}: « Retour en haut »")


# ---------------------------------------------------------------- the line under the button

HINT_JS = """() => Object.fromEntries([...document.querySelectorAll('.kb-quick-exit__hint [data-kb-hint]')]
  .map(e => [e.getAttribute('data-kb-hint'), e.getClientRects().length > 0 && getComputedStyle(e).visibility === 'visible']))"""


@pytest.mark.parametrize(("device", "options", "shown"), [
    ("touch", {"has_touch": True, "is_mobile": True, "viewport": SIZES["phone"]}, "touch"),
    ("desktop", {"viewport": SIZES["desktop"]}, "keys"),
])
def test_the_hint_names_escape_only_where_a_keyboard_is_likely(
        device: str, options: dict[str, Any], shown: str, site_url: str, new_page: Callable[..., Page]) -> None:
    page = new_page(**options)
    page.goto(site_url + SENSITIVE, wait_until="load")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-kb-ready')")
    hints = page.evaluate(HINT_JS)
    assert sorted(hints) == ["keys", "touch"], hints  # both written, CSS chooses
    assert [k for k, visible in hints.items() if visible] == [shown], (device, hints)
