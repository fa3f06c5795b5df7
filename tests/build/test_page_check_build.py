"""``make build`` stops on the same page checks as ``make check``, with the same
located French messages, before MkDocs would warn in English without a line;
the previous site/ stays as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools import site_build
from tests.conftest import ROOT, copy_site_sources

pytestmark = pytest.mark.build
#: this checkout's kb_tools, wherever the copy is (python -m imports from the working folder first)
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_tools.site_build", "site"], cwd=root, capture_output=True,
                          text=True, timeout=240, env=ENV)


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(root / "trees"), "check"],
                          cwd=root, capture_output=True, text=True, timeout=60, env=ENV)


@pytest.mark.parametrize(("page", "old", "new", "rule"), [
    ("contact.md", "(escalade.md)", "(escalad.md)", "broken-link"),
    ("delais-et-priorisation.md", "canaux-de-contact.md#horaires", "canaux-de-contact.md#horaire", "broken-anchor"),
    ("faq-contact.md", "\n    En dehors des heures", "\n  En dehors des heures", "faq-indent"),
])
def test_a_page_mistake_stops_the_build_with_the_message_of_check(tmp_path: Path, page: str, old: str, new: str,
                                                                  rule: str) -> None:
    root = copy_site_sources(tmp_path / "src")
    source = root / "docs" / page
    source.write_text(source.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous site", encoding="utf-8")

    build, check = _build(root), _check(root)

    assert build.returncode != 0 and check.returncode == 1
    located = [line.split("error: ", 1)[0] for line in check.stderr.splitlines() if line.endswith(f"({rule})")]
    assert len(located) == 1 and located[0].startswith(f"docs/{page}:")
    # the same problem, at the same place, in the build's log; no English MkDocs warning about it
    assert f"{located[0]}error: " in build.stderr and f"({rule})" in build.stderr, build.stderr
    assert "Doc file" not in build.stderr and "Traceback" not in build.stderr
    assert sorted(p.name for p in (root / "site").iterdir()) == ["index.html"]
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "previous site"
    assert not [p for p in root.iterdir() if p.name.startswith((site_build.PREFIX, site_build.OLD))]
