"""EDITING.md's complete example is a valid tree, and every error code the
validator can give is explained there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from kb_tools.check_parity import parity_problems
from kb_tools.problems import RULES
from kb_tools.project import load_project
from tests.conftest import ROOT

GUIDE = (ROOT / "EDITING.md").read_text(encoding="utf-8")


def test_complete_example_passes_check(tmp_path: Path) -> None:
    section = GUIDE.split("## Exemple complet", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert example
    trees = tmp_path / "trees"
    shutil.copytree(ROOT / "trees", trees)
    tree_id = re.search(r"^id: (\S+)$", example.group(1), re.MULTILINE).group(1)  # type: ignore[union-attr]
    (trees / f"{tree_id}.yml").write_text(example.group(1), encoding="utf-8")
    kb, problems = load_project(trees)
    problems += parity_problems(tmp_path, kb, problems)  # typography, the guide's rules for every tree
    assert [p.format() for p in problems] == []
    nodes = kb.trees[tree_id]["nodes"]
    assert {n["type"] for n in nodes.values()} == {"question", "checklist", "outcome"}
    assert any(n.get("ticket") for n in nodes.values())


def test_every_rule_is_explained() -> None:
    documented = set(re.findall(r"`([a-z][a-z-]+)`", GUIDE))
    assert sorted(RULES - documented - {"io", "key-type", "bad-format", "too-many", "duplicate-item", "file-name"}) == []


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_inside_the_guide_leads_to_a_heading() -> None:
    anchors = {_slug(h) for h in re.findall(r"^#+ (.*)$", GUIDE, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", GUIDE))
    assert links and links - anchors == set()
