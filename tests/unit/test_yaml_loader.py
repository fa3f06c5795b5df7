"""The loader keeps positions and refuses what PyYAML would silently accept."""

from __future__ import annotations

import pytest

from kb_tools.yaml_loader import MAX_BYTES, load_text


def load(text: str | bytes) -> tuple[object, list[tuple[str, int, int]]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc, problems = load_text("t.yml", raw)
    return doc, [(p.rule, p.line, p.col) for p in problems]


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc, problems = load("id: x\nnodes:\n  q:\n    answers:\n      - label: Oui\n        next: fin\n")
    assert problems == []
    assert doc.at(("id",)) == (1, 5)
    assert doc.at(("nodes", "q"), key=True) == (3, 3)
    assert doc.at(("nodes", "q", "answers", 0, "next")) == (6, 15)


def test_unknown_path_falls_back_to_nearest_parent() -> None:
    doc, _ = load("nodes:\n  q:\n    type: question\n")
    assert doc.at(("nodes", "q", "answers", 3, "label")) == (3, 5)


def test_duplicate_key_is_refused_at_the_second_occurrence() -> None:
    _, problems = load("title: a\nid: b\ntitle: c\n")
    assert problems == [("duplicate-key", 3, 1)]


def test_python_tags_are_refused() -> None:
    _, problems = load("a: !!python/object/apply:os.system [ls]\n")
    assert problems == [("forbidden-tag", 1, 4)]


def test_timestamps_stay_text() -> None:
    doc, problems = load("date: 2024-08-14\n")
    assert problems == [] and doc.data == {"date": "2024-08-14"}


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        (b"\xef\xbb\xbfid: x\n", "bom"),
        (b"id: caf\xe9\n", "encoding"),
        (b"", "empty-file"),
        (b"# only a comment\n", "empty-file"),
        (b"a:\n\tb: 1\n", "no-tabs"),
        (b"a: [1, 2\n", "yaml-syntax"),
        (b"a: \x07\n", "control-char"),
        (b"- &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
            f"- &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n".encode() for i in range(6)), "alias-bomb"),
        (b"a: " + b"x" * (MAX_BYTES + 1), "file-size"),
    ],
)
def test_bad_input_gives_one_located_problem(raw: bytes, rule: str) -> None:
    doc, problems = load(raw)
    assert doc is None
    assert [p[0] for p in problems] == [rule]
    assert all(line >= 1 and col >= 1 for _, line, col in problems)


def test_non_utf8_byte_is_located() -> None:
    _, problems = load(b"id: x\ntitle: caf\xe9\n")
    assert problems == [("encoding", 2, 11)]
