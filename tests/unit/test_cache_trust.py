"""No entry of .cache/ is trusted for what it holds (kb_tools/cache.py): anyone can
work out an entry's name (a pull request's ``git add -f``, a CI's shared cache), so
only an entry this machine signed, with its key kept outside the project, is read.
A forged entry, another machine's, a link, an entry moved to another name, or any
entry of a .cache/ that git tracks is a miss: worked out again, never an error."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kb_tools import cache, hours, page_anchors, render_cache, search_moves

#: Every kind kept under .cache/ (the render cache's own entries are checked through Memo below).
KINDS = ["golden", "holidays", page_anchors.KIND, render_cache.KIND, search_moves.KIND]
#: The kinds of entry of the render cache, each what a page's build would publish or decide.
MEMO_KINDS = ["clean", "built", "article"]
FORGED: list[object] = [["2026-12-25"], {"value": "<script>alert(1)</script>"}, {"a": ["x"]}, "forged"]


@pytest.fixture(autouse=True)
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This machine's key, in a folder of its own outside the project."""
    home = tmp_path / "machine-a"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return project


def _entry(root: Path, kind: str, name: str) -> Path:
    return root / ".cache" / kind / f"{name}.json"


def _forgeries(root: Path, kind: str, name: str, data: object, other: Path,
               monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], None]]:
    """Ways to put ``data`` under ``kind``/``name`` without this machine's key."""
    entry = _entry(root, kind, name)

    def plain() -> None:  # the old format: JSON alone
        entry.write_text(json.dumps(data), encoding="utf-8")

    def unsigned_line() -> None:  # a signature of the right shape, made up
        entry.write_text("0" * 64 + "\n" + json.dumps(data), encoding="utf-8")

    def another_machine() -> None:
        with monkeypatch.context() as other_env:
            other_env.setenv("XDG_CACHE_HOME", str(other))
            entry.write_bytes(cache.signed(kind, name, data) or b"")
        assert cache.key_path().parent.parent != other

    def moved() -> None:  # this machine's own entry, of another name
        entry.write_bytes(cache.signed(kind, "another-name", data) or b"")

    def linked() -> None:  # a link to this machine's own entry, outside the project
        outside = root.parent / f"outside-{kind}.json"
        outside.write_bytes(cache.signed(kind, name, data) or b"")
        entry.unlink(missing_ok=True)
        entry.symlink_to(outside)

    return [plain, unsigned_line, another_machine, moved, linked]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("data", FORGED)
def test_only_this_machines_own_entry_is_read(root: Path, tmp_path: Path, kind: str, data: object,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cache.write(root, kind, "entry", {"mine": True})
    assert cache.read(root, kind, "entry") == {"mine": True}
    for forge in _forgeries(root, kind, "entry", data, tmp_path / "machine-b", monkeypatch):
        forge()
        assert cache.read(root, kind, "entry") is None, forge.__name__
        cache.write(root, kind, "entry", {"mine": True})  # worked out again: written anew, read back
        assert not _entry(root, kind, "entry").is_symlink()
        assert cache.read(root, kind, "entry") == {"mine": True}
    assert "mine" not in (root.parent / f"outside-{kind}.json").read_text(encoding="utf-8")  # the link was not written


@pytest.mark.parametrize("kind", MEMO_KINDS)
def test_a_forged_render_entry_is_worked_out_again(root: Path, tmp_path: Path, kind: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """What the markup judge let through (« clean »), a built page's problems and script hashes
    (« built »), a tree's article: a forged entry is never what the build publishes."""
    parts = ["host", "<p>page</p>"]
    for data in FORGED:
        memo = render_cache.Memo(root)
        memo.start()
        name = memo.name(kind, parts)
        forgeries = _forgeries(root, render_cache.KIND, name, {"value": data}, tmp_path / "machine-b", monkeypatch)
        for forge in forgeries:
            forge()
            if forge.__name__ == "linked":
                os.utime(root.parent / f"outside-{render_cache.KIND}.json", (1, 1))
            fresh = render_cache.Memo(root)
            fresh.start()
            assert fresh.get(kind, parts, lambda: "computed") == "computed", forge.__name__
            again = render_cache.Memo(root)
            again.start()
            assert again.get(kind, parts, lambda: "not read back") == "computed"  # its own entry is used
        # the link's target was neither read, nor touched (utime does not follow links)
        assert (root.parent / f"outside-{render_cache.KIND}.json").stat().st_mtime == 1


def test_the_key_is_outside_the_project_and_private(root: Path, machine: Path) -> None:
    cache.write(root, "golden", "entry", [1])
    key = machine / "kb_tools" / "key"
    assert key.is_file() and not key.stat().st_mode & 0o077
    assert not any(p.name == "key" for p in root.rglob("*"))


def test_a_key_inside_the_project_keeps_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".cache"))
    for kind in KINDS:
        cache.write(root, kind, "entry", [1])
        assert cache.read(root, kind, "entry") is None
    assert not (root / ".cache" / KINDS[0]).exists()


