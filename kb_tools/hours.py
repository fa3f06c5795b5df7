"""Opening hours, as the flow reads them: each day a list of ``HH:MM-HH:MM``
slots within that day, in the catalogue's time zone. The schema checks the spelling; here,
that each slot is a real span of that day and that slots do not overlap."""

from __future__ import annotations

import datetime
import functools
import os
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import holidays

from .model import WEEKDAYS

_SLOT = re.compile(r"([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})")
DAY = 24 * 60
#: ``(path inside the week, message, rule)``
Finding = tuple[tuple[str | int, ...], str, str]


def parse(slot: str) -> tuple[int, int] | None:
    """``"09:00-18:00"`` as minutes ``(540, 1080)``; None if not spelled so."""
    match = _SLOT.fullmatch(slot)
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return h1 * 60 + m1, h2 * 60 + m2


_DAY_NAMES = dict(zip(WEEKDAYS, ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"), strict=True))


def _next_day(day: str) -> str:
    return _DAY_NAMES[WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7]]


def check_week(week: dict[str, Any]) -> Iterator[Finding]:
    """Every slot that is not a span of its day, and every overlap."""
    for day in WEEKDAYS:
        spans: list[tuple[int, int, int]] = []
        for i, slot in enumerate(week.get(day) or []):
            parsed = parse(slot) if isinstance(slot, str) else None
            if parsed is None:
                continue  # the schema reports it
            start, end = parsed
            if start >= DAY or end > DAY:
                yield (day, i), f"« {slot} » dépasse 24:00 ; une journée va de 00:00 à 24:00", "bad-hours"
            elif start == end:
                yield (day, i), f"« {slot} » est vide (il commence et finit à la même heure) ; supprimez-le", "bad-hours"
            elif end < start:
                yield (day, i), (f"« {slot} » finit avant de commencer ; pour une ouverture de nuit, "
                                 f"écrivez deux créneaux : « {slot[:5]}-24:00 » le {_DAY_NAMES[day]} "
                                 f"et « 00:00-{slot[6:]} » le {_next_day(day)}"), "bad-hours"
            else:
                spans.append((start, end, i))
        spans.sort()
        latest = -1  # the latest end so far, in start order
        for start, end, i in spans:
            if start < latest:
                yield (day, i), (f"« {week[day][i]} » chevauche un autre créneau du {_DAY_NAMES[day]} ; "
                                 "fusionnez-les en un seul"), "overlapping-hours"
            latest = max(latest, end)


#: The regions of IANA's canonical Region/City names; with "UTC", the names every
#: browser's Intl knows. The system's database also lists names a browser refuses
#: or reads otherwise ("localtime", "Factory", "posixrules", "posix/...", "Etc/GMT+5").
_REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
            "Pacific")


@functools.cache
def _has_zone_database() -> bool:
    """Whether this system (or the tzdata package) can name its zones; listing them all costs
    0.1 s on every `make check`, so a name is asked for alone (``ZoneInfo``)."""
    return bool(zoneinfo.available_timezones()) if not any(Path(p).is_dir() for p in zoneinfo.TZPATH) else True


def known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone every browser knows: "UTC" or a
    Region/City name of this system's zone database (when there is none to ask,
    any Region/City name passes)."""
    if name == "UTC":
        return True
    if name.split("/", 1)[0] not in _REGIONS or "/" not in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        return not _has_zone_database()
    except (ValueError, OSError):
        return False
    return True


#: How far ahead the browser data lists public holidays, from the first day of the build month.
HOLIDAY_MONTHS = 24


def build_month() -> tuple[int, int]:
    """The (year, month) of the build: that of ``SOURCE_DATE_EPOCH`` when set
    (reproducible builds, as MkDocs dates the sitemap), otherwise of today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch.isdigit() and int(epoch) > 0
              else datetime.datetime.now(datetime.UTC))
    return moment.year, moment.month


@functools.cache
def public_holidays(year: int, month: int, months: int = HOLIDAY_MONTHS) -> tuple[str, ...]:
    """French public holidays (the ``holidays`` package), as sorted ``YYYY-MM-DD``,
    from the first day of ``year-month`` through ``months`` months: the days
    a reply deadline does not count (overrides/assets/javascripts/kb/clock.js)."""
    start = datetime.date(year, month, 1)
    end_year, end_month = divmod(month - 1 + months, 12)
    end = datetime.date(year + end_year, end_month + 1, 1)
    days = holidays.country_holidays("FR", years=range(year, end.year + 1))
    return tuple(sorted(day.isoformat() for day in days if start <= day < end))
