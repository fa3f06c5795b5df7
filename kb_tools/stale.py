"""``python -m kb_tools report --stale DAYS``: the content no one has checked
for DAYS days, or ever, with the team that owns it.

Every tree of ``trees/`` (not the catalogues ``_*.yml``) and every page of
``docs/`` (the pages generated from the trees are the trees) is read for its
``reviewed:`` and ``owner:`` keys (kb_tools/review.py), and nothing else: a
tree or a page with errors elsewhere is listed all the same, and one whose
keys cannot be read at all is listed as never reviewed, saying so.

A line per item, never reviewed first, then the oldest review first, each
located ``path:line:col`` at its ``reviewed:`` key (line 1 when it has none),
so that an editor's terminal opens the file there; then one line per owner.
``--github`` writes GitHub's warning annotations instead
(``::warning file=…,line=…::…``), escaped as GitHub's toolkit escapes them.
Stale content is no error: the command says so and succeeds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .front_matter import read_front_matter
from .page_files import read_pages
from .problems import Problem
from .review import OWNER, REVIEWED, owner_name, reviewed_date
from .yaml_loader import Document, load_file

RULE = "stale"
NO_OWNER = "sans responsable"


@dataclass(frozen=True)
class Item:
    """A tree or a page, as far as its review goes."""
    path: str
    line: int
    col: int
    #: "arbre" or "page"
    kind: str
    owner: str | None
    reviewed: dt.date | None
    #: Why the review keys could not be used (a broken file, a wrong date), or None.
    note: str | None = None


def _item(path: str, kind: str, doc: Document | None, unreadable: str | None) -> Item:
    if doc is None or not isinstance(doc.data, dict):
        return Item(path, 1, 1, kind, None, None, unreadable or "ses clés ne se lisent pas")
    data = doc.data
    line, col = doc.at((REVIEWED,), key=True) if REVIEWED in data else (1, 1)
    reviewed = reviewed_date(data.get(REVIEWED))
    note = None
    if REVIEWED in data and reviewed is None:
        note = f"date de relecture incorrecte (« {data[REVIEWED]} », AAAA-MM-JJ attendu)"
    owner = owner_name(data.get(OWNER))
    if OWNER in data and owner is None and note is None:
        note = "« owner » incorrect (le nom d’une équipe attendu)"
    return Item(path, line, col, kind, owner, reviewed, note)


def _first(problems: list[Problem]) -> str | None:
    return f"{problems[0].message} ({problems[0].rule})" if problems else None


def read_items(trees: Iterable[Path], docs: Path, inside: Path, shown: Callable[[Path], str]) -> list[Item]:
    """Every tree file of ``trees`` and every page under ``docs``, with its review keys."""
    items = []
    for path in trees:
        doc, problems = load_file(path, shown(path), inside)
        items.append(_item(shown(path), "arbre", doc, _first(problems)))
    if docs.is_dir():
        for _path, name, text, problems in read_pages(docs, inside, shown):
            if text is None:
                items.append(_item(name, "page", None, _first(problems)))
                continue
            doc, problems = read_front_matter(text, name)
            if doc is None and not problems:  # no front matter: no key, never reviewed
                items.append(Item(name, 1, 1, "page", None, None))
            else:
                items.append(_item(name, "page", doc, _first(problems)))
    return items


def age(item: Item, today: dt.date) -> int | None:
    """Days since the last review, None when never reviewed."""
    return None if item.reviewed is None else (today - item.reviewed).days


def stale(items: Iterable[Item], days: int, today: dt.date) -> list[Item]:
    """The items not reviewed for ``days`` days (reviewed ``days`` days ago or
    earlier) or never: never reviewed first, then the oldest review first."""
    found = [i for i in items if i.reviewed is None or (today - i.reviewed).days >= days]
    return sorted(found, key=lambda i: (i.reviewed is not None, i.reviewed or dt.date.min, i.path))


def _what(item: Item, today: dt.date) -> str:
    e, it = ("e", "la") if item.kind == "page" else ("", "le")
    days = age(item, today)
    if days is None:
        said = f"{item.kind} jamais relu{e}" + (f" : {item.note}" if item.note else "")
    else:
        said = f"{item.kind} relu{e} il y a {days} jour{'s' if days > 1 else ''} (le {item.reviewed})"
    return (f"{said} ; responsable : {item.owner or NO_OWNER} ; relisez-{it}, puis écrivez "
            f"reviewed: {today.isoformat()}")


def lines(found: list[Item], today: dt.date) -> list[str]:
    """One located warning per item (``path:line:col: warning: … (stale)``)."""
    return [Problem(i.path, i.line, i.col, "warning", _what(i, today), RULE).format() for i in found]


def summary(found: list[Item], total: int, days: int, today: dt.date) -> list[str]:
    """One line per owner (most to review first), then the count."""
    per_owner = Counter(i.owner or NO_OWNER for i in found)
    never = Counter(i.owner or NO_OWNER for i in found if i.reviewed is None)
    out = [f"{owner} : {count} à relire, dont {never[owner]} jamais relu(s)"
           for owner, count in sorted(per_owner.items(), key=lambda kv: (-kv[1], kv[0]))]
    out.append(f"{len(found)} sur {total} à relire (pas relus depuis {days} jour(s) ou jamais), "
               f"au {today.isoformat()}")
    return out


def escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's toolkit escapes it (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): also « : » and « , »."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(found: list[Item], today: dt.date) -> list[str]:
    """GitHub warning annotations, one per item, on its ``reviewed:`` line."""
    out = []
    for item in found:
        title = f"À relire ({item.owner or NO_OWNER})"
        props = ",".join(f"{k}={escape_property(v)}" for k, v in
                         (("file", item.path), ("line", str(item.line)), ("col", str(item.col)), ("title", title)))
        out.append(f"::warning {props}::{escape_data(_what(item, today))}")
    return out
