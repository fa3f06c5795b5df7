"""The command beside each row of `make bench`'s summary runs as printed:
`.venv/bin/python -m benchmarks.MODULE …` (a bare `python` is not the venv),
a module that exists, and `KB_BENCH_SIZES=…` with the size of a row that names
one (so that the command measures that row, not 100, 1,000 and 5,000). One
helper writes them (benchmarks/common.py ``command()``); no module writes its
own. The benchmarks are not run: what they measure is faked."""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import random
import re
import shlex
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import __main__ as bench
from benchmarks import build as build_bench
from benchmarks import check as check_bench
from benchmarks import search as search_bench
from benchmarks import serve as serve_bench
from benchmarks import sitegen
from benchmarks.common import SIZES_VAR, Figure, command, sizes

BENCHMARKS = Path(bench.__file__).resolve().parent
MODULES = sorted(p.stem for p in BENCHMARKS.glob("*.py") if not p.stem.startswith("_"))
SHAPE = re.compile(rf"^(?:{SIZES_VAR}=(?P<sizes>\d+(?:,\d+)*) )?\.venv/bin/python -m benchmarks\.(?P<module>\w+)(?: .*)?$")
#: A row naming a generated size: « 1,000 trees », « 5,000 pages », « 100,000 generated nodes ».
NAMED = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+) (trees|pages|generated nodes)\b")


def _check_figure(figure: Figure, monkeypatch: pytest.MonkeyPatch) -> None:
    """The figure's command is the helper's, names a module that exists, and, when the row
    names a size, sets KB_BENCH_SIZES so that the benchmark measures that size."""
    found = SHAPE.match(figure.command)
    assert found, f"{figure.what!r}: {figure.command!r} is not `.venv/bin/python -m benchmarks.…`"
    assert importlib.util.find_spec(f"benchmarks.{found['module']}") is not None, figure.command
    named = NAMED.search(figure.what)
    if named is None:
        return
    assert found["sizes"], f"{figure.what!r} names a size, its command {figure.command!r} does not set {SIZES_VAR}"
    size = int(named[1].replace(",", ""))
    with monkeypatch.context() as env:
        env.setenv(SIZES_VAR, found["sizes"])
        measured = check_bench.node_sizes() if named[2] == "generated nodes" else sizes()
    assert size in measured, f"{figure.command!r} does not measure {size} ({figure.what!r})"


@given(module=st.sampled_from(MODULES), args=st.lists(st.from_regex(r"--?[a-z]{1,8}", fullmatch=True), max_size=2),
       picked=st.lists(st.integers(1, 100_000), max_size=3))
def test_the_helper_writes_a_venv_command_with_the_sizes_of_its_row(module: str, args: list[str], picked: list[int]) -> None:
    line = command(module, *args, sizes=picked)
    found = SHAPE.match(line)
    assert found and found["module"] == module
    words = shlex.split(line)
    assert words[words.index("-m") + 1:] == [f"benchmarks.{module}", *args]
    if picked:
        assert found["sizes"] and tuple(int(n) for n in found["sizes"].split(",")) == tuple(picked)
    else:
        assert SIZES_VAR not in line


def _strings(tree: ast.Module) -> list[tuple[int, str]]:
    """Every string written in a module, docstrings aside (they show usage, not rows)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


@pytest.mark.parametrize("module", [*MODULES, "__main__"])
def test_no_module_writes_a_command_by_hand(module: str) -> None:
    """Every Figure's command is a call to command(), and no string spells `python -m benchmarks`."""
    path = BENCHMARKS / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for line, text in _strings(tree):
        assert not re.search(r"python -m benchmarks", text), f"{path.name}:{line}: a command written by hand: {text!r}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Figure":
            given_cmd = node.args[4] if len(node.args) > 4 else next(k.value for k in node.keywords if k.arg == "command")
            assert isinstance(given_cmd, ast.Call) and getattr(given_cmd.func, "id", "") == "command", \
                f"{path.name}:{node.lineno}: a Figure's command not written by command()"
            name = given_cmd.args[0]
            assert isinstance(name, ast.Constant) and (BENCHMARKS / f"{name.value}.py").is_file(), \
                f"{path.name}:{node.lineno}: command() names no module of benchmarks/"


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv(SIZES_VAR, "100,1000")
    return monkeypatch


def test_build_rows_carry_their_sizes(quick: pytest.MonkeyPatch, tmp_path: Path) -> None:
    quick.setattr(build_bench, "generate", lambda count, dest, **_: dest)
    quick.setattr(build_bench, "cpu_build", lambda project, site: (1.0, 1.0))
    quick.setattr(build_bench, "side_by_side", lambda a, b, site, count: ((count / 90, 1.0), (count / 100, 1.0)))
    quick.setattr(build_bench, "pages", lambda site: 100)
    figures = build_bench.main()
    assert len(figures) == 3  # overhead at 100 and 1,000; growth at 1,000
    for figure in figures:
        _check_figure(figure, quick)


