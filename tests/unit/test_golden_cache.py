"""`make check` keeps node's golden messages in .cache/golden/ (kb_tools/golden.py,
``cached_script``): the same inputs never start node twice, and any change to
what node is given or runs gives a fresh answer, never a stale one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools import golden
from tests.conftest import ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[dict[str, Any]]]:
    """A project holding the script and the browser's code; node replaced by a counter
    whose answer tells which inputs it ran on."""
    for part in (golden.SCRIPT, golden.JAVASCRIPTS):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, tmp_path / part)
    runs: list[dict[str, Any]] = []

    def run(root: Path, data: dict[str, Any]) -> dict[str, str]:
        runs.append(data)
        code = (root / golden.JAVASCRIPTS / "kb" / "ticket-text.js").stat().st_size
        return {c["name"]: f"{json.dumps(c['values'], sort_keys=True)} {code} run {len(runs)}" for c in data["cases"]}

    monkeypatch.setattr(golden, "run_script", run)
    return tmp_path, runs


def data(values: dict[str, str]) -> dict[str, Any]:
    return {"trees": {}, "cases": [{"name": "t--n", "tree": "t", "node": "n", "values": values, "said": []}],
            "today": golden.TODAY}


def test_the_same_inputs_run_node_once(project: tuple[Path, list[dict[str, Any]]]) -> None:
    root, runs = project
    first = golden.cached_script(root, data({"email": "a@b.fr"}))
    assert golden.cached_script(root, data({"email": "a@b.fr"})) == first
    assert len(runs) == 1
    assert (root / ".cache" / ".gitignore").is_file()


@settings(max_examples=25, deadline=None)
@given(values=st.dictionaries(st.sampled_from(["email", "date", "amount"]), st.text(max_size=8), max_size=3))
def test_changed_cases_give_a_fresh_answer(tmp_path_factory: pytest.TempPathFactory, values: dict[str, str]) -> None:
    root = tmp_path_factory.mktemp("golden-cache")
    calls: list[int] = []

    def run(_root: Path, given_data: dict[str, Any]) -> dict[str, str]:
        calls.append(1)
        return {c["name"]: json.dumps(c["values"], sort_keys=True) for c in given_data["cases"]}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(golden, "run_script", run)
        golden.cached_script(root, data({"email": "x@y.fr"}))
        answer = golden.cached_script(root, data(values))
    assert answer == {"t--n": json.dumps(values, sort_keys=True)}  # never the answer to the other inputs
    assert len(calls) == (1 if values == {"email": "x@y.fr"} else 2)


def test_changed_browser_code_gives_a_fresh_answer(project: tuple[Path, list[dict[str, Any]]]) -> None:
    root, runs = project
    before = golden.cached_script(root, data({}))
    code = root / golden.JAVASCRIPTS / "kb" / "ticket-text.js"
    code.write_text(code.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    after = golden.cached_script(root, data({}))
    assert len(runs) == 2 and after != before
    script = root / golden.SCRIPT
    script.write_text(script.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    golden.cached_script(root, data({}))
    assert len(runs) == 3


@pytest.mark.parametrize("damage", ["", "not json", "[]", '{"t--n": 3}', '{"other": "x"}'])
def test_a_damaged_entry_is_run_again(project: tuple[Path, list[dict[str, Any]]], damage: str) -> None:
    root, runs = project
    good = golden.cached_script(root, data({}))
    (entry,) = (root / ".cache" / "golden").glob("*.json")
    entry.write_text(damage, encoding="utf-8")
    again = golden.cached_script(root, data({}))
    assert len(runs) == 2 and again.keys() == good.keys()  # node ran again: a full answer
    assert golden.cached_script(root, data({})) == again and len(runs) == 2  # and it was written again


def test_make_check_on_the_site_gives_the_same_messages_from_the_cache(tmp_path: Path) -> None:
    """The real node: a cached answer is the one node gives."""
    if shutil.which("node") is None:
        pytest.skip("node")
    for part in (golden.SCRIPT, golden.JAVASCRIPTS):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, tmp_path / part)
    from kb_tools.project import load_project

    kb, _ = load_project(ROOT / "trees")
    trees, cases = golden.cases(kb)
    given_data = {"trees": trees, "cases": cases[:3], "today": golden.TODAY}
    fresh = golden.run_script(tmp_path, given_data)
    assert golden.cached_script(tmp_path, given_data) == fresh
    assert golden.cached_script(tmp_path, given_data) == fresh  # read back
