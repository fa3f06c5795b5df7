"""The editor's happy path (issue 14): a tree made with ``kb_tools new`` and
edited, and nothing else, passes ``make check`` and ``make build``; its page is
in the menu, its card on the home page, and the « Avant de nous contacter »
router offers it, in the article as in the flow data."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_site_sources

TREE = "application-mobile"
ROUTER = "avant-de-nous-contacter"

#: What an editor writes in place of the skeleton's examples: the header lines, then the nodes.
HEADER = {
    "title": "title: Problème avec l'application mobile",
    "description": ("description: >-\n  L'application mobile plante, ne se met pas à jour ou n'affiche pas vos\n"
                    "  jeux ? Quelques vérifications, puis le chat en direct avec les bonnes informations."),
    "category": "category: Technique",
    "keywords": "keywords: [application, appli, mobile, application plante, mise a jour appli]",
}
NODES = """nodes:
  premiere-question:
    type: question
    text: Que se passe-t-il avec l'application ?
    answers:
      - label: Elle plante ou se ferme toute seule
        next: verifications
      - label: Elle ne se met pas à jour
        next: verifications
        id: mise-a-jour
      - label: Autre chose
        next: contact-chat

  verifications:
    type: checklist
    title: Vérifications sur votre téléphone
    steps:
      - Mettez l'application à jour depuis la boutique de votre téléphone.
      - Redémarrez le téléphone.
      - Essayez en Wi-Fi puis en 4G.
    done: J'ai mis l'application à jour, redémarré le téléphone et essayé en Wi-Fi puis en 4G.
    resolved: resolu
    next: contact-chat

  contact-chat:
    type: outcome
    title: Contactez le chat en direct
    channel: chat
    text: Le chat en direct vous répond tout de suite en heures ouvrées.
    ticket:
      subject: Problème avec l'application mobile[ depuis le {date}]
      request: "L'application mobile ne fonctionne pas[ depuis le {date}] ; pouvez-vous m'aider à la faire marcher ?"
      fields: [email, date, description]

  resolu:
    type: outcome
    title: Problème résolu
    channel: faq
    still_stuck: contact-chat
    text: Tant mieux ! Gardez une copie de vos échanges.
"""


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # this checkout's kb_tools, whatever the virtual environment was installed from
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("KB_")}
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=600,
                          check=False)


def _edit(skeleton: str) -> str:
    """The editor's edit: the header lines rewritten, the example nodes replaced."""
    text = skeleton
    for key, line in HEADER.items():
        text, count = re.subn(rf"(?m)^{key}:.*\n(?:  .*\n)*", line + "\n", text, count=1)
        assert count == 1, key
    head, _, _ = text.partition("\nnodes:\n")
    return head + "\n" + NODES


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site_sources(tmp_path_factory.mktemp("editor") / "project")
    before = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    made = _run(root, "-m", "kb_tools", "new", TREE)
    assert made.returncode == 0, made.stderr
    path = root / "trees" / f"{TREE}.yml"
    path.write_text(_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    after = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == {Path("trees") / f"{TREE}.yml"}, "the tree file, and nothing else"
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    built = _run(project, "-m", "kb_tools.site_build", "site")
    assert built.returncode == 0, built.stdout + built.stderr
    assert not re.search(r"(?m)^(WARNING|ERROR)\b", built.stderr), built.stderr
    return project / "site"


def test_check_passes_without_a_problem(project: Path) -> None:
    checked = _run(project, "-m", "kb_tools", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert not re.search(r":\d+:\d+: (error|warning):", checked.stdout + checked.stderr), checked.stdout + checked.stderr


def test_the_page_is_built_and_in_the_menu(site: Path) -> None:
    assert (site / "parcours" / TREE / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', home, re.DOTALL)
    menu = nav.group(0) if nav else home
    assert f'href="parcours/{TREE}/"' in menu


def test_the_home_page_has_its_card(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    grid = re.search(r'<div class="grid cards">(.*?)</div>', home, re.DOTALL)
    assert grid is not None
    links = re.findall(r'href="parcours/([a-z0-9-]+)/"', grid.group(1))
    assert TREE in links
    assert ROUTER not in links  # home: false
    assert "Problème avec l" in html.unescape(grid.group(1))


def test_the_router_offers_it(site: Path) -> None:
    page = (site / "parcours" / ROUTER / "index.html").read_text(encoding="utf-8")
    assert f'href="../{TREE}/' in page  # the article's answer link, without JavaScript
    data = re.search(r'data-kb-flow-data="([^"]*)"', page)
    assert data is not None
    flow = json.loads(html.unescape(data.group(1)))
    start = flow["nodes"][flow["start"]]
    offered = {a["id"]: a["target"] for a in start["answers"]}
    assert offered[TREE]["tree"] == TREE
    assert flow["legacy"] is True  # the written answers keep their indexes: old links still hold


def test_a_home_page_without_its_marker_or_with_two_stops_the_build_located(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "project")
    index = root / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    line = text.splitlines().index("<!-- kb-home-cards -->") + 1
    for broken, where in ((text.replace("<!-- kb-home-cards -->\n", "", 1), 1),
                          (text.replace("<!-- kb-home-cards -->\n", "<!-- kb-home-cards -->\n\n<!-- kb-home-cards -->\n"),
                           line + 2)):
        index.write_text(broken, encoding="utf-8")
        built = _run(root, "-m", "kb_tools.site_build", "site")
        assert built.returncode != 0 and "Traceback" not in built.stderr
        assert re.search(rf"docs/index\.md:{where}:1: error: .+ \(home-cards\)", built.stderr), built.stderr[-800:]
        assert not (root / "site").exists()
