"""Characters the reader cannot see: bidirectional controls anywhere (labels,
titles, Markdown, catalogues), control characters in plain text, and answer
labels that differ only by spaces, case or invisible characters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.invisible import BIDI, strings
from kb_tools.project import load_project
from kb_tools.yaml_loader import load_file
from tests.conftest import FIXTURE_PROJECT

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TREE = "retrait-en-attente.yml"
# (U+0085 is not here: YAML reads it as a line break)
CONTROLS = ["\x00", "\x1b", "\x7f", "\x9b", "\u2028", "\u200b", "\ufeff"]


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _set(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _located(project: Path, name: str) -> set[tuple[str, int, int]]:
    _, problems = load_project(project)
    return {(p.rule, p.line, p.col) for p in problems if p.path.endswith(name)}


def _where(project: Path, name: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    doc, _ = load_file(project / name, name)
    assert doc is not None
    return doc.at(path)


def _text_paths(data: Any) -> list[tuple[str | int, ...]]:
    return [path for path, _, is_key in strings(data) if not is_key and path[-1] not in ("type", "next", "resolved",
            "still_stuck", "start", "id", "channel", "urgency") and path[-2:-1] != ("fields",)]


def _is_markdown(path: tuple[str | int, ...], data: Any) -> bool:
    if path[-1] == "help" or (len(path) > 1 and path[-2] == "steps"):
        return True
    return path[-1] == "text" and data["nodes"][path[1]]["type"] != "question"


def test_a_bidi_control_in_any_text_of_a_tree_is_refused_there(project: Path) -> None:
    clean = (project / TREE).read_text(encoding="utf-8")
    paths = _text_paths(yaml.safe_load(clean))
    assert len(paths) > 20
    chars = sorted(BIDI)
    for i, path in enumerate(paths):  # every text, each bidi control in turn
        char = chars[i % len(chars)]
        data = yaml.safe_load(clean)
        value = data
        for step in path:
            value = value[step]
        _set(data, path, value[:3] + char + value[3:])
        (project / TREE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert _located(project, TREE) == {("bidi-control", *_where(project, TREE, path))}, path


@pytest.mark.parametrize("char", CONTROLS)
def test_control_characters_are_refused_in_plain_text_and_in_catalogues(project: Path, char: str) -> None:
    for name in (TREE, "_channels.yml", "_fields.yml"):
        clean = (project / name).read_text(encoding="utf-8")
        data = _load(project / name)
        for path in _text_paths(data)[:: 11 if name == TREE else 5]:
            changed = yaml.safe_load(clean)
            value = changed
            for step in path:
                value = value[step]
            _set(changed, path, value + char + "x")
            (project / name).write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
            # values with a pattern or a list of choices are refused by the schema first, at the same place
            [(rule, *where)] = _located(project, name)
            if rule == "control-char":  # a line break YAML counts and editors do not: refused where it is
                assert char in "\x85\u2028\u2029" and where[0] >= 1, (name, path)
                continue
            assert tuple(where) == _where(project, name, path), (name, path)
            assert rule in {"control-character", "unknown-value", "bad-format", "bad-id", "unsafe-url", "env-name"}, (name, path)
        (project / name).write_text(clean, encoding="utf-8")


def test_newlines_are_fine_in_markdown_but_not_in_plain_text(project: Path) -> None:
    clean = (project / TREE).read_text(encoding="utf-8")
    data = yaml.safe_load(clean)
    for path in _text_paths(data):
        changed = yaml.safe_load(clean)
        value = changed
        for step in path:
            value = value[step]
        if " " not in value:
            continue
        _set(changed, path, value.replace(" ", "\n", 1))  # same length: no other rule trips
        (project / TREE).write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
        found = {rule for rule, _, _ in _located(project, TREE)}
        assert ("control-character" in found) != _is_markdown(path, data), path


#: Characters drawn as nothing: zero-width ones, and the rest of Unicode's
#: Default_Ignorable_Code_Point (soft hyphen, fillers, selectors, tags).
INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u2062",
                             "\u180e", "\u3164", "\ufe0f", "\U000e0041", "\uffa0", "\u115f", "\U0001d173"])
SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u202f", " \u00a0"])


@SETTINGS
@given(label=st.text(alphabet="abcdefghéèàç ", min_size=2, max_size=20).filter(lambda s: s.strip()),
       inserts=st.lists(st.tuples(st.integers(0, 20), INVISIBLE), max_size=4), upper=st.booleans(),
       space=SPACES)
def test_labels_equal_but_for_spaces_case_or_invisible_characters_are_duplicates(
        project: Path, label: str, inserts: list[tuple[int, str]], upper: bool, space: str) -> None:
    label = " ".join(label.split())
    twin = (label.upper() if upper else label).replace(" ", space)
    for where, char in inserts:
        twin = twin[:where] + char + twin[where:]
    data = _load(FIXTURE_PROJECT / TREE)
    question = next(n for n in data["nodes"].values() if n["type"] == "question" and len(n["answers"]) >= 2)
    question["answers"][0]["label"], question["answers"][1]["label"] = label.strip(), twin.strip() or twin
    (project / TREE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    node = next(k for k, n in data["nodes"].items() if n is question)
    found = _located(project, TREE)
    assert ("duplicate-answer", *_where(project, TREE, ("nodes", node, "answers", 1, "label"))) in found
    assert {rule for rule, _, _ in found} <= {"duplicate-answer", "control-character"}
