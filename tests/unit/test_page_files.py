"""Whatever sits in docs/ under a Markdown name (page not in UTF-8, folder,
symlink to nothing, to itself or out of the project, FIFO), and any symlinked
folder MkDocs would follow out of the project or round in a loop, is a
located problem with the rule a tree file would get: never a traceback."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.page_files import read_pages
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


def test_a_symlink_inside_the_project_is_followed(docs: Path) -> None:
    (docs.parent / "partage").mkdir()
    (docs.parent / "partage" / "commun.md").write_text(PAGE, encoding="utf-8")
    (docs / "commun.md").symlink_to(docs.parent / "partage" / "commun.md")
    (docs / "dossier").symlink_to(docs.parent / "partage", target_is_directory=True)
    read = _read(docs)
    assert ("docs/commun.md", PAGE, []) in read
    assert ("docs/dossier/commun.md", PAGE, []) in read  # MkDocs follows symlinked folders: so does the check


@pytest.mark.parametrize("target", ["outside", "loop", "parent-loop"])
def test_a_symlinked_folder_out_of_the_project_or_in_a_loop_is_refused(docs: Path, target: str) -> None:
    (docs / "sous").mkdir()
    if target == "outside":
        elsewhere = docs.parent.parent / "ailleurs"
        elsewhere.mkdir()
        (elsewhere / "piege.md").write_text("---\ntemplate: redirect.html\n---\n", encoding="utf-8")
        (docs / "sous" / "lien").symlink_to(elsewhere, target_is_directory=True)
    else:
        (docs / "sous" / "lien").symlink_to(".." if target == "parent-loop" else ".", target_is_directory=True)
    read = _read(docs)
    assert ("docs/sous/lien", None, [("symlink", 1, 1)]) in read
    assert not any("piege" in shown for shown, _, _ in read)


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
