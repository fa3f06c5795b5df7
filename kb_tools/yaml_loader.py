"""Safe YAML loading that keeps where every value came from.

PyYAML's ``safe_load`` forgets positions, silently keeps the last of two
duplicate keys and expands aliases without limit.  Here the document is
*composed* by PyYAML (safe, no Python tags), then turned into plain data by
a small walk that records the line and column of every key and value,
rejects duplicate keys and unknown tags, and bounds alias expansion.

Positions are only read when a problem is reported, so a plain file (no
tag, anchor or alias, no duplicate key, keys that are text) is first read
by a quicker walk over libyaml's events that keeps no position; the full
walk runs on the same text the first time a position is asked for, and at
once for any file the quick walk leaves to it (every refusal comes from
the full walk, so problems and positions are the same either way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .source_file import read_source
from .yaml_blame import syntax_problem
from .yaml_messages import MAX_DEPTH, REFUSED, TOO_DEEP, character_name, quote_hint, syntax_message

#: Files larger than this are refused before parsing (a tree is a few KB).
MAX_BYTES = 512 * 1024
#: Values built from one document, aliases expanded (bounds alias bombs).
MAX_VALUES = 50_000
#: Refused characters reported per file (the rest are the same fix).
MAX_CHARACTER_PROBLEMS = 20
_STR = "tag:yaml.org,2002:str"

JsonPath = tuple[str | int, ...]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass
class Positions:
    """Line and column (1-based) of every value, and of every mapping key."""

    values: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    #: What the editor wrote, for unquoted scalars YAML did not read as text
    #: (``yes``, ``010``, ``12:30``, ``~``...): messages show how to quote them.
    written: dict[JsonPath, str] = field(default_factory=dict)

    def of(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Position of ``path``, or of its nearest known parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class Document:
    """A loaded file: its data and, worked out on first use from ``text``
    when not given, the position of each value."""

    def __init__(self, path: str, data: Any, positions: Positions | None = None, *, text: str = "") -> None:
        self.path = path
        self.data = data
        self._positions = positions
        self._text = text

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = _positions_of(self._text)
        return self._positions

    def at(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        return self.positions.of(path, key=key)

    @property
    def text(self) -> str:
        """The file's text, as read (empty for a document built from data alone)."""
        return self._text


class _TooBig(Exception):
    def __init__(self, mark: yaml.Mark | None) -> None:
        self.mark = mark


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str, rule: str) -> None:
        self.mark = mark
        self.message = message
        self.rule = rule


