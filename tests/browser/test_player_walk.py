"""The player's eye: every path of every flow, clicked on a 390 x 844 phone
from the tree's own page, and on every node what a player reads and what
support would receive:

- no answer or control shows glued words (the rendered gap around each
  inline element, measured with Range boxes: ``innerText`` hides the bug);
- the step bar keeps one line;
- nothing overflows the screen, every control is visible and at least 24 px tall;
- an outcome without a request offers a visible way on;
- a request opens, after the greeting, with the player's own sentence (first
  person, not the outcome's title or text, not an instruction to the player),
  and no heading of it is left with nothing under it;
- nothing typed is dropped: a value typed into every field is in the message,
  or stays in its box with a visible reason next to it.

The site is walked once (one browser context, one page reused from tree to
tree); each test asserts one kind of check over the whole walk, so a
failure names what the player would notice, and where."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PHONE
from tests.browser.flowkit import (
    StepFailed,
    answers,
    by_target,
    click_answer,
    content,
    count_paths,
    flat,
    instrument,
    node,
    open_flow,
    shown,
    tree_ids,
)

pytestmark = pytest.mark.browser

MIN_CONTROL = 24  # px: WCAG 2.5.8, target size (minimum)

# What the page shows of the node on screen: glued words, the bar, the layout,
# the way on of an outcome. Controls: what a player clicks or fills in
# (links in running text are exempt from the target size, as in WCAG 2.5.8).
NODE_JS = """(channels) => {
  const vw = document.documentElement.clientWidth, flow = document.querySelector('[data-kb-flow]');
  const sections = [...flow.querySelectorAll('[data-kb-node]')].filter(s => s.getClientRects().length > 0);
  if (sections.length !== 1) return {fatal: 'nodes shown: ' + sections.length};
  const section = sections[0], bar = flow.querySelector('[data-kb-bar]');
  const seen = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const name = el => (el.getAttribute('data-kb-answer') ? 'answer ' + el.getAttribute('data-kb-answer') + ' ' : '')
    + '<' + el.tagName.toLowerCase() + '> ' + JSON.stringify((el.textContent || el.name || '').trim().slice(0, 60));
  const out = {glued: [], bar: [], layout: [], wayOn: null};

  // glued words: where the DOM has a space between two words and the screen none
  const charBox = (text, i) => {
    const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
    const rects = r.getClientRects(); return rects.length ? rects[0] : null;
  };
  const clickable = 'a, button, label, summary, .md-button, [role="button"]';
  for (const control of [...section.querySelectorAll(clickable), ...bar.querySelectorAll(clickable)]) {
    if (!seen(control) || !control.querySelector('*')) continue;
    const chars = [];  // every character of the control, with its text node
    const walker = document.createTreeWalker(control, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      for (let i = 0; i < t.data.length; i++) chars.push({t, i, c: t.data[i]});
    }
    let last = null, spaced = false;
    for (const ch of chars) {
      if (/\\s/.test(ch.c)) { spaced = true; continue; }
      if (last && spaced && last.t !== ch.t) {
        const a = charBox(last.t, last.i), b = charBox(ch.t, ch.i);
        const sameLine = a && b && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 2;
        if (sameLine && b.left - a.right < 1.5) {
          out.glued.push(name(control) + ': « ' + last.c + ' ' + ch.c + ' » shows as « ' + last.c + ch.c + ' » (gap '
            + (b.left - a.right).toFixed(1) + ' px)');
        }
      }
      last = ch; spaced = false;
    }
  }

  // the step bar: one line, inside the screen
  const parts = [...bar.children].filter(seen).map(e => e.getBoundingClientRect());
  const middles = new Set(parts.map(b => Math.round((b.top + b.bottom) / 2)));
  if (middles.size > 1) {
    out.bar.push('the bar takes ' + middles.size + ' lines: ' + [...bar.children].map(e => e.textContent.trim()).join(' | '));
  }

  // overflow, then the controls: visible, inside the screen, tall enough
  if (document.documentElement.scrollWidth > vw + 1) out.layout.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return p.getBoundingClientRect();
    }
    return null;
  };
  for (const el of [bar, ...bar.querySelectorAll('*'), ...section.querySelectorAll('*')]) {
    if (!seen(el)) continue;
    const box = el.getBoundingClientRect(), clip = clipped(el);
    const left = clip ? Math.max(0, clip.left) : 0, right = clip ? Math.min(vw, clip.right) : vw;
    if (box.width > 0 && (box.right > vw + 1 || box.left < -1) && !(clip && (box.left >= left - 1 && box.right <= right + 1))) {
      out.layout.push(name(el) + ' overflows the screen: ' + Math.round(box.left) + '..' + Math.round(box.right) + ' px');
    }
  }
  const controls = 'a[data-kb-answer], button, .md-button, input:not([type="hidden"]), select, textarea, summary, [data-kb-still-stuck]';
  for (const el of [...bar.querySelectorAll(controls), ...section.querySelectorAll(controls)]) {
    if (!el.getClientRects().length) continue;  // not drawn at all: a part of the page kept for readers without JavaScript
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (style.visibility === 'hidden' || parseFloat(style.opacity) === 0 || box.width < 1) out.layout.push(name(el) + ' is not visible');
    else if (box.height < __MIN__) out.layout.push(name(el) + ' is ' + box.height.toFixed(1) + ' px tall');
  }

  // an outcome: its ways on (a channel link or « toujours bloqué »), shown
  if (section.hasAttribute('data-kb-outcome')) {
    const ways = [...section.querySelectorAll('[data-kb-still-stuck], a[href]')].filter(a => {
      if (!seen(a) || a.getBoundingClientRect().height < __MIN__) return false;
      if (a.hasAttribute('data-kb-still-stuck')) return true;
      const href = a.getAttribute('href') || '';
      return channels.some(c => (c.url && a.href.startsWith(new URL(c.url, location.href).href))
                                 || (c.address && href.toLowerCase().startsWith('mailto:' + c.address.toLowerCase())));
    });
    out.wayOn = ways.map(name);
    out.body = (section.querySelector('[data-kb-ticket-body]') || {value: null}).value;
  }
  return out;
}""".replace("__MIN__", str(MIN_CONTROL))

# Types a value into every field of the request (as typing does: the value,
# then input and change events), then reads what became of each: in the
# message, or still in its box, with the note or error shown next to it.
TYPE_JS = """(typed) => {
  const form = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')]
    .find(s => s.getClientRects().length > 0).querySelector('[data-kb-ticket]');
  const fields = {};
  for (const [id, value] of Object.entries(typed)) {
    const control = form.elements[id];
    if (!control) { fields[id] = {missing: true}; continue; }
    control.focus();
    control.value = value;
    control.dispatchEvent(new Event('input', {bubbles: true}));
    control.dispatchEvent(new Event('change', {bubbles: true}));
    control.blur();
  }
  for (const id of Object.keys(typed)) {
    const control = form.elements[id];
    if (!control) continue;
    const wrap = control.closest('.kb-ticket__field') || control.parentElement;
    const notes = [...wrap.querySelectorAll('[data-kb-field-note]'), document.getElementById(control.id + '-error')]
      .filter(n => n && n.getClientRects().length > 0 && n.textContent.trim());
    fields[id] = {kept: control.value, reason: notes.map(n => n.textContent.trim()).join(' ')};
  }
  return {fields, body: form.querySelector('[data-kb-ticket-body]').value};
}"""

FIRST_PERSON = re.compile(r"(?:^|[\s(«])(?:je|mon|ma|mes|me)\b|(?:^|[\s(«])[jm]['’]", re.IGNORECASE)
# « Contactez … », « N’envoyez … », « Demandez … »: the vous-imperative of an instruction
IMPERATIVE = re.compile(r"^(?!(?:chez|assez)\b)(?:n['’])?[^\W\d_]+ez\b", re.IGNORECASE)


# A free text that carries a password: the password never reaches the
# message, the rest of the text does (only the offending token is cut).
KEPT, SECRET = "Le souci revient depuis mardi soir sur mon téléphone.", "Tr0ub4dor&3x"


def typed_values() -> dict[str, str]:
    """What a player types, by field type: « 250 € » as players write amounts."""
    return {"email": "joueur.test@exemple.fr", "date": (date.today() - timedelta(days=9)).isoformat(),
            "amount": "250 €", "text": "Référence 4711 du guichet",
            "textarea": f"{KEPT} Mot de passe : {SECRET}"}


def value_for(field: dict[str, Any]) -> str:
    if field["type"] == "choice":
        return str(field["options"][-1])
    return typed_values().get(field["type"], "Référence 4711 du guichet")


def shown_forms(value: str, kind: str) -> list[str]:
    """How a typed value may read in the message."""
    if kind == "date":
        d = date.fromisoformat(value)
        return [value, d.strftime("%d/%m/%Y")]
    if kind == "choice":  # inside a sentence of the request, a choice starts in lower case (ticket-text.js lcfirst)
        return [flat(value), flat(value[:1].lower() + value[1:])]
    return [flat(value)]


def request_problems(body: str | None, outcome: dict[str, Any]) -> list[str]:
    """What is wrong with the opening of a request, and its headings."""
    if body is None:
        return ["no message ([data-kb-ticket-body]) on an outcome with a request"]
    lines = [flat(line) for line in body.splitlines()]
    said = [line for line in lines if line]
    problems = []
    if len(said) < 2:
        return [f"the message has no sentence after the greeting: {body!r}"]
    opening = said[1]
    text = flat(re.sub(r"[*_`]", "", outcome.get("text") or ""))
    if not FIRST_PERSON.search(opening):
        problems.append(f"the request does not open in the first person: « {opening} »")
    if IMPERATIVE.match(opening):
        problems.append(f"the request opens with an instruction to the player: « {opening} »")
    if flat(outcome["title"]) in opening or (len(opening) > 20 and opening.rstrip(".") in text):
        problems.append(f"the request opens with the outcome's title or text: « {opening} »")
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.endswith(":") and (not nxt or nxt.endswith(":")):
            problems.append(f"heading « {line} » with nothing under it")
    return problems


class PlayerWalk:
    """Every path of every tree (a path: a sequence of nodes; where several
    answers lead to the same node, each is clicked and the node checked, and
    the way on is walked after the first one), checked on every node."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.site_url = site_url
        self.found: dict[str, list[str]] = defaultdict(list)
        self.told: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.nodes = self.outcomes = self.requests = self.paths = 0
        data = content()
        self.channels = [{"url": c.get("url"), "address": c.get("address")} for c in data["channels"].values()]

    def run(self) -> PlayerWalk:
        # the small trees first: a node is told on the way from its own tree's page
        for tree in sorted(tree_ids(), key=count_paths):
            open_flow(self.page, f"{self.site_url}parcours/{tree}/")
            start = content()["trees"][tree]["start"]
            self.visit(tree, start, [f"{tree}#{start}"], frozenset({(tree, start)}), further=True)
        return self

    def note(self, kind: str, where: list[str], message: str) -> None:
        """A problem, told once per node (on the first path that met it)."""
        key = (where[-1].split("] ")[-1], message)
        if key not in self.told[kind]:
            self.told[kind].add(key)
            self.found[kind].append(f"{' > '.join(where)}: {message}")

    def visit(self, tree: str, node_id: str, where: list[str], seen: frozenset[tuple[str, str]], further: bool) -> None:
        got = shown(self.page)
        if [s["id"] for s in got] != [node_id]:
            self.note("walk", where, f"expected {node_id} alone, shown {[s['id'] for s in got]}")
            return
        here = node(tree, node_id)
        self.check_node(here, where)
        self.paths += here["type"] == "outcome" and further
        if here["type"] == "outcome" or not further:
            return
        url = self.page.url
        for (which, target), first in by_target(tree, answers(here)):
            step = (target["tree"], target["node"])
            if step in seen:
                continue
            try:
                self.click(which, other_page=target["tree"] != tree, at=url)
            except StepFailed as error:
                self.note("walk", [*where, f"[{which}]"], str(error))
                continue
            self.visit(*step, [*where, f"[{which}] {target['tree']}#{target['node']}"], seen | {step}, further=first)

    def click(self, which: str, other_page: bool, at: str) -> None:
        """A click that nothing followed is tried once more, the pointer moved
        away first (a tooltip of the last step may have opened under it)."""
        try:
            click_answer(self.page, which, other_page=other_page, at=at)
        except StepFailed as error:
            if "nothing followed" not in str(error):
                raise
            self.page.mouse.move(1, 1)
            click_answer(self.page, which, other_page=other_page, at=at)

    def check_node(self, here: dict[str, Any], where: list[str]) -> None:
        self.nodes += 1
        seen = self.page.evaluate(NODE_JS, self.channels)
        if "fatal" in seen:
            self.note("walk", where, seen["fatal"])
            return
        for kind in ("glued", "bar", "layout"):
            for message in seen[kind]:
                self.note(kind, where, message)
        if here["type"] != "outcome":
            return
        self.outcomes += 1
        if not here["ticket"]:
            if not seen["wayOn"]:
                self.note("way-on", where, "a self-help outcome with no visible way on (no « toujours bloqué », no channel link)")
            return
        self.requests += 1
        for message in request_problems(seen["body"], here):
            self.note("request", where, message)
        self.type_into_every_field(here, where, seen["body"])

    def type_into_every_field(self, here: dict[str, Any], where: list[str], body_before: str | None) -> None:
        catalogue = content()["fields"]
        fields = {f: catalogue[f] for f in here["ticket"]["fields"]}
        typed = {f: value_for(field) for f, field in fields.items()}
        after = self.page.evaluate(TYPE_JS, typed)
        body = flat(after["body"])
        before = set(request_problems(body_before, here))
        for message in request_problems(after["body"], here):
            if message not in before:
                self.note("request", where, "once the fields are typed, " + message)
        for f, value in typed.items():
            got = after["fields"][f]
            if got.get("missing"):
                self.note("dropped", where, f"no box for the field {f}")
            elif SECRET in value:
                if SECRET in body:
                    self.note("dropped", where, f"the password typed into {fields[f]['label']} is in the message")
                if flat(KEPT) not in body:
                    self.note("dropped", where, f"the text around a password typed into {fields[f]['label']} is not in the message")
                if not got["reason"]:
                    self.note("dropped", where, f"no note next to {fields[f]['label']} says the password was left out")
            elif not any(form in body for form in shown_forms(value, fields[f]["type"])) \
                    and not (flat(got["kept"]) == flat(value) and got["reason"]):
                self.note("dropped", where, f"« {value} » typed into {fields[f]['label']} is neither in the message "
                          f"nor kept in its box with a reason (box: « {got['kept']} », reason: « {got['reason']} »)")


