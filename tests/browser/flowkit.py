"""What the browser tests of the guided flows share: the trees as the site
exports them, and a few steps a player takes (open a flow, click an answer,
see which node is shown), each in as few round trips to Chromium as possible."""

from __future__ import annotations

import re
import socketserver
import threading
import unicodedata
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from kb_tools.project import load_project
from kb_tools.render import export
from tests.conftest import ROOT, _QuietHandler

PARIS = ZoneInfo("Europe/Paris")
STEP_TIMEOUT = 5_000  # ms: a click that changes nothing fails in seconds, not in 30


# ------------------------------------------------------------------ content


@cache
def content(trees: Path = ROOT / "trees") -> dict[str, Any]:
    """The trees and catalogues as the site was built from them (with this
    process's environment, which may override addresses and URLs)."""
    kb, problems = load_project(trees)
    assert [p.format() for p in problems if p.level == "error"] == []
    return export(kb)


def tree_ids() -> list[str]:
    return sorted(content()["trees"])


def node(tree: str, node_id: str) -> dict[str, Any]:
    return content()["trees"][tree]["nodes"][node_id]  # type: ignore[no-any-return]


def answers(here: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(answer id, as data-kb-answer holds it, target) for each answer of a question or checklist."""
    return [(a["id"], a["target"]) for a in here["answers"]]


def kept_field(tree: str, outcome: str) -> str:
    """A field of the outcome's request that the page keeps while the flow is
    open: typed text (a text or a textarea), not sensitive."""
    catalogue = content()["trees"][tree]["fields"]
    return next(f for f in node(tree, outcome)["ticket"]["fields"]
                if not catalogue[f]["sensitive"] and catalogue[f]["type"] in ("text", "textarea"))


def reach(channel: str) -> dict[str, Any]:
    """The channel a player actually uses (an escalation goes through the chat)."""
    channels = content()["channels"]
    ch = channels[channel]
    return channels[ch["via"]] if ch.get("via") else ch  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Step:
    tree: str
    node: str
    answer: str  # data-kb-answer clicked on this node


def shortest_clicks(sources: list[tuple[str, str]]) -> dict[tuple[str, str], list[Step]]:
    """Shortest click sequence to every node, from the given (tree, start) nodes,
    each reached by one click (a card on the home page)."""
    best: dict[tuple[str, str], list[Step]] = {}
    todo: deque[tuple[str, str]] = deque()
    for source in sources:
        if source not in best:
            best[source] = []
            todo.append(source)
    while todo:
        tree, node_id = todo.popleft()
        for which, target in answers(node(tree, node_id)):
            key = (target["tree"], target["node"])
            if key not in best:
                best[key] = [*best[(tree, node_id)], Step(tree, node_id, which)]
                todo.append(key)
    return best


def outcome_path(tree: str, want: str | None = None) -> list[Step]:
    """The clicks, inside the tree, from its start to an outcome (with a ticket
    if ``want`` is "ticket", or the outcome ``want``)."""
    data = content()["trees"][tree]
    todo: deque[tuple[str, list[Step]]] = deque([(data["start"], [])])
    seen = {data["start"]}
    while todo:
        at, clicks = todo.popleft()
        here = data["nodes"][at]
        if here["type"] == "outcome" and (want == at or (want == "ticket" and here["ticket"])):
            return clicks
        for which, target in answers(here):
            if target["tree"] == tree and target["node"] not in seen:
                seen.add(target["node"])
                todo.append((target["node"], [*clicks, Step(tree, at, which)]))
    raise LookupError(f"{tree}: no outcome {want!r}")


# ------------------------------------------------------------ the page's clock

# The page's own clock module (assets/javascripts/kb/clock.js, unit-tested
# under node in tests/js/), asked in the page: what it says the chat and a
# reply deadline are now, in the catalogue's zone, as the page writes them.
CLOCK_JS = """async ([module, week, office, hours, zone, words, holidays]) => {
  const c = await import(module), now = new Date(), mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const open = c.openingState(week, now, zone), due = hours ? c.replyDeadline(office, hours, now, zone, holidays) : null;
  return {
    open: open.open,
    until: open.open ? c.hourText(open.until) : null,
    opens: open.open || open.at === undefined ? null
      : {hour: c.hourText(open.at), day: c.dayText(open, words, c.zoned(now, mine).date)},
    due: due && {text: c.dueText(due, words), hour: c.hourText(due.at), day: c.dateText(due, words), offset: due.offset},
  };
}"""


def page_clock(page: Page, site_url: str, week: dict[str, list[str]], hours: int = 0) -> dict[str, Any]:
    """What the page's clock module says now (``hours``: a reply deadline too,
    French public holidays skipped), the days named with the flow's own words,
    the chat's reopening day seen from the browser's own day."""
    data = content()
    tree = next(iter(data["trees"].values()))
    words = tree["strings"]
    return page.evaluate(CLOCK_JS, [f"{site_url}assets/javascripts/kb/clock.js", week,  # type: ignore[no-any-return]
                                    data["business_hours"], hours, data["timezone"], words, tree["holidays"]])


def flat(text: str) -> str:
    """Text with every kind of space as a plain space, for comparisons."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text.replace("\u00a0", " ").replace("\u202f", " "))).strip()


