"""Rendering: golden files for the article and the flow JSON, plus the
properties a reader without JavaScript relies on."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb_tools.project import load_project
from kb_tools.render import environment, flow_data, render_article

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; if intended, UPDATE_GOLDEN=1"


@pytest.fixture(autouse=True)
def build_month(monkeypatch: pytest.MonkeyPatch) -> None:
    """The golden files hold the holidays from the build month on: a fixed build date (1 December 2026)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")


@pytest.fixture
def kb(project: Path):  # type: ignore[no-untyped-def]
    kb, problems = load_project(project, env={})
    assert problems == []
    return kb


@pytest.mark.parametrize("tree_id", ["retrait-en-attente", "verification-kyc"])
def test_article_matches_golden(kb, tree_id: str) -> None:  # type: ignore[no-untyped-def]
    golden(f"{tree_id}.md", render_article(environment(), kb, kb.trees[tree_id]))


@pytest.mark.parametrize("tree_id", ["retrait-en-attente", "verification-kyc"])
def test_flow_json_matches_golden(kb, tree_id: str) -> None:  # type: ignore[no-untyped-def]
    data = flow_data(kb, kb.trees[tree_id])
    golden(f"{tree_id}.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def test_every_node_is_a_heading_and_every_answer_a_link_to_its_target(kb) -> None:  # type: ignore[no-untyped-def]
    tree = kb.trees["retrait-en-attente"]
    article = render_article(environment(), kb, tree)
    headings = re.findall(r"^## .+ \{: #([a-z0-9-]+) \}$", article, re.MULTILINE)
    assert headings == [f"retrait-en-attente--{node_id}" for node_id in tree["nodes"]]  # namespaced by the tree
    # a self-help outcome's « Toujours bloqué ? » link (still_stuck) is a button: a class before, a mark after
    links = re.findall(r"\]\(([^)]+)\)\{(?:\.md-button )?data-kb-answer=\"([a-z0-9-]+)\"(?: data-kb-still-stuck)?\}", article)
    expected = []
    for node in tree["nodes"].values():
        for answer in node["answers"]:  # a checklist's two answers too (resolu, bloque), an outcome's way on
            ref = answer["next"]
            expected.append(("verification-kyc.md#verification-kyc--refus" if "#" in ref else f"#retrait-en-attente--{ref}",
                             answer["id"]))
    assert links == expected


def test_outcomes_name_their_channel(kb) -> None:  # type: ignore[no-untyped-def]
    article = render_article(environment(), kb, kb.trees["retrait-en-attente"])
    sections = re.findall(r'data-kb-node="([a-z0-9-]+)" data-kb-outcome data-kb-channel="([a-z0-9-]+)"', article)
    outcomes = {n["id"]: n["channel"] for n in kb.trees["retrait-en-attente"]["nodes"].values() if n["type"] == "outcome"}
    assert dict(sections) == outcomes


def test_hostile_text_cannot_become_html_or_attributes(project: Path) -> None:
    path = project / "retrait-en-attente.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Retrait en attente ou refusé", 'title: "<img src=x onerror=alert(1)> {: onclick=alert(2) }"')
    text = text.replace("- label: Refusé", '- label: "<script>alert(3)</script>"')
    text = text.replace("text: Tant mieux ! Gardez une copie de vos échanges.",
                        'text: "<b onmouseover=alert(4)>gras</b> [x](#y){: onclick=alert(5) }"')
    path.write_text(text, encoding="utf-8")
    kb, problems = load_project(project, env={})
    # the tree's title goes into <head> as it is: refused there, at its line
    assert [(p.rule, p.line) for p in problems] == [("head-markup", 3)]
    import markdown

    # and even so, the article's body keeps it as text

    article = render_article(environment(), kb, kb.trees["retrait-en-attente"])
    body = article.split("---", 2)[2]
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition"])
    tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append((tag, attrs))

    Collect().feed(html)
    assert not {tag for tag, _ in tags} & {"img", "script", "b", "iframe"}
    assert not [name for _, attrs in tags for name, _ in attrs if name.startswith("on")]
    # the hostile text is still shown, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_site_templates_override_the_packaged_ones(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    override = tmp_path / "kb_tools"
    override.mkdir()
    (override / "node-outcome.md.j2").write_text("OUTCOME {{ node.id | id }}\n", encoding="utf-8")
    article = render_article(environment([tmp_path]), kb, kb.trees["retrait-en-attente"])
    assert "OUTCOME resolu" in article
    assert "## Quel statut affiche votre retrait" in article  # other templates still packaged


def test_environment_variables_override_channel_addresses(project: Path) -> None:
    kb, _ = load_project(project, env={"KB_SUPPORT_EMAIL": "aide@casino.test", "KB_CHAT_URL": "https://chat.casino.test/"})
    assert kb.channels["email"]["address"] == "aide@casino.test"
    assert kb.channels["chat"]["url"] == "https://chat.casino.test/"
    assert kb.channels["chat"]["example"] is False
    article = render_article(environment(), kb, kb.trees["retrait-en-attente"])
    assert "mailto:aide@casino.test" in article and "https://chat.casino.test/" in article
