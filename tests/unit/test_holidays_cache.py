"""The public holidays of the flow data (kb_tools/hours.py) come from the
``holidays`` package, its France module loaded alone, and are kept in the
project's .cache/holidays/ so that `make check` does not import the package
each time: the same days either way, worked out again when the entry is damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

from kb_tools import cache, hours
from tests.conftest import ROOT


@pytest.mark.parametrize("year", [2024, 2026, 2031, 2038])
def test_the_france_module_alone_gives_the_packages_days(year: int) -> None:
    years = range(year, year + 3)
    assert sorted(hours._france()(years=years)) == sorted(holidays.country_holidays("FR", years=years))


def _fresh(year: int, month: int) -> tuple[str, ...]:
    project = Path.cwd() if Path("mkdocs.yml").is_file() else None
    return hours.holidays_in.__wrapped__(year, month, hours.HOLIDAY_MONTHS, project)  # type: ignore[attr-defined, no-any-return]


def _package_days(year: int, month: int) -> tuple[str, ...]:
    start, end = date(year, month, 1), date(year + 2, month, 1)
    days = holidays.country_holidays("FR", years=range(year, year + 3))
    return tuple(sorted(d.isoformat() for d in days if start <= d < end))


def test_a_project_keeps_the_days_and_mends_a_damaged_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for year, month in [(2026, 1), (2026, 12), (2031, 6)]:
        assert _fresh(year, month) == _package_days(year, month)
    kept = sorted((tmp_path / ".cache" / "holidays").glob("*.json"))
    assert len(kept) == 3
    for damage in ["not json", json.dumps(["2026-01-01", 5]), json.dumps({"a": 1}), json.dumps(["<script>"])]:
        for entry in kept:
            entry.write_text(damage, encoding="utf-8")
        assert _fresh(2026, 12) == _package_days(2026, 12)
    # an entry this machine signed is what is read back (the package is not asked again); an edited one is not
    entry = next(p for p in kept if cache.load(p.parent, "holidays", p.stem) == list(_package_days(2026, 12)))
    entry.write_text(json.dumps(["2026-12-25"]), encoding="utf-8")
    assert _fresh(2026, 12) == _package_days(2026, 12)
    cache.write(tmp_path, "holidays", entry.stem, ["2026-12-25"])
    assert _fresh(2026, 12) == ("2026-12-25",)


def test_outside_a_project_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _fresh(2026, 12) == _package_days(2026, 12)
    assert list(tmp_path.iterdir()) == []


def test_make_check_reads_the_kept_days_without_importing_the_package(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    probe = ("import sys; from kb_tools.hours import public_holidays as p; days = p(2026, 12); "
             "print(len(days), 'holidays' in sys.modules, 'holidays.countries' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(2)]
    assert runs[0] == ["22", "True", "False"]  # worked out: the France module alone, not every country
    assert runs[1] == ["22", "False", "False"]  # read back