# ------------------------------------------------------------------ browser


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A built site served over HTTP on a free local port."""
    handler = partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


# Added to every page of the flow tests before any script of the site runs:
# counts the requests the page's own scripts make (fetch, XHR, beacons,
# sockets), so that a test can wait for them to finish, or check there is none.
NET_JS = """(() => {
  const net = window.__kbNet = {pending: 0, calls: []};
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) { this.__kbUrl = String(url); return open.apply(this, arguments); };
  XMLHttpRequest.prototype.send = function () {
    net.pending += 1; net.calls.push('xhr ' + this.__kbUrl);
    this.addEventListener('loadend', () => { net.pending -= 1; });
    return send.apply(this, arguments);
  };
  const fetch_ = window.fetch;
  window.fetch = function (input) {
    net.pending += 1; net.calls.push('fetch ' + ((input && input.url) || input));
    return fetch_.apply(this, arguments).finally(() => { net.pending -= 1; });
  };
  if (navigator.sendBeacon) {
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = function (url) { net.calls.push('beacon ' + url); return beacon.apply(null, arguments); };
  }
  const Socket = window.WebSocket;
  window.WebSocket = function (url) { net.calls.push('websocket ' + url); return new Socket(...arguments); };
})();"""

SHOWN_JS = """() => [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')]
  .filter(s => s.getClientRects().length > 0)
  .map(s => ({
    id: s.getAttribute('data-kb-node'),
    outcome: s.hasAttribute('data-kb-outcome'),
    channel: s.getAttribute('data-kb-channel'),
    card: (s.querySelector('[data-kb-channel-card]') || {getAttribute: () => null}).getAttribute('data-kb-channel-card'),
  }))"""

# The flow is live, and two counters are set up: hash changes the flow has
# rendered (our listener runs after the flow's own; a sensitive flow's step
# replaces the history entry and renders at once, no hashchange), and the times
# Material has (re)built the page content (document$), after which the flow boots again.
READY_JS = """() => {
  if (!document.querySelector('[data-kb-flow].kb-flow--live')) return false;
  if (window.__kbTicks === undefined) {
    window.__kbTicks = 0;
    window.addEventListener('hashchange', () => { window.__kbTicks += 1; });
    const replace = history.replaceState;
    history.replaceState = function () {
      const hash = location.hash, out = replace.apply(this, arguments);
      if (location.hash !== hash) window.__kbTicks += 1;
      return out;
    };
  }
  if (window.__kbBoots === undefined) {
    window.__kbBoots = 0;
    if (window.document$) window.document$.subscribe(() => { window.__kbBoots += 1; });
  }
  return true;
}"""

MARK = """({ticks: window.__kbTicks, calls: window.__kbNet ? window.__kbNet.calls.length : 0, boots: window.__kbBoots})"""

AIM_JS = """async ([which, hash]) => {
  if (hash !== null && (location.hash || '#') !== (hash || '#')) {
    const changed = new Promise(resolve => {
      window.addEventListener('hashchange', resolve, {once: true});
      setTimeout(resolve, __TIMEOUT__);
    });
    location.hash = hash;
    await changed;
  }
  const shown = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')].filter(s => s.getClientRects().length > 0);
  if (shown.length !== 1) return {problem: 'nodes shown: ' + shown.map(s => s.getAttribute('data-kb-node')).join(', ')};
  const link = shown[0].querySelector('a[data-kb-answer="' + which + '"]');
  if (!link) return {problem: 'no answer ' + which + ' on ' + shown[0].getAttribute('data-kb-node')};
  link.scrollIntoView({block: 'center', behavior: 'instant'});
  const box = link.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  if (!link.contains(document.elementFromPoint(x, y))) return {problem: 'answer ' + which + ' is covered'};
  return {x, y, mark: __MARK__};
}""".replace("__TIMEOUT__", str(STEP_TIMEOUT)).replace("__MARK__", MARK)

# After an action on the page: the flow has rendered a new hash (or, with
# ``moved`` false, nothing is awaited but the page settling), and any request
# the action set off has ended and, if it rebuilt the page, the flow has booted
# again. Resolves with what is shown, or null if no hash change came.
SETTLE_JS = """([mark, moved]) => new Promise(resolve => {
  const started = performance.now();
  let quiet = null;
  const check = () => {
    const net = window.__kbNet || {pending: 0, calls: []};
    const ticked = !moved || window.__kbTicks > mark.ticks;
    const fetched = net.calls.length > mark.calls;
    const rebuilt = window.__kbBoots > mark.boots;
    const live = document.querySelector('[data-kb-flow].kb-flow--live');
    if (net.pending === 0 && quiet === null) quiet = performance.now();
    if (net.pending > 0) quiet = null;
    const settled = !fetched || rebuilt || (quiet !== null && performance.now() - quiet > 1000);
    if (ticked && settled && live && net.pending === 0) resolve((__SHOWN__)());
    else if (performance.now() - started > __TIMEOUT__) resolve(ticked ? (__SHOWN__)() : null);
    else setTimeout(check, 5);
  };
  check();
})""".replace("__SHOWN__", SHOWN_JS).replace("__TIMEOUT__", str(STEP_TIMEOUT))


def shown(page: Page) -> list[dict[str, Any]]:
    return page.evaluate(SHOWN_JS)  # type: ignore[no-any-return]


def shown_ids(page: Page) -> list[str]:
    return [s["id"] for s in shown(page)]


def instrument(page: Page) -> Page:
    page.add_init_script(NET_JS)
    return page


def open_flow(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_ready(page)


def wait_ready(page: Page) -> None:
    page.wait_for_function(READY_JS, timeout=STEP_TIMEOUT)


def mark(page: Page) -> dict[str, Any]:
    return page.evaluate("() => " + MARK)  # type: ignore[no-any-return]


def settle(page: Page, before: dict[str, Any], moved: bool = True) -> list[dict[str, Any]] | None:
    """What the flow shows once an action (taken after ``before = mark(page)``)
    has had its effect; None if ``moved`` and the hash never changed."""
    return page.evaluate(SETTLE_JS, [before, moved])  # type: ignore[no-any-return]


def net_calls(page: Page) -> list[str]:
    return page.evaluate("() => window.__kbNet ? window.__kbNet.calls.slice() : null")  # type: ignore[no-any-return]


def tree_of(url: str) -> str:
    """The tree whose page this is (parcours/<tree>/)."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    return parts[-1] if len(parts) >= 2 and parts[-2] == "parcours" else ""


def same_document(a: str, b: str) -> bool:
    return urlsplit(a)._replace(fragment="") == urlsplit(b)._replace(fragment="")


class StepFailed(AssertionError):
    pass


def click_answer(page: Page, which: str, other_page: bool = False, at: str | None = None) -> list[dict[str, Any]]:
    """Click an answer of the node shown, as a player does (a real mouse click),
    wait until the page has settled, and return what the flow shows.

    ``at``: the URL to show first (the state the click is made from)."""
    hash_ = None
    if at is not None and at != page.url:
        if same_document(page.url, at):
            hash_ = "#" + urlsplit(at).fragment
        else:
            open_flow(page, at)
    aim = page.evaluate(AIM_JS, [which, hash_])
    if "covered" in aim.get("problem", ""):
        page.mouse.move(1, 1)  # a tooltip opened under the pointer by the last click
        aim = page.evaluate(AIM_JS, [which, None])
    if "problem" in aim:
        raise StepFailed(aim["problem"])
    if not other_page:
        page.mouse.click(aim["x"], aim["y"])
        after = settle(page, aim["mark"])
        if after is None:
            raise StepFailed(f"answer {which}: nothing followed the click")
        return after
    try:
        with page.expect_navigation(wait_until="domcontentloaded", timeout=STEP_TIMEOUT):
            page.mouse.click(aim["x"], aim["y"])
        wait_ready(page)
    except PlaywrightError as error:
        raise StepFailed(f"answer {which}: no other page followed ({error.message.splitlines()[0]})") from None
    return shown(page)


def target_of(step: Step) -> dict[str, str]:
    return dict(answers(node(step.tree, step.node)))[step.answer]


def walk_to(page: Page, site_url: str, steps: list[Step]) -> list[dict[str, Any]]:
    """From the first step's tree page, click each step's answer."""
    open_flow(page, f"{site_url}parcours/{steps[0].tree}/")
    got = shown(page)
    for step in steps:
        got = click_answer(page, step.answer, other_page=target_of(step)["tree"] != step.tree)
    return got


@dataclass
class Found:
    """What clicking every path from one state found."""

    outcomes: int = 0
    failures: list[tuple[list[str], str]] = field(default_factory=list)
    cut: bool = False  # a loop was cut short: what was found depends on the way in


# The flow's state is its URL (page and hash): the paths from a state where
# everything went right are clicked once per test session, and counted again
# by every later walk that reaches the same state.
_EXPLORED: dict[str, Found] = {}


class Walk:
    """Every path of a tree clicked depth first, from the tree's page: each
    answer is clicked from the exact state (URL) the clicks before it made,
    and every node reached is checked (the page, the one node shown, the
    outcome's channel).

    A path is a sequence of nodes, as in tests/content/test_trees.py: where
    several answers of a node lead to the same node, each of them is
    clicked, and the way on from that node is walked after the first one."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.site_url = site_url

    def run(self, tree: str) -> Found:
        open_flow(self.page, f"{self.site_url}parcours/{tree}/")
        start = content()["trees"][tree]["start"]
        return self.visit(tree, start, shown(self.page), frozenset({(tree, start)}))

    def visit(self, tree: str, node_id: str, got: list[dict[str, Any]], seen: frozenset[tuple[str, str]],
              further: bool = True) -> Found:
        if tree_of(self.page.url) != tree:
            return Found(failures=[([], f"expected the page of {tree}, got {self.page.url}")])
        if [s["id"] for s in got] != [node_id]:
            return Found(failures=[([], f"expected {tree}#{node_id} alone, shown {[s['id'] for s in got]} at {self.page.url}")])
        here = node(tree, node_id)
        if here["type"] == "outcome":
            ok = got[0]["outcome"] and got[0]["channel"] == here["channel"] and got[0]["card"] == here["channel"]
            failures = [] if ok else [([], f"{tree}#{node_id} shows {got[0]}, expected channel {here['channel']}")]
            return Found(outcomes=int(further), failures=failures)
        url = self.page.url
        if not further:
            return Found()
        if url in _EXPLORED:
            return _EXPLORED[url]
        found = Found()
        # answers that stay on this page first: fewer pages to load again
        for (which, target), first in by_target(tree, answers(here)):
            step = (target["tree"], target["node"])
            if step in seen:
                found.cut = True  # a loop back is a way round, not a path
                continue
            label = f"{tree}#{node_id}[{which}]"
            try:
                after = click_answer(self.page, which, other_page=target["tree"] != tree, at=url)
            except StepFailed as error:
                found.failures.append(([label], str(error)))
                continue
            sub = self.visit(*step, after, seen | {step}, further=first)
            found.outcomes += sub.outcomes
            found.cut |= sub.cut
            found.failures += [([label, *trail], message) for trail, message in sub.failures]
        if not found.cut and not found.failures:
            _EXPLORED[url] = found  # what went wrong is clicked again by every walk that gets there
        return found


def by_target(tree: str, choices: list[tuple[str, dict[str, str]]]) -> list[tuple[tuple[str, dict[str, str]], bool]]:
    """The answers, those staying in ``tree`` first, each with whether it is
    the first one to lead to its target."""
    ordered = sorted(choices, key=lambda a: a[1]["tree"] != tree)
    firsts: set[tuple[str, str]] = set()
    out = []
    for which, target in ordered:
        key = (target["tree"], target["node"])
        out.append(((which, target), key not in firsts))
        firsts.add(key)
    return out


def count_paths(tree: str) -> int:
    """Paths (sequences of nodes) from the tree's start to an outcome."""

    def walk(t: str, n: str, seen: frozenset[tuple[str, str]]) -> Iterator[int]:
        here = node(t, n)
        if here["type"] == "outcome":
            yield 1
            return
        for step in dict.fromkeys((target["tree"], target["node"]) for _, target in answers(here)):
            if step not in seen:
                yield from walk(*step, seen | {step})

    start = content()["trees"][tree]["start"]
    return sum(walk(tree, start, frozenset({(tree, start)})))
