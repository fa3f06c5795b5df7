"""`make check` refuses what the build would publish or stop on among the files
around the pages (tests/source_mistakes.py), located at the file; and it never
writes where a symlink of the project leads (the golden messages, the build's lock;
.cache/ in tests/unit/test_search_moves.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools.golden import MESSAGES, golden_problems
from kb_tools.page_check import check_pages
from kb_tools.project import load_project
from kb_tools.site_config import read_site_config, theme_dirs
from tests.conftest import ROOT
from tests.source_mistakes import MISTAKES


def _copy(dest: Path) -> Path:
    for name in ("docs", "trees", "includes", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_is_found_at_its_file(tmp_path: Path, mistake: str) -> None:
    make, rule, path = MISTAKES[mistake]
    root = _copy(tmp_path / "projet")
    make(root)
    kb, _ = load_project(root / "trees")
    errors = [(p.rule, p.path) for p in check_pages(root, kb) if p.level == "error"]
    assert (rule, path) in errors if rule else errors == []


def test_the_check_finds_the_theme_files_where_mkdocs_does() -> None:
    from mkdocs.config import load_config

    config, _ = read_site_config(ROOT / "mkdocs.yml", "mkdocs.yml")
    mkdocs_config = load_config(str(ROOT / "mkdocs.yml"))
    assert [p.resolve() for p in theme_dirs(ROOT, config)] == [Path(d).resolve() for d in mkdocs_config.theme.dirs]


@pytest.mark.skipif(shutil.which("node") is None, reason="node writes the messages (make test installs it)")
@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_new_golden_message_is_never_written_out_of_the_project(tmp_path: Path, where: str) -> None:
    root = tmp_path / "projet"
    for name in ("trees", "docs", "includes"):
        shutil.copytree(ROOT / name, root / name)
    (root / "tests" / "js").parent.mkdir(parents=True)
    (root / "tests" / "js").symlink_to(ROOT / "tests" / "js")  # node resolves its imports from the real file
    folder = tmp_path / "ailleurs" if where == "outside" else root / "messages-reels"
    shutil.copytree(ROOT / MESSAGES, folder)
    (root / MESSAGES).parent.mkdir(parents=True, exist_ok=True)
    (root / MESSAGES).symlink_to(folder, target_is_directory=True)
    new = sorted(folder.glob("*.txt"))[0]
    new.unlink()  # as for a new outcome: check would write its message for the review

    kb, _ = load_project(root / "trees")
    found = [(p.level, p.rule) for p in golden_problems(root, kb) if new.stem.split("--")[1] in p.message]
    if where == "outside":
        assert not new.exists() and found == [("error", "golden-message")]
    else:  # a symlink that stays in the project: written as before
        assert new.exists() and found == [("warning", "golden-message")]


def test_the_build_lock_never_writes_where_a_symlink_leads(tmp_path: Path) -> None:
    from kb_tools import site_build

    root = tmp_path / "projet"
    root.mkdir()
    precious = tmp_path / "précieux.txt"
    precious.write_text("à garder\n", encoding="utf-8")
    (root / site_build.LOCK).symlink_to(precious)
    done = subprocess.run([sys.executable, "-m", "kb_tools.site_build", "site"], cwd=root, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert precious.read_text(encoding="utf-8") == "à garder\n"


@pytest.mark.parametrize("replace", [False, True], ids=["make check", "make golden"])
@pytest.mark.parametrize("link", ["file", "folder"])
def test_golden_messages_are_never_written_where_a_symlink_leads(tmp_path: Path, replace: bool, link: str) -> None:
    from kb_tools.golden import write_message

    root = tmp_path / "projet"
    precious = tmp_path / "ailleurs" / "arbre--issue.txt"
    precious.parent.mkdir()
    precious.write_text("à garder\n", encoding="utf-8")
    if link == "folder":
        (root / MESSAGES).parent.mkdir(parents=True)
        (root / MESSAGES).symlink_to(precious.parent, target_is_directory=True)
    else:
        (root / MESSAGES).mkdir(parents=True)
        (root / MESSAGES / "arbre--issue.txt").symlink_to(precious)
    written = write_message(root, "arbre--issue", "nouveau\n", replace=replace)
    assert precious.read_text(encoding="utf-8") == "à garder\n"
    if written:  # make golden puts a file of its own in the link's place
        assert link == "file" and replace
        assert not (root / MESSAGES / "arbre--issue.txt").is_symlink()
        assert (root / MESSAGES / "arbre--issue.txt").read_text(encoding="utf-8") == "nouveau\n"
