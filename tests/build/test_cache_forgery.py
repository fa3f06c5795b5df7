"""A build never publishes what a forged .cache/ entry says (kb_tools/cache.py): every entry
a first build kept (render: the markup judge's « clean » HTML, a built page's problems and
script hashes for the CSP, a tree's article; holidays; …) is replaced by a forged one, plain
or signed by another machine, and the next build publishes none of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kb_tools import cache
from tests.conftest import copy_site_sources

pytestmark = pytest.mark.build

MARK = "FORGED"


def _forge(value: Any) -> Any:
    """``value`` with an attacker's script in every text and a script hash added to every list."""
    if isinstance(value, str):
        return value + f"<script>{MARK}()</script>"
    if isinstance(value, list):
        return [_forge(v) for v in value] + [f"'sha256-{MARK}='"]
    if isinstance(value, dict):
        return {k: _forge(v) for k, v in value.items()}
    return value


def _build(project: Path, site: Path, machine: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, check=True,
                   capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(machine),
                                             "SOURCE_DATE_EPOCH": "1796000000"})


def test_forged_entries_publish_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_site_sources(tmp_path / "project")
    machine = tmp_path / "machine-a"
    _build(project, tmp_path / "one", machine)
    entries = sorted(p for p in (project / ".cache").rglob("*.json") if p.name != "check.json")
    kinds = {p.parent.name for p in entries}
    assert {"render", "holidays"} <= kinds
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "machine-b"))  # the attacker's own key
    for number, entry in enumerate(entries):
        monkeypatch.setenv("XDG_CACHE_HOME", str(machine))
        value = cache.load(entry.parent, entry.parent.name, entry.stem)
        assert value is not None, entry  # the first build's own entry
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "machine-b"))
        forged = _forge(value)
        if number % 2:
            entry.write_bytes(cache.signed(entry.parent.name, entry.stem, forged) or b"")
        else:
            entry.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    _build(project, tmp_path / "two", machine)
    published = [p for p in (tmp_path / "two").rglob("*") if p.is_file()]
    assert published
    assert not [p for p in published if MARK.encode() in p.read_bytes()]
    one, two = tmp_path / "one", tmp_path / "two"
    assert (two / "_headers").read_bytes() == (one / "_headers").read_bytes()  # the CSP of every page
    for page in one.rglob("*.html"):
        assert (two / page.relative_to(one)).read_bytes() == page.read_bytes(), page
