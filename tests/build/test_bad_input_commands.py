"""Every broken input of tests/bad_trees/ through the editors' commands:
`make check` and `make build` fail quickly, locate every problem as
path:line:col, print no traceback, and leave site/ as it was.

« Quickly »: under five seconds, or on a loaded machine within three times
what the same command takes, in the same run, on a one-line broken tree (an
input that blows up, like an alias bomb, takes far longer than either)."""

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


@pytest.fixture(scope="module")
def bound(sources: Path) -> dict[str, float]:
    """Seconds each command may take: 5, or 3 × its time on a trivially broken tree now."""
    target = sources / "trees" / "zz-broken.yml"
    target.write_text("id: [\n", encoding="utf-8")
    try:
        return {command: max(5.0, 3 * _make(sources, command)[1]) for command in ("check", "build")}
    finally:
        target.unlink()


@pytest.mark.parametrize("bad", BAD, ids=[b.stem for b in BAD])
def test_bad_input_stops_make_check_and_make_build(sources: Path, bound: dict[str, float], bad: Path) -> None:
    target = sources / "trees" / bad.name
    shutil.copy(bad, target)
    try:
        for command in ("check", "build"):
            result, seconds = _make(sources, command)
            output = result.stdout + result.stderr
            assert result.returncode != 0, f"make {command} accepted {bad.name}"
            assert seconds < bound[command], f"make {command} took {seconds:.1f} s (bound {bound[command]:.1f} s)"
            assert "Traceback" not in output
            assert LOCATED.search(output), output[-500:]
        assert (sources / "site" / "index.html").read_text(encoding="utf-8") == "previous site"
        assert sorted(p.name for p in (sources / "site").iterdir()) == ["index.html"]
    finally:
        target.unlink()
