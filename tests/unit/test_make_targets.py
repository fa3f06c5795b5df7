"""Every ``make X`` the project tells an editor to run exists: in README.md,
EDITING.md, CONTRIBUTING.md, the skeleton of a new tree, and every message of
kb_tools (a command that a merge dropped would leave the editor stuck)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

TARGET = re.compile(r"^([a-z][a-z0-9-]*):", re.MULTILINE)
NAMED = re.compile(r"\bmake ([a-z][a-z0-9-]*)\b")
#: « make » is also a French-looking word in prose; these are the only non-targets we accept
NOT_COMMANDS = {"sure", "it", "the", "a", "markup"}  # English comments (« make markup safe »)


def _sources() -> list[tuple[str, str]]:
    paths = [ROOT / "README.md", ROOT / "EDITING.md", ROOT / "CONTRIBUTING.md"]
    paths += sorted((ROOT / "kb_tools").rglob("*.py")) + sorted((ROOT / "kb_tools").rglob("*.j2"))
    paths += sorted((ROOT / "kb_tools").rglob("*.yml"))
    return [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in paths if p.is_file()]


def test_every_make_command_named_to_a_user_is_a_target() -> None:
    targets = set(TARGET.findall((ROOT / "Makefile").read_text(encoding="utf-8")))
    named = {(path, name) for path, text in _sources() for name in NAMED.findall(text)}
    assert {"serve", "check", "golden", "build", "test"} <= {name for _, name in named}  # the scan reads them
    missing = sorted((path, name) for path, name in named if name not in targets | NOT_COMMANDS)
    assert missing == []


# `make new ID=...`: the ID goes to kb_tools through the environment, never
# into the shell line; kb_tools refuses it unless it is a tree id, and never
# replaces a tree.
VENV = Path(sys.executable).parent.parent
HOSTILE_IDS = ["", " ", "-h", "--trees=/tmp", "../escape", "A b", "appli/mobile", "$(touch PWNED)",
               "$$(touch PWNED)", "`touch PWNED`", "x; touch PWNED", "x' ; touch PWNED ; '",
               'x" ; touch PWNED ; "', "x\ntouch PWNED", "x && touch PWNED", "x | touch PWNED",
               "${IFS}touch${IFS}PWNED", "%(touch PWNED)", "x #", "*", "~"]


def _make_new(folder: Path, tree_id: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", "new", "-o", f"{VENV}/.installed-stamp", f"VENV={VENV}", f"ID={tree_id}"],
                          cwd=folder, capture_output=True, text=True, timeout=60)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / "tests" / "fixtures" / "project", tmp_path / "trees")
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_make_new_writes_a_tree_whose_only_errors_are_its_placeholders_and_never_replaces_one(folder: Path) -> None:
    created = _make_new(folder, "application-mobile")
    assert created.returncode == 0, created.stderr
    tree = folder / "trees" / "application-mobile.yml"
    check = subprocess.run([sys.executable, "-m", "kb_tools", "check", str(tree)], cwd=folder,
                           capture_output=True, text=True, timeout=60)
    rules = set(re.findall(r": (?:error|warning): .*\(([a-z-]+)\)$", check.stderr, re.MULTILINE))
    assert check.returncode == 1 and rules == {"skeleton-text"}, check.stderr  # the texts to replace, nothing else
    tree.write_text(tree.read_text(encoding="utf-8") + "# mon travail\n", encoding="utf-8")
    before = _files(folder)
    again = _make_new(folder, "application-mobile")
    assert again.returncode != 0 and again.stderr.strip() and "Traceback" not in again.stderr
    assert _files(folder) == before


@pytest.mark.parametrize("tree_id", HOSTILE_IDS)
def test_make_new_refuses_what_is_not_a_tree_id_and_runs_nothing(folder: Path, tree_id: str) -> None:
    before = _files(folder)
    result = _make_new(folder, tree_id)
    assert result.returncode != 0
    assert result.stderr.strip() and "Traceback" not in result.stderr + result.stdout
    assert _files(folder) == before  # no tree written, nothing run (no PWNED)
    assert not (folder.parent / "PWNED").exists()


@pytest.mark.parametrize("days", ["", "30", *HOSTILE_IDS[1:]])
def test_make_stale_lists_the_content_to_review_and_refuses_what_is_not_a_number(folder: Path, days: str) -> None:
    before = _files(folder)
    result = subprocess.run(["make", "-s", "stale", "-o", f"{VENV}/.installed-stamp", f"VENV={VENV}",
                             *([f"DAYS={days}"] if days else [])], cwd=folder, capture_output=True, text=True,
                            timeout=60)
    assert "Traceback" not in result.stderr + result.stdout and _files(folder) == before
    assert not (folder.parent / "PWNED").exists()
    if days in ("", " ", "$(touch PWNED)", "30"):  # 180 by default (make reads « $(…) » as its own, empty, variable)
        assert result.returncode == 0 and re.search(r"^trees/verification-kyc\.yml:1:1: warning: .+ \(stale\)$",
                                                    result.stdout, re.M), result.stdout + result.stderr  # never reviewed
    else:
        assert result.returncode != 0 and result.stderr.strip()


@pytest.mark.parametrize("owner", ["sans responsable", "  SANS   responsable ", "Conformité KYC", *HOSTILE_IDS[1:]])
def test_make_stale_keeps_one_teams_list_and_runs_nothing_from_owner(folder: Path, owner: str) -> None:
    before = _files(folder)
    result = subprocess.run(["make", "-s", "stale", "-o", f"{VENV}/.installed-stamp", f"VENV={VENV}",
                             f"OWNER={owner}"], cwd=folder, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr + result.stdout and _files(folder) == before
    assert not (folder.parent / "PWNED").exists()
    assert result.returncode == 0, result.stderr  # an unknown team: nothing listed, never a failure
    listed = re.findall(r"^(\S+):\d+:\d+: warning: .+ \(stale\)$", result.stdout, re.M)
    # the fixture's trees have no owner: all of them are « sans responsable », none another team's
    # (a blank OWNER keeps everyone's; make reads « $(…) » as its own, empty, variable)
    everyone = not owner.strip() or owner == "$(touch PWNED)"
    assert ("trees/verification-kyc.yml" in listed) == ("responsable" in owner or everyone), result.stdout
