"""YAML syntax errors (issue 14 §3): every message of PyYAML and libyaml said
in French, at the line the editor must fix."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools import yaml_messages
from kb_tools.project import load_project
from kb_tools.yaml_loader import load_text

ROOT = Path(__file__).resolve().parents[2]
TREES = ROOT / "trees"
FILES = sorted(p for p in TREES.glob("*.yml") if p.name != "_incidents.yml")  # comments and « incidents: [] » only
YAML_DIR = Path(yaml.__file__).parent
#: English words of PyYAML's and libyaml's messages, never shown to an editor
ENGLISH = re.compile(r"\b(expected|found|mapping|parsing|scanning|scalar|allowed|could not|did not|token|block|"
                     r"context|stream|indicator|sequence|unexpected|character|while|quoted|simple key|cannot)\b", re.I)


def _python_messages() -> tuple[set[str], set[str]]:
    """The problems and contexts PyYAML's pure-Python reader raises: the string
    arguments of every ``...Error(context, context_mark, problem, problem_mark)``."""
    problems: set[str] = set()
    contexts: set[str] = set()
    for name in ("scanner", "parser", "composer"):
        tree = ast.parse((YAML_DIR / f"{name}.py").read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id.endswith("Error")):
                continue
            texts = [_text(arg) for arg in call.args]
            if len(texts) >= 3:
                contexts.add(texts[0]) if texts[0] else None
                problems.add(texts[2]) if texts[2] else None
    return problems, contexts


def _text(node: ast.expr) -> str | None:
    """A string literal, or the literal part of ``"..." % x`` and f-strings (``%r`` left as a word)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp):
        return _text(node.left)
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
    return None


def _libyaml_messages() -> set[str]:
    """libyaml's problems, as compiled into PyYAML's extension (the loader the project uses)."""
    found: set[str] = set()
    for library in YAML_DIR.glob("_yaml*.so"):
        for raw in re.findall(rb"[ -~]{8,}", library.read_bytes()):
            text = raw.decode()
            if re.fullmatch(r"(did not find|found|could not find|mapping (keys|values)|block sequence entries"
                            r"|control characters|while (parsing|scanning)|expected|invalid|incomplete)[ a-zA-Z0-9%',<>\[\]{}:.!-]*",
                            text) and "_" not in text and " " in text and "vtable" not in text:
                found.add(text)
    return found


PY_PROBLEMS, PY_CONTEXTS = _python_messages()
C_MESSAGES = _libyaml_messages()


def test_messages_were_found() -> None:
    assert len(PY_PROBLEMS) >= 30 and len(PY_CONTEXTS) >= 15
    assert not hasattr(yaml, "CSafeLoader") or len(C_MESSAGES) >= 40


@pytest.mark.parametrize("problem", sorted(PY_PROBLEMS | {m for m in C_MESSAGES if not m.startswith("while ")}))
def test_every_problem_has_its_own_french(problem: str) -> None:
    message = yaml_messages.syntax_message(problem, None, None)
    assert "syntaxe YAML invalide" not in message, f"no French for {problem!r}"  # the catch-all
    assert not ENGLISH.search(message)


@pytest.mark.parametrize("context", sorted(PY_CONTEXTS | {m for m in C_MESSAGES if m.startswith("while ")}))
def test_every_context_is_said_in_french(context: str) -> None:
    message = yaml_messages.syntax_message("did not find expected key", context, 3)
    assert "ligne 3" in message, f"no French for {context!r}"
    assert not ENGLISH.search(message)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _syntax_problems(name: str, lines: list[str]) -> list[tuple[int, int, str]]:
    _, problems = load_text(name, "\n".join(lines).encode())
    return [(p.line, p.col, p.message) for p in problems if p.rule == "yaml-syntax"]


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_a_line_dedented_by_one_space_is_the_line_reported(path: Path) -> None:
    lines = _lines(path)
    checked = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith(" ") or not line.strip():
            continue
        for line_no, _, message in _syntax_problems(path.name, [*lines[:number - 1], line[1:], *lines[number:]]):
            checked += 1
            assert line_no == number or f"ligne {number}" in message, (number, line, line_no, message)
    assert checked >= 20


_KEY_VALUE = re.compile(r"^(\s*(?:- )?)([\w-]+): (\S.*)$")


def _no_colon(line: str) -> str | None:
    found = _KEY_VALUE.match(line)
    return f"{found.group(1)}{found.group(2)} {found.group(3)}" if found else None


def _open_quote(line: str) -> str | None:
    found = _KEY_VALUE.match(line)
    return line[:-1] if found and found.group(3)[0] == found.group(3)[-1] == '"' else None


def _colon_in_text(line: str) -> str | None:
    found = _KEY_VALUE.match(line)
    return line + " : suite" if found and found.group(3)[0] not in "\"'[{>|&*!" else None


