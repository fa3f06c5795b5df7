"""Every text of every schema has a maximum length: an oversize value (a
60,000-space warning, a 500 KB hint) is a located too-long error, never
published, never a slow build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from kb_tools.model import WEEKDAYS
from kb_tools.schema_check import SCHEMAS, check_schema, schema_text
from kb_tools.yaml_loader import Document, load_file
from tests.conftest import FIXTURE_PROJECT
from tests.unit.test_schema_agreement import _set, _string_paths

#: Texts with a list of values (an enum or a const): no length to give them.
CHOSEN = ("enum", "const")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``node`` and every schema its ``$ref`` chain leads to."""
    while True:
        yield node
        ref = node.get("$ref")
        if not ref:
            return
        node = schema["$defs"][ref.rsplit("/", 1)[-1]]


def _string_schemas(schema: dict[str, Any], node: Any, where: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Every subschema that describes a text, with its ``$ref`` chain."""
    if isinstance(node, dict):
        chain = list(_resolve(schema, node))
        if any(part.get("type") == "string" for part in chain) and not any(key in part for part in chain for key in CHOSEN):
            yield where, chain
        for key, value in node.items():
            if key != "$defs":
                yield from _string_schemas(schema, value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _string_schemas(schema, value, f"{where}/{i}")


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_text_of_every_schema_has_a_maximum_length(name: str) -> None:
    schema = json.loads(schema_text(name))
    texts = list(_string_schemas(schema, {k: v for k, v in schema.items() if k != "$defs"}, name))
    for def_name, definition in schema.get("$defs", {}).items():  # what each definition holds; a definition itself
        for key, value in definition.items():            # (« plain ») is bounded where it is used
            texts += _string_schemas(schema, value, f"{name}/$defs/{def_name}/{key}")
    assert texts
    unbounded = [where for where, chain in texts if not any("maxLength" in part or _fixed(part.get("pattern", ""))
                                                             for part in chain)]
    assert unbounded == []


def _fixed(pattern: str) -> bool:
    """A pattern that fixes the length of the whole text (``^HH:MM-HH:MM$``): no repetition."""
    return pattern.startswith("^") and pattern.endswith("$") and not re.search(r"[*+]|\{\d*,\}", pattern)


@pytest.mark.parametrize(("file", "schema"), [("_channels.yml", "channels"), ("_fields.yml", "fields"),
                                              ("retrait-en-attente.yml", "tree")])
def test_an_oversize_value_anywhere_is_a_located_too_long_error(file: str, schema: str) -> None:
    doc, problems = load_file(FIXTURE_PROJECT / file, file)
    assert doc is not None and problems == []
    tried = 0
    for path in _string_paths(doc.data):
        if path[-1] in ("kind", "type", "urgency", "timezone", "role"):  # a value from a list: unknown-value
            continue
        oversize = Document(doc.path, _set(doc.data, path, "Texte " * 1000), doc.positions)
        found = {(p.rule, p.line) for p in check_schema(oversize, schema)}
        fixed = len(path) > 2 and path[-2] in WEEKDAYS  # an opening slot, whose pattern fixes its length
        assert ("bad-format" if fixed else "too-long", doc.at(path)[0]) in found, (path, found)
        tried += 1
    assert tried >= 15
