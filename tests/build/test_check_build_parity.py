"""`make check` reports everything the build stops on among the files the site is
made from: for each mistake of tests/source_mistakes.py, a copy that the check
accepts builds, and every located error of the build is one of the check's.
The rendered pages' own checks (a raw <script> or <iframe> in a page's
Markdown, a foreign image, a javascript: link) are found in the Markdown too
(kb_tools/page_markup.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_site_sources
from tests.source_mistakes import MISTAKES

pytestmark = pytest.mark.build
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}
LOCATED = re.compile(r"(?P<where>[^\s:]+:\d+:\d+): error: .*\((?P<rule>[a-z-]+)\)$", re.MULTILINE)


def _append(page: str, text: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / "docs" / page
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return make


#: Refused in the built HTML of a page (kb_tools/built_pages.py reads site/), and by the check in its Markdown.
RENDERED = {
    "raw-script": _append("escalade.md", "\n<script>alert(1)</script>\n"),
    "iframe": _append("escalade.md", '\n<iframe src="https://tiers.example/"></iframe>\n'),
    "foreign-image": _append("escalade.md", "\n![x](https://tiers.example/x.png)\n"),
    "javascript-link": _append("escalade.md", "\n[x](javascript:alert(1))\n"),
    "event-attribute": _append("escalade.md", '\n<div onclick="alert(1)" markdown>texte</div>\n'),
    "reserved-id": _append("escalade.md", '\n<span id="__config">texte</span>\n'),
}
CASES = {**{name: make for name, (make, _rule, _path) in MISTAKES.items()}, **RENDERED}


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True, text=True, timeout=300,
                          env=ENV)


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_what_the_check_accepts_builds_and_what_the_build_refuses_the_check_reports(
        tmp_path: Path, make: Callable[[Path], None]) -> None:
    root = copy_site_sources(tmp_path / "projet")
    make(root)
    check = _run(root, "kb_tools", "check")
    build = _run(root, "kb_tools.site_build", "site")
    assert "Traceback" not in check.stderr + build.stderr
    checked = {(m["where"], m["rule"]) for m in LOCATED.finditer(check.stderr)}
    built = {(m["where"], m["rule"]) for m in LOCATED.finditer(build.stderr)}
    if check.returncode == 0:
        assert build.returncode == 0, build.stderr[-2000:]
    assert built <= checked, build.stderr[-2000:]
