"""When each source file last changed, from git: one ``git log`` for the whole
site, so that pages carry a real « dernière mise à jour » date and two builds
of the same commit are identical."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def last_change(root: Path, folders: list[str]) -> dict[str, int]:
    """Unix time of the last commit touching each file (paths relative to root)."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", *folders],
            cwd=root, capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}  # not a git checkout: no dates, nothing breaks
    dates: dict[str, int] = {}
    for block in out.split("\0")[1:]:
        stamp, *names = block.strip().splitlines()
        for name in names:
            dates.setdefault(name, int(stamp))  # newest commit first
    return dates


def iso_date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def french_date(timestamp: int) -> str:
    day = datetime.fromtimestamp(timestamp, UTC)
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"
