"""When each source file last changed, from git: one ``git log`` for the whole
site, so that pages carry a real « dernière mise à jour » date and two builds
of the same commit are identical."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def last_change(root: Path, folders: list[str]) -> dict[str, int]:
    """Unix time of the last commit touching each file (paths relative to root,
    as the working folder names them: read NUL-separated, never quoted by git)."""
    try:
        out = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", "-z", "--format=%x00%ct", "--name-only", "--no-renames",
             "--", *folders],
            cwd=root, capture_output=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}  # not a git checkout: no dates, nothing breaks
    return _dates(out)


def _dates(out: bytes) -> dict[str, int]:
    """``git log -z --format=%x00%ct --name-only`` read: per commit, an empty
    field, its time, then its files (the first one after a newline)."""
    dates: dict[str, int] = {}
    stamp: int | None = None
    expect_stamp = first = False
    for field in out.split(b"\0"):
        if not field:
            expect_stamp = True
        elif expect_stamp:
            expect_stamp, first = False, True
            stamp = int(field) if field.isdigit() else None
        elif stamp is not None:
            name = os.fsdecode(field[1:] if first and field.startswith(b"\n") else field)
            first = False
            if name:
                dates.setdefault(name, stamp)  # newest commit first
    return dates


def iso_date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def french_date(timestamp: int) -> str:
    return french_day(datetime.fromtimestamp(timestamp, UTC).date())


def french_day(day: date) -> str:
    """« 1er décembre 2026 », « 15 novembre 2026 »."""
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"