@pytest.mark.parametrize("mistake", [_no_colon, _open_quote, _colon_in_text], ids=lambda f: f.__name__)
@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_each_key_line_broken_is_the_line_reported(path: Path, mistake: object) -> None:
    """The colon of a key forgotten, the closing quote of its value, « : » added to its text."""
    lines = _lines(path)
    for number, line in enumerate(lines, start=1):
        broken = mistake(line)  # type: ignore[operator]
        if broken is None:
            continue
        for line_no, _, message in _syntax_problems(path.name, [*lines[:number - 1], broken, *lines[number:]]):
            assert line_no == number or f"ligne {number}" in message, (number, line, line_no, message)


CONNEXION = TREES / "connexion-acces.yml"


def _edit(pattern: str, change: object) -> tuple[list[str], int]:
    """connexion-acces.yml with ``change`` applied to the first line matching ``pattern``; that line's number."""
    lines = _lines(CONNEXION)
    number = next(i for i, line in enumerate(lines) if re.search(pattern, line))
    lines[number] = change(lines[number])  # type: ignore[operator]
    return lines, number + 1


@pytest.mark.parametrize(("pattern", "change"), [
    (r"^    steps:", lambda s: s[1:]),  # a key dedented by one space
    (r"^    steps:", lambda s: s[2:]),  # by two: it belongs to the block above
    (r"^    title: Dépannage", lambda s: s[2:]),
    (r"^    type: checklist", lambda s: s[1:]),  # the first key of a node: the error shows on the next line
    (r"^    resolved:", lambda s: " " + s),  # indented by one space
    (r"^  depannage:", lambda s: s[2:]),  # a node at the top: the error shows 19 lines below
    (r"^    title: Dépannage", lambda s: s.replace("title:", "title")),  # the colon forgotten
    (r"^    text: La double", lambda s: s + " : oui ou non"),  # « : » in a text without quotes
    (r"Coupez votre VPN", lambda s: s.rstrip('"')),  # a quote left open
    (r"^    title: Dépannage", lambda s: s.replace("title: ", 'title: "')),  # a quote left open, seen far below
    (r"^    title: Dépannage", lambda s: "\t" + s.lstrip()),  # a tab
])
def test_typical_mistakes_are_reported_at_their_line(pattern: str, change: object) -> None:
    lines, number = _edit(pattern, change)
    _, problems = load_text(CONNEXION.name, "\n".join(lines).encode())
    [problem] = problems
    assert problem.line == number
    assert problem.rule in ("yaml-syntax", "no-tabs")
    assert not ENGLISH.search(problem.message)


def test_the_fix_told_is_one_that_reads() -> None:
    """Indentation: the number of spaces the message gives makes the file read."""
    lines, number = _edit(r"^    steps:", lambda s: s[1:])
    [problem] = load_text(CONNEXION.name, "\n".join(lines).encode())[1]
    wanted = int(re.findall(r"\d+", problem.message.split(";")[1])[0])
    lines[number - 1] = " " * wanted + lines[number - 1].lstrip()
    assert load_text(CONNEXION.name, "\n".join(lines).encode())[1] == []


_EDITS = st.sampled_from(["delete", "insert", "replace", "indent", "dedent"])
_CHARS = st.sampled_from(list(":-\"'[]{}#&*!|>%@`, \tab\n"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(FILES), where=st.floats(0, 1, exclude_max=True), edit=_EDITS, char=_CHARS)
def test_any_small_edit_gives_located_french(tmp_path_factory: pytest.TempPathFactory, path: Path, where: float,
                                             edit: str, char: str) -> None:
    text = path.read_text(encoding="utf-8")
    at = int(where * len(text))
    if edit == "delete":
        text = text[:at] + text[at + 1:]
    elif edit == "insert":
        text = text[:at] + char + text[at:]
    elif edit == "replace":
        text = text[:at] + char + text[at + 1:]
    else:
        start = text.rfind("\n", 0, at) + 1
        text = text[:start] + (" " if edit == "indent" else "") + text[start + (edit == "dedent" and text[start] == " "):]
    copy = tmp_path_factory.mktemp("edit") / path.name
    copy.write_text(text, encoding="utf-8")
    if path.name.startswith("_"):
        folder = copy.parent / "trees"
        folder.mkdir()
        for other in FILES:
            (folder / other.name).write_bytes(copy.read_bytes() if other.name == path.name else other.read_bytes())
        _, problems = load_project(folder, env={})
    else:
        _, problems = load_project(TREES, extra=[copy], env={})
    count = text.count("\n") + 1
    for problem in problems:
        assert not ENGLISH.search(problem.message), problem
        if Path(problem.path).name == path.name:
            assert 1 <= problem.line <= count and problem.col >= 1, problem


def test_a_huge_broken_file_is_reported_where_reading_stopped() -> None:
    """No repair is tried on a text far larger than a tree: the answer stays quick."""
    text = "a:\n" + "  - mot\n" * 20_000 + " b: 1\n"
    [problem] = load_text("huge.yml", text.encode())[1]
    assert (problem.rule, problem.line) == ("yaml-syntax", 20_002)
