"""Every path of every tree, clicked in Chromium from the tree's own page to
its outcome; and every outcome within five clicks of the home page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import (
    Step,
    StepFailed,
    Walk,
    click_answer,
    content,
    count_paths,
    node,
    shortest_clicks,
    target_of,
    tree_ids,
    wait_ready,
)

pytestmark = pytest.mark.browser

MAX_CLICKS = 5  # from the home page, the card included


@pytest.mark.parametrize("tree", tree_ids())
def test_every_path_is_clicked_to_its_outcome(flow_page: Page, site_url: str, tree: str) -> None:
    """At each click the one node shown is the expected one, on the expected
    tree's page (answers that lead to another tree load its page on the
    node), and the path ends on an outcome that names its channel."""
    found = Walk(flow_page, site_url).run(tree)
    failures = [f"{' > '.join(trail) or '(start)'}: {message}" for trail, message in found.failures]
    assert failures == [], f"{len(failures)} path(s) of {tree} go wrong:\n" + "\n".join(failures)
    assert found.outcomes == count_paths(tree)


def home_trees(built_site: Path) -> list[str]:
    """The trees the home page links to (its cards and buttons)."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    article = html.split('class="md-content__inner', 1)[1]
    found = re.findall(r'<a [^>]*href="(?:\./)?parcours/([a-z0-9-]+)/"', article)
    return sorted(set(found))


def farthest_outcome(tree: str) -> tuple[str, list[Step]]:
    """The tree's outcome farthest from its card, and a shortest way there."""
    best = shortest_clicks([(tree, content()["trees"][tree]["start"])])
    outcomes = [(len(best[(tree, n)]), n) for n, here in content()["trees"][tree]["nodes"].items()
                if here["type"] == "outcome" and (tree, n) in best]
    _, outcome = max(outcomes)
    return outcome, best[(tree, outcome)]


def test_every_outcome_is_at_most_five_clicks_from_home(built_site: Path) -> None:
    trees = home_trees(built_site)
    assert trees and set(trees) <= set(tree_ids()), trees
    data = content()
    best = shortest_clicks([(t, data["trees"][t]["start"]) for t in trees])
    too_far = [
        f"{tree}#{node_id}: {1 + len(best[(tree, node_id)]) if (tree, node_id) in best else 'unreachable'}"
        for tree in trees
        for node_id, here in data["trees"][tree]["nodes"].items()
        if here["type"] == "outcome" and ((tree, node_id) not in best or 1 + len(best[(tree, node_id)]) > MAX_CLICKS)
    ]
    assert too_far == []


def test_farthest_outcome_of_each_tree_is_clicked_from_home(flow_page: Page, built_site: Path, site_url: str) -> None:
    """From the home page: the tree's card, then the answers of a shortest
    path from there to the tree's farthest outcome, at most five clicks in
    all; the outcome is shown, with its channel."""
    problems = []
    for tree in home_trees(built_site):
        outcome, steps = farthest_outcome(tree)
        if 1 + len(steps) > MAX_CLICKS:
            problems.append(f"{tree}#{outcome}: {1 + len(steps)} clicks from its card")
        open_flow_home(flow_page, site_url)
        flow_page.locator(f"article a[href$='parcours/{tree}/']").first.click()
        flow_page.wait_for_url(f"**/parcours/{tree}/")
        wait_ready(flow_page)
        try:
            for step in steps:
                click_answer(flow_page, step.answer, other_page=target_of(step)["tree"] != step.tree)
        except StepFailed as error:
            problems.append(f"{tree}#{outcome}: {error}")
            continue
        section = flow_page.locator(f"[data-kb-node='{outcome}']")
        channel = node(tree, outcome)["channel"]
        if not (section.is_visible() and section.get_attribute("data-kb-channel") == channel
                and flow_page.locator(f"[data-kb-channel-card='{channel}']:visible").count() == 1):
            problems.append(f"{tree}#{outcome}: not shown at {flow_page.url}")
    assert problems == []


def open_flow_home(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="domcontentloaded")
    page.wait_for_function("() => window.document$ !== undefined")
