"""An unknown ticket field (issue 14 §3): one error, ``unknown-field``, at the
field itself, naming the closest known ids and how to add it to _fields.yml;
no knock-on error for the placeholders and conditions that name it."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb_tools.model import KnowledgeBase
from kb_tools.problems import Problem
from kb_tools.project import load_project
from kb_tools.unknown_names import closest

ROOT = Path(__file__).resolve().parents[2]
TREES = ROOT / "trees"
UNKNOWN = "champ-inexistant"


@functools.cache
def _real() -> KnowledgeBase:
    kb, problems = load_project(TREES, env={})
    assert not [p for p in problems if p.level == "error"]
    return kb


def _field_sites() -> Iterator[tuple[str, tuple[str | int, ...], str, bool]]:
    """(tree file, path, field id, whether the path is a key) for every field a tree names:
    each item of a ticket's ``fields:`` and each key of an answer's ``set:``."""
    kb = _real()
    seen: set[tuple[str, str]] = set()
    for tree_id, doc in kb.documents.items():
        if tree_id.startswith("_"):
            continue
        for node_id, node in doc.data["nodes"].items():
            for i, field_id in enumerate((node.get("ticket") or {}).get("fields", [])):
                yield f"{tree_id}.yml", ("nodes", node_id, "ticket", "fields", i), field_id, False
            for i, answer in enumerate(node.get("answers", [])):
                for field_id in (answer.get("set") or {}) if isinstance(answer, dict) else ():
                    if (tree_id, field_id) not in seen:  # one ``set:`` per field and tree is enough
                        seen.add((tree_id, field_id))
                        yield f"{tree_id}.yml", ("nodes", node_id, "answers", i, "set", field_id), field_id, True


SITES = list(_field_sites())


def _replace(tmp_path: Path, name: str, path: tuple[str | int, ...], old: str, new: str,
             key: bool) -> tuple[Path, int, int]:
    """A copy of tree ``name`` where the field at ``path`` is renamed ``new``; its line and column."""
    doc = _real().documents[name[:-4]]
    line, col = doc.at(path, key=key)
    lines = (TREES / name).read_text(encoding="utf-8").split("\n")
    text = lines[line - 1]
    assert text[col - 1:col - 1 + len(old)] == old
    lines[line - 1] = text[:col - 1] + new + text[col - 1 + len(old):]
    copy = tmp_path / name
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy, line, col


def _mine(problems: list[Problem], name: str) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.col) for p in problems if Path(p.path).name == name]


def test_every_tree_names_fields() -> None:
    assert len(SITES) >= 40
    assert any(key for *_, key in SITES) and not all(key for *_, key in SITES)


@pytest.mark.parametrize(("name", "path", "field_id", "key"), SITES,
                         ids=[f"{n}:{'/'.join(map(str, p[1:]))}" for n, p, _, _ in SITES])
def test_one_unknown_field_gives_one_error_at_its_line(tmp_path: Path, name: str, path: tuple[str | int, ...],
                                                        field_id: str, key: bool) -> None:
    copy, line, col = _replace(tmp_path, name, path, field_id, UNKNOWN, key)
    _, problems = load_project(TREES, extra=[copy], env={})
    assert _mine(problems, name) == [("unknown-field", line, col)]
    assert not [p for p in problems if Path(p.path).name != name and p.level == "error"]


@pytest.mark.parametrize(("name", "path", "field_id", "key"), [s for s in SITES if not s[3]][::5])
def test_a_mistyped_field_suggests_the_right_one_and_the_catalogue(tmp_path: Path, name: str,
                                                                   path: tuple[str | int, ...], field_id: str,
                                                                   key: bool) -> None:
    typo = field_id[:-1] + ("x" if field_id[-1] != "x" else "y")
    copy, line, col = _replace(tmp_path, name, path, field_id, typo, key)
    _, problems = load_project(TREES, extra=[copy], env={})
    [problem] = [p for p in problems if Path(p.path).name == name]
    assert (problem.rule, problem.line, problem.col) == ("unknown-field", line, col)
    assert f"« {field_id} »" in problem.message  # the suggestion
    assert "_fields.yml" in problem.message and f"{typo}:" in problem.message  # where and how to add it
    assert "label:" in problem.message and "type:" in problem.message


def test_a_field_unknown_everywhere_is_reported_where_the_list_names_it(project: Path) -> None:
    """The field renamed in the list, the placeholders and the conditions alike:
    only the list is wrong (the catalogue lacks it), the texts agree with it."""
    tree = project / "retrait-en-attente.yml"
    text = tree.read_text(encoding="utf-8")
    assert "{date}" in text
    tree.write_text(text.replace("date", "date-du-jour"), encoding="utf-8")
    _, problems = load_project(project, env={})
    rules = {p.rule for p in problems if p.path.endswith("retrait-en-attente.yml")}
    assert rules == {"unknown-field"}


def test_closest_ids() -> None:
    known = ["date", "email", "id-joueur", "message-erreur"]
    assert closest("dat", known)[0] == "date"
    assert closest("message-erreurs", known)[0] == "message-erreur"
    assert closest("zzzzzz", known) == []


def test_unknown_channel_suggests_the_closest(tmp_path: Path) -> None:
    shutil.copytree(TREES, tmp_path / "trees")
    tree = tmp_path / "trees" / "connexion-acces.yml"
    text = tree.read_text(encoding="utf-8")
    assert "channel: chat\n" in text
    tree.write_text(text.replace("channel: chat\n", "channel: chatt\n", 1), encoding="utf-8")
    _, problems = load_project(tmp_path / "trees", env={})
    [problem] = [p for p in problems if p.level == "error"]
    assert problem.rule == "unknown-channel" and "« chat »" in problem.message


def test_a_field_far_from_any_lists_them_all(tmp_path: Path) -> None:
    name, path, field_id, key = next(s for s in SITES if not s[3])
    copy, line, col = _replace(tmp_path, name, path, field_id, "zzzz", key)
    _, problems = load_project(TREES, extra=[copy], env={})
    [problem] = [p for p in problems if Path(p.path).name == name]
    assert (problem.rule, problem.line, problem.col) == ("unknown-field", line, col)
    assert all(f" {known}," in problem.message or f" {known})" in problem.message for known in _real().fields)
