"""A value that does not fit a schema pattern gets the message of its own
field: an identifier's hint for identifiers, the field's ``x-message``
otherwise (a time zone once got the identifiers' « minuscules sans accent »)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb_tools import schema_check
from kb_tools.project import load_project

SCHEMAS = sorted((Path(schema_check.__file__).parent / "schema").glob("*.json"))


def _patterns(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "pattern" in node:
            yield where, node
        for key, value in node.items():
            yield from _patterns(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _patterns(value, f"{where}/{i}")


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda p: p.name)
def test_every_pattern_has_a_message_of_its_own(schema: Path) -> None:
    for where, node in _patterns(json.loads(schema.read_text(encoding="utf-8")), schema.name):
        pattern = node["pattern"]
        known_family = (pattern in schema_check._ID_PATTERNS or pattern.startswith("^KB_") or "http" in pattern
                        or ("@" in pattern and "http" not in pattern))
        assert known_family or "x-message" in node, f"{where}: pattern {pattern!r} without x-message"


@pytest.mark.parametrize("zone", ["Europe/Paris ", "../../etc/passwd", "Europe/Paris\\n", "é"])
def test_a_bad_time_zone_is_not_reported_as_a_bad_identifier(tmp_path: Path, zone: str) -> None:
    trees = Path(__file__).parents[2] / "trees"
    for source in trees.glob("_*.yml"):
        text = source.read_text(encoding="utf-8")
        if source.name == "_channels.yml":
            text = text.replace("timezone: Europe/Paris", f'timezone: "{zone}"')
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    _, problems = load_project(tmp_path)
    found = [p for p in problems if p.path.endswith("_channels.yml") and p.level == "error"]
    assert found and all(p.rule != "bad-id" for p in found), [p.format() for p in found]
