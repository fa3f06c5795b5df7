"""``python -m kb_tools report --stale DAYS``: the content no one has checked
for DAYS days, or ever, with the team that owns it.

Every tree of ``trees/`` (not the catalogues ``_*.yml``) and every page of
``docs/`` (the pages generated from the trees are the trees) is read for its
``reviewed:`` and ``owner:`` keys (kb_tools/review.py), and nothing else: a
tree or a page with errors elsewhere is listed all the same, and one whose
keys cannot be read at all is listed as never reviewed, saying so.  A
``reviewed:`` that kb_tools/review.py refuses, whatever the mistake (empty,
no date, no such day, in the future), counts as no review, saying why.

A section per owner (most to review first, the owner-less last), a line per
item in it, never reviewed first, then the oldest review first, each located
``path:line:col`` at its ``reviewed:`` key (line 1 when it has none), so that
an editor's terminal opens the file there; ``--owner TEAM`` keeps one team's.
``--github`` writes GitHub's warning annotations instead
(``::warning file=…,line=…::…``), escaped as GitHub's toolkit escapes them:
at most :data:`MAX_ANNOTATIONS` (GitHub shows no more per step), the files the
pull request changes first (``--changed FILE``); ``--summary FILE`` appends the
whole list to the job's summary, a Markdown table with every cell escaped.
Stale content is no error: the command says so and succeeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .front_matter import read_front_matter
from .page_files import read_pages
from .problems import Problem
from .review import OWNER, REVIEWED, date_refusal, owner_name, owner_refusal, reviewed_date
from .yaml_loader import Document, load_file

RULE = "stale"
NO_OWNER = "sans responsable"
#: GitHub shows at most 10 warning annotations per step, the first ones printed.
MAX_ANNOTATIONS = 10


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


def review_state(data: dict[str, object], today: dt.date) -> tuple[dt.date | None, str | None]:
    """The review date of a tree or a page's keys, and why it counts as none (or the
    owner is unusable): every value kb_tools/review.py refuses is no review, said the same way."""
    why = date_refusal(data[REVIEWED], today) if REVIEWED in data else None
    reviewed = reviewed_date(data[REVIEWED]) if REVIEWED in data and why is None else None
    if why is None and OWNER in data:
        why = owner_refusal(data[OWNER])
    return reviewed, why


def _item(path: str, kind: str, doc: Document | None, unreadable: str | None, today: dt.date) -> Item:
    if doc is None or not isinstance(doc.data, dict):
        return Item(path, 1, 1, kind, None, None, unreadable or "ses clés ne se lisent pas")
    data = doc.data
    line, col = doc.at((REVIEWED,), key=True) if REVIEWED in data else (1, 1)
    reviewed, note = review_state(data, today)
    return Item(path, line, col, kind, owner_name(data.get(OWNER)), reviewed, note)


def _first(problems: list[Problem]) -> str | None:
    return f"{problems[0].message} ({problems[0].rule})" if problems else None


def read_items(trees: Iterable[Path], docs: Path, inside: Path, shown: Callable[[Path], str],
               today: dt.date) -> list[Item]:
    """Every tree file of ``trees`` and every page under ``docs``, with its review keys
    (a ``reviewed:`` after ``today`` is refused, like any wrong date)."""
    items = []
    for path in trees:
        doc, problems = load_file(path, shown(path), inside)
        items.append(_item(shown(path), "arbre", doc, _first(problems), today))
    if docs.is_dir():
        for _path, name, text, problems in read_pages(docs, inside, shown):
            if text is None:
                items.append(_item(name, "page", None, _first(problems), today))
                continue
            doc, problems = read_front_matter(text, name)
            if doc is None and not problems:  # no front matter: no key, never reviewed
                items.append(Item(name, 1, 1, "page", None, None))
            else:
                items.append(_item(name, "page", doc, _first(problems), today))
    return items


def age(item: Item, today: dt.date) -> int | None:
    """Days since the last review, None when never reviewed."""
    return None if item.reviewed is None else (today - item.reviewed).days


def stale(items: Iterable[Item], days: int, today: dt.date) -> list[Item]:
    """The items not reviewed for ``days`` days (reviewed ``days`` days ago or
    earlier) or never: never reviewed first, then the oldest review first."""
    found = [i for i in items if i.reviewed is None or (today - i.reviewed).days >= days]
    return sorted(found, key=lambda i: (i.reviewed is not None, i.reviewed or dt.date.min, i.path))


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count word`` in French: singular for 0 and 1."""
    return f"{count} {word if count < 2 else many or word + 's'}"


