"""The line an editor must fix when YAML refuses a file.

PyYAML reports where reading stopped, which is often a line or more after
the mistake: a key dedented on line 106 makes line 107 unreadable; a quote
left open on line 20 is noticed on line 40. Here, the lines before the
stop are each given the small repairs an editor makes, nearest first: what
a line lacks (the colon after a key, the end of a quote or a bracket), then
a line moved (back to the indentation of its neighbours) or a « : » taken
out of a text. The first repair after which the whole file reads, each line
keeping its part (a key stays a key, a line of text stays in its text),
names the line, the column and the fix.
When none does (two mistakes, or another kind), the parser's own stop is
reported, in French (:func:`yaml_messages.syntax_message`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from . import yaml_messages as say
from .problems import Problem

#: Lines looked at before the one where reading stopped, for a line moved.
WINDOW = 40
#: Larger texts are not repaired (each repair reads the whole text again; a tree is a few KB).
MAX_CHARS = 100_000
#: YAML events read again, all repairs together, before giving up (PyYAML's stop
#: is reported then; about a second), each read also counting one event per 100
#: characters: a tree of 10 KB (1,000 events) can try 200 repairs; a hostile text of thousands of open brackets would otherwise be read
#: again once per line, each time whole.
READ_BUDGET = 250_000


class _Spent(Exception):
    """READ_BUDGET is spent."""
_KEY = re.compile(r"^(\s*(?:- +)?)([\w.-]+)\s*:(?:\s|$)")
_NO_COLON = re.compile(r"^(\s*(?:- +)?)([\w.-]+)(?=\s|$)")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Fix:
    """Where to fix (1-based) and what to do, in French."""

    line: int
    col: int
    message: str


def _reads(text: str, left: list[int]) -> set[int] | None:
    """The lines (0-based) where a value or a key starts, when ``text`` reads
    as an editor would mean it: no key twice in a block (yaml_loader refuses
    that too), no key of several words without quotes (a text line taken for
    a key); None when it does not. Each event read is taken from ``left[0]``."""
    left[0] -= len(text) // 100
    loader = _Loader(text)
    starts: set[int] = set()
    open_: list[tuple[set[str], list[bool]] | None] = []  # per open block: its keys, whether a key comes next
    try:
        while (event := loader.get_event()) is not None:
            left[0] -= 1
            if left[0] < 0:
                raise _Spent
            if isinstance(event, yaml.CollectionEndEvent):
                open_.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if event.start_mark is not None:
                starts.add(event.start_mark.line)
            top = open_[-1] if open_ else None
            if top is not None:
                keys, next_is_key = top
                if next_is_key[0] and isinstance(event, yaml.ScalarEvent):
                    if event.value in keys or (not event.style and " " in event.value):
                        return None
                    keys.add(event.value)
                next_is_key[0] = not next_is_key[0]
            if isinstance(event, yaml.MappingStartEvent):
                open_.append((set(), [True]))
            elif isinstance(event, yaml.SequenceStartEvent):
                open_.append(None)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return starts


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_structure(line: str) -> bool:
    """Whether ``line`` looks like a key or a list item, not a line of text."""
    return bool(_KEY.match(line) or re.match(r"\s*- ", line))


def _shape(lines: list[str]) -> list[bool]:
    """For each line, whether it looks like a key or an item and is not a line
    of a « | » or « > » text (where « - » starts a Markdown list)."""
    shape = []
    header: int | None = None  # indentation of the key whose « | » or « > » text starts
    content: int | None = None  # indentation of that text, from its first line
    for line in lines:
        if header is not None and line.strip():
            if content is None and _indent(line) > header:
                content = _indent(line)
            if content is None or _indent(line) < content:
                header = content = None
        if header is not None:
            shape.append(False)
            continue
        if re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", line):
            header = _indent(line)
        shape.append(_is_structure(line))
    return shape


def _significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _neighbour(lines: list[str], number: int, step: int) -> int | None:
    probe = number + step
    while 0 <= probe < len(lines):
        if _significant(lines[probe]):
            return probe
        probe += step
    return None


def _indents(lines: list[str], number: int) -> list[int]:
    """Indentations worth trying for line ``number``, nearest first: its
    neighbours' (that of the text after their « - », that of the block a
    line ending in « : » or « >- » opens), one or two spaces more or less."""
    here = _indent(lines[number])
    found: list[int] = []
    for step in (-1, 1):
        other = _neighbour(lines, number, step)
        if other is not None:
            found.append(_indent(lines[other]))
            dash = re.match(r"\s*- +", lines[other])
            if dash:
                found.append(dash.end())
            if step == -1 and re.search(r"(:|[>|][-+]?)\s*$", lines[other]):
                found.append(_indent(lines[other]) + 2)
    found += [here + 1, here - 1, here + 2, here - 2]
    unique = [t for i, t in enumerate(found) if t >= 0 and t != here and t not in found[:i]]
    return sorted(unique, key=lambda t: abs(t - here))


def _starts_at(line: str, column: int) -> bool:
    dash = re.match(r"\s*- +", line)
    return _significant(line) and column in (_indent(line), dash.end() if dash else -1)


def _reference(lines: list[str], number: int, target: int) -> int | None:
    """The nearest other line whose text starts at column ``target``."""
    for distance in range(1, WINDOW):
        for probe in (number - distance, number + distance):
            if 0 <= probe < len(lines) and _starts_at(lines[probe], target):
                return probe + 1
    return None


_VALUE_START = re.compile(r"\s*(?:- +)*(?:[\w.-]+\s*:\s+)?")


def _opened(line: str) -> tuple[int, str] | None:
    """Column (0-based) and closing character of a quote, « [ » or « { » that
    starts the value of ``line`` and that the line does not close."""
    start = _VALUE_START.match(line)
    at = start.end() if start else 0
    char = line[at:at + 1]
    closing = {'"': '"', "'": "'", "[": "]", "{": "}"}.get(char)
    if closing is None:
        return None
    body = line[at:]
    if (closing == char and body.count(char) % 2 == 1) or (closing != char and body.count(char) > body.count(closing)):
        return at, closing
    return None


def _between_keys(lines: list[str], number: int) -> bool:
    """Whether the lines around ``number`` are keys at its indentation (it is one too, then)."""
    here = _indent(lines[number])
    around = [_neighbour(lines, number, step) for step in (-1, 1)]
    return any(n is not None and _indent(lines[n]) == here and _KEY.match(lines[n]) for n in around)


def _closings(lines: list[str], number: int, keys: set[str]) -> Iterator[tuple[str, Fix]]:
    """Line ``number`` with what it lacks: the colon after its key, the end of its quote or brackets."""
    line = lines[number]
    missing = _NO_COLON.match(line)
    if missing and not _KEY.match(line) and (missing.group(2) in keys or not line[missing.end():].strip()
                                             or _between_keys(lines, number)):
        yield (line[:missing.end()] + ":" + line[missing.end():],
               Fix(number + 1, missing.end() + 1, say.missing_colon(missing.group(2))))
    opened = _opened(line)
    if opened is not None:
        at, closing = opened
        message = say.open_quote(closing) if closing in "\"'" else say.open_bracket(closing)
        yield line.rstrip() + closing, Fix(number + 1, at + 1, message)


def _moves(lines: list[str], number: int, stop: tuple[int, int]) -> Iterator[tuple[str, Fix]]:
    """Line ``number`` without the « : » where reading stopped, or at another indentation."""
    line = lines[number]
    if number == stop[0] and line[stop[1]:stop[1] + 1] == ":":
        before = line[:stop[1]]
        # not the colon of a key, nor one between quotes (the mistake is elsewhere then)
        if not re.fullmatch(r"\s*(?:- +)?[\w.-]+\s*", before) and before.count('"') % 2 == 0:
            yield before + " -" + line[stop[1] + 1:], Fix(number + 1, stop[1] + 1, say.colon_in_text())
    here = _indent(line)
    for target in _indents(lines, number):
        yield (" " * target + line[here:],
               Fix(number + 1, 1, say.wrong_indent(here, target, _reference(lines, number, target))))


def find_fix(text: str, stop_line: int, stop_col: int) -> Fix | None:
    """The repair of one line, at or before ``stop_line`` (0-based, where
    PyYAML stopped), after which ``text`` reads; None when there is none.
    What a line lacks is looked for first, on every line; then a line moved."""
    if len(text) > MAX_CHARS:
        return None
    lines = text.split("\n")
    stop_line = min(stop_line, len(lines) - 1)
    keys = {m.group(2) for m in map(_KEY.match, lines) if m}
    before = [n for n in range(stop_line, -1, -1) if _significant(lines[n])]
    # a quote left open may be noticed far below: what a line lacks is looked for up to the top
    tries = [(n, _closings(lines, n, keys)) for n in before]
    tries += [(n, _moves(lines, n, (stop_line, stop_col))) for n in before if n >= stop_line - WINDOW]
    shape = _shape(lines)
    left = [READ_BUDGET]
    for number, repairs in tries:
        for new, fix in repairs:
            try:
                starts = _reads("\n".join([*lines[:number], new, *lines[number + 1:]]), left)
            except _Spent:
                return None
            # each line keeps its part: keys and items stay ones, a line of text stays in its text
            if (starts is not None and (number in starts) == _is_structure(new)
                    and all(n in starts for n in range(number + 1, stop_line + 1) if shape[n])):
                return fix
    return None


def syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """The problem of a file PyYAML refuses: at the line to fix when a
    repair names it, else where PyYAML stopped, in French either way."""
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line, mark.column) if mark else (0, 0)
    if error.problem and "nesting depth" in error.problem:  # libyaml's own limit (1000)
        return Problem(path, line + 1, col + 1, "error", say.TOO_DEEP, "too-deep")
    fix = find_fix(text, line, col)
    if fix is not None:
        return Problem(path, fix.line, fix.col, "error", fix.message, "yaml-syntax")
    context_line = None
    if error.context and error.context_mark and error.context_mark is not mark:
        context_line = error.context_mark.line + 1
    return Problem(path, line + 1, col + 1, "error",
                   say.syntax_message(error.problem, error.context, context_line), "yaml-syntax")
