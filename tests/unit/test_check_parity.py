"""`make check` catches what the content tests of `make test` would
(docs-dev/check-coverage.md): each check finds the mistake an editor makes,
at its line, and the project as it is passes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.content_check import check_content
from kb_tools.golden import MESSAGES
from kb_tools.text import french_spacing
from kb_tools.typography_check import markdown_faults, plain_faults
from tests.conftest import ROOT
from tests.content.test_typography import CHECKS

COVERAGE = ROOT / "docs-dev" / "check-coverage.md"


def _copy_project(tmp_path: Path, *, golden: bool = False) -> Path:
    """The project's trees and pages (and, with ``golden``, its reference messages
    and the script that writes them) in a folder of its own."""
    shutil.copytree(ROOT / "trees", tmp_path / "trees")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "includes", tmp_path / "includes")
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")  # its Markdown extensions make the anchors
    if golden:
        shutil.copytree(ROOT / MESSAGES, tmp_path / MESSAGES)
        (tmp_path / "tests" / "js").symlink_to(ROOT / "tests" / "js")  # node resolves its imports from the real file
    return tmp_path


def _rules(problems: list) -> set[tuple[str, int, str]]:  # type: ignore[type-arg]
    return {(p.path.split("/")[-1], p.line, p.rule) for p in problems}


def test_the_project_passes(tmp_path: Path) -> None:
    root = _copy_project(tmp_path, golden=True)
    _, problems = check_content(root, root / "trees")
    assert [p.format() for p in problems if p.level == "error"] == []


# --- typography: the same verdict as tests/content/test_typography.py on the built text

@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1 \u00a0:;!?«»'\"", min_size=1, max_size=12))
def test_a_plain_text_is_refused_exactly_when_the_built_page_would_fail(text: str) -> None:
    shown = french_spacing(" ".join(text.split()))  # what the site writes for a title or a label
    fails = any(check.search(shown) for check in CHECKS.values())
    assert bool(list(plain_faults(text))) == fails, repr(shown)


FAULTS = ["Attention: le délai", "C’est fini!", "l'aide", 'le "bonus"', "«retrait »", "« retrait»", "Quoi ?!"]


@pytest.mark.parametrize("fault", FAULTS)
@given(before=st.integers(0, 5), indent=st.sampled_from(["", "    "]))
@settings(max_examples=10, deadline=None)
def test_a_fault_in_a_page_is_found_at_its_line(fault: str, before: int, indent: str) -> None:
    page = "---\ndescription: Une page: test\n---\n\n# Titre\n\n" + "Une phrase juste : oui.\n" * before
    line = 7 + before
    found = list(markdown_faults(page + indent + fault + "\n"))
    assert found and {f[0] for f in found} == {line}
    assert all(len(indent) < col <= len(indent) + len(fault) for _, col, _ in found)


NOT_TEXT = [
    "```\nle \"code\": l'exemple\n```", "~~~yaml\nid: x\n~~~", "Le champ `request:` et `l'id`",
    "[la page](canaux-de-contact.md#chat \"Titre\")", "<https://exemple.fr/a?b=1>", "Ouvert de 09:00 à 18:00",
    "<!-- kb-flow: retrait-en-attente -->", '!!! warning "Incident bloquant"', "*[KYC]: Know Your Customer",
    "|---|:---|", "## Titre {: #ancre }", ":material-chat: Le chat", "Terme\n:   Sa définition.",
    '<div class="grid cards" markdown>', "![Le logo](assets/favicon.svg)", "Écrivez à mailto:support@exemple.fr",
]


@pytest.mark.parametrize("markdown", NOT_TEXT)
def test_what_is_not_running_text_is_left_alone(markdown: str) -> None:
    assert list(markdown_faults(markdown + "\n")) == []


def test_a_fault_in_a_tree_or_a_page_is_reported_by_check(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    tree = root / "trees" / "retrait-en-attente.yml"
    lines = tree.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("title:") and i > 10)
    lines[at] = lines[at].rstrip() + " (l'exemple)"
    tree.write_text("\n".join(lines), encoding="utf-8")
    page = root / "docs" / "escalade.md"
    text = page.read_text(encoding="utf-8").split("\n")
    text.append("Dernière ligne: fautive.")
    page.write_text("\n".join(text), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(root / "trees"), "check"],
                            capture_output=True, text=True, timeout=60, cwd=root,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})  # this kb_tools, run in the copy
    assert result.returncode == 1 and "Traceback" not in result.stderr
    located = set(re.findall(r"^(\S+):(\d+):\d+: error: .+ \((typography)\)$", result.stderr, re.MULTILINE))
    assert located == {("trees/retrait-en-attente.yml", str(at + 1), "typography"),
                       ("docs/escalade.md", str(len(text)), "typography")}


# --- the guide's rules for every tree

def _mutated(tmp_path: Path, changes: list[tuple[str, str]], tree: str = "retrait-en-attente") -> tuple[list, int]:  # type: ignore[type-arg]
    """check_content on the project with ``changes`` (pattern, replacement: the first
    match each) made to one tree, and the line of the first change."""
    root = _copy_project(tmp_path)
    path = root / "trees" / f"{tree}.yml"
    text = path.read_text(encoding="utf-8")
    first = re.search(changes[0][0], text, re.MULTILINE)
    assert first
    for pattern, replacement in changes:
        text, done = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert done == 1, pattern
    path.write_text(text, encoding="utf-8")
    _, problems = check_content(root, root / "trees")
    return problems, text[:first.start()].count("\n") + 1


MISTAKES = {
    "contact-email": [(r"fields: \[email, ", "fields: [")],
    # « Ça a résolu » leads to an outcome that is not self-help (a mediation)
    "resolved-self-help": [(r"resolved: (\S+)", r"resolved: \1"),
                           (r"(\n  resolu:\n(?:    .*\n)*?    channel: )faq", r"\1mediation")],
    "request-subject": [(r"request: >-\n        Ma demande de retrait\[ de \{montant\}\]\[ par \{methode\}\]",
                         "request: >-\n        Ma demande de retrait[ de {montant}]")],
}


@pytest.mark.parametrize("rule", sorted(MISTAKES))
def test_each_rule_of_the_guide_is_found_where_the_editor_wrote(tmp_path: Path, rule: str) -> None:
    problems, line = _mutated(tmp_path, MISTAKES[rule])
    mine = [p for p in problems if p.rule == rule]
    assert len(mine) == 1 and mine[0].path.endswith("retrait-en-attente.yml") and mine[0].level == "error"
    assert mine[0].line == line
    assert [p.format() for p in problems if p.rule != rule and p.level == "error"] == []


def test_documents_are_refused_on_the_chat(tmp_path: Path) -> None:
    outcome = r"^    channel: (?:email|form)(\n(?:      .*\n|    (?!channel).*\n)*?      fields: \[[^\]]*document)"
    problems, line = _mutated(tmp_path, [(outcome, r"    channel: chat\1")], "verification-kyc")
    assert [(p.line, p.rule) for p in problems if p.rule == "document-channel"] == [(line, "document-channel")]


def test_no_knock_on_rule_on_a_tree_with_errors_of_its_own(tmp_path: Path) -> None:
    problems, _ = _mutated(tmp_path, [(r"fields: \[email, ", "fields: [inconnu, ")])
    rules = {p.rule for p in problems}
    assert "unknown-field" in rules and "contact-email" not in rules


# --- the pages and files around the trees

def _break_description(root: Path) -> tuple[str, int]:
    page = root / "docs" / "escalade.md"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^description:.*\n(?:  .*\n)*", "description: Trop court.\n", text, count=1, flags=re.MULTILINE)
    page.write_text(text, encoding="utf-8")
    return "docs/escalade.md", text.split("\n").index("description: Trop court.") + 1


def _break_glossary(root: Path) -> tuple[str, int]:
    tooltips = root / "includes" / "glossaire-infobulles.md"
    text = tooltips.read_text(encoding="utf-8")
    tooltips.write_text(text + "*[Zorglub]: Un terme que le glossaire ne définit pas.\n", encoding="utf-8")
    return "includes/glossaire-infobulles.md", text.count("\n") + 1


def _break_schema_line(root: Path) -> tuple[str, int]:
    tree = root / "trees" / "securite-compte.yml"
    tree.write_text(tree.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    return "trees/securite-compte.yml", 1


FILE_MISTAKES = {"front-matter": _break_description, "glossary-term": _break_glossary,
                 "schema-comment": _break_schema_line}


@pytest.mark.parametrize("rule", sorted(FILE_MISTAKES))
def test_a_page_or_file_mistake_is_found_at_its_line(tmp_path: Path, rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy_project(tmp_path)
    (root / "kb_tools").mkdir()
    (root / "kb_tools" / "schema").symlink_to(ROOT / "kb_tools" / "schema")
    path, line = FILE_MISTAKES[rule](root)
    monkeypatch.chdir(root)  # paths as the editor types them
    _, problems = check_content(root, Path("trees"))
    assert [(p.path, p.line, p.level) for p in problems if p.rule == rule] == [(path, line, "error")]
    assert [p.rule for p in problems if p.level == "error"] == [rule]


# --- what the guide asks of each case (tests/content/guide_checklists.yml)

def _with_map(tmp_path: Path, name: str) -> Path:
    """The project with one map of tests/content/, and no error to begin with."""
    root = _copy_project(tmp_path)
    (root / "tests" / "content").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "content" / name, root / "tests" / "content")
    _, problems = check_content(root, root / "trees")
    assert [p.format() for p in problems if p.level == "error"] == []
    return root


def test_a_field_the_guide_asks_for_is_found_missing_at_the_ticket(tmp_path: Path) -> None:
    root = _with_map(tmp_path, "guide_checklists.yml")
    tree = root / "trees" / "connexion-acces.yml"
    text = tree.read_text(encoding="utf-8")
    fields = re.search(r"^      fields: \[(.*)navigateur, (.*)$", text, re.MULTILINE)  # asked by the guide, used nowhere else
    assert fields
    tree.write_text(text.replace(fields.group(0), f"      fields: [{fields.group(1)}{fields.group(2)}", 1), encoding="utf-8")
    ticket = text[:fields.start()].rfind("    ticket:")
    _, problems = check_content(root, root / "trees")
    found = [(p.path.split("/")[-1], p.line, p.rule) for p in problems if p.level == "error"]
    assert found == [("connexion-acces.yml", text[:ticket].count("\n") + 1, "guide-checklist")]


def test_a_fact_of_the_guide_taken_out_of_its_only_page_is_found(tmp_path: Path) -> None:
    root = _with_map(tmp_path, "guide_coverage.yaml")
    page = root / "docs" / "confidentialite-et-securite.md"
    head = re.match(r"---\n.*?\n---\n", page.read_text(encoding="utf-8"), re.DOTALL)
    assert head
    page.write_text(head.group(0) + "\n# Confidentialité\n\nUne page vide pour l’instant.\n", encoding="utf-8")
    _, problems = check_content(root, root / "trees")
    found = {(p.path, p.rule) for p in problems if p.level == "error"}
    assert found == {("docs/confidentialite-et-securite.md", "guide-fact")}


# --- the golden messages

@pytest.mark.skipif(shutil.which("node") is None, reason="node writes the messages (make test installs it)")
def test_a_changed_message_names_its_golden_file_and_the_outcome(tmp_path: Path) -> None:
    root = _copy_project(tmp_path, golden=True)
    tree = root / "trees" / "retrait-en-attente.yml"
    text = tree.read_text(encoding="utf-8")
    tree.write_text(text.replace("C’est un incident\n        bloquant", "C’est un incident\n        très bloquant"),
                    encoding="utf-8")
    (root / MESSAGES / "retrait-en-attente--refus-contact.txt").unlink()
    (root / MESSAGES / "ancien--disparu.txt").write_text("x", encoding="utf-8")
    _, problems = check_content(root, root / "trees")
    lines = text.split("\n")
    found = {(p.path.split("/")[-1], p.line) for p in problems if p.rule == "golden-message"}
    assert found == {("retrait-en-attente.yml", lines.index("  retrait-retenu:") + 1),
                     ("retrait-en-attente.yml", lines.index("  refus-contact:") + 1),
                     ("ancien--disparu.txt", 1)}
    retenu = next(p for p in problems if p.rule == "golden-message" and "retrait-retenu" in p.message)
    assert "retrait-en-attente--retrait-retenu.txt" in retenu.message and "make golden" in retenu.message


@pytest.mark.skipif(shutil.which("node") is None, reason="node writes the subjects (make test installs it)")
@pytest.mark.parametrize("subject", ["Retrait refusé :[ {methode}]", "Retrait refusé ([{methode}])", "[Retrait ]refusé[ {methode}]"])
def test_a_subject_that_dangles_without_its_value_is_found_at_its_line(tmp_path: Path, subject: str) -> None:
    root = _copy_project(tmp_path, golden=True)
    tree = root / "trees" / "retrait-en-attente.yml"
    text = tree.read_text(encoding="utf-8")
    old = re.search(r"^      subject: Retrait refusé.*$", text, re.MULTILINE)
    assert old
    tree.write_text(text.replace(old.group(0), f'      subject: "{subject}"', 1), encoding="utf-8")
    _, problems = check_content(root, root / "trees")
    line = text[:old.start()].count("\n") + 1
    shown = [(p.line, p.rule) for p in problems if p.rule in {"subject-shown", "bad-subject"}]
    assert shown and all(found == line for found, _ in shown)


def test_without_node_check_says_the_messages_are_not_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy_project(tmp_path, golden=True)
    (root / MESSAGES / "ancien--disparu.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr("kb_tools.golden.shutil.which", lambda name: None)
    _, problems = check_content(root, root / "trees")
    assert [(p.level, p.rule) for p in problems] == [("warning", "golden-message")]


# --- the inventory

def test_every_content_test_is_classified_in_the_coverage_table() -> None:
    table = COVERAGE.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(tests/[^`]+\.py)` \| ([a-d])[ |]", table, re.MULTILINE)
    listed = {path for path, _ in rows}
    content = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "content").glob("test_*.py")}
    assert content - listed == set(), "classify the new content test in docs-dev/check-coverage.md"
    assert all((ROOT / path).is_file() for path in listed), "docs-dev/check-coverage.md names a test file that is gone"
