"""`make check` does on its success path only what it needs (issue 16: under 1 s
on this site): no code of the other commands, no Jinja unless a page needs a
flow rendered, every country of the ``holidays`` package never, the flow data
of a tree once. The same problems are found (tests/unit/test_check_parity.py);
these say what is not done. No timing here: benchmarks/check.py measures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools import golden, live_subjects, skeleton_check
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
    code, modules = _check_modules()
    assert code == 0
    for name in ("kb_tools.graph_svg", "kb_tools.graph", "kb_tools.stale", "kb_tools.report", "kb_tools.render",
                 "jinja2", "holidays.countries"):
        assert name not in modules, f"make check imported {name}"
    assert "kb_tools.content_check" in modules and "markdown" in modules  # the anchors are still rendered


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
