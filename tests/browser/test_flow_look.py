"""What the flow's own chrome looks like on a phone: the step bar keeps one
line whatever the step, and a notice stands out from the text around it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.a11y import axe_result, describe, start_axe
from tests.browser.flowkit import content, open_flow, tree_ids

pytestmark = pytest.mark.browser

BAR_JS = """() => {
  const bar = document.querySelector('[data-kb-flow] [data-kb-bar]');
  const parts = [...bar.children].map(e => e.getBoundingClientRect());
  const step = bar.querySelector('[data-kb-step]');
  return {
    height: Math.round(bar.getBoundingClientRect().height),
    lines: new Set(parts.map(b => Math.round(b.top + b.height / 2))).size,
    overflow: bar.scrollWidth > bar.clientWidth || step.scrollWidth > step.clientWidth,
    step: step.textContent,
  };
}"""


@pytest.mark.parametrize("width", [360, 375, 390])
def test_the_step_bar_keeps_one_line_on_a_question_and_on_an_outcome(new_page: Callable[..., Page], site_url: str,
                                                                     width: int) -> None:
    page = new_page(viewport={"width": width, "height": 800})
    problems = []
    for tree in tree_ids():
        data = content()["trees"][tree]
        outcome = next(n for n in data["nodes"].values() if n["type"] == "outcome")
        seen: list[dict[str, Any]] = []
        for hash_ in ("", "#" + outcome["anchor"]):
            open_flow(page, f"{site_url}parcours/{tree}/{hash_}")
            seen.append(page.evaluate(BAR_JS))
        question, solution = seen
        if not (question["step"] and solution["step"]):
            problems.append(f"{tree}: no step shown {seen}")
        if question["height"] != solution["height"] or {question["lines"], solution["lines"]} != {1} \
                or question["overflow"] or solution["overflow"]:
            problems.append(f"{tree} at {width}px: {seen}")
    assert problems == []


NOTICE_JS = """() => {
  const n = document.querySelector('[data-kb-flow] [data-kb-notice]'), s = getComputedStyle(n);
  const p = getComputedStyle(document.querySelector('.md-typeset p:not([data-kb-notice])'));
  return {text: n.textContent, box: s.backgroundColor !== p.backgroundColor && parseFloat(s.borderLeftWidth) > 0,
          height: n.getBoundingClientRect().height};
}"""


def test_a_notice_is_a_box_that_stands_out_and_reads_well(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page()
    tree = "retrait-en-attente"
    open_flow(page, f"{site_url}parcours/{tree}/")
    assert page.evaluate(NOTICE_JS)["height"] == 0, "no notice: no empty box"
    open_flow(page, f"{site_url}parcours/{tree}/#{tree}=zzz")
    notice = page.evaluate(NOTICE_JS)
    assert notice["text"] and notice["box"], notice
    start_axe(page, rules=["color-contrast"])
    found = axe_result(page)
    assert describe(f"{tree} notice", found["violations"]) == []
    assert any("data-kb-notice" in p for p in found["passes"]), "the notice's contrast was not checked"