@pytest.fixture(scope="module")
def walked(browser: Browser, site_url: str) -> Iterator[PlayerWalk]:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)  # type: ignore[arg-type]
    try:
        yield PlayerWalk(instrument(context.new_page()), site_url).run()
    finally:
        context.close()


def report(walk: PlayerWalk, kind: str) -> str:
    found = walk.found[kind]
    return f"{len(found)} problem(s) over {walk.nodes} nodes:\n" + "\n".join(found[:60])


def test_the_walk_reaches_every_node_of_every_path(walked: PlayerWalk) -> None:
    assert walked.found["walk"] == [], report(walked, "walk")
    assert walked.paths == sum(count_paths(t) for t in tree_ids())
    outcomes = sum(1 for t in tree_ids() for n in content()["trees"][t]["nodes"].values() if n["type"] == "outcome")
    assert walked.outcomes >= outcomes and walked.requests > 0


def test_no_answer_or_control_shows_glued_words(walked: PlayerWalk) -> None:
    assert walked.found["glued"] == [], report(walked, "glued")


def test_the_step_bar_keeps_one_line_on_every_node(walked: PlayerWalk) -> None:
    assert walked.found["bar"] == [], report(walked, "bar")


def test_nothing_overflows_and_every_control_is_visible_and_tall_enough(walked: PlayerWalk) -> None:
    assert walked.found["layout"] == [], report(walked, "layout")


def test_every_outcome_without_a_request_offers_a_way_on(walked: PlayerWalk) -> None:
    assert walked.found["way-on"] == [], report(walked, "way-on")


def test_every_request_opens_with_the_players_own_sentence(walked: PlayerWalk) -> None:
    assert walked.found["request"] == [], report(walked, "request")


def test_nothing_typed_is_dropped(walked: PlayerWalk) -> None:
    assert walked.found["dropped"] == [], report(walked, "dropped")
