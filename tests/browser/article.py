"""The flow's article as a reader without the flow gets it (JavaScript off,
the flow's modules refused, a flow that failed): every node a visible
section, every answer a link to the next node's anchor, on this page or the
other tree's, every outcome a link to its channel, no step bar."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

from tests.browser.flowkit import answers, content, reach, tree_of

# Per flow root (``selector``) of the page, in page order: its nodes as they are shown.
ARTICLE_JS = """(selector) => {
  const flows = [];
  for (const root of document.querySelectorAll(selector)) {
    const nodes = {};
    for (const s of root.querySelectorAll('[data-kb-node]')) {
      const style = getComputedStyle(s);
      nodes[s.getAttribute('data-kb-node')] = {
        visible: s.getClientRects().length > 0 && style.visibility !== 'hidden' && !s.hidden,
        heading: (s.querySelector('h2') || {}).id || null,
        answers: [...s.querySelectorAll('a[data-kb-answer]')].map(a => [a.getAttribute('data-kb-answer'), a.href,
          a.getClientRects().length > 0]),
        channelLinks: [...s.querySelectorAll('[data-kb-channel-link]')].filter(a => a.getClientRects().length > 0).map(a => a.href),
      };
    }
    const bar = root.querySelector('[data-kb-bar]');
    flows.push({tree: root.getAttribute('data-kb-flow'), nodes, bar: !!bar && bar.getClientRects().length > 0});
  }
  return {flows, ids: [...document.querySelectorAll('[id]')].map(e => e.id)};
}"""


def read_article(page: Page, selector: str = "[data-kb-flow]") -> dict[str, Any]:
    """``{"flows": [{"tree", "nodes", "bar"}, ...], "ids"}`` of the page as it is shown."""
    return page.evaluate(ARTICLE_JS, selector)  # type: ignore[no-any-return]


def article_problems(tree: str, found: dict[str, Any], ids_of: dict[str, list[str]]) -> list[str]:
    """What is wrong with the article of ``tree`` (``found``: one of
    read_article's "flows"); ``ids_of``: the element ids of each tree's page
    known, to check that the links to other pages land on an anchor."""
    problems = []
    nodes = content()["trees"][tree]["nodes"]
    if found["bar"]:
        problems.append(f"{tree}: the step bar is shown")
    if set(found["nodes"]) != set(nodes):
        problems.append(f"{tree}: nodes {sorted(found['nodes'])}, expected {sorted(nodes)}")
    for node_id, here in nodes.items():
        section = found["nodes"].get(node_id)
        if not section:
            continue
        if not section["visible"] or section["heading"] != here["anchor"]:
            problems.append(f"{tree}#{node_id}: visible {section['visible']}, heading id {section['heading']}")
        if here["type"] == "outcome":
            way = reach(here["channel"])
            link = way.get("url") or (f"mailto:{way['address']}" if way.get("address") else None)
            if link and link not in section["channelLinks"]:
                problems.append(f"{tree}#{node_id}: no visible link to {link} (has {section['channelLinks']})")
        expected = answers(here)
        if [a[0] for a in section["answers"]] != [which for which, _ in expected]:
            problems.append(f"{tree}#{node_id}: answers {[a[0] for a in section['answers']]}")
            continue
        for (which, target), (_, href, visible) in zip(expected, section["answers"], strict=True):
            link = urlsplit(href)
            if tree_of(href) != target["tree"] or link.fragment != target["anchor"] or not visible:
                problems.append(f"{tree}#{node_id}[{which}] -> {href}, expected {target['tree']}#{target['anchor']}")
            elif target["tree"] in ids_of and target["anchor"] not in ids_of[target["tree"]]:
                problems.append(f"{tree}#{node_id}[{which}] -> {href}: no such anchor on that page")
    return problems
