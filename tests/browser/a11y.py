"""What the accessibility tests share: axe-core run in the page, the flow's
states as URL hashes, and what a keyboard user sees of the focused element."""

from __future__ import annotations

from collections import deque
from typing import Any

from playwright.sync_api import Page

from tests.browser.flowkit import answers, content
from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT = 5_000  # ms

# Started in the page and collected later, so that two pages can be checked at once.
AXE_START_JS = """({tags, rules, timeout}) => {
  const settled = () => document.getAnimations().every(a =>
    a.playState !== 'running' || a.effect.getTiming().iterations === Infinity);
  const runOnly = rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags};
  window.__kbAxe = new Promise((resolve, reject) => {
    const started = performance.now();
    const wait = () => {
      // a colour half faded in is no state to judge: transitions end first
      if (settled()) resolve();
      else if (performance.now() - started > timeout) reject(new Error('transitions never ended'));
      else setTimeout(wait, 20);
    };
    wait();
  }).then(() => axe.run(document, {runOnly, elementRef: true})).then(r => ({
    violations: r.violations.map(v => ({id: v.id, impact: v.impact,
      nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))})),
    // what was checked and passed: its selector and the start of its HTML
    passes: r.passes.flatMap(v => v.nodes.map(n => v.id + " " + n.target.join(" ") + " "
      + (n.element ? n.element.outerHTML.slice(0, 160) : ""))),
  }));
}"""


def start_axe(page: Page, rules: list[str] | None = None) -> None:
    """Start axe-core on the page as it is now: the WCAG 2.0 to 2.2 A and AA
    rules, or only ``rules``."""
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run `npm ci --omit=dev` (make test does)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluated by the browser's devtools, not as a script of the page: the
        # page's own Content-Security-Policy (its <meta>) refuses inline scripts
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    page.evaluate(AXE_START_JS, {"tags": WCAG_TAGS, "rules": rules, "timeout": TIMEOUT})


def axe_result(page: Page) -> dict[str, Any]:
    """What the run start_axe started found: "violations" and "passes"."""
    return page.evaluate("() => window.__kbAxe")  # type: ignore[no-any-return]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    start_axe(page)
    return axe_result(page)["violations"]  # type: ignore[no-any-return]


def describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    """One line per failing element: rule, target, page (and why, shortened)."""
    lines = []
    for v in violations:
        for n in v["nodes"]:
            why = " ".join(n["summary"].split())[:220]
            lines.append(f"{v['id']} ({v['impact']}) at {n['target']!r} on {where}: {why}")
    return lines


# ------------------------------------------------------------------ content


def path_to(tree: str, want: str, fields: tuple[str, ...] = ()) -> list[str]:
    """The answer ids (the "#TREE=" path) from the tree's start to the first node,
    inside the tree, that is ``want``: "question", "checklist", "self-help"
    (an outcome without a ticket) or "ticket" (an outcome with one, asking
    for every field in ``fields``)."""
    data = content()["trees"][tree]
    todo: deque[tuple[str, list[str]]] = deque([(data["start"], [])])
    seen = {data["start"]}
    while todo:
        at, path = todo.popleft()
        here = data["nodes"][at]
        kind = here["type"]
        if kind == "outcome":
            kind = "ticket" if here["ticket"] else "self-help"
        if kind == want and set(fields) <= set(here["ticket"]["fields"] if kind == "ticket" else ()):
            return path
        for which, target in answers(here):
            if target["tree"] == tree and target["node"] not in seen:
                seen.add(target["node"])
                todo.append((target["node"], [*path, which]))
    raise LookupError(f"{tree}: no {want} node")


def node_at(tree: str, path: list[str]) -> dict[str, Any]:
    data = content()["trees"][tree]
    here = data["nodes"][data["start"]]
    for which in path:
        here = data["nodes"][dict(answers(here))[which]["node"]]
    return here  # type: ignore[no-any-return]


def hash_of(tree: str, path: list[str]) -> str:
    """The flow's state in the address: ``#TREE=ANSWER/ANSWER``."""
    return f"#{tree}=" + "/".join(path)


def open_state(page: Page, url: str) -> None:
    """Load a flow page (with its state in the hash) and wait for the flow."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-kb-flow].kb-flow--live", timeout=TIMEOUT)


def go_state(page: Page, tree: str, path: list[str]) -> None:
    """Show the state ``path`` of the tree whose page is open, as a link to it
    does (the hash changes), and wait until the flow shows its node."""
    page.evaluate("(hash) => { location.hash = hash; }", hash_of(tree, path))
    page.wait_for_function(
        """(id) => { const shown = [...document.querySelectorAll('[data-kb-flow] [data-kb-node]')]
                       .filter(s => s.getClientRects().length > 0);
                     return shown.length === 1 && shown[0].getAttribute('data-kb-node') === id; }""",
        arg=node_at(tree, path)["id"], timeout=TIMEOUT)


# ------------------------------------------------------------------ focus

# What a sighted keyboard user sees of the focused element: an indicator
# (outline or box-shadow), inside the viewport, and not covered by anything
# (a sticky header, an overlay): WCAG 2.4.7 and 2.4.11.
FOCUS_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement)
    return {tag: 'BODY', name: '', problems: [], inFlow: false, answer: null, field: null, copy: false, type: null, key: 'BODY'};
  const s = getComputedStyle(e), r = e.getBoundingClientRect(), problems = [];
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  if (!outline && !shadow) problems.push('no focus indicator (outline and box-shadow are none)');
  if (r.width < 1 || r.height < 1 || s.visibility !== 'visible') problems.push('not rendered');
  else if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) problems.push('off screen');
  else {
    // the middle of the part inside the viewport
    const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
    const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
    const top = document.elementFromPoint(x, y);
    // covers are checked in the page's content; Material's header search field is under its own
    // icon while its overlay opens (axe checks the header)
    const own = !e.closest('.md-content');
    if (!top || !(own || e.contains(top) || top.contains(e) || (e.labels && [...e.labels].some(l => l.contains(top)))))
      problems.push('covered by ' + (top ? top.tagName.toLowerCase() + '.' + top.className : 'nothing'));
  }
  const label = e.labels && e.labels.length ? e.labels[0].textContent : null;
  const name = (e.getAttribute('aria-label') || label || e.textContent || e.id || '').trim().replace(/\\s+/g, ' ');
  return {
    tag: e.tagName, name: name.slice(0, 40), problems,
    inFlow: !!e.closest('[data-kb-flow]'),
    answer: e.getAttribute('data-kb-answer'),
    field: e.closest('form[data-kb-ticket]') ? e.getAttribute('name') : null,
    copy: e.hasAttribute('data-kb-copy'),
    type: e.getAttribute('type'),
    key: e.tagName + '|' + (e.id || '') + '|' + name.slice(0, 40) + '|' + Math.round(r.top + scrollY),
  };
}"""


def focused(page: Page) -> dict[str, Any]:
    """The focused element, once transitions (a menu sliding, a dialog fading) have ended."""
    settle(page)
    return page.evaluate(FOCUS_JS)  # type: ignore[no-any-return]


def settle(page: Page) -> None:
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)",
        timeout=TIMEOUT)