def test_serve_rows_carry_their_sizes(quick: pytest.MonkeyPatch) -> None:
    quick.setattr(serve_bench, "generate", lambda count, dest: dest)
    quick.setattr(serve_bench, "measure", lambda project: (1.0, [1.0, 2.0], [0.5, 0.5]))
    figures = serve_bench.main()
    assert len(figures) == 2
    for figure in figures:
        _check_figure(figure, quick)


def test_serve_uses_the_same_default_sizes_as_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SIZES_VAR, raising=False)
    monkeypatch.setattr(serve_bench, "generate", lambda count, dest: dest)
    monkeypatch.setattr(serve_bench, "measure", lambda project: (1.0, [1.0], [0.5]))
    assert [int(NAMED.search(f.what)[1].replace(",", "")) for f in serve_bench.main()] == list(sizes())


def test_search_first_rows_carry_their_sizes(quick: pytest.MonkeyPatch, tmp_path: Path) -> None:
    quick.setattr(search_bench, "chromium", lambda: contextlib.nullcontext(None))
    quick.setattr(search_bench, "serve", lambda site: contextlib.nullcontext("http://127.0.0.1:1/"))
    quick.setattr(search_bench, "build", lambda project, site: 0.0)
    quick.setattr(search_bench, "generate", lambda count, dest: dest)
    quick.setattr(search_bench, "index_figures", lambda site: {"docs": 1, "raw": 1024, "gzip": 512})
    quick.setattr(search_bench, "first_search", lambda browser, url: search_bench.FirstSearch(
        shown=100.0, whole=200.0, phases={}, before_open=0, ready=60.0, answer=20.0))
    figures = search_bench.first_search_table(tmp_path)
    assert len(figures) == 6  # per size: open → first results (worker's share; typed), index requests before opening
    for figure in figures:
        _check_figure(figure, quick)


def _fake_check(monkeypatch: pytest.MonkeyPatch, seen: list[int]) -> list[Figure]:
    def generate(shape: str, nodes: int, dest: Path) -> Path:
        seen.append(nodes)
        return dest

    monkeypatch.setattr(check_bench, "site_cases", lambda runs, sources: [(check_bench.NOTHING, [(0.5, 0.4)]),
                                                                         (check_bench.EDIT, [(0.6, 0.5)])])
    monkeypatch.setattr(check_bench, "timed", lambda folder, sources: [(1.0, 1.0)])
    monkeypatch.setattr(check_bench, "kb_tools_nodes", lambda folder: (10, 1))
    monkeypatch.setattr(check_bench, "generate", generate)
    monkeypatch.setattr(check_bench.sitegen, "generate", lambda count, dest: dest)
    monkeypatch.setattr(check_bench, "pages_seconds", lambda: 0.1)
    return check_bench.main()


@pytest.mark.parametrize("given_sizes", ["100", "100,1000", "100,1000,5000", "250"])
def test_check_rows_carry_their_sizes_and_its_shapes_follow_the_knob(
        given_sizes: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(SIZES_VAR, given_sizes)
    seen: list[int] = []
    figures = _fake_check(monkeypatch, seen)
    for figure in figures:
        _check_figure(figure, monkeypatch)
    largest = max(int(n) for n in given_sizes.split(","))
    assert max(seen) <= max(1000, 20 * largest)  # KB_BENCH_SIZES=100: no 100,000-node tree
    assert SIZES_VAR in capsys.readouterr().out  # the table says which sizes it used


def test_check_progress_rows_come_after_a_header(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(SIZES_VAR, "100")
    _fake_check(monkeypatch, [])
    lines = [line for line in capsys.readouterr().err.splitlines() if "|" in line]
    head = [cell.strip() for cell in lines[0].split("|")]
    assert "shape" in head and "nodes" in head
    assert all(len(line.split("|")) == len(head) for line in lines[1:])


def test_main_row_of_a_failed_sized_benchmark_carries_the_sizes(quick: pytest.MonkeyPatch) -> None:
    for name in bench.ORDER:
        found = SHAPE.match(bench.Outcome(name).command)
        assert found and found["module"] == name
        assert bool(found["sizes"]) == (name in bench.SIZED)


@pytest.mark.parametrize("count", [30, 2 * sitegen.PER_CATEGORY * len(sitegen.THEMES) + 7])
def test_a_generated_tree_is_about_its_category(count: int, tmp_path: Path) -> None:
    """« Problème 75 : connexion » is filed under Connexion: the title's subject is its category's."""
    for n in range(count):
        theme = re.sub(r" \d+$", "", sitegen.category(n))  # « Connexion 2 »: the themes' second lap
        assert sitegen.THEMES[theme] == sitegen.subject_of(n)
        tree = yaml.safe_load(sitegen.tree_yaml(n, random.Random(n), ["Une phrase du banc d’essai assez longue."]))
        assert tree["title"].endswith(sitegen.subject_of(n)) and tree["category"] == sitegen.category(n)
