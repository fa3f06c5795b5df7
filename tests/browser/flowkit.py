"""What the browser tests of the guided flows share: the trees as the site
exports them, and a few steps a player takes (open a flow, click an answer,
see which node is shown), each in as few round trips to Chromium as possible."""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from kb_tools.project import load_project
from kb_tools.render import export
from tests.conftest import ROOT

PARIS = ZoneInfo("Europe/Paris")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # datetime.weekday() order
DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
STEP_TIMEOUT = 5_000  # ms: a click that changes nothing fails in seconds, not in 30


# ------------------------------------------------------------------ content


@cache
def content(trees: Path = ROOT / "trees") -> dict[str, Any]:
    kb, problems = load_project(trees, env={})
    assert [p.format() for p in problems if p.level == "error"] == []
    return export(kb)


def tree_ids() -> list[str]:
    return sorted(content()["trees"])


def node(tree: str, node_id: str) -> dict[str, Any]:
    return content()["trees"][tree]["nodes"][node_id]  # type: ignore[no-any-return]


def answers(here: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(value of data-kb-answer, target) for each answer of a question or checklist."""
    if here["type"] == "question":
        return [(str(i), a["target"]) for i, a in enumerate(here["answers"])]
    if here["type"] == "checklist":
        return [("resolved", here["resolved_target"]), ("next", here["next_target"])]
    return []


def channel_kind(channel: str) -> str:
    return str(content()["channels"][channel]["kind"])


def reach(channel: str) -> dict[str, Any]:
    """The channel a player actually uses (an escalation goes through the chat)."""
    channels = content()["channels"]
    ch = channels[channel]
    return channels[ch["via"]] if "via" in ch else ch  # type: ignore[no-any-return]


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


# ------------------------------------------------------------ business hours


def slots(week: dict[str, list[str]], day: int) -> list[tuple[int, int]]:
    out = []
    for slot in week.get(DAYS[day], []):
        start, end = slot.split("-")
        out.append((int(start[:2]) * 60 + int(start[3:]), int(end[:2]) * 60 + int(end[3:])))
    return out


def catalogue() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "trees" / "_channels.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def next_opening(week: dict[str, list[str]], now: datetime) -> datetime | None:
    """The next start of a slot after ``now`` (Paris time)."""
    here = now.astimezone(PARIS)
    for offset in range(8):
        day = (here + timedelta(days=offset)).date()
        for start, _ in slots(week, day.weekday()):
            at = datetime(day.year, day.month, day.day, start // 60, start % 60, tzinfo=PARIS)
            if at > here:
                return at
    return None


def is_open(week: dict[str, list[str]], now: datetime) -> bool:
    here = now.astimezone(PARIS)
    minutes = here.hour * 60 + here.minute
    return any(s <= minutes < e for s, e in slots(week, here.weekday()))


def add_business_hours(week: dict[str, list[str]], now: datetime, hours: int) -> datetime:
    here = now.astimezone(PARIS)
    left = hours * 60
    for offset in range(60):
        day = (here + timedelta(days=offset)).date()
        for start, end in slots(week, day.weekday()):
            if offset == 0:
                start = max(start, here.hour * 60 + here.minute)
            if end <= start:
                continue
            if left <= end - start:
                minutes = start + left
                return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=PARIS)
            left -= end - start
    raise ValueError("no business hours")


def hour_pattern(at: datetime) -> str:
    """A regex for an hour as the site writes it in French: « 9 h », « 13 h 30 »."""
    minutes = f"\\s*{at.minute:02d}" if at.minute else "(?!\\s*\\d)"
    return f"(?<!\\d){at.hour}\\s*h{minutes}"


def flat(text: str) -> str:
    """Text with every kind of space as a plain space, for comparisons."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text.replace("\u00a0", " ").replace("\u202f", " "))).strip()


# ------------------------------------------------------------------ browser

SHOWN_JS = """() => [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')]
  .filter(s => s.getClientRects().length > 0)
  .map(s => ({
    id: s.getAttribute('data-kb-node'),
    outcome: s.hasAttribute('data-kb-outcome'),
    channel: s.getAttribute('data-kb-channel'),
    card: (s.querySelector('[data-kb-channel-card]') || {getAttribute: () => null}).getAttribute('data-kb-channel-card'),
  }))"""

READY_JS = """() => {
  if (!document.querySelector('[data-kb-flow].kb-flow--live')) return false;
  if (window.__kbTicks === undefined) {
    window.__kbTicks = 0;
    // after the flow's own listener: it counts hash changes the flow has rendered
    window.addEventListener('hashchange', () => { window.__kbTicks += 1; });
  }
  return true;
}"""

AIM_JS = """async ([which, hash]) => {
  if (hash !== null && location.hash !== hash) {
    const changed = new Promise(resolve => window.addEventListener('hashchange', resolve, {once: true}));
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
  return {x, y, ticks: window.__kbTicks};
}"""

AFTER_JS = """(ticks) => new Promise(resolve => {
  const started = performance.now();
  const check = () => {
    if (window.__kbTicks > ticks) resolve((%s)());
    else if (performance.now() - started > %d) resolve(null);
    else setTimeout(check, 1);
  };
  check();
})""" % (SHOWN_JS, STEP_TIMEOUT)


def shown(page: Page) -> list[dict[str, Any]]:
    return page.evaluate(SHOWN_JS)  # type: ignore[no-any-return]


def shown_ids(page: Page) -> list[str]:
    return [s["id"] for s in shown(page)]


def open_flow(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page)


def wait_ready(page: Page) -> None:
    page.wait_for_function(READY_JS, timeout=STEP_TIMEOUT)


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
    wait until the flow has shown what follows, and return what it shows.

    ``at``: the URL to show first (the state the click is made from)."""
    hash_ = None
    if at is not None and at != page.url:
        if same_document(page.url, at):
            hash_ = "#" + urlsplit(at).fragment
        else:
            open_flow(page, at)
    aim = page.evaluate(AIM_JS, [which, hash_])
    if "problem" in aim:
        raise StepFailed(aim["problem"])
    if not other_page:
        page.mouse.click(aim["x"], aim["y"])
        after = page.evaluate(AFTER_JS, aim["ticks"])
        if after is None:
            raise StepFailed(f"answer {which}: nothing followed the click")
        return after  # type: ignore[no-any-return]
    try:
        with page.expect_navigation(wait_until="domcontentloaded", timeout=STEP_TIMEOUT):
            page.mouse.click(aim["x"], aim["y"])
        wait_ready(page)
    except PlaywrightError as error:
        raise StepFailed(f"answer {which}: no other page followed ({error.message.splitlines()[0]})") from None
    return shown(page)


def walk_to(page: Page, site_url: str, steps: list[Step]) -> list[dict[str, Any]]:
    """From the first step's tree page, click each step's answer."""
    open_flow(page, f"{site_url}parcours/{steps[0].tree}/")
    got = shown(page)
    for step in steps:
        target = dict(answers(node(step.tree, step.node)))[step.answer]
        got = click_answer(page, step.answer, other_page=target["tree"] != step.tree)
    return got


@dataclass
class Found:
    """What clicking every path from one state found."""

    outcomes: int = 0
    clicks: int = 0
    failures: list[tuple[list[str], str]] = field(default_factory=list)
    cut: bool = False  # a loop was cut short: what was found depends on the way in


# The flow's state is its URL (page and hash): what every path from a given
# state does is clicked once per test session, and reported again, with its
# own trail, by every walk that reaches that state.
_EXPLORED: dict[str, Found] = {}


class Walk:
    """Every path of a tree clicked depth first, from the tree's page: each
    answer is clicked from the exact state (URL) the clicks before it made,
    and every node reached is checked (the page, the one node shown, the
    outcome's channel)."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.site_url = site_url

    def run(self, tree: str) -> Found:
        open_flow(self.page, f"{self.site_url}parcours/{tree}/")
        start = content()["trees"][tree]["start"]
        return self.visit(tree, start, shown(self.page), frozenset({(tree, start)}))

    def visit(self, tree: str, node_id: str, got: list[dict[str, Any]], seen: frozenset[tuple[str, str]]) -> Found:
        if tree_of(self.page.url) != tree:
            return Found(failures=[([], f"expected the page of {tree}, got {self.page.url}")])
        if [s["id"] for s in got] != [node_id]:
            return Found(failures=[([], f"expected {tree}#{node_id} alone, shown {[s['id'] for s in got]} at {self.page.url}")])
        here = node(tree, node_id)
        if here["type"] == "outcome":
            ok = got[0]["outcome"] and got[0]["channel"] == here["channel"] and got[0]["card"] == here["channel"]
            return Found(outcomes=1, failures=[] if ok else [([], f"{tree}#{node_id} shows {got[0]}, expected channel {here['channel']}")])
        url = self.page.url
        if url in _EXPLORED:
            return _EXPLORED[url]
        found = Found()
        for which, target in answers(here):
            step = (target["tree"], target["node"])
            if step in seen:
                found.cut = True  # a loop back is a way round, not a path
                continue
            label = f"{tree}#{node_id}[{which}]"
            found.clicks += 1
            try:
                after = click_answer(self.page, which, other_page=target["tree"] != tree, at=url)
            except StepFailed as error:
                found.failures.append(([label], str(error)))
                continue
            sub = self.visit(*step, after, seen | {step})
            found.outcomes += sub.outcomes
            found.clicks += sub.clicks
            found.cut |= sub.cut
            found.failures += [([label, *trail], message) for trail, message in sub.failures]
        if not found.cut:
            _EXPLORED[url] = found
        return found


def count_paths(tree: str) -> int:
    """Paths from the tree's start to an outcome, counted as Walk clicks them."""

    def walk(t: str, n: str, seen: frozenset[tuple[str, str]]) -> Iterator[int]:
        here = node(t, n)
        if here["type"] == "outcome":
            yield 1
            return
        for _, target in answers(here):
            step = (target["tree"], target["node"])
            if step not in seen:
                yield from walk(*step, seen | {step})

    start = content()["trees"][tree]["start"]
    return sum(walk(tree, start, frozenset({(tree, start)})))
