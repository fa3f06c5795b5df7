"""The fast validator (jsonschema-rs, ECMA-262 patterns, like the browser and
VS Code) and the detailed one (jsonschema, Python ``re``) say the same thing:
on every pattern of every schema, on the bad-input corpus, on mutated
catalogues. When they do not, ``check`` reports it instead of passing."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from kb_tools import schema_check
from kb_tools.schema_check import SCHEMAS, check_schema, fast_validator, schema_text, validator
from kb_tools.yaml_loader import load_file
from tests.conftest import FIXTURE_PROJECT, ROOT

#: Where Python's ``re`` and ECMA-262 read a pattern differently: ``$`` before
#: a final newline, ``\d`` on other scripts' digits, ``\s`` on a few controls.
TRICKY = ["\n", "\r", "\r\n", "١٢", "٣", "１２", "０", "\u00a0", "\ufeff", "\x1c", "\x85", "\u2028", "\u200b", "\t", " "]


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


PATTERNS = sorted({p for name in SCHEMAS for p in _patterns(json.loads(schema_text(name)))})


def _agree(schema: dict[str, Any], value: Any) -> bool:
    fast = jsonschema_rs.validator_for(schema).is_valid(value)
    detailed = not list(Draft202012Validator(schema).iter_errors(value))
    return fast == detailed


def test_every_schema_has_patterns_to_compare() -> None:
    assert len(PATTERNS) >= 6


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_both_validators_agree_on_every_pattern(pattern: str, data: st.DataObject) -> None:
    base = data.draw(st.one_of(st.from_regex(pattern), st.text(max_size=20)), label="base")
    where = data.draw(st.integers(0, len(base)), label="where")
    extra = data.draw(st.sampled_from(["", *TRICKY]), label="extra")
    value = base[:where] + extra + base[where:]
    schema = {"type": "string", "pattern": pattern}
    assert _agree(schema, value), (pattern, value)
    assert _agree(schema, value + extra), (pattern, value + extra)


def _documents() -> Iterator[tuple[str, str, Any]]:
    """Every bad-input tree and the two catalogues, as loaded data."""
    for path in sorted((ROOT / "tests" / "bad_trees").glob("*.yml")):
        doc, _ = load_file(path, path.name)
        if doc is not None:
            yield path.name, "tree", doc.data
    for name, schema in (("_channels.yml", "channels"), ("_fields.yml", "fields")):
        doc, _ = load_file(FIXTURE_PROJECT / name, name)
        assert doc is not None
        yield name, schema, doc.data


def _string_paths(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _string_paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _string_paths(value, (*path, i))
    elif isinstance(data, str):
        yield path


def _set(data: Any, path: tuple[str | int, ...], value: str) -> Any:
    out = copy.deepcopy(data)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


def test_both_validators_agree_on_the_bad_input_corpus_and_mutated_documents() -> None:
    compared = 0
    for name, schema, data in _documents():
        fast, detailed = fast_validator(schema), validator(schema)
        assert fast.is_valid(data) == (not list(detailed.iter_errors(data))), name
        if schema == "tree":
            continue  # tree strings are covered pattern by pattern above; mutate the catalogues
        for i, path in enumerate(_string_paths(data)):
            original = _get(data, path)
            # each string gets two of the tricky characters in turn (the detailed validator is slow)
            for extra in (TRICKY[i % len(TRICKY)], TRICKY[(i + 7) % len(TRICKY)]):
                for mutated in (original + extra, original.replace("0", extra, 1)):
                    changed = _set(data, path, mutated)
                    assert fast.is_valid(changed) == (not list(detailed.iter_errors(changed))), (name, path, mutated)
                    compared += 1
    assert compared > 200


def _get(data: Any, path: tuple[str | int, ...]) -> str:
    for step in path:
        data = data[step]
    assert isinstance(data, str)
    return data


def test_trailing_newline_in_hours_is_refused_at_the_slot(project: Path) -> None:
    text = (project / "_channels.yml").read_text(encoding="utf-8")
    (project / "_channels.yml").write_text(text.replace('mon: ["09:00-22:00"]', 'mon: ["09:00-22:00\\n"]'), encoding="utf-8")
    doc, _ = load_file(project / "_channels.yml", "_channels.yml")
    assert doc is not None
    problems = check_schema(doc, "channels")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if 'mon: ["09:00-22:00"]' in s)
    assert [(p.rule, p.line) for p in problems] == [("bad-format", line)]


def test_a_disagreement_is_reported_where_the_fast_validator_points(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a detailed validator that finds nothing, as jsonschema did with "09:00-18:00\n"
    monkeypatch.setattr(schema_check, "validator", lambda name: Draft202012Validator({}))
    text = (project / "_channels.yml").read_text(encoding="utf-8")
    (project / "_channels.yml").write_text(text.replace("kind: chat", "kind: pigeon"), encoding="utf-8")
    doc, _ = load_file(project / "_channels.yml", "_channels.yml")
    assert doc is not None
    problems = check_schema(doc, "channels")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "kind: chat" in s)
    assert [(p.rule, p.line, p.level) for p in problems] == [("schema-disagreement", line, "error")]
