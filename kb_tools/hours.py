"""Opening hours, as the flow reads them: each day a list of ``HH:MM-HH:MM``
slots within that day, in the catalogue's time zone. The schema checks the spelling; here,
that each slot is a real span of that day and that slots do not overlap."""

from __future__ import annotations

import datetime
import functools
import importlib.util
import os
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import cache
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


#: The project being built or checked (set by the build and by ``make check``); else the current folder's.
_project: Path | None = None


def use_project(root: Path | None) -> None:
    """Keep the days in ``root``'s .cache/holidays/ (the project being built), not the current folder's."""
    global _project
    _project = root


def _current_project() -> Path | None:
    if _project is not None:
        return _project
    return Path.cwd() if Path("mkdocs.yml").is_file() else None


def public_holidays(year: int, month: int, months: int = HOLIDAY_MONTHS) -> tuple[str, ...]:
    """:func:`holidays_in` for the project being built."""
    return holidays_in(year, month, months, _current_project())


@functools.cache
def holidays_in(year: int, month: int, months: int = HOLIDAY_MONTHS,
                project: Path | None = None) -> tuple[str, ...]:
    """French public holidays (the ``holidays`` package), as sorted ``YYYY-MM-DD``,
    from the first day of ``year-month`` through ``months`` months: the days
    a reply deadline does not count (overrides/assets/javascripts/kb/clock.js).

    With a ``project``, the answer is kept in its .cache/holidays/ (signed by this
    machine, kb_tools/cache.py) under the installed package's name and version and the
    months asked: importing the package is 50 ms of the 0.4 s of ``make check``."""
    package = _package_key()
    key = cache.digest(package, f"{year}-{month}-{months}") if package else None
    if key and project:
        kept = cache.read(project, "holidays", key)
        if isinstance(kept, list) and all(isinstance(day, str) and _ISO_DAY.fullmatch(day) for day in kept):
            return tuple(kept)
    start = datetime.date(year, month, 1)
    end_year, end_month = divmod(month - 1 + months, 12)
    end = datetime.date(year + end_year, end_month + 1, 1)
    days = _france()(years=range(year, end.year + 1))
    found = tuple(sorted(day.isoformat() for day in days if start <= day < end))
    if key and project:
        cache.write(project, "holidays", key, list(found), prune="*.json")
    return found


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _package_key() -> str | None:
    """The installed ``holidays``: its folder, its dist-info's name (the version) and
    its France module's size and date, found without importing it; None if not found."""
    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
        dists = sorted(p.name for p in folder.parent.glob("holidays-*.dist-info"))
        france = (folder / "countries" / "france.py").stat()
    except (ImportError, ValueError, OSError):
        return None
    return cache.digest(str(folder), *dists, f"{france.st_size}:{france.st_mtime_ns}")


@functools.cache
def _france() -> Any:
    """The package's France class, its module alone: ``holidays.country_holidays``
    imports every country first (``holidays.countries``: 60 ms of the 0.5 s of
    ``make check``). The package's own way when its files are laid out otherwise."""
    import holidays  # here: commands that show no flow never pay for it

    try:
        spec = importlib.util.spec_from_file_location(
            "kb_tools._holidays_fr", Path(holidays.__path__[0]) / "countries" / "france.py")
        if spec is None or spec.loader is None:
            raise ImportError("holidays/countries/france.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.France
    except (ImportError, OSError, AttributeError, SyntaxError):
        return functools.partial(holidays.country_holidays, "FR")
