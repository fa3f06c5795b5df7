"""What `make check` and the build read from git is data, not trusted paths:
file names come NUL-separated, never quoted (a page named ``réglages.md`` is
the same file committed and edited), and a crafted commit (tree entries named
``..``, symlinks, submodules) never makes `make check` write outside its
temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.git_dates import last_change
from kb_tools.git_sources import committed, working, write_blobs
from kb_tools.search_moves import SOURCES
from tests.conftest import ROOT, copy_site_sources

#: Names git quotes in its human-readable output (core.quotePath), or that a line-based reading splits.
ODD_NAMES = ["réglages.md", "café crème.md", "a\nb.md", 'guillemet".md', "tab\tulation.md", "back\\slash.md",
             "ça/déjà vu.md", "日本語.md", "espace .md", "\u00a0insécable.md"]


def _git(folder: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], cwd=folder,
                          check=True, capture_output=True, timeout=60, input=data)
    return done.stdout.decode().strip()


def _repo(folder: Path, names: list[str]) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "trees").mkdir()
    (folder / "trees" / "arbre.yml").write_text("id: arbre\n", encoding="utf-8")
    for name in names:
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(f"# {name}\n", encoding="utf-8")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "pages")
    return folder


def test_committed_and_working_names_agree_whatever_the_name(tmp_path: Path) -> None:
    root = _repo(tmp_path, ODD_NAMES)
    head = committed(root, SOURCES)
    assert head == working(root, SOURCES)  # nothing changed: make check ranks nothing (fast, no search-moved)
    assert {f"docs/{name}" for name in ODD_NAMES} <= set(head or {})
    dates = last_change(root, ["docs", "trees"])
    assert set(dates) == {f"docs/{name}" for name in ODD_NAMES} | {"trees/arbre.yml"}  # every page has its date


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="/\0"), min_size=1, max_size=12)
       .filter(lambda s: s not in (".", "..") and not s.startswith(".") and len(s.encode()) < 200))
def test_any_page_name_is_read_back_as_it_is(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    root = _repo(tmp_path_factory.mktemp("nom"), [f"{name}.md"])
    assert committed(root, SOURCES) == working(root, SOURCES)
    assert f"docs/{name}.md" in last_change(root, ["docs"])


def _tree(root: Path, entries: list[tuple[str, str, str]]) -> str:
    """``git mktree`` of (mode, hash, name): it accepts names ``..``, as a crafted commit may hold."""
    kinds = {"040000": "tree", "160000": "commit"}
    listing = "".join(f"{mode} {kinds.get(mode, 'blob')} {sha}\t{name}\n" for mode, sha, name in entries)
    return _git(root, "mktree", "--missing", data=listing.encode())


def _nested(root: Path, parts: list[str], blob: str) -> str:
    """A tree holding ``blob`` at ``parts`` (the last one its name)."""
    sha = _tree(root, [("100755", blob, parts[-1])])
    for part in reversed(parts[:-1]):
        sha = _tree(root, [("040000", sha, part)])
    return sha


def _craft_head(root: Path, target: Path) -> str:
    """HEAD made a commit whose trees/ and docs/ name ``target`` through ``..``, plus a
    symlink to /etc/passwd, a submodule and a page in the ordinary way; returns the blob."""
    blob = _git(root, "hash-object", "-w", "--stdin", data=b"#!/bin/sh\necho pwned > /tmp/kb-pwned\n")
    link = _git(root, "hash-object", "-w", "--stdin", data=b"/etc/passwd")
    climb = [".."] * 30 + [p for p in target.parts if p != "/"]
    head = _git(root, "rev-parse", "HEAD")
    entries = [line.split(None, 3) for line in _git(root, "ls-tree", "HEAD").splitlines()]
    top = []
    for mode, _kind, sha, name in entries:
        if name in ("trees", "docs"):
            inner = [tuple(line.split(None, 3)) for line in _git(root, "ls-tree", sha).splitlines()]
            sha = _tree(root, [*((m, s, n) for m, _k, s, n in inner),
                               ("040000", _nested(root, climb, blob).split()[0], ".."),
                               ("120000", link, "lien.md"), ("160000", head, "module")])
        top.append((mode, sha, name))
    top.append(("040000", _nested(root, [".git", "hooks", "pre-commit"], blob), ".."))
    commit = _git(root, "commit-tree", _tree(root, top), "-p", head, "-m", "piège")
    _git(root, "update-ref", "HEAD", commit)
    return blob


def test_a_crafted_commit_writes_nothing_out_of_the_temporary_folder(tmp_path: Path) -> None:
    root = copy_site_sources(tmp_path / "projet")
    (root / "tests" / "search").mkdir(parents=True)
    (root / "tests" / "search" / "queries.yaml").write_bytes((ROOT / "tests" / "search" / "queries.yaml").read_bytes())
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "site")
    hook = root / ".git" / "hooks" / "pre-commit"
    blob = _craft_head(root, hook)
    page = root / "docs" / "escalade.md"  # an edit: make check writes the committed state to rank it
    page.write_text(page.read_text(encoding="utf-8") + "\nRetrait bloqué, identifiants, bonus.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "kb_tools", "check"], cwd=root, capture_output=True, text=True,
                          timeout=300, env=env)
    assert "Traceback" not in done.stderr
    assert not hook.exists()
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.read_bytes().startswith(b"#!/bin/sh\necho pwned")]
    assert written == []
    head = committed(root, SOURCES) or {}  # only the plain files, under their own names
    assert blob not in head.values() and not any(".." in p or "lien" in p or "module" in p for p in head)
    assert "docs/escalade.md" in head


@pytest.mark.parametrize("path", ["../dehors.txt", "a/../../dehors.txt", "/tmp/dehors-absolu.txt", "..", ".", "",
                                  "docs/./x.md", "docs//x.md", "docs/x.md/..", "../" * 20 + "tmp/dehors.txt"])
def test_write_blobs_never_writes_out_of_its_folder(tmp_path: Path, path: str) -> None:
    root = _repo(tmp_path / "repo", ["page.md"])
    blob = _git(root, "hash-object", "-w", "--stdin", data=b"dehors")
    into = tmp_path / "a" / "b" / "into"
    into.mkdir(parents=True)
    (into / "existant.md").write_text("gardé", encoding="utf-8")
    (into / "lien").symlink_to(tmp_path)
    write_blobs(root, {path: blob, "existant.md": blob, "lien/x.md": blob, "docs/ok.md": blob}, into)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                     if p.is_file() and not p.is_symlink() and p.read_bytes() == b"dehors")
    assert written == ["a/b/into/docs/ok.md"]
    assert (into / "existant.md").read_text(encoding="utf-8") == "gardé"


def test_a_symlink_among_the_sources_is_neither_hashed_nor_followed(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", ["page.md"])
    (root / "trees" / "racine").symlink_to("/", target_is_directory=True)  # would hash the whole disk
    (root / "docs" / "lien.md").symlink_to("page.md")
    (root / "includes").symlink_to(root / "docs", target_is_directory=True)
    assert sorted(working(root, SOURCES)) == ["docs/page.md", "trees/arbre.yml"]

