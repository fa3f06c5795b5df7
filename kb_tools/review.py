"""The review keys of a tree (top level) and of a page (front matter).

- ``reviewed: YYYY-MM-DD``: the day a person last checked that the content is
  still true; a real date, written ``2026-11-15``, not after today (the
  site's day, Europe/Paris: an editor in France at 00:30 writes tomorrow's
  UTC date).  The YAML loader keeps dates as the editor wrote them (a text),
  MkDocs reads them as dates: both are accepted here.
- ``owner: <team>``: who keeps it true (« Support paiements »), a short text.

Both are optional.  Trees and pages are checked here alone (the tree schema
only describes the keys, for the editor's completion): one problem per wrong
value, whatever its kind, located at the value, naming the key and saying
what to write or to remove the key (rule ``review``); ``python -m kb_tools report --stale DAYS``
(kb_tools/stale.py) lists what no one has reviewed for DAYS days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from . import head_text
from .problems import Problem
from .yaml_loader import Document

#: The two keys, as trees and pages write them.
REVIEWED, OWNER = "reviewed", "owner"
#: Their values' paths in a tree: no other check of a tree judges them (one problem per mistake).
REVIEW_PATHS = frozenset({(REVIEWED,), (OWNER,)})
#: ``YYYY-MM-DD`` and nothing else.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The longest team name (a name, not a sentence).
MAX_OWNER = 60
#: The site's day (kb_tools/hours.py reads the catalogue's zone the same way).
SITE_ZONE = "Europe/Paris"
RULE = "review"


def site_today() -> dt.date:
    """Today, in the site's time zone."""
    return dt.datetime.now(ZoneInfo(SITE_ZONE)).date()


def reviewed_date(value: object) -> dt.date | None:
    """The date of a ``reviewed:`` value, or None when it is none (wrong form, no such day)."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def owner_name(value: object) -> str | None:
    """The team named by ``owner:``, or None when it is no usable name."""
    return " ".join(value.split()) if owner_refusal(value) is None and isinstance(value, str) else None


#: Said after every refusal: both keys are optional.
OR_REMOVE = ", ou retirez la clé"


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def date_refusal(value: object, today: dt.date) -> str | None:
    """Why ``value`` is no ``reviewed:`` date (a French sentence naming the key and
    saying what to write, or to remove it), or None.  Every wrong value is refused
    here, whatever its kind: empty, no text, no date, a time added, no such day, future."""
    example = f"par exemple reviewed: {today.isoformat()}{OR_REMOVE}"
    if _empty(value):
        return f"« reviewed » est vide ; écrivez le jour de la relecture, {example}"
    if isinstance(value, dt.datetime) or (isinstance(value, str) and DATE.match(value) and not DATE.fullmatch(value)):
        return f"« reviewed » est un jour, sans heure : écrivez la date seule, {example}"
    if not isinstance(value, str | dt.date) or not DATE.fullmatch(str(value)):
        return f"« reviewed » doit être une date écrite AAAA-MM-JJ (année, mois, jour), {example}"
    day = reviewed_date(value)
    if day is None:
        return f"« reviewed » : le {value} n’existe pas dans le calendrier ; vérifiez le jour et le mois, {example}"
    if day > today:
        return (f"« reviewed » : le {value} est dans le futur ; écrivez le jour où la relecture a eu lieu, au plus "
                f"tard aujourd’hui ({today.isoformat()}){OR_REMOVE}")
    return None


def owner_refusal(value: object) -> str | None:
    """Why ``value`` is no ``owner:`` (a French sentence naming the key and saying
    what to write, or to remove it), or None."""
    if _empty(value):
        return f"« owner » est vide ; écrivez le nom de l’équipe responsable, par exemple Support paiements{OR_REMOVE}"
    if not isinstance(value, str):
        return f"« owner » doit être le nom d’une équipe, en texte, par exemple owner: Support paiements{OR_REMOVE}"
    if len(value) > MAX_OWNER:
        return (f"« owner » est trop long ({len(value)} caractères, {MAX_OWNER} au plus) ; écrivez seulement le "
                f"nom de l’équipe, par exemple Support paiements{OR_REMOVE}")
    if head_text.markup_in(value) is not None or not all(c.isprintable() or c == " " for c in value):
        return ("« owner » contient un signe de balisage (< > & \") ou un caractère invisible ; écrivez le nom "
                f"de l’équipe en toutes lettres, par exemple Support paiements{OR_REMOVE}")
    return None


def review_problems(meta: Mapping[str, Any], doc: Document, today: dt.date | None = None) -> list[Problem]:
    """The problems of ``reviewed`` and ``owner`` in ``meta`` (a tree or a page's
    front matter read from ``doc``), each located at its value."""
    today = today or site_today()
    problems = []
    for key, why in ((REVIEWED, date_refusal(meta[REVIEWED], today) if REVIEWED in meta else None),
                     (OWNER, owner_refusal(meta[OWNER]) if OWNER in meta else None)):
        if why is not None:
            line, col = doc.at((key,))
            problems.append(Problem(doc.path, line, col, "error", why, RULE))
    return problems
