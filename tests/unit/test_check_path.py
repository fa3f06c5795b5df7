"""`make check` does on its success path only what it needs (issue 16: under 1 s
on this site): no code of the other commands, no Jinja unless a page needs a
flow rendered, every country of the ``holidays`` package never, the flow data
of a tree once, a page's anchors rendered again only when what makes them
changed. The same problems are found (tests/unit/test_check_parity.py);
these say what is not done. No timing here: benchmarks/check.py measures."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools import golden, live_subjects, page_anchors, skeleton_check
from kb_tools.page_check import check_pages
from kb_tools.project import load_project
from tests.conftest import ROOT

PROBE = """
import json, sys
from kb_tools.cli import main
code = main(["check"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _check_modules() -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out["code"], set(out["modules"])


def test_make_check_on_this_site_loads_no_other_commands_code_nor_jinja() -> None:
    _check_modules()  # what is kept in .cache/ written, if it was not
    code, modules = _check_modules()
    assert code == 0
    for name in ("kb_tools.graph_svg", "kb_tools.graph", "kb_tools.stale", "kb_tools.report", "kb_tools.render",
                 "jinja2", "holidays", "markdown", "pymdownx", "pygments"):
        assert name not in modules, f"make check imported {name}"
    assert "kb_tools.content_check" in modules and "kb_tools.page_anchors" in modules


def _project(tmp_path: Path) -> Path:
    for name in ("trees", "docs", "includes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _pages(root: Path, monkeypatch: pytest.MonkeyPatch, *, keep: bool) -> tuple[list[str], int]:
    """The pages' problems (as an editor reads them) and how many times Python-Markdown was set up."""
    made = []
    real = page_anchors._converter

    def counted(config, where):  # type: ignore[no-untyped-def]
        made.append(where)
        return real(config, where)

    monkeypatch.setattr(page_anchors, "_converter", counted)
    kb, _ = load_project(root / "trees")
    return [p.format() for p in check_pages(root, kb, descriptions=True, keep=keep)], len(made)


LINK = ("docs/delais-et-priorisation.md", "canaux-de-contact.md#horaires")


def test_kept_anchors_find_what_rendering_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    assert LINK[1] in (root / LINK[0]).read_text(encoding="utf-8")
    rendered, made = _pages(root, monkeypatch, keep=False)
    assert made == 1 and not (root / ".cache").exists()
    assert _pages(root, monkeypatch, keep=True) == (rendered, 1)
    assert list((root / ".cache" / "anchors").glob("*.json"))
    assert _pages(root, monkeypatch, keep=True) == (rendered, 0)  # nothing rendered, nothing imported

    page = root / "docs" / "canaux-de-contact.md"  # the anchor goes: the page is rendered again
    page.write_text(page.read_text(encoding="utf-8").replace("{ #horaires }", ""), encoding="utf-8")
    broken, made = _pages(root, monkeypatch, keep=True)
    assert made == 1 and broken == _pages(root, monkeypatch, keep=False)[0] != rendered
    assert any(p.startswith(f"{LINK[0]}:") and p.endswith("(broken-anchor)") for p in broken)
    assert _pages(root, monkeypatch, keep=True) == (broken, 0)


@pytest.mark.parametrize("change", ["snippet", "extension option", "damaged"])
def test_kept_anchors_are_set_aside_when_what_makes_them_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  change: str) -> None:
    root = _project(tmp_path)
    expected, _ = _pages(root, monkeypatch, keep=True)
    if change == "snippet":
        glossary = root / "includes" / "glossaire-infobulles.md"
        glossary.write_text(glossary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "extension option":
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("permalink: false", "permalink: true"),
                          encoding="utf-8")
        expected, _ = _pages(root, monkeypatch, keep=False)
    else:
        for kept in (root / ".cache" / "anchors").glob("*.json"):
            kept.write_text('{"x": [1, 2]', encoding="utf-8")
    assert _pages(root, monkeypatch, keep=True) == (expected, 1)


def test_the_skeletons_placeholders_read_without_jinja_are_the_rendered_ones() -> None:
    assert skeleton_check.placeholders() == skeleton_check.rendered_placeholders()
    assert len(skeleton_check.placeholders()) >= 10


def test_a_placeholder_written_otherwise_falls_back_to_rendering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = tmp_path / "templates" / "kb_tools" / "skeleton.yml.j2"
    template.parent.mkdir(parents=True)
    template.write_text('a: {{ placeholder("Un") }}\nb: {{ placeholder("Deux" ~ " et trois") }}\n', encoding="utf-8")
    monkeypatch.setattr(skeleton_check, "__file__", str(tmp_path / "skeleton_check.py"))
    monkeypatch.setattr(skeleton_check, "rendered_placeholders", lambda: frozenset({"rendered"}))
    skeleton_check.placeholders.cache_clear()
    try:
        assert skeleton_check.placeholders() == frozenset({"rendered"})
    finally:
        skeleton_check.placeholders.cache_clear()


def test_the_golden_check_works_out_each_trees_flow_data_once(monkeypatch: pytest.MonkeyPatch) -> None:
    kb, problems = load_project(ROOT / "trees")
    assert not problems
    calls: list[str] = []
    real = golden.browser_data

    def counted(kb_, tree):  # type: ignore[no-untyped-def]
        calls.append(tree["id"])
        return real(kb_, tree)

    monkeypatch.setattr(golden, "browser_data", counted)
    monkeypatch.setattr(live_subjects, "browser_data", counted)
    assert golden.golden_problems(ROOT, kb) == []
    assert sorted(calls) == sorted(set(calls)) == sorted({tid for tid, _ in golden.contact_outcomes(kb)})
