"""Whatever sits in docs/ under a Markdown name (page not in UTF-8, folder,
FIFO) is a located problem with the rule a tree file would get, never a
traceback; and every symlink of docs/, includes/ and overrides/, whatever
its name and wherever it leads, is refused (``symlink``), never followed:
MkDocs would publish what it names."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.page_files import read_pages, source_links
from kb_tools.problems import RULES
from tests.unit.test_source_files import KINDS as TREE_KINDS

PAGE = "---\ndescription: Une page.\n---\n\n# Titre\n"


def _latin1(p: Path) -> None:
    p.write_bytes("---\ndescription: Café\n---\n# Café\n".encode("latin-1"))


def _outside(p: Path) -> None:
    outside = next(folder for folder in p.parents if folder.name == "projet").parent / "ailleurs.md"
    outside.write_text(PAGE, encoding="utf-8")
    p.symlink_to(outside)


#: kind -> (how to make it, rule, line, col)
KINDS: dict[str, tuple[Callable[[Path], None], str, int, int]] = {
    # what trees/ may hold, made the same way (tests/unit/test_source_files.py), out of the project aside
    **{kind: (make, rule, 1, 1) for kind, (make, rule) in TREE_KINDS.items() if kind != "outside"},
    "outside": (_outside, "symlink", 1, 1),
    "latin1": (_latin1, "encoding", 2, 17),
}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "projet" / "docs"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(PAGE, encoding="utf-8")
    return folder


def _read(docs: Path) -> list[tuple[str, str | None, list[tuple[str, int, int]]]]:
    root = docs.parent
    return [(shown, text, [(p.rule, p.line, p.col) for p in problems])
            for _, shown, text, problems in read_pages(docs, root, lambda p: p.relative_to(root).as_posix())]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["page.md", "page.markdown", "sous/page.md"])
def test_odd_entry_is_a_located_problem(docs: Path, kind: str, name: str) -> None:
    make, rule, line, col = KINDS[kind]
    (docs / name).parent.mkdir(exist_ok=True)
    make(docs / name)
    started = time.monotonic()
    read = _read(docs)
    assert time.monotonic() - started < 5
    assert (f"docs/{name}", None, [(rule, line, col)]) in read
    assert ("docs/index.md", PAGE, []) in read  # the other pages are read all the same
    assert all(r in RULES for _, _, problems in read for r, _, _ in problems)


@pytest.mark.parametrize(("raw", "text"), [(b"", ""), (b"\xef\xbb\xbf# Titre\n", "# Titre\n"), (b" \n\n", "")])
def test_a_page_may_be_empty_or_start_with_a_bom_as_mkdocs_reads_it(docs: Path, raw: bytes, text: str) -> None:
    (docs / "page.md").write_bytes(raw)
    assert ("docs/page.md", text, []) in _read(docs)


#: Where a symlink of docs/ may lead: out of the project (the build machine's files), into it
#: (.env, .git/config are in it), nowhere, to itself; named as a page, an image, anything.
TARGETS: dict[str, Callable[[Path], str]] = {
    "environment": lambda docs: "/proc/self/environ",
    "passwd": lambda docs: "/etc/passwd",
    "project-file": lambda docs: str(docs.parent / ".env"),
    "sibling-page": lambda docs: "index.md",
    "project-folder": lambda docs: str(docs.parent / "partage"),
    "nowhere": lambda docs: "absent.png",
    "itself": lambda docs: "",
    "parent-folder": lambda docs: "..",
}
NAMES = ["assets/env.png", "assets/logo.svg", "notes.txt", "commun.md", "sous/page.markdown", "dossier", "fichier.pdf"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", NAMES)
def test_every_symlink_of_docs_is_refused_and_never_followed(docs: Path, target: str, name: str) -> None:
    (docs.parent / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (docs.parent / "partage").mkdir()
    (docs.parent / "partage" / "piege.md").write_text(PAGE, encoding="utf-8")
    link = docs / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(TARGETS[target](docs) or link.name)
    read = _read(docs)
    assert (f"docs/{name}", None, [("symlink", 1, 1)]) in read
    assert ("docs/index.md", PAGE, []) in read  # the other pages are read all the same
    assert not any("piege" in shown or (text and "SECRET" in text) for shown, text, _ in read)


def test_docs_itself_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ailleurs").mkdir()
    (tmp_path / "ailleurs" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs").symlink_to(tmp_path / "ailleurs", target_is_directory=True)
    assert _read(tmp_path / "docs") == [("docs", None, [("symlink", 1, 1)])]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", ["x.md", "assets/x.css", "a/b/main.html", "dossier"])
def test_every_symlink_of_the_snippets_and_theme_folders_is_refused(tmp_path: Path, target: str, name: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "partage").mkdir()
    for folder in ("includes", "overrides"):
        link = tmp_path / folder / name
        link.parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "vrai.md").write_text(PAGE, encoding="utf-8")
        link.symlink_to(TARGETS[target](docs) or link.name)
        got = [(p.path, p.line, p.col, p.rule) for p in
               source_links(tmp_path / folder, tmp_path, lambda p: p.relative_to(tmp_path).as_posix())]
        assert got == [(f"{folder}/{name}", 1, 1, "symlink")]
    assert source_links(tmp_path / "absent", tmp_path, str) == []


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_text_or_located_problems(raw: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        docs.mkdir()
        (docs / "page.md").write_bytes(raw)
        ((_shown, text, problems),) = _read(docs)
        assert (text is None) == bool(problems)
        if text is not None:
            assert text == raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8") or not text.strip()
