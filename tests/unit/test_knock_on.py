"""One mistake, one message: a renamed node or a broken file is reported where
it is, and nothing it makes meaningless (unreachable nodes, markers, router
answers, rules reading a catalogue) is piled on top of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from kb_tools.content_check import check_content
from kb_tools.problems import Problem
from tests.conftest import ROOT

TREES = sorted(p.name for p in (ROOT / "trees").glob("[!_]*.yml"))
CATALOGUES = sorted(p.name for p in (ROOT / "trees").glob("_*.yml"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("docs", "trees", "includes", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def _check(site: Path, name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    monkeypatch.chdir(site)
    path = site / "trees" / name
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        return check_content(site, site / "trees")[1]
    finally:
        path.write_text(original, encoding="utf-8")


def test_the_project_is_clean(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = TREES[0]
    assert [p for p in _check(site, name, (site / "trees" / name).read_text(encoding="utf-8"), monkeypatch)
            if p.level == "error"] == []


@pytest.mark.parametrize("name", TREES)
def test_a_renamed_node_is_only_its_dangling_references(name: str, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renaming a node key, not its references: each reference (answers, start, still_stuck,
    in this tree or another) says it names no node; nothing else is reported, in any file."""
    text = (ROOT / "trees" / name).read_text(encoding="utf-8")
    for node_id in yaml.safe_load(text)["nodes"]:
        renamed = re.sub(rf"^  {re.escape(node_id)}:", f"  {node_id}-renomme:", text, count=1, flags=re.M)
        problems = _check(site, name, renamed, monkeypatch)
        assert problems, node_id
        assert {p.rule for p in problems} == {"unknown-node"}, (node_id, [p.format() for p in problems])


@pytest.mark.parametrize("name", TREES + CATALOGUES)
@pytest.mark.parametrize("how", ["unknown key", "yaml syntax"])
def test_a_broken_file_is_reported_only_in_itself(name: str, how: str, site: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree or catalogue that cannot be loaded: its own errors, and no page marker, router
    answer, reference or rule of another file complaining about it."""
    text = (ROOT / "trees" / name).read_text(encoding="utf-8")
    broken = re.sub(r"^(\w+):", r"\1-en-trop: 1\n\1:", text, count=1, flags=re.M) if how == "unknown key" \
        else text + "\n  - [\n"
    problems = _check(site, name, broken, monkeypatch)
    assert problems
    assert {p.path for p in problems} == {f"trees/{name}"}, [p.format() for p in problems]
    assert {p.rule for p in problems} <= {"unknown-key", "yaml-syntax"}, [p.format() for p in problems]
