"""The editor's happy path (issue 14): a tree made with ``kb_tools new`` and
edited, and nothing else, passes ``make check`` and ``make build``; its page is
in the menu, its card on the home page, and the « Avant de nous contacter »
router offers it, in the article as in the flow data."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_site_sources

TREE = "application-mobile"
ROUTER = "avant-de-nous-contacter"

#: What an editor writes in place of the skeleton's examples: the header lines, then the nodes.
HEADER = {
    "title": "title: Problème avec l’application mobile",
    "description": ("description: >-\n  L’application mobile plante, ne se met pas à jour ou n’affiche pas vos\n"
                    "  jeux ? Quelques vérifications, puis le chat en direct avec les bonnes informations."),
    "category": "category: Technique",
    "keywords": "keywords: [application roulettino, mise a jour de l application]",
}
NODES = """nodes:
  premiere-question:
    type: question
    text: Que se passe-t-il avec l’application ?
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
      - Mettez l’application à jour depuis la boutique de votre téléphone.
      - Redémarrez le téléphone.
      - Essayez en Wi-Fi puis en 4G.
    done: J’ai mis l’application à jour, redémarré le téléphone et essayé en Wi-Fi puis en 4G.
    resolved: resolu
    next: contact-chat

  contact-chat:
    type: outcome
    title: Contactez le chat en direct
    channel: chat
    text: Le chat en direct vous répond tout de suite en heures ouvrées.
    ticket:
      subject: Problème avec l’application mobile[ depuis le {date}]
      request: "L’application mobile ne fonctionne pas[ depuis le {date}] ; pouvez-vous m’aider à la faire marcher ?"
      fields: [email, id-joueur, date, description]

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


def _copy_repository(dest: Path) -> Path:
    """The whole project as an editor clones it (every committed file, tests/ included: the
    reference messages and the public queries are checked too), committed in a git repository
    of its own, so that `make check` compares the edit with it."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-c", "user.name=Rédaction", "-c", "user.email=redaction@example.org", "-c", "init.defaultBranch=main"]
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "clone"]):
        subprocess.run([*git, *step], cwd=dest, capture_output=True, check=True)
    return dest


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _copy_repository(tmp_path_factory.mktemp("editor") / "project")
    before = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}
    made = _run(root, "-m", "kb_tools", "new", TREE)
    assert made.returncode == 0, made.stderr
    path = root / "trees" / f"{TREE}.yml"
    path.write_text(_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    after = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == {Path("trees") / f"{TREE}.yml"}, "the tree file, and nothing else"
    return root


@pytest.fixture(scope="module")
def site(project: Path, first_check: subprocess.CompletedProcess[str]) -> Path:
    built = _run(project, "-m", "kb_tools.site_build", "site")
    assert built.returncode == 0, built.stdout + built.stderr
    assert not re.search(r"(?m)^(WARNING|ERROR)\b", built.stderr), built.stderr
    return project / "site"


@pytest.fixture(scope="module")
def first_check(project: Path) -> subprocess.CompletedProcess[str]:
    return _run(project, "-m", "kb_tools", "check")


def _remarks(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str, str]]:
    return re.findall(r"^(\S+):\d+:\d+: (error|warning): .*\((\S+)\)$", done.stdout + done.stderr, re.MULTILINE)


def test_check_passes_and_writes_the_new_reference_messages(project: Path,
                                                              first_check: subprocess.CompletedProcess[str]) -> None:
    """The first `make check` passes. It writes the new contact outcome's reference message
    for the review and may say which public queries the new tree now answers first; once the
    editor commits, it says nothing at all."""
    output = first_check.stdout + first_check.stderr
    assert first_check.returncode == 0, output
    remarks = _remarks(first_check)
    assert ("trees/application-mobile.yml", "warning", "golden-message") in remarks, output
    assert {rule for *_, rule in remarks} <= {"golden-message", "search-moved"}, output
    assert all(path == "trees/application-mobile.yml" and level == "warning" for path, level, _ in remarks), output
    written = sorted(p.name for p in (project / "tests" / "golden" / "messages").glob(f"{TREE}--*.txt"))
    assert written == [f"{TREE}--contact-chat.txt"]
    message = (project / "tests" / "golden" / "messages" / written[0]).read_text(encoding="utf-8")
    assert "application mobile" in message and "{" not in message
    again = _run(project, "-m", "kb_tools", "check")
    assert again.returncode == 0 and {rule for *_, rule in _remarks(again)} <= {"search-moved"}, again.stderr
    for step in (["add", "trees", "tests/golden/messages"], ["commit", "-qm", "Parcours : application mobile"]):
        subprocess.run(["git", "-c", "user.name=R", "-c", "user.email=r@example.org", *step], cwd=project,
                       capture_output=True, check=True)
    committed = _run(project, "-m", "kb_tools", "check")
    assert committed.returncode == 0 and _remarks(committed) == [], committed.stderr


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
