"""A text key written with nothing a player can see (spaces, no-break spaces)
is refused where it is written, for every text key of every node of a real
tree: an empty button, an empty attachment line or an empty sentence in the
player's request never reaches the site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kb_tools.project import load_project
from tests.conftest import ROOT

TREE = ROOT / "trees" / "retrait-en-attente.yml"
BLANKS = ["   ", "\u00a0", " \u202f ", "\t "]
# every one-line text key of the tree, as (line number, key)
KEYS = [(n, m.group(2)) for n, line in enumerate(TREE.read_text(encoding="utf-8").splitlines(), start=1)
        if (m := re.match(r"^( +(?:- )?)(title|text|label|said|done|request|subject|description): (?![>|]).+$", line))]


@pytest.mark.parametrize("blank", BLANKS, ids=["spaces", "nbsp", "narrow-nbsp", "tab"])
@pytest.mark.parametrize(("line", "key"), KEYS, ids=[f"{k}@{n}" for n, k in KEYS])
def test_a_blank_text_is_refused_at_its_line(tmp_path: Path, line: int, key: str, blank: str) -> None:
    folder = tmp_path / "trees"
    shutil.copytree(ROOT / "trees", folder)
    lines = TREE.read_text(encoding="utf-8").splitlines(keepends=True)
    head = lines[line - 1].split(f"{key}: ", 1)[0]
    lines[line - 1] = f"{head}{key}: {json.dumps(blank)}\n"
    (folder / TREE.name).write_text("".join(lines), encoding="utf-8")
    _, problems = load_project(folder, env={})
    found = [(p.line, p.rule) for p in problems if p.path.endswith(TREE.name)]
    assert (line, "too-short") in found, [p.format() for p in problems]
