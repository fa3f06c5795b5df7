"""Random bytes, random text and random mutations of the real trees through
the loader: never an exception, every problem located inside the file, with
a registered rule and a French message (none of PyYAML's English)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.problems import RULES, Problem
from kb_tools.project import load_project
from kb_tools.yaml_loader import load_text
from tests.conftest import ROOT

TREES = sorted((ROOT / "trees").glob("*.yml"))
ENGLISH = re.compile(r"\b(expected|found|while|unacceptable|character|not allowed|scanning|parsing|"
                     r"mapping|sequence|stream|token|Permission|denied|No such)\b")
CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 0x7F, 0x80, 0x9F, 0xFFFE)]
YAML_BITS = [":", ": ", "- ", "[", "]", "{", "}", "'", '"', "&a ", "*a", "!!str ", "? ", "|", ">", "#",
             "---\n", "...\n", "\t", "\n", "  ", "yes", "010", "12:30", "~", "%YAML 1.1\n", "\\", "<<: "]


def _assert_located(text_lines: int, problems: list[Problem]) -> None:
    for problem in problems:
        assert problem.rule in RULES, problem  # not a "schema-..." rule with jsonschema's English
        assert 1 <= problem.line <= text_lines + 1, problem
        assert problem.col >= 1, problem
        assert not ENGLISH.search(problem.message), problem.message
        assert "Traceback" not in problem.message


def _lines(raw: bytes) -> int:
    return raw.count(b"\n") + 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    _, problems = load_text("trees/x.yml", raw)
    _assert_located(_lines(raw), problems)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(YAML_BITS), st.sampled_from(CONTROL), st.text(max_size=8)),
                max_size=60))
def test_random_yaml_like_text(parts: list[str]) -> None:
    raw = "".join(parts).encode("utf-8", "surrogatepass")
    _, problems = load_text("trees/x.yml", raw)
    _assert_located(_lines(raw), problems)


#: Scalars YAML 1.1 may take for numbers, times or booleans, well or badly written.
NUMBERISH = st.builds(
    lambda sign, prefix, body: sign + prefix + body,
    st.sampled_from(["", "+", "-"]),
    st.sampled_from(["", "0", "0x", "0b", "0o", ".", "1:", "0.", "1e"]),
    st.text(st.sampled_from("0123456789abcdefABCDEF_.:+-eE~"), max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(NUMBERISH, NUMBERISH, st.booleans())
def test_numberish_keys_and_values(key: str, value: str, nested: bool) -> None:
    """``0x_``, ``0b_``, ``1:_0``, ``.e1``...: a value is read, or the file is a located problem."""
    text = f"id: x\nliste:\n  - {value}\n{key}: {value}\n" if nested else f"{key}: {value}\nid: x\n"
    for quick in (True, False):
        _, problems = load_text("trees/x.yml", text.encode(), quick=quick)
        _assert_located(text.count("\n") + 1, problems)


@st.composite
def mutated_tree(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(TREES))
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        kind = draw(st.sampled_from(["delete-char", "control", "duplicate", "indent", "dedent", "bit"]))
        if kind == "delete-char" and line:
            j = draw(st.integers(0, len(line) - 1))
            lines[i] = line[:j] + line[j + 1:]
        elif kind == "control":
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(st.sampled_from(CONTROL)) + line[j:]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + line
        elif kind == "dedent":
            lines[i] = line[min(len(line) - len(line.lstrip(" ")), draw(st.integers(1, 4))):]
        else:
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(st.sampled_from(YAML_BITS)) + line[j:]
    return path.name, "\n".join(lines).encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(mutated_tree())
def test_mutated_real_trees_through_load_project(case: tuple[str, bytes]) -> None:
    name, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "trees"
        shutil.copytree(ROOT / "trees", folder)
        (folder / name).write_bytes(raw)
        _, problems = load_project(folder)
        for problem in problems:
            lines = _lines((folder / Path(problem.path).name).read_bytes())
            _assert_located(lines, [problem])


def test_check_command_on_mutated_trees(tmp_path: Path) -> None:
    """`python -m kb_tools check` on a few hostile copies: located, French, no traceback."""
    folder = tmp_path / "trees"
    shutil.copytree(ROOT / "trees", folder)
    for i, path in enumerate(TREES[3:]):
        text = path.read_text(encoding="utf-8")
        bad = [text.replace("\n", "\n\x1b", 1), "yes:\n" + text, text.replace("  ", "   ", 2),
               "a: " + "[" * 2000, text + "\n---\nid: x\n", text.replace("title: ", "title: 12:30 #", 1)]
        (folder / path.name).write_text(bad[i % len(bad)], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(folder), "check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    located = re.findall(r"^\S+\.yml:(\d+):(\d+): error: (.+) \(([a-z-]+)\)$", result.stderr, re.MULTILINE)
    assert len(located) >= len(TREES[3:])
    for line, col, message, rule in located:
        assert int(line) >= 1 and int(col) >= 1 and rule in RULES
        assert not ENGLISH.search(message), message
