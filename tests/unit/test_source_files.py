"""Whatever sits in trees/ under a .yml name (symlink loop, dangling or
outside symlink, folder, FIFO, unreadable file) is a located problem, found
quickly, never a traceback or a hang."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kb_tools import source_file
from kb_tools.problems import RULES
from kb_tools.project import load_project

GOOD = {"retrait-en-attente", "verification-kyc"}


def _loop(p: Path) -> None:
    p.symlink_to(p.name)


def _pair_loop(p: Path) -> None:
    other = p.with_name("_autre.yml")
    other.symlink_to(p.name)
    p.symlink_to(other.name)


def _dangling(p: Path) -> None:
    p.symlink_to("absent.yml")


def _outside(p: Path) -> None:
    outside = p.parent.parent.parent / "ailleurs.yml"
    shutil.copy(p.parent / "retrait-en-attente.yml", outside)
    p.symlink_to(outside)


def _folder(p: Path) -> None:
    p.mkdir()


def _fifo(p: Path) -> None:
    os.mkfifo(p)


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "loop": (_loop, "symlink"),
    "pair-loop": (_pair_loop, "symlink"),
    "dangling": (_dangling, "symlink"),
    "outside": (_outside, "symlink"),
    "folder": (_folder, "not-a-file"),
    "fifo": (_fifo, "not-a-file"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["arbre.yml", "_channels.yml", "_fields.yml", "_synonyms.yml"])
def test_odd_entry_is_a_located_problem(project: Path, kind: str, name: str) -> None:
    make, rule = KINDS[kind]
    target = project / name
    if target.exists():
        target.unlink()
    make(target)
    started = time.monotonic()
    kb, problems = load_project(project)
    assert time.monotonic() - started < 5
    mine = [(p.rule, p.line, p.col) for p in problems if Path(p.path).name == name]
    assert mine == [(rule, 1, 1)]
    assert all(p.rule in RULES for p in problems)
    if not name.startswith("_") or name == "_synonyms.yml":
        assert set(kb.trees) >= GOOD


def test_a_symlink_inside_the_project_is_followed(project: Path) -> None:
    shared = project.parent / "partage"
    shared.mkdir()
    text = (project / "retrait-en-attente.yml").read_text(encoding="utf-8")
    (shared / "lien.yml").write_text(text.replace("id: retrait-en-attente", "id: lien"), encoding="utf-8")
    (project / "lien.yml").symlink_to(shared / "lien.yml")
    kb, problems = load_project(project)
    assert [p for p in problems if p.rule == "symlink"] == []
    assert "lien" in kb.trees


def test_unreadable_file_is_a_located_problem(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "ferme.yml").write_text("id: ferme\n", encoding="utf-8")
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path).name == "ferme.yml":  # what chmod 000 does for anyone but root
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    _, problems = load_project(project)
    mine = [p for p in problems if p.path.endswith("ferme.yml")]
    assert [(p.rule, p.line, p.col) for p in mine] == [("io", 1, 1)]
    assert "Permission" not in mine[0].message


@pytest.mark.parametrize("code", sorted(errno.errorcode))
def test_every_system_error_is_in_french(code: int) -> None:
    (problem,) = source_file.os_error("trees/x.yml", OSError(code, os.strerror(code)))
    assert problem.rule in RULES and (problem.line, problem.col) == (1, 1)
    assert os.strerror(code) not in problem.message


def test_check_command_reports_them_all_without_hanging(project: Path) -> None:
    for kind, (make, _) in KINDS.items():
        make(project / f"{kind}.yml")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(project), "check"],
                            capture_output=True, text=True, timeout=30)
    assert time.monotonic() - started < 5
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    located = re.findall(r"([\w-]+)\.yml:1:1: error: .+ \(([a-z-]+)\)$", result.stderr, re.MULTILINE)
    assert {name: rule for name, rule in located} == {kind: rule for kind, (_, rule) in KINDS.items()}
