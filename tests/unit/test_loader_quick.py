"""The loader's quick walk (no positions) against its full walk: whatever the
quick walk accepts, the full walk builds into the same data without any
problem, and the positions worked out later are the full walk's."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.yaml_loader import MAX_DEPTH, MAX_VALUES, Document, _quick, load_text
from tests.conftest import ROOT
from tests.unit.test_loader_fuzz import CONTROL, YAML_BITS, mutated_tree

FILES = sorted([*(ROOT / "trees").glob("*.yml"), *(ROOT / "tests" / "bad_trees").glob("*.yml")])


def _same(raw: bytes) -> None:
    quick, quick_problems = load_text("t.yml", raw)
    full, full_problems = load_text("t.yml", raw, quick=False)
    assert quick_problems == full_problems
    assert (quick is None) == (full is None)
    if quick is not None and full is not None:
        assert repr(quick.data) == repr(full.data)  # repr: 1 and True, or NaN, told apart
        assert quick.positions.values == full.positions.values
        assert quick.positions.keys == full.positions.keys
        assert quick.positions.written == full.positions.written


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_and_bad_trees(path: Path) -> None:
    _same(path.read_bytes())


@pytest.mark.parametrize("text", [
    "a: 1\nb: [x, yes, ~, 1.5, .nan, 2024-01-01, 0o7, 010, 12:30, '', \"\"]\nc: {d: 'e', f: }\n",
    "- a\n- [b, {c: d}]\n- {}\n- []\n",
    "a: &x 1\nb: *x\n",  # anchors and aliases: the full walk's
    "a: &x 1\nb: &x 2\n",
    "<<: {a: 1}\nb: 2\n",
    "a: <<\n",
    "=: 1\n",
    "a: =\n",
    "yes: 1\n",
    "2024-01-01: x\n",
    "a: 1\na: 2\n",
    "? [a]\n: 1\n",
    "? a\n: 1\n",
    "a: !!str 1\n",
    "a: !!python/name:os.system\n",
    "just text\n",
    "a: 1\n---\nb: 2\n",
    "---\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 0x1f\nb: 0b101\nc: -1_000\nd: 1:30\n",
    "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1) + "\n",
    "[" * MAX_DEPTH + "{}" + "]" * MAX_DEPTH + "\n",
    "[" + ", ".join(["1"] * (MAX_VALUES - 1)) + "]\n",
    "[" + ", ".join(["1"] * MAX_VALUES) + "]\n",
    "a: |\n  deux\n  lignes\nb: >-\n  pliée\n  ici\n",
])
def test_edge_cases(text: str) -> None:
    _same(text.encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(YAML_BITS), st.sampled_from(CONTROL), st.text(max_size=8)),
                max_size=60))
def test_random_yaml_like_text(parts: list[str]) -> None:
    _same("".join(parts).encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None)
@given(mutated_tree())
def test_mutated_real_trees(case: tuple[str, bytes]) -> None:
    _same(case[1])


def test_positions_are_worked_out_once_and_can_be_shifted() -> None:
    doc, _ = load_text("t.yml", b"a: 1\nb: x\n")
    assert isinstance(doc, Document)
    positions = doc.positions
    assert doc.positions is positions
    positions.values = {k: (line + 1, col) for k, (line, col) in positions.values.items()}
    assert doc.at(("b",)) == (3, 4)  # front_matter.py shifts them so


@pytest.mark.parametrize("path", sorted((ROOT / "trees").glob("*.yml")), ids=lambda p: p.name)
def test_real_trees_take_the_quick_walk(path: Path) -> None:
    assert isinstance(_quick(path.read_text(encoding="utf-8")), dict)