# libyaml's parser when PyYAML was built with it (ten times faster), same results
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Builder:
    def __init__(self, loader: yaml.SafeLoader | yaml.CSafeLoader) -> None:
        self.loader = loader
        self.positions = Positions()
        self.count = 0

    def build(self, node: yaml.Node, path: JsonPath, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig(node.start_mark)
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark,
                           TOO_DEEP, "too-deep")
        self.positions.values[path] = _pos(node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            raise _Refused(
                node.start_mark,
                f"l’étiquette YAML « {node.tag} » est interdite ; "
                "retirez-la et écrivez une valeur simple",
                "forbidden-tag",
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)  # dates stay as the editor wrote them
        if node.tag != _STR:
            self.positions.written[path] = str(node.value)
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # looks like a YAML 1.1 number but is none (``0x_``, ``0b_``): text, as YAML 1.2 reads it
            return str(node.value)

    def _key(self, key_node: yaml.Node) -> str:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
            raise _Refused(key_node.start_mark,
                           "une clé doit être un simple mot, pas une liste ni un bloc", "key-type")
        if key_node.tag not in (_STR, "tag:yaml.org,2002:timestamp"):
            written = str(key_node.value)
            value = self._scalar(key_node)
            raise _Refused(key_node.start_mark,
                           f"la clé « {written} » n’est pas lue comme un mot : {quote_hint(written, value)}",
                           "key-type")
        if key_node.tag != _STR:
            raise _Refused(key_node.start_mark,
                           f"la clé « {key_node.value} » est lue comme une date : "
                           f"écrivez \"{key_node.value}\" entre guillemets", "key-type")
        return str(self.loader.construct_object(key_node))

    def _mapping(self, node: yaml.MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # merges "<<" keys, as YAML says
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in result:
                first = self.positions.keys[(*path, key)]
                raise _Refused(
                    key_node.start_mark,
                    f"la clé « {key} » apparaît deux fois (première fois ligne {first[0]}) ; "
                    "gardez-en une seule",
                    "duplicate-key",
                )
            self.positions.keys[(*path, key)] = _pos(key_node.start_mark)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


_SCALAR_TAGS = {  # what SafeConstructor makes of each plain scalar YAML does not read as text
    "tag:yaml.org,2002:" + name: getattr(yaml.constructor.SafeConstructor, "construct_yaml_" + name)
    for name in ("bool", "int", "float", "null")
}
_RESOLVERS = _Loader.yaml_implicit_resolvers  # Resolver.resolve's table, read the same way below
_ANY_FIRST = tuple(_RESOLVERS.get(None, ()))
_BY_FIRST = {first: (*resolvers, *_ANY_FIRST) for first, resolvers in _RESOLVERS.items() if first is not None}


class _Unusual(Exception):
    """Something the quick walk leaves to the full one."""


def _plain_tag(value: str) -> str:
    """The tag of an untagged plain scalar, as ``Resolver.resolve`` gives it."""
    for tag, regexp in _BY_FIRST.get(value[:1], _ANY_FIRST):
        if regexp.match(value):
            return str(tag)
    return _STR


def _quick(text: str) -> Any:
    """The data of ``text`` as the full walk would build it, without positions;
    :class:`_Unusual` (or PyYAML's error) for anything it might refuse or
    build otherwise: tags, anchors, aliases, merge keys, keys that are not
    text, duplicate keys, too many values or levels, several documents."""
    loader = _Loader(text)
    try:
        get = loader.get_event
        if type(get()) is not yaml.StreamStartEvent or type(get()) is not yaml.DocumentStartEvent:
            raise _Unusual
        scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        tags: dict[str, str] = {}  # plain scalars repeat (keys, ids): resolve each once
        stack: list[tuple[Any, Any]] = []  # open collections outside this one, with their pending key
        here: Any = None  # the open dict or list
        key: Any = None  # in a dict: the key read, waiting for its value
        count = 1
        while True:
            event: Any = get()
            kind = type(event)
            if (kind is scalar or kind is mapping or kind is sequence) and (
                    event.anchor is not None or event.tag is not None):
                raise _Unusual
            if kind is scalar:
                value = event.value
                if event.implicit[0]:
                    tag = tags.get(value)
                    if tag is None:
                        tag = tags[value] = _plain_tag(value)
                    if tag != _STR:
                        if key is None and type(here) is dict:
                            raise _Unusual  # a key YAML reads as a number, a date...
                        construct = _SCALAR_TAGS.get(tag)
                        if construct is None:
                            if tag != "tag:yaml.org,2002:timestamp":
                                raise _Unusual  # "<<", "="
                        else:
                            value = construct(loader, yaml.ScalarNode(tag, value))
                if here is None:
                    raise _Unusual  # a document that is one scalar
            elif kind is mapping or kind is sequence:
                if len(stack) >= MAX_DEPTH or (key is None and type(here) is dict):
                    raise _Unusual
                stack.append((here, key))
                here, key = ({} if kind is mapping else []), None
                continue
            elif kind in ends:
                value = here
                here, key = stack.pop()
                if here is None:
                    break
            else:
                raise _Unusual
            if type(here) is list:
                here.append(value)
                count += 1
            elif key is None:
                if value in here:
                    raise _Unusual
                key = value
            else:
                here[key] = value
                key = None
                count += 1
            if count > MAX_VALUES:
                raise _Unusual
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            raise _Unusual
        return value
    finally:
        loader.dispose()


def _positions_of(text: str) -> Positions:
    """Positions of a document the quick walk read, from the full walk
    (which reads it too: the quick walk leaves it everything it might refuse)."""
    doc, _ = _full("", text)
    return Positions() if doc is None else doc.positions


def decode_utf8(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [Problem(path, 1, 1, "error",
                              f"fichier trop gros ({len(raw)} octets, maximum {MAX_BYTES}) ; "
                              "découpez-le en plusieurs arbres", "file-size")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(path, 1, 1, "error",
                              "le fichier commence par une marque d’ordre d’octets (BOM) ; "
                              "enregistrez-le en « UTF-8 » sans BOM", "bom")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(path, line, col, "error",
                              "octets qui ne sont pas de l’UTF-8 ; enregistrez le fichier en UTF-8",
                              "encoding")]
    if not text.strip():
        return None, [Problem(path, 1, 1, "error", "le fichier est vide", "empty-file")]
    return text, []


def _tabs(path: str, text: str) -> list[Problem]:
    problems: list[Problem] = []
    if "\t" not in text:
        return problems
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(path, number, indent.index("\t") + 1, "error",
                                    "tabulation dans l’indentation ; indentez avec des espaces",
                                    "no-tabs"))
    return problems


def _characters(path: str, text: str) -> list[Problem]:
    """Every character YAML refuses (NUL, ESC...), where it is, named."""
    problems = []
    for match in REFUSED.finditer(text):
        before = text[: match.start()]
        line = before.count("\n") + 1
        col = match.start() - (before.rfind("\n") + 1) + 1
        problems.append(Problem(path, line, col, "error",
                                f"{character_name(match.group())}, invisible dans la plupart des éditeurs ; "
                                "supprimez-le", "control-char"))
        if len(problems) == MAX_CHARACTER_PROBLEMS:
            break
    return problems


def load_text(path: str, raw: bytes, *, quick: bool = True) -> tuple[Document | None, list[Problem]]:
    """Parse ``raw`` (the bytes of ``path``) into a :class:`Document`.

    ``quick=False``: the full walk only (positions at once), for comparisons.
    """
    text, problems = decode_utf8(path, raw)
    if text is None:
        return None, problems
    problems = _characters(path, text) or _tabs(path, text)
    if problems:
        return None, problems
    if quick:
        try:
            return Document(path, _quick(text), text=text), []
        except Exception:  # whatever it is, the full walk says it in French
            pass
    return _full(path, text)


def _full(path: str, text: str) -> tuple[Document | None, list[Problem]]:
    """The full walk over PyYAML's nodes: data, positions, or the problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(path, 1, 1, "error", "le fichier est vide", "empty-file")]
        builder = _Builder(loader)
        data = builder.build(node, ())
    except _TooBig as exc:
        line, col = _pos(exc.mark) if exc.mark else (1, 1)
        return None, [Problem(path, line, col, "error",
                              "trop de valeurs après expansion des alias (&/*) ; "
                              "n’utilisez pas d’alias", "alias-bomb")]
    except _Refused as exc:
        line, col = _pos(exc.mark)
        return None, [Problem(path, line, col, "error", exc.message, exc.rule)]
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_problem(path, text, exc)]
    except yaml.YAMLError:  # unmarked: the characters were checked above, so rare
        return None, [Problem(path, 1, 1, "error", syntax_message(None, None, None), "yaml-syntax")]
    finally:
        loader.dispose()
    return Document(path, data, builder.positions, text=text), []


def load_file(
    path: Path, shown_as: str | None = None, inside: Path | None = None,
) -> tuple[Document | None, list[Problem]]:
    """Load ``path``; ``inside``: the folder its symlinks may lead into."""
    name = shown_as or str(path)
    raw, problems = read_source(path, name, MAX_BYTES, inside)
    if raw is None:
        return None, problems
    return load_text(name, raw)