def test_without_a_key_everything_is_worked_out(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the key cannot be made
    for kind in KINDS:
        cache.write(root, kind, "entry", [1])
        assert cache.read(root, kind, "entry") is None
    memo = render_cache.Memo(root)
    memo.start()
    assert memo.get("clean", ["x"], lambda: "computed") == "computed"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.mark.parametrize("kind", KINDS)
def test_a_cache_git_tracks_is_not_used(root: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Even this machine's own entries: a tracked .cache/ came with the sources (one warning)."""
    cache.write(root, kind, "entry", [1])
    _git(root, "init", "-q")
    _git(root, "add", "-f", f".cache/{kind}/entry.json")
    cache._tracked.cache_clear()
    try:
        assert cache.read(root, kind, "entry") is None
        assert cache.read(root, kind, "entry") is None
        memo = render_cache.Memo(root)
        memo.start()
        assert memo.get("clean", ["x"], lambda: "computed") == "computed"
        warned = capsys.readouterr().err
        assert warned.count(".cache") >= 1 and len(warned.strip().splitlines()) == 1
    finally:
        cache._tracked.cache_clear()


def test_the_project_ignores_its_cache() -> None:
    from tests.conftest import ROOT

    assert ".cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_the_holidays_are_kept_in_the_project_being_built(root: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs build -f other/mkdocs.yml`: the current folder's .cache/ is neither read nor written."""
    here = tmp_path / "here"
    here.mkdir()
    (here / "mkdocs.yml").write_text("site_name: y\n", encoding="utf-8")
    monkeypatch.chdir(here)
    monkeypatch.setattr(hours, "_project", None)
    hours.use_project(root)
    hours.holidays_in.cache_clear()
    try:
        days = hours.public_holidays(2026, 12)
        assert list((root / ".cache" / "holidays").glob("*.json"))
        assert not (here / ".cache").exists()
        for entry in (root / ".cache" / "holidays").glob("*.json"):
            entry.write_text(json.dumps(["2026-12-24"]), encoding="utf-8")  # forged
        hours.holidays_in.cache_clear()
        assert hours.public_holidays(2026, 12) == days
    finally:
        hours.holidays_in.cache_clear()


def _kinds_used() -> dict[str, set[str]]:
    """Each kind kb_tools keeps under .cache/ (the kind given to kb_tools/cache.py), by module."""
    import ast
    import importlib

    package = Path(cache.__file__).parent
    found: dict[str, set[str]] = {}
    for source in sorted(package.rglob("*.py")):
        module = ".".join(("kb_tools", *source.relative_to(package).with_suffix("").parts))
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "cache"
                    and node.func.attr in {"read", "write", "load", "signed", "_folder"} and len(node.args) >= 2):
                kind = node.args[1] if node.func.attr not in {"load", "signed"} else node.args[0 if node.func.attr
                                                                                            == "signed" else 1]
                value = (kind.value if isinstance(kind, ast.Constant)
                         else getattr(importlib.import_module(module), kind.id, None) if isinstance(kind, ast.Name)
                         else None)
                found.setdefault(module, set()).add(str(value))
    return found


def test_every_kind_kept_is_one_these_tests_forge() -> None:
    """A new kind of entry (a new cache.read/write) must join KINDS, so that it is forged above too."""
    used = {kind for kinds in _kinds_used().values() for kind in kinds}
    assert used <= set(KINDS), sorted(used - set(KINDS))
    assert set(KINDS) - {render_cache.KIND} <= used


def test_no_module_opens_an_entry_itself() -> None:
    """Only kb_tools/cache.py opens an entry (signature checked, no link followed): the one other
    module given a cache folder (the render cache) reads its entries through ``cache.load``."""
    package = Path(cache.__file__).parent
    given = [m for m, kinds in _kinds_used().items() if m != "kb_tools.cache"
             and "_folder(" in (package.parent / (m.replace(".", "/") + ".py")).read_text(encoding="utf-8")]
    assert given == ["kb_tools.render_cache"]
    text = Path(render_cache.__file__).read_text(encoding="utf-8")
    assert "cache.load(" in text and "read_text" not in text and "json.loads" not in text
