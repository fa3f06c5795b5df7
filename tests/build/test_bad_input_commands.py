"""Every broken input of tests/bad_trees/ through the editors' commands:
`make check` and `make build` fail in under five seconds, locate every
problem as path:line:col, print no traceback, and leave site/ as it was."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_site_sources

pytestmark = pytest.mark.build
VENV = Path(sys.executable).parent.parent
BAD = sorted((ROOT / "tests" / "bad_trees").glob("*.yml"))
LOCATED = re.compile(r"trees/[\w.-]+\.yml:\d+:\d+: error: .+ \([a-z-]+\)")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = copy_site_sources(tmp_path_factory.mktemp("bad") / "src")
    (src / "site").mkdir()
    (src / "site" / "index.html").write_text("previous site", encoding="utf-8")
    return src


def _make(sources: Path, target: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(["make", "-s", target, "-o", f"{VENV}/.installed-stamp", f"VENV={VENV}"],
                            cwd=sources, capture_output=True, text=True, timeout=60)
    return result, time.monotonic() - started


@pytest.mark.parametrize("bad", BAD, ids=[b.stem for b in BAD])
def test_bad_input_stops_make_check_and_make_build(sources: Path, bad: Path) -> None:
    target = sources / "trees" / bad.name
    shutil.copy(bad, target)
    try:
        for command in ("check", "build"):
            result, seconds = _make(sources, command)
            output = result.stdout + result.stderr
            assert result.returncode != 0, f"make {command} accepted {bad.name}"
            assert seconds < 5, f"make {command} took {seconds:.1f} s"
            assert "Traceback" not in output
            assert LOCATED.search(output), output[-500:]
        assert (sources / "site" / "index.html").read_text(encoding="utf-8") == "previous site"
        assert sorted(p.name for p in (sources / "site").iterdir()) == ["index.html"]
    finally:
        target.unlink()
