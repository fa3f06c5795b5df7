"""What each `urgency` shows in the article (EDITING.md « L’urgence d’une
issue »): urgent is not escalation — an urgent outcome tells the player to
contact us now and never, by itself, to ask for a supervisor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb_tools.project import load_project
from kb_tools.render import environment, render_article

#: what asks for a supervisor, in the escalation notice
SUPERVISOR = re.compile(r"escalad|superviseur", re.IGNORECASE)


def _notice(project: Path, urgency: str) -> tuple[str, str] | None:
    """The admonition (kind, body) the outcome ``retrait-retenu`` shows with ``urgency``."""
    tree = project / "retrait-en-attente.yml"
    text = tree.read_text(encoding="utf-8")
    tree.write_text(re.sub(r"urgency: \w+", f"urgency: {urgency}", text), encoding="utf-8")
    kb, problems = load_project(project, env={})
    assert [p.format() for p in problems if p.level == "error"] == []
    article = render_article(environment(), kb, kb.trees["retrait-en-attente"])
    section = article.split('data-kb-node="retrait-retenu"', 1)[1].split("</section>", 1)[0]
    # the notice comes first, right under the outcome's heading
    found = re.match(r'[^\n]*\n\n## [^\n]*\n\n!!! (\w+) "[^"]*"\n\n((?:    .*\n)+)', section)
    return None if found is None else (found.group(1), found.group(2))


def test_normal_shows_no_notice(project: Path) -> None:
    assert _notice(project, "normal") is None


def test_escalation_asks_for_a_supervisor(project: Path) -> None:
    notice = _notice(project, "escalation")
    assert notice is not None and SUPERVISOR.search(notice[1])


@pytest.mark.parametrize("channel", ["chat", "escalation"])
def test_urgent_says_contact_us_now_and_never_asks_for_a_supervisor(project: Path, channel: str) -> None:
    tree = project / "retrait-en-attente.yml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("channel: escalation", f"channel: {channel}"), encoding="utf-8")
    urgent, escalation = _notice(project, "urgent"), _notice(project, "escalation")
    assert urgent is not None and escalation is not None
    assert urgent[0] != escalation[0], "urgent and escalation look the same"
    assert not SUPERVISOR.search(urgent[1]), urgent[1]
