"""Build time: this site, and generated sites of 100, 1,000 and 5,000 trees
(``KB_BENCH_SIZES``), each against the same pages written as plain Markdown
with the same menu (no kb_tools plugin), built in turn (A, B, A, B…) so that
both columns see the same machine. Two things are read from it:

- growth: the time per page at N trees over the time per page at 100 (linear
  growth: 1.0; the target is 1.2 at 1,000 trees);
- overhead: with kb_tools over plain Markdown (what kb_tools adds to `mkdocs build`).

Both are read from the processor time of the `mkdocs build` process (user +
system): on a machine shared with other work, its wall time says more about
the others than about the build (shown too, for scale).

    .venv/bin/python -m benchmarks.build       (KB_BENCH_SIZES=100,1000 for a quicker run)
"""

from __future__ import annotations

import resource
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, Figure, build, command, median, sizes, table
from benchmarks.sitegen import generate

GROWTH_TARGET = 1.2
OVERHEAD_TARGET = 1.10


def runs(count: int) -> int:
    """Builds of each column: 3 up to 100 trees, 1 beyond (a 5,000-tree build takes minutes)."""
    return 3 if count <= 100 else 1


def cpu_build(project: Path, site: Path) -> tuple[float, float]:
    """Build ``project``: (processor seconds of the build, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = build(project, site)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def side_by_side(a: Path, b: Path, site: Path, count: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Medians (processor, wall) of A and B built in turn; at the smallest size, after one warm-up
    build of each (Python's bytecode; the sources were just written, so the file cache is warm)."""
    if count <= 100:
        build(a, site / "a")
        build(b, site / "b")
    times: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(runs(count)):
        times[0].append(cpu_build(a, site / "a"))
        times[1].append(cpu_build(b, site / "b"))
    return ((median([t[0] for t in times[0]]), median([t[1] for t in times[0]])),
            (median([t[0] for t in times[1]]), median([t[1] for t in times[1]])))


def pages(site: Path) -> int:
    """HTML pages built (the home page, the tree pages, the category pages), 404 aside."""
    return sum(1 for page in site.rglob("index.html"))


def main() -> list[Figure]:
    rows = [["site", "pages", "with kb_tools (s cpu)", "plain Markdown (s cpu)", "overhead", "ms/page (kb_tools)",
             "ms/page (plain)", "growth (kb_tools)", "growth (plain)", "wall: kb_tools / plain (s)"]]
    figures: list[Figure] = []
    per_page: dict[int, tuple[float, float]] = {}
    print(f"Build time (processor time of `mkdocs build`, medians; {', '.join(f'{runs(c)} run(s) at {c:,} trees' for c in sizes())}, "
          "with kb_tools and plain Markdown in turn; growth: ms per page over that of the smallest size; "
          f"targets: overhead ≤ {OVERHEAD_TARGET:.2f}×, growth ≤ {GROWTH_TARGET:.1f}×)\n", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        this_site = [cpu_build(ROOT, base / "site") for _ in range(3)]
        rows.append(["this site", str(pages(base / "site")), f"{median([t[0] for t in this_site]):.2f}", "", "", "",
                     "", "", "", f"{median([t[1] for t in this_site]):.2f}"])
        for count in sizes():
            trees = generate(count, base / f"trees-{count}")
            plain = generate(count, base / f"md-{count}", as_markdown=True)
            (a, wall_a), (b, wall_b) = side_by_side(trees, plain, base / f"s-{count}", count)
            built = pages(base / f"s-{count}" / "a")
            per_page[count] = (a / built * 1000, b / built * 1000)
            first = per_page[min(per_page)]
            growth = (per_page[count][0] / first[0], per_page[count][1] / first[1])
            rows.append([f"generated, {count:,} trees", str(built), f"{a:.2f}", f"{b:.2f}", f"{a / b:.3f}",
                         f"{per_page[count][0]:.1f}", f"{per_page[count][1]:.1f}", f"{growth[0]:.2f}×",
                         f"{growth[1]:.2f}×", f"{wall_a:.1f} / {wall_b:.1f}"])
            print("  ".join(rows[-1]), flush=True)  # a row as soon as it is measured: 5,000 trees take long
            figures.append(Figure(f"build: kb_tools over plain Markdown, {count:,} trees", f"{a / b:.2f}× "
                                  f"({a:.1f} / {b:.1f} s processor, medians, side by side)", f"≤ {OVERHEAD_TARGET:.2f}×",
                                  a / b <= OVERHEAD_TARGET, command("build", sizes=(count,))))
            if count != min(per_page):
                figures.append(Figure(f"build: time per page, {count:,} trees / {min(per_page):,} trees",
                                      f"{growth[0]:.2f}× ({per_page[count][0]:.1f} / {first[0]:.1f} ms; plain "
                                      f"Markdown {growth[1]:.2f}×)", f"≤ {GROWTH_TARGET:.1f}×",
                                      growth[0] <= GROWTH_TARGET,
                                      command("build", sizes=(min(per_page), count))))
    print()
    print(table(rows))
    return figures

if __name__ == "__main__":
    main()
