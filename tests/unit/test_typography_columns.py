"""A typography fault in a tree is shown at its own line and column, inside
plain, quoted and block (``>-``, ``|``) texts alike."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kb_tools.typography_check import MARKDOWN_KEYS, PLAIN_KEYS, document_problems
from kb_tools.yaml_loader import load_text
from tests.conftest import ROOT

FILES = sorted((ROOT / "trees").glob("*.yml"))


def _scalars(node: yaml.Node, key: str | None = None) -> Iterator[yaml.ScalarNode]:
    """Every text under a key the player reads, as PyYAML composes it (start and end marks)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _scalars(v, k.value if k.value in MARKDOWN_KEYS | PLAIN_KEYS else None)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            yield from _scalars(v, key)
    elif isinstance(node, yaml.ScalarNode) and key is not None and node.tag.endswith(":str"):
        yield node


def _faults(path: Path, text: str) -> set[tuple[int, int]]:
    doc, problems = load_text(f"trees/{path.name}", text.encode())
    assert doc is not None, problems
    return {(p.line, p.col) for p in document_problems(doc)}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_straight_quote_is_shown_where_it_was_typed(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert _faults(path, source) == set()
    rng = random.Random(path.name)
    found = tried = 0
    styles = set()
    for node in _scalars(yaml.compose(source)):
        begin, end = node.start_mark.index + 1, node.end_mark.index - 1
        places = [i for i in range(begin, end) if source[i].isalpha() and source[i - 1] != "\\"]
        if not places:
            continue
        at = rng.choice(places)
        quote = "''" if node.style == "'" else "'"
        changed = source[:at] + quote + source[at:]
        line = source.count("\n", 0, at) + 1
        col = at - (source.rfind("\n", 0, at) + 1) + 1
        faults = _faults(path, changed)
        tried += 1
        if faults:  # else the place is not running text (a link's address, code, a {field})
            assert faults == {(line, col)}, (node.value[:60], node.style, line, col)
            found += 1
            styles.add(node.style)
    assert found >= tried * 0.8  # most places are running text
    assert styles >= ({"|", ">"} & {None if t is None else t for t in _styles(source)}) - {None}


def _styles(source: str) -> set[str | None]:
    return {node.style for node in _scalars(yaml.compose(source))}


def test_after_an_escape_the_value_start_is_shown() -> None:
    """In a double-quoted text with an escape, the column is not worked out: the value's start."""
    doc, _ = load_text("trees/x.yml", b'title: "Caf\\u00e9 d\'hier"\n')
    assert doc is not None
    assert {(p.line, p.col) for p in document_problems(doc)} == {(1, 8)}
