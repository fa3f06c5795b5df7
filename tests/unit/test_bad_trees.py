"""Every file of tests/bad_trees/ is refused with the rule and position its
``# expect: rule line:col`` header names, and nothing else of it goes through."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools.problems import RULES
from kb_tools.project import load_project

BAD = Path(__file__).resolve().parent.parent / "bad_trees"
EXPECT = re.compile(rb"^(?:\xef\xbb\xbf)?# expect: (\S+) (\d+):(\d+)$", re.MULTILINE)
FILES = sorted(BAD.glob("*.yml"))


def expected(path: Path) -> set[tuple[str, int, int]]:
    return {(r.decode(), int(line), int(c)) for r, line, c in EXPECT.findall(path.read_bytes())}


def test_corpus_covers_every_rule() -> None:
    rules = {rule for f in FILES for rule, _, _ in expected(f)}
    assert len(FILES) >= 30
    assert {
        "yaml-syntax", "no-tabs", "duplicate-key", "forbidden-tag", "alias-bomb", "bom", "encoding",
        "empty-file", "missing-key", "unknown-key", "wrong-type", "bad-id", "unknown-value", "unknown-node",
        "unknown-tree", "unreachable", "no-exit", "unknown-channel", "unknown-field", "unknown-placeholder",
        "missing-ticket", "unsafe-url", "id-filename", "duplicate-answer", "too-long", "too-few", "bad-placeholder",
        "bad-set-value", "duplicate-answer-id", "bad-answer-id", "missing-request", "bad-request", "bad-subject", "dead-end",
    } <= rules


@pytest.mark.parametrize("bad", FILES, ids=[f.stem for f in FILES])
def test_bad_tree_is_refused_where_expected(bad: Path, project: Path) -> None:
    shutil.copy(bad, project / bad.name)
    kb, problems = load_project(project)
    mine = {(p.rule, p.line, p.col) for p in problems if Path(p.path).name == bad.name}
    assert mine == expected(bad)
    assert {rule for rule, _, _ in mine} <= RULES
    assert all(p.level == "error" for p in problems if Path(p.path).name == bad.name)
    # the good trees beside it are still loaded and valid
    assert {"retrait-en-attente", "verification-kyc"} <= set(kb.trees)
    assert not [p for p in problems if Path(p.path).name != bad.name]


def test_huge_file_is_refused_quickly(project: Path) -> None:
    huge = project / "huge.yml"
    huge.write_bytes(b"id: huge\nkeywords:\n" + b"  - mot clef\n" * 900_000)  # about 10 MB
    _, problems = load_project(project)
    assert [(p.rule, p.line, p.col) for p in problems if p.path.endswith("huge.yml")] == [("file-size", 1, 1)]


def test_cli_check_reports_every_problem_with_its_location(project: Path) -> None:
    for name in ("dangling-next.yml", "unknown-field.yml", "no-exit.yml"):
        shutil.copy(BAD / name, project / name)
    result = subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(project), "check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    located = re.findall(r"^(\S+\.yml):(\d+):(\d+): error: .+ \(([a-z-]+)\)$", result.stderr, re.MULTILINE)
    found = {(Path(p).name, int(line), int(c), r) for p, line, c, r in located}
    assert found == {
        ("dangling-next.yml", 15, 15, "unknown-node"),
        ("unknown-field.yml", 15, 29, "unknown-field"),
        ("no-exit.yml", 9, 3, "no-exit"),
        ("no-exit.yml", 15, 3, "no-exit"),
    }
