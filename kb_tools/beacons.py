"""Read a log of beacons: one JSON object per line, as the site sends them.

The format (README.md, « Signaux de mesure ») allows exactly these fields:
``event`` (``step``, ``outcome`` or ``feedback``), ``page`` (a path, never a
query or a hash), ``tree`` and ``node`` (slugs), ``from`` (a slug, on step and
outcome), ``channel`` (a slug, on outcome) and ``helpful`` (a boolean, on
feedback). Any other line is malformed: it is counted with its reason and
its line number, never fatal.

The file is read line by line in binary, each line capped at
:data:`MAX_LINE` bytes (the rest of a longer one is skipped without being
kept): memory holds one line at a time, whatever the file's size.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Literal, NamedTuple, cast

#: A beacon is a few hundred bytes; a longer line is no beacon and is not parsed.
MAX_LINE = 4096
#: Longest id (the schemas' ``maxLength`` of an id) and longest page path.
MAX_ID = 60
MAX_PAGE = 1000
#: How many line numbers are kept per reason (the count is always exact).
FIRST_LINES = 5
#: Distinct lines remembered with their reading (logs repeat the same beacons), and the longest one
#: remembered: a few megabytes at most.
_CACHE = 20_000
_CACHED_LINE = 400

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: ``location.pathname``: percent-encoded, so plain ASCII; no query, no hash; not ``//`` (a host).
#: The same as the browser's check (overrides/assets/javascripts/kb/beacon.js).
PATH = re.compile(r"/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")

Reason = Literal["long", "nul", "utf8", "json", "object", "duplicate", "event", "missing", "extra", "type",
                 "value-long", "slug", "page"]
#: Every reason a line is malformed, in French, in the order they are checked.
REASONS: dict[Reason, str] = {
    "long": f"ligne de plus de {MAX_LINE} octets",
    "nul": "contient un octet nul",
    "utf8": "pas de l’UTF-8 valide",
    "json": "pas du JSON",
    "object": "pas un objet JSON",
    "duplicate": "champ en double",
    "event": "champ « event » absent ou inconnu",
    "missing": "champ obligatoire absent",
    "extra": "champ inconnu pour cet événement",
    "type": "champ du mauvais type",
    "value-long": "valeur trop longue",
    "slug": "identifiant qui n’est pas de la forme mot-mot",
    "page": "page qui n’est pas un chemin (/…/, sans ? ni #)",
}

#: Fields of each event: required, then allowed.
FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "step": (frozenset({"event", "page", "tree", "node"}), frozenset({"event", "page", "tree", "node", "from"})),
    "outcome": (frozenset({"event", "page", "tree", "node"}),
                frozenset({"event", "page", "tree", "node", "from", "channel"})),
    "feedback": (frozenset({"event", "page", "helpful"}), frozenset({"event", "page", "tree", "node", "helpful"})),
}
_SLUG_FIELDS = ("tree", "node", "from", "channel")


Event = Literal["step", "outcome", "feedback"]


class Beacon(NamedTuple):
    event: Event
    page: str
    tree: str | None = None
    node: str | None = None
    from_: str | None = None
    channel: str | None = None
    helpful: bool | None = None


class Malformed(NamedTuple):
    reason: Reason


@dataclass
class MalformedLines:
    """Malformed lines by reason: how many, and the first line numbers."""
    counts: dict[Reason, int] = field(default_factory=dict)
    lines: dict[Reason, list[int]] = field(default_factory=dict)

    def add(self, reason: Reason, line: int) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        first = self.lines.setdefault(reason, [])
        if len(first) < FIRST_LINES:
            first.append(line)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate
    return out


class _Duplicate(Exception):
    pass


_decoder = json.JSONDecoder(object_pairs_hook=_pairs)


def _quick(data: dict[str, Any]) -> Beacon | None:
    """The beacon of a well-formed object, quickly; None: see :func:`_reason`."""
    event = data.get("event")
    shape = FIELDS.get(event) if isinstance(event, str) else None
    if shape is None or not shape[0] <= data.keys() <= shape[1]:
        return None
    for key in _SLUG_FIELDS:
        if key in data:
            value = data[key]
            if type(value) is not str or len(value) > MAX_ID or SLUG.fullmatch(value) is None:
                return None
    page, helpful = data["page"], data.get("helpful")
    if (type(page) is not str or len(page) > MAX_PAGE or PATH.fullmatch(page) is None
            or (event == "feedback") != (type(helpful) is bool) or ("tree" in data) != ("node" in data)):
        return None
    return Beacon(cast(Event, event), page, data.get("tree"), data.get("node"), data.get("from"), data.get("channel"),
                  helpful)


def _reason(data: dict[str, Any]) -> Malformed:
    """Why :func:`_quick` refused ``data``: the first fault, in the order of :data:`REASONS`."""
    event = data.get("event")
    if not isinstance(event, str) or event not in FIELDS:
        return Malformed("event")
    required, allowed = FIELDS[event]
    keys = data.keys()
    if not required <= keys:
        return Malformed("missing")
    if not keys <= allowed:
        return Malformed("extra")
    if event == "feedback":
        if not isinstance(data["helpful"], bool):
            return Malformed("type")
        if ("tree" in data) != ("node" in data):  # a flow's outcome names both, an article neither
            return Malformed("missing")
    for key in ("page", *_SLUG_FIELDS):
        if key in data and not isinstance(data[key], str):
            return Malformed("type")
    for key in _SLUG_FIELDS:
        value = data.get(key)
        if value is not None:
            if len(value) > MAX_ID:
                return Malformed("value-long")
            if not SLUG.fullmatch(value):
                return Malformed("slug")
    page = data["page"]
    if len(page) > MAX_PAGE:
        return Malformed("value-long")
    if not PATH.fullmatch(page):
        return Malformed("page")
    return Malformed("type")  # what _quick refuses is one of the above (a generated test checks both agree)


def read_line(raw: bytes) -> Beacon | Malformed | None:
    """One line of the log (without its end of line): a beacon, why it is
    malformed, or None for a blank line."""
    if len(raw) > MAX_LINE:
        return Malformed("long")
    if b"\0" in raw:
        return Malformed("nul")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Malformed("utf8")
    if not text.strip():
        return None
    try:
        data = _decoder.decode(text)
    except _Duplicate:
        return Malformed("duplicate")
    except (ValueError, RecursionError):
        return Malformed("json")
    if not isinstance(data, dict):
        return Malformed("object")
    return _quick(data) or _reason(data)


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    """Each line of ``stream`` without its end of line; a line over
    :data:`MAX_LINE` bytes comes as its first ``MAX_LINE + 1`` bytes, the rest
    read and dropped."""
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            rest = raw
            while rest and not rest.endswith(b"\n"):
                rest = stream.readline(1 << 16)
            yield raw
            continue
        yield raw.rstrip(b"\r\n")


def read_beacons(stream: IO[bytes], malformed: MalformedLines) -> Iterator[Beacon]:
    """The beacons of ``stream``, in order; each malformed line goes into ``malformed``."""
    seen: dict[bytes, Beacon | Malformed | None] = {}
    for number, raw in enumerate(_lines(stream), start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):  # a file saved by an editor that marks UTF-8
            raw = raw[len(codecs.BOM_UTF8):]
        found = seen.get(raw)
        if found is None and raw not in seen:
            found = read_line(raw)
            if len(seen) < _CACHE and len(raw) <= _CACHED_LINE:
                seen[raw] = found
        if found is None:
            continue
        if isinstance(found, Malformed):
            malformed.add(found.reason, number)
        else:
            yield found
