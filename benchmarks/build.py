"""Build time: this site, and generated sites of 100 and 1,000 trees, each
against the same pages written as plain Markdown (no kb_tools plugin). The
ratio is what kb_tools adds to `mkdocs build`.

    python -m benchmarks.build
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import ROOT, build, median, table
from benchmarks.sitegen import generate

RUNS = 3


def timed(project: Path, site: Path, runs: int = RUNS) -> float:
    build(project, site)  # warm the file cache and Python's bytecode
    return median([build(project, site) for _ in range(runs)])


def main() -> None:
    rows = [["site", "pages", "with kb_tools (s)", "plain Markdown (s)", "ratio", "s per 100 trees"]]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with_kb = timed(ROOT, base / "site")
        rows.append(["this site", "21", f"{with_kb:.2f}", "", "", ""])
        for count in (100, 1000):
            trees = generate(count, base / f"trees-{count}")
            plain = generate(count, base / f"md-{count}", as_markdown=True)
            runs = RUNS if count <= 100 else 1  # a 1,000-tree build takes about a minute
            a, b = timed(trees, base / f"s-{count}", runs), timed(plain, base / f"p-{count}", runs)
            rows.append([f"generated, {count} trees", str(count + 1), f"{a:.2f}", f"{b:.2f}", f"{a / b:.3f}",
                         f"{a / count * 100:.2f}"])
    print(f"Build time (median of {RUNS} runs, 1 for 1,000 trees; target: ratio under 1.10, linear growth)\n")
    print(table(rows))


if __name__ == "__main__":
    main()
