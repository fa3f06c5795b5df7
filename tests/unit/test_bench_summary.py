"""`make bench` (benchmarks/__main__.py) ends with ONE Markdown table of every
figure the benchmarks return, each with its command; a benchmark that
crashes or returns nothing has a row saying so, and the others still run.
Nothing is timed here: fake benchmarks stand in for the real ones."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import __main__ as bench
from benchmarks.common import Figure, command

_text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=30).filter(lambda t: t.strip())
_figures = st.lists(st.builds(Figure, what=_text, value=_text, target=st.one_of(st.just(""), _text),
                              met=st.sampled_from([True, False, None]), command=_text), min_size=1, max_size=8)


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row (``\\|`` is a character, not a border)."""
    parts, cell, i = [], "", 1
    body = line.strip()
    while i < len(body) - 1:
        if body[i] == "\\" and body[i + 1] == "|":
            cell, i = cell + "|", i + 2
            continue
        if body[i] == "|":
            parts.append(cell.strip())
            cell = ""
        else:
            cell += body[i]
        i += 1
    parts.append(cell.strip())
    return parts


def _tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in ``text``: its rows of cells (the rule line left out)."""
    found: list[list[list[str]]] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("|"):
            if not inside:
                found.append([])
            inside = True
            if not set(line) <= set("|- "):
                found[-1].append(_cells(line))
        else:
            inside = False
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


@given(_figures)
def test_every_figure_is_one_row_of_one_table_with_its_command(figures: list[Figure]) -> None:
    [table] = _tables(bench.summary([bench.Outcome("x", figures)]))
    assert table[0] == ["figure", "measured", "target", "met", "command"]
    assert len(table) == len(figures) + 1
    for row, figure in zip(table[1:], figures, strict=True):
        assert len(row) == 5
        assert row[0] == _flat(figure.what) and row[1] == _flat(figure.value) and row[2] == _flat(figure.target)
        assert row[3] == {True: "yes", False: "no", None: ""}[figure.met]
        assert row[4] == f"`{_flat(figure.command)}`"


def _module(name: str, main: Callable[[], object]) -> types.ModuleType:
    module = types.ModuleType(f"benchmarks.{name}")
    module.__spec__ = importlib.machinery.ModuleSpec(f"benchmarks.{name}", None)
    module.main = main  # type: ignore[attr-defined]
    return module


def _crash() -> list[Figure]:
    raise RuntimeError("Chromium | introuvable")


def _exit() -> list[Figure]:
    raise SystemExit("check failed on this site")


def test_a_crash_or_no_figures_is_a_row_and_the_others_still_run(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ran: list[str] = []

    def ok() -> list[Figure]:
        ran.append("ok")
        return [Figure("vitesse", "0.5 s", "< 1 s", True, "python -m benchmarks.zz_ok"),
                Figure("poids", "120 KB", "≤ 100 KB", False, "python -m benchmarks.zz_ok --weight")]

    fakes = {"zz_crash": _crash, "zz_none": lambda: None, "zz_exit": _exit, "zz_ok": ok}
    for name, main in fakes.items():
        monkeypatch.setitem(sys.modules, f"benchmarks.{name}", _module(name, main))
    outcomes = bench.main(list(fakes))
    assert ran == ["ok"]
    assert [o.name for o in outcomes] == list(fakes)
    out = capsys.readouterr().out
    summary = out[out.index("## Summary"):]
    [table] = _tables(summary)
    rows = {row[0]: row for row in table[1:]}
    assert rows["zz_crash: failed"][3] == "failed" and "RuntimeError" in rows["zz_crash: failed"][1]
    assert "Chromium | introuvable" in rows["zz_crash: failed"][1]
    assert rows["zz_exit: failed"][3] == "failed" and "check failed" in rows["zz_exit: failed"][1]
    assert rows["zz_none: (no figures)"][1:4] == ["", "", ""]
    assert rows["vitesse"][3] == "yes" and rows["poids"][3] == "no"
    assert rows["poids"][4] == "`python -m benchmarks.zz_ok --weight`"
    assert rows["zz_crash: failed"][4] == f"`{command('zz_crash')}`"  # a crashed row: the same helper's command
    assert len(table) == 1 + 5


def test_a_benchmark_that_does_not_exist_is_left_out() -> None:
    assert bench.available(["check", "zz_not_there"]) == ["check"]


def test_a_main_returning_something_else_than_figures_is_a_failed_row() -> None:
    outcome = bench.run_one("zz", lambda: [("a", "b")])
    assert outcome.error is not None and "Figure" in outcome.error
    [table] = _tables(bench.summary([outcome]))
    assert table[1][3] == "failed"
