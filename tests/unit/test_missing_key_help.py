"""A missing key says what to write: for every key a schema requires, taking
it out of a real file gives a message naming the key and an example line
« key: … » to add."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb_tools.schema_check import SCHEMAS, check_schema, schema_text
from kb_tools.yaml_loader import load_text
from tests.conftest import ROOT

FILES = {"tree": sorted(p.name for p in (ROOT / "trees").glob("[!_]*.yml")), "channels": ["_channels.yml"],
         "fields": ["_fields.yml"], "synonyms": ["_synonyms.yml"],
         "incidents": ["../tests/fixtures/incidents/_incidents.yml"]}  # the real file is mostly empty


def _required(part: Any, inside_if: bool = False) -> Iterator[str]:
    """Every key some object of a schema requires (not the conditions of an ``if``)."""
    if isinstance(part, dict):
        if not inside_if and isinstance(part.get("required"), list):  # not a property named « required »
            yield from part["required"]
        for key, value in part.items():
            yield from _required(value, inside_if or key == "if")
    elif isinstance(part, list):
        for value in part:
            yield from _required(value, inside_if)


def _objects(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    if isinstance(data, dict):
        yield path, data
        for key, value in data.items():
            yield from _objects(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _objects(value, (*path, i))


def _without(data: Any, path: tuple[Any, ...], key: str) -> Any:
    changed = copy.deepcopy(data)
    target = changed
    for step in path:
        target = target[step]
    del target[key]
    return changed


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_required_key_taken_out_says_what_to_write(schema: str) -> None:
    required = set(_required(json.loads(schema_text(schema))))
    helped: set[str] = set()
    for name in FILES[schema]:
        data = yaml.safe_load((ROOT / "trees" / name).read_text(encoding="utf-8"))
        seen: dict[tuple[str, frozenset[str]], int] = {}
        for path, obj in _objects(data):
            for key in [k for k in obj if k in required]:
                shape = (key, frozenset(obj))  # a few objects of each shape are enough
                seen[shape] = seen.get(shape, 0) + 1
                if seen[shape] > 2:
                    continue
                doc, problems = load_text(f"trees/{name}", yaml.safe_dump(_without(data, path, key),
                                                                          allow_unicode=True).encode())
                assert doc is not None, problems
                for problem in check_schema(doc, schema):
                    if problem.rule == "missing-key" and f"« {key} »" in problem.message:
                        assert re.search(rf"« {re.escape(key)}:( [^»…]+)? »", problem.message), problem.format()
                        helped.add(key)
    assert required <= helped, required - helped


def test_a_channel_without_its_address_says_what_to_write(tmp_path: Path) -> None:
    """Each channel of the catalogue, without the key its kind needs (url, address, via)."""
    from kb_tools.project import load_project

    folder = tmp_path / "trees"
    shutil.copytree(ROOT / "trees", folder)
    data = yaml.safe_load((ROOT / "trees" / "_channels.yml").read_text(encoding="utf-8"))
    needs = {"chat": "url", "email": "address", "form": "url", "mediation": "url", "escalation": "via"}
    tried = 0
    for channel_id, channel in data["channels"].items():
        key = needs.get(channel["kind"])
        if key is None:
            continue
        changed = _without(data, ("channels", channel_id), key)
        for env in [k for k in changed["channels"][channel_id] if k.endswith("_env")]:
            del changed["channels"][channel_id][env]
        (folder / "_channels.yml").write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
        problems = [p for p in load_project(folder, env={})[1] if p.rule == "missing-key"]
        assert problems and all(re.search(rf"« {key}: [^»…]+ »", p.message) for p in problems), problems
        tried += 1
    assert tried
