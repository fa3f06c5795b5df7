"""The sensitive marker (issue 15, §4): ``sensitive: true`` on a tree (schema,
model, flow data) and in a page's front matter; a non-boolean value is a
located error; the flow data of every tree that hands over into a sensitive
one says so, so that the handover writes nothing to storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tools.flow_data import flow_data
from kb_tools.project import load_project
from tests.conftest import ROOT

TREES = ROOT / "trees"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "trees"
    folder.mkdir()
    for path in TREES.glob("*.yml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_the_responsible_gambling_tree_is_the_sensitive_one() -> None:
    kb, problems = load_project(TREES, env={})
    assert problems == []
    sensitive = {tid for tid, tree in kb.trees.items() if tree["sensitive"]}
    assert sensitive == {"jeu-responsable"}
    for tid, tree in kb.trees.items():
        data = flow_data(kb, tree)
        assert data["sensitive"] is (tid in sensitive)
        # an answer into a sensitive tree says so; no other answer carries the key
        for node in data["nodes"].values():
            for answer in node["answers"]:
                target = answer["target"]
                assert target.get("sensitive") is (True if target["tree"] in sensitive and target["tree"] != tid else None)
        # the quick exit's texts are the page's, not every flow's
        assert not any(key.startswith("quick_exit") for key in data["strings"])
    router = flow_data(kb, kb.trees["avant-de-nous-contacter"])
    assert any(a["target"].get("sensitive") for n in router["nodes"].values() for a in n["answers"])


@pytest.mark.parametrize("value", ["oui", "1", "0", "'true'", "null", "[true]", "{a: b}", "vrai", "\"\""])
def test_a_sensitive_key_that_is_not_a_boolean_is_a_located_error(tmp_path: Path, value: str) -> None:
    folder = _copy(tmp_path)
    path = folder / "jeu-responsable.yml"
    text = path.read_text(encoding="utf-8").replace("sensitive: true", f"sensitive: {value}")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"sensitive: {value}") + 1
    _, problems = load_project(folder, env={})
    assert [(Path(p.path).name, p.line, p.col, p.level) for p in problems] == [("jeu-responsable.yml", line, 12, "error")]
    assert "true" in problems[0].message and "Traceback" not in problems[0].message


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False), (None, False)])
def test_sensitive_true_false_or_absent(tmp_path: Path, value: str | None, expected: bool) -> None:
    folder = _copy(tmp_path)
    path = folder / "retrait-en-attente.yml"
    text = path.read_text(encoding="utf-8")
    if value is not None:
        text = text.replace("\nstart:", f"\nsensitive: {value}\nstart:", 1)
    path.write_text(text, encoding="utf-8")
    kb, problems = load_project(folder, env={})
    assert problems == []
    assert kb.trees["retrait-en-attente"]["sensitive"] is expected
    assert flow_data(kb, kb.trees["retrait-en-attente"])["sensitive"] is expected
