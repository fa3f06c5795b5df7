"""`make bench`: every benchmark, the cheap ones first, each printing its own
detailed tables; then ONE summary table of the figures their ``main()``
returns (benchmarks/common.py, ``Figure``), with the command that measures
each row alone. A benchmark that crashes is reported in a row of its own and
the others still run; one that returns nothing says « (no figures) ».

    .venv/bin/python -m benchmarks [NAME ...]    # e.g. .venv/bin/python -m benchmarks check report

``KB_BENCH_SIZES=100,1000`` (benchmarks/common.py ``sizes()``): the generated
sizes of the growth figures, 100, 1,000 and 5,000 pages by default, for every
benchmark that generates sites (SIZED). Each row's command is written by
``benchmarks.common.command()``: runnable as printed, with the sizes of its row.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.common import Figure, command, sizes, table

#: Cheap first: seconds (report, graph, check of this site), then a build or a
#: browser each (weight, search, lighthouse), then the generated sites (serve, build).
ORDER = ("report", "graph", "check", "weight", "search", "lighthouse", "serve", "build")
HEAD = ["figure", "measured", "target", "met", "command"]
#: The benchmarks whose figures depend on KB_BENCH_SIZES (their generated sites or nodes).
SIZED = frozenset({"check", "search", "serve", "build"})
#: What a crashed benchmark's row shows of its error.
ERROR_CHARS = 160


@dataclass
class Outcome:
    """What one benchmark gave: its figures, or None, or the error it stopped on."""

    name: str
    figures: list[Figure] | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def command(self) -> str:
        return command(self.name, sizes=sizes() if self.name in SIZED else ())


def available(names: Sequence[str] = ORDER) -> list[str]:
    """The benchmarks of ``names`` that exist in this checkout (another helper's may not yet)."""
    return [name for name in names if importlib.util.find_spec(f"benchmarks.{name}") is not None]


def _brief(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS - 1] + "…"


def run_one(name: str, main: Callable[[], object] | None = None) -> Outcome:
    """Import ``benchmarks.NAME`` and run its ``main()``; a crash (an exception,
    ``SystemExit`` included) is caught, told briefly on stderr, and kept."""
    outcome = Outcome(name)
    started = time.perf_counter()
    try:
        if main is None:
            main = importlib.import_module(f"benchmarks.{name}").main
        returned = main()
        if returned is not None:
            outcome.figures = list(returned)  # type: ignore[call-overload]
            bad = [f for f in outcome.figures if not isinstance(f, Figure)]
            if bad:
                raise TypeError(f"main() returned {type(bad[0]).__name__}, not Figure")
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # one benchmark's crash (SystemExit included) must not stop the others
        outcome.figures = None
        outcome.error = _brief(exc)
        print(f"\n{name}: FAILED — {outcome.error}", file=sys.stderr)
        traceback.print_exc(limit=-3, file=sys.stderr)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _cell(text: str) -> str:
    """A table cell: one line, a ``|`` escaped (Markdown would start a column)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _met(met: bool | None) -> str:
    return "" if met is None else "yes" if met else "no"


def rows(outcomes: Sequence[Outcome]) -> list[list[str]]:
    """The summary's rows: every figure of every benchmark, in the order they ran."""
    found = [HEAD]
    for outcome in outcomes:
        if outcome.error is not None:
            cells = [f"{outcome.name}: failed", outcome.error, "", "failed", outcome.command]
            found.append(cells)
        elif not outcome.figures:
            found.append([f"{outcome.name}: (no figures)", "", "", "", outcome.command])
        else:
            found += [[f.what, f.value, f.target, _met(f.met), f.command] for f in outcome.figures]
    return [found[0]] + [[_cell(c) for c in row[:4]] + [f"`{_cell(row[4])}`" if row[4] else ""] for row in found[1:]]


def summary(outcomes: Sequence[Outcome]) -> str:
    """ONE Markdown table, ``| figure | measured | target | met | command |``."""
    return table(rows(outcomes))


def durations(outcomes: Sequence[Outcome]) -> str:
    total = sum(o.seconds for o in outcomes)
    each = ", ".join(f"{o.name} {o.seconds:.0f} s" for o in outcomes)
    return f"make bench: {len(outcomes)} benchmark(s) in {total / 60:.1f} min ({each})"


def main(names: Sequence[str] | None = None) -> list[Outcome]:
    wanted = available(names or ORDER)
    outcomes = []
    for name in wanted:
        outcome = Outcome(name)
        print(f"## {name} ({outcome.command})\n", flush=True)
        outcomes.append(run_one(name))
        print(flush=True)
    print("## Summary\n")
    print(summary(outcomes))
    print(f"\n{durations(outcomes)}")
    return outcomes


if __name__ == "__main__":
    unknown = [name for name in sys.argv[1:] if name not in ORDER]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(ORDER)}")
    main(sys.argv[1:])
