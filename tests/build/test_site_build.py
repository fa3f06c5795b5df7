"""``make build`` under faults: two builds at once, Ctrl-C or SIGTERM at
several moments, a build killed outright. Each time ``site/`` is the previous
site or a new one, complete, and nothing is left behind but the lock file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools import site_build
from tests.conftest import copy_site_sources

pytestmark = pytest.mark.build
PREVIOUS = {"index.html": b"previous site", "assets/old.css": b"old"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((site_build.PREFIX, site_build.OLD)))


def _sigint_as_at_a_terminal() -> None:
    """Ctrl-C as a terminal sends it: a suite started in the background (``cmd &`` without job
    control) hands its children SIGINT ignored, and the build then rightly ignored it too."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(root: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "kb_tools.site_build", "site"], cwd=root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_sigint_as_at_a_terminal,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **env})


def _previous_site(root: Path) -> None:
    site = root / "site"
    for name, data in PREVIOUS.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A copy of the project and the site one build of it makes."""
    root = copy_site_sources(tmp_path_factory.mktemp("site-build") / "src")
    build = _start(root)
    assert build.wait(timeout=180) == 0, build.stderr.read() if build.stderr else ""
    site = _files(root / "site")
    assert "index.html" in site and any(name.startswith("assets/") for name in site)
    return root, site


def _reset(root: Path) -> None:
    import shutil

    shutil.rmtree(root / "site", ignore_errors=True)
    _previous_site(root)


def _assert_whole(root: Path, new: dict[str, bytes]) -> str:
    """``site/`` is exactly the previous site or exactly the new one."""
    now = _files(root / "site")
    if now == PREVIOUS:
        return "previous"
    assert now == new, f"site/ is neither the previous nor the new site: {len(now)} of {len(new)} files"
    return "new"


def test_two_builds_at_once_leave_one_whole_site(reference: tuple[Path, dict[str, bytes]]) -> None:
    root, new = reference
    _reset(root)
    first, second = _start(root), _start(root)
    codes = [first.wait(timeout=240), second.wait(timeout=240)]
    errors = (first.stderr.read() if first.stderr else "") + (second.stderr.read() if second.stderr else "")
    assert codes == [0, 0], errors
    assert "attente" in errors  # one build waited for the other
    assert _assert_whole(root, new) == "new"
    assert _leftovers(root) == []


@pytest.mark.parametrize(("moment", "sig"), [
    ("during-mkdocs", signal.SIGINT),
    ("before-swap", signal.SIGINT),
    ("after-swap", signal.SIGINT),
    ("before-swap", signal.SIGTERM),
    ("during-mkdocs", signal.SIGTERM),
])
def test_interrupted_build_leaves_the_old_or_the_new_site(reference: tuple[Path, dict[str, bytes]],
                                                          moment: str, sig: signal.Signals) -> None:
    root, new = reference
    _reset(root)
    build = _start(root, KB_BUILD_PAUSE=moment)
    assert build.stderr is not None
    for line in build.stderr:  # wait until the build stands at that point
        if line.startswith(f"pause:{moment}"):
            break
    os.killpg(build.pid, sig)
    code = build.wait(timeout=60)
    assert code == 130
    expected = "new" if moment == "after-swap" else "previous"
    assert _assert_whole(root, new) == expected
    assert _leftovers(root) == []


def test_a_killed_build_leaves_nothing_that_breaks_the_next(reference: tuple[Path, dict[str, bytes]]) -> None:
    root, new = reference
    _reset(root)
    build = _start(root, KB_BUILD_PAUSE="before-swap")
    assert build.stderr is not None
    for line in build.stderr:
        if line.startswith("pause:"):
            break
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    assert _assert_whole(root, new) == "previous"
    assert _leftovers(root)  # the killed build's folder is still there...
    again = _start(root)
    assert again.wait(timeout=180) == 0
    assert _assert_whole(root, new) == "new"
    assert _leftovers(root) == []  # ...and the next build cleared it


def test_the_fallback_swap_and_its_recovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the file system cannot exchange two folders: two renames, and a
    site caught between them by SIGKILL is put back by the next build."""
    monkeypatch.setattr(site_build, "_exchange", lambda a, b: False)
    site, fresh = tmp_path / "site", tmp_path / f"{site_build.PREFIX}abc"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    fresh.mkdir()
    (fresh / "index.html").write_text("new", encoding="utf-8")
    site_build.swap_in(fresh, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (fresh / "index.html").read_text(encoding="utf-8") == "old"
    # killed between the two renames: only the old site, under its temporary name
    os.rename(site, tmp_path / f"{site_build.OLD}abc")
    site_build._recover(tmp_path, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert _leftovers(tmp_path) == []


def test_site_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "site").write_text("not a folder", encoding="utf-8")
    fresh = tmp_path / f"{site_build.PREFIX}x"
    fresh.mkdir()
    with pytest.raises(OSError):
        site_build.swap_in(fresh, tmp_path / "site")
