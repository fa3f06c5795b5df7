"""YAML 1.1 reads some unquoted words as booleans, numbers or nothing.
Every single-line text of a real tree, given each such word, is refused
where the word is, and the message shows the word as the editor wrote it;
every key given such a word is refused too, never silently renamed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb_tools.project import load_project
from kb_tools.yaml_loader import load_text

# (as written, what YAML 1.1 makes of it)
SURPRISES = [("yes", True), ("no", False), ("on", True), ("off", False), ("True", True), ("010", 8),
             ("12:30", 750), ("0x1F", 31), ("1.5", 1.5), ("1_000", 1000), ("~", None), ("null", None),
             (".inf", float("inf"))]
TEXT_LINE = re.compile(r"^(\s*(?:- )?(title|category|text|label): )(?![>|\[{]).+$", re.MULTILINE)
KEY_LINE = re.compile(r"^  ([a-z][a-z0-9-]*):$", re.MULTILINE)  # node ids


@pytest.mark.parametrize(("written", "value"), SURPRISES, ids=[w for w, _ in SURPRISES])
def test_every_text_field_refuses_a_bare_surprise(project: Path, written: str, value: object) -> None:
    tree = project / "retrait-en-attente.yml"
    source = tree.read_text(encoding="utf-8")
    fields = list(TEXT_LINE.finditer(source))
    assert len(fields) >= 10
    for match in fields:
        tree.write_text(source[: match.end(1)] + written + source[match.end():], encoding="utf-8")
        _, problems = load_project(project)
        line = source[: match.start()].count("\n") + 1
        mine = [p for p in problems if p.path.endswith(tree.name) and p.rule == "wrong-type"]
        assert [(p.line, p.col) for p in mine] == [(line, len(match.group(1)) + 1)], match.group(0)
        assert f"« {written} »" in mine[0].message and f'"{written}"' in mine[0].message


@pytest.mark.parametrize(("written", "value"), SURPRISES, ids=[w for w, _ in SURPRISES])
def test_every_key_refuses_a_bare_surprise(written: str, value: object) -> None:
    for raw in (f"{written}: x\n", f"a:\n  {written}: x\n", f"a:\n  - set: {{{written}: x}}\n"):
        doc, problems = load_text("trees/x.yml", raw.encode())
        line = raw.count("\n", 0, raw.index(written)) + 1
        col = raw.index(written) - (raw.rfind("\n", 0, raw.index(written)) + 1) + 1
        assert doc is None
        assert [(p.rule, p.line, p.col) for p in problems] == [("key-type", line, col)], raw
        assert f'"{written}"' in problems[0].message


def test_quoted_surprises_are_text() -> None:
    raw = "".join(f'"{w}": "{w}"\n' for w, _ in SURPRISES)
    doc, problems = load_text("trees/x.yml", raw.encode())
    assert problems == [] and doc is not None
    assert doc.data == {w: w for w, _ in SURPRISES}


@pytest.mark.parametrize("code", [*range(0, 9), 11, 12, *range(14, 32), 0x7F, 0x80, 0x9F])
def test_control_character_located_and_named(code: int) -> None:
    raw = f"id: x\ntitle: avant{chr(code)}après\n".encode()
    doc, problems = load_text("trees/x.yml", raw)
    assert doc is None
    assert [(p.rule, p.line, p.col) for p in problems] == [("control-char", 2, 13)]
    assert f"U+{code:04X}" in problems[0].message