def _what(item: Item, today: dt.date) -> str:
    e, it = ("e", "la") if item.kind == "page" else ("", "le")
    days = age(item, today)
    if days is None:
        said = f"{item.kind} jamais relu{e}" + (f" : {item.note}" if item.note else "")
    else:
        said = f"{item.kind} relu{e} il y a {plural(days, 'jour')} (le {item.reviewed})"
        if item.note:
            said += f" ; {item.note}"
    who = f"responsable : {item.owner}" if item.owner else f"{NO_OWNER} (ajoutez owner: et le nom de l’équipe)"
    return f"{said} ; {who} ; relisez-{it}, puis écrivez reviewed: {today.isoformat()}"


def lines(found: list[Item], today: dt.date) -> list[str]:
    """One located warning per item (``path:line:col: warning: … (stale)``)."""
    return [Problem(i.path, i.line, i.col, "warning", _what(i, today), RULE).format() for i in found]


def by_owner(found: list[Item]) -> list[tuple[str, list[Item]]]:
    """The items per owner, most to review first (then by name), the owner-less last;
    each keeps the order of ``found``."""
    groups: dict[str, list[Item]] = {}
    for item in found:
        groups.setdefault(item.owner or NO_OWNER, []).append(item)
    return sorted(groups.items(), key=lambda kv: (kv[0] == NO_OWNER, -len(kv[1]), kv[0].casefold()))


def _count(items: list[Item]) -> str:
    never = sum(i.reviewed is None for i in items)
    return f"{len(items)} à relire" + (f", dont {plural(never, 'jamais relu')}" if never else "")


def sections(found: list[Item], today: dt.date) -> list[str]:
    """A heading line per owner (« Support paiements : 3 à relire, dont 1 jamais relu »),
    then its located lines; a blank line between owners."""
    out: list[str] = []
    for owner, items in by_owner(found):
        out += [*([""] if out else []), f"{owner} : {_count(items)}", *lines(items, today)]
    return out


def total(found: list[Item], count: int, days: int, today: dt.date) -> str:
    """The closing line: how many of all, since when, on which day."""
    return (f"{len(found)} sur {count} à relire (pas relus depuis {plural(days, 'jour')} ou jamais), "
            f"au {today.isoformat()}")


def same_owner(owner: str | None, wanted: str) -> bool:
    """Whether ``owner`` is the team ``wanted`` (« sans responsable »: none), spaces and case aside."""
    norm = " ".join(wanted.split()).casefold()
    return (owner or NO_OWNER).casefold() == norm


def escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's toolkit escapes it (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): also « : » and « , »."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(found: list[Item], today: dt.date, changed: frozenset[str] = frozenset()) -> list[str]:
    """GitHub warning annotations on the items' ``reviewed:`` lines, at most
    :data:`MAX_ANNOTATIONS` (GitHub drops the others): the files of ``changed``
    (those the pull request changes, shown on their line in « Files changed ») first."""
    ordered = sorted(found, key=lambda item: item.path not in changed)  # stable: oldest first in each part
    out = []
    for item in ordered[:MAX_ANNOTATIONS]:
        title = f"À relire ({item.owner or NO_OWNER})"
        props = ",".join(f"{k}={escape_property(v)}" for k, v in
                         (("file", item.path), ("line", str(item.line)), ("col", str(item.col)), ("title", title)))
        out.append(f"::warning {props}::{escape_data(_what(item, today))}")
    if len(ordered) > MAX_ANNOTATIONS:
        out.append(f"{plural(len(ordered) - MAX_ANNOTATIONS, 'autre')} à relire sans annotation (GitHub en "
                   f"affiche {MAX_ANNOTATIONS} au plus) : la liste entière est dans le résumé du job")
    return out


def cell(text: str) -> str:
    """``text`` as one Markdown table cell shows it, literally: every ASCII sign
    (``|``, backticks, ``<``, ``*``…) a numeric character reference, every line
    break or invisible character a space."""
    out = []
    for char in text:
        if char.isascii() and not char.isalnum() and char.isprintable() and char != " ":
            out.append(f"&#{ord(char)};")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(" ")
    return "".join(out)


def summary_table(found: list[Item], count: int, days: int, today: dt.date,
                  changed: frozenset[str] = frozenset()) -> str:
    """The whole list for the job's summary (``$GITHUB_STEP_SUMMARY``): a Markdown
    table per owner, like the terminal's sections, the changed files marked."""
    out = [f"## Contenu à relire\n\n{cell(total(found, count, days, today))}\n"]
    for owner, items in by_owner(found):
        out.append(f"\n### {cell(owner)} : {cell(_count(items))}\n\n"
                   "| Fichier | Ligne | Dernière relecture | Modifié ici | Remarque |\n| --- | --- | --- | --- | --- |")
        for item in items:
            days_ago = age(item, today)
            when = "jamais" if days_ago is None else f"{item.reviewed} (il y a {plural(days_ago, 'jour')})"
            out.append(f"| {cell(item.path)} | {item.line} | {cell(when)} | "
                       f"{'oui' if item.path in changed else ''} | {cell(item.note or '')} |")
    return "\n".join(out) + "\n"
