"""Speed of ``make check`` (``python -m kb_tools check``) with the search-moves
check (kb_tools/search_moves.py), on a copy of this project in its own git
repository, median of a few runs each:

- clean: the sources are those of the commit, nothing is ranked;
- cold: a new tree with greedy keywords, no cache (both states ranked, the
  committed one in a child process);
- warm: the same change again (both rankings read from .cache/);
- edited again: another keyword each run (the committed ranking cached, the
  edited state ranked).

Wall time and CPU time (the command and its children) are printed: on a busy
machine the wall time grows, the CPU time much less.

    python -m benchmarks.search_moves
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import ROOT, median

SOURCES = ("mkdocs.yml", "docs", "trees", "overrides", "includes", "tests/search/queries.yaml")
GREEDY = "keywords: [identifiants invalides, appli, mobile, problème technique]"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _copy(dest: Path) -> None:
    for name in SOURCES:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, dest / name)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", *args], cwd=dest,
                       check=True, capture_output=True)


def _run(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``check``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kb_tools", "check"], cwd=folder, env=_env(), capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median(folder: Path, runs: int, before_each: Callable[[int], None]) -> tuple[float, float]:
    times = []
    for i in range(runs):
        before_each(i)
        times.append(_run(folder))
    return median([w for w, _ in times]), median([c for _, c in times])


def _shown(times: tuple[float, float]) -> str:
    return f"{times[0]:.2f} / {times[1]:.2f}"


def main() -> None:
    print("make check, search moves (python -m kb_tools check, median, seconds: wall / CPU)")
    with tempfile.TemporaryDirectory(prefix="kb-bench-moves-") as tmp:
        folder = Path(tmp) / "project"
        _copy(folder)
        cache = folder / ".cache"
        print(f"  clean          {_shown(_median(folder, 5, lambda i: None))}")
        subprocess.run([sys.executable, "-m", "kb_tools", "new", "application-mobile"], cwd=folder, env=_env(),
                       check=True, capture_output=True)
        tree = folder / "trees" / "application-mobile.yml"
        text = re.sub(r"^keywords: .*$", GREEDY, tree.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
        tree.write_text(text, encoding="utf-8")
        print(f"  cold           {_shown(_median(folder, 3, lambda i: shutil.rmtree(cache, ignore_errors=True)))}")
        print(f"  warm           {_shown(_median(folder, 5, lambda i: None))}")

        def edit(i: int) -> None:
            tree.write_text(text.replace(GREEDY, GREEDY[:-1] + f", mot{i}]"), encoding="utf-8")

        print(f"  edited again   {_shown(_median(folder, 3, edit))}")


if __name__ == "__main__":
    main()
