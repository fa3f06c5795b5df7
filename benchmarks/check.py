"""Speed of ``check`` on generated trees: chains, branching trees and trees
with loops, of 1,000, 10,000 and 100,000 nodes (median of 3 runs of
``python -m kb_tools --trees DIR check``). Growth should be linear: the last
column, seconds per 1,000 nodes, should stay about the same. Two more rows:
this project (what ``make check`` reads: ``trees/``, the pages of ``docs/``
and the menu of mkdocs.yml) and the 100 trees of
``benchmarks.sitegen``. One more figure: the pages and the menu alone
(:func:`kb_tools.page_check.check_pages`, in this process, median of 5).

A file is refused above ``yaml_loader.MAX_BYTES`` (512 KB, about 2,000 nodes
here), so large sizes are split into trees of 1,000 nodes each, the last node
of one tree handing over to the next tree, as editors would split them.

``--before DIR``: also time the ``kb_tools`` found in DIR (another checkout,
e.g. ``git worktree add --detach /tmp/before main``), its runs taking turns
with this one's, so that both columns see the same load on the machine (on
this site: the cases both can meet in the same state).

First, what `make check` costs an editor on this site, in the cases an editor
meets (a copy of the project in its own git repository; each run a cold
process: trees, catalogues, pages, typography, golden messages through node
or from .cache/, search moves): nothing changed, the first check after a
commit, one edit after the last check, the same edit again; target under
1 s wall (issue 16). ``--site`` prints these figures alone (``--runs N``:
N runs per case, 5 by default). Python's bytecode cache is on in every run,
as on an editor's machine. ``main()`` returns the figures of `make bench`'s
summary: the site's two everyday cases, and the slowest shape at its largest size.

``KB_BENCH_SIZES`` (the one knob of `make bench`, benchmarks/common.py) scales the
generated shapes down: given, each shape is checked at 20 nodes per generated page
(5,000 pages ↔ 100,000 nodes), in files of 1,000 nodes: ``KB_BENCH_SIZES=100`` checks
2,000 nodes in seconds instead of 100,000 in minutes. Not given: 1,000, 10,000 and
100,000 nodes. The table says which.

    .venv/bin/python -m benchmarks.check [--quick] [--before DIR] [--site [--runs N]]
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
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks import sitegen
from benchmarks.common import ROOT, SIZES_VAR, Figure, command, median, sizes, table

RUNS = 3
SITE_RUNS = 5
SITE_TARGET = 1.0
NODES_TARGET = 10.0
PER_FILE = 1000
SIZES = (1_000, 10_000, 100_000)
#: Nodes per generated page when KB_BENCH_SIZES is given: 5,000 pages ↔ 100,000 nodes.
NODES_PER_PAGE = 20


def node_sizes() -> tuple[int, ...]:
    """The node counts of the generated shapes: SIZES, or, when KB_BENCH_SIZES is given,
    NODES_PER_PAGE per page of each size, in whole files of PER_FILE nodes."""
    if not os.environ.get(SIZES_VAR, "").strip():
        return SIZES
    return tuple(sorted({max(PER_FILE, round(n * NODES_PER_PAGE / PER_FILE) * PER_FILE) for n in sizes()}))


def pages_for(nodes: int) -> int:
    """The KB_BENCH_SIZES page count that makes node_sizes() check ``nodes`` nodes."""
    return max(1, nodes // NODES_PER_PAGE)

_HEAD = """id: {tid}
title: "Banc d’essai {n}"
description: "Un arbre généré pour mesurer la vitesse de la vérification."
category: Test
start: n0
nodes:
"""
_OUTCOME = """  {nid}:
    type: outcome
    title: Fin
    channel: faq
    still_stuck: contact
    text: "Fin du parcours."
"""
#: The contact outcome every tree ends with (an outcome that does not help must lead to one: rule dead-end).
_CONTACT = """  contact:
    type: outcome
    title: Contactez le chat en direct
    channel: chat
    text: "Le chat en direct vous répond tout de suite en heures ouvrées."
    ticket:
      subject: "Demande du banc d’essai"
      request: "Je décris ma demande du banc d’essai."
      fields: [email, id-joueur, date, description]
"""
_QUESTION = """  {nid}:
    type: question
    text: "Question {nid} ?"
    answers:
{answers}"""
_ANSWER = """      - label: "Réponse {i}"
        next: {target}
"""


def _question(nid: str, targets: list[str]) -> str:
    answers = "".join(_ANSWER.format(i=i, target=t) for i, t in enumerate(targets))
    return _QUESTION.format(nid=nid, answers=answers)


def chain(count: int, exit_ref: str) -> str:
    """n0 -> n1 -> ... -> n{count-1}, which hands over to ``exit_ref`` (or ends)."""
    parts = [_question(f"n{i}", [f"n{i + 1}"]) for i in range(count - 1)]
    last = f"n{count - 1}"
    parts.append(_question(last, [exit_ref]) if exit_ref else _OUTCOME.format(nid=last))
    return "".join(parts)


def branching(count: int, exit_ref: str) -> str:
    """A binary tree: n{i} answers n{2i+1} and n{2i+2}; leaves end (or hand over)."""
    parts = []
    for i in range(count):
        kids = [f"n{k}" for k in (2 * i + 1, 2 * i + 2) if k < count]
        if kids:
            parts.append(_question(f"n{i}", kids))
        elif exit_ref:
            parts.append(_question(f"n{i}", [exit_ref]))
        else:
            parts.append(_OUTCOME.format(nid=f"n{i}"))
    return "".join(parts)


def loops(count: int, exit_ref: str) -> str:
    """A chain where every node can also go back to the start (a loop with exits)."""
    parts = [_question(f"n{i}", [f"n{i + 1}", "n0"]) for i in range(count - 1)]
    last = f"n{count - 1}"
    parts.append(_question(last, [exit_ref, "n0"]) if exit_ref else _OUTCOME.format(nid=last))
    return "".join(parts)


SHAPES: dict[str, Callable[[int, str], str]] = {"chain": chain, "branching": branching, "loops": loops}


def generate(shape: str, nodes: int, dest: Path) -> Path:
    """A content folder holding ``nodes`` nodes of ``shape``, 1,000 per tree."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("_channels.yml", "_fields.yml"):
        shutil.copy2(ROOT / "trees" / name, dest / name)
    files = max(1, nodes // PER_FILE)
    for n in range(files):
        tid = f"banc-{n:04d}"
        exit_ref = f"banc-{n + 1:04d}" if n + 1 < files else ""
        body = SHAPES[shape](min(nodes, PER_FILE), exit_ref) + ("" if exit_ref else _CONTACT)  # the last tree ends
        (dest / f"{tid}.yml").write_text(_HEAD.format(tid=tid, n=n) + body, encoding="utf-8")
    return dest


def _run(folder: Path, source: Path) -> tuple[float, float]:
    """One ``check`` of ``folder`` by the kb_tools of ``source`` (``-m`` imports from the working
    folder): wall seconds, and processor seconds (what other programs running at the same time
    change least)."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(folder), "check"],
                            capture_output=True, text=True, cwd=source, env=_site_env(source))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"check failed on {folder} ({source}):\n{result.stderr[-2000:]}")
    return seconds, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def timed(folder: Path, sources: list[Path], runs: int = RUNS) -> list[tuple[float, float]]:
    """Median wall and processor seconds of ``runs`` checks of ``folder`` by each of
    ``sources``, taking turns."""
    times: list[list[tuple[float, float]]] = [[] for _ in sources]
    for _ in range(runs):
        for i, source in enumerate(sources):
            times[i].append(_run(folder, source))
    return [(median([w for w, _ in t]), median([c for _, c in t])) for t in times]


#: What ``make check`` reads in a project (a copy of it is timed in its own git repository).
SITE_SOURCES = ("mkdocs.yml", "docs", "trees", "overrides", "includes", "tests/search/queries.yaml", "tests/js",
                "tests/golden")
GREEDY = "keywords: [identifiants invalides, appli, mobile, problème technique]"


def _site_copy(dest: Path) -> None:
    for name in SITE_SOURCES:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, dest / name)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", *args], cwd=dest,
                       check=True, capture_output=True)


def new_tree(tree_id: str) -> str:
    """The tree ``make new`` writes, its texts to replace replaced (as an editor does before
    checking: « make check » refuses them, rule skeleton-text)."""
    from kb_tools.skeleton_check import placeholders, skeleton

    text = skeleton(tree_id)
    for i, placeholder in enumerate(sorted(placeholders(), key=len, reverse=True)):  # « autre mot clé » first
        text = text.replace(placeholder, f"Texte du banc d’essai numéro {i}")
    return text


def _site_env(source: Path) -> dict[str, str]:
    """The environment of one run: the kb_tools of ``source``; Python's bytecode cache on,
    as on an editor's machine (PYTHONDONTWRITEBYTECODE would compile every module each run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(source)}


def _site_run(folder: Path, source: Path = ROOT) -> tuple[float, float]:
    """Wall and processor seconds (with node's and the ranking child's) of one cold ``python -m kb_tools check``."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kb_tools", "check"], capture_output=True, text=True, cwd=folder,
                            env=_site_env(source))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"check failed on this site ({source}):\n{result.stderr[-2000:]}")
    return wall, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def _site_median(folder: Path, runs: int, before_each: Callable[[int], None],
                 sources: Sequence[Path] = (ROOT,)) -> list[tuple[float, float]]:
    """Median wall and processor seconds per source, the sources taking turns run by run
    (``before_each(k)``: a new ``k`` before every run, whichever source it is for)."""
    times: list[list[tuple[float, float]]] = [[] for _ in sources]
    for i in range(runs):
        for j, source in enumerate(sources):
            before_each(i * len(sources) + j)
            times[j].append(_site_run(folder, source))
    return [(median([w for w, _ in t]), median([c for _, c in t])) for t in times]


#: The cases of site_cases(), by key: what each measures.
NOTHING = "nothing changed, again"
EDIT = "one edit after the last check (commit's ranking cached)"


def site_cases(runs: int = SITE_RUNS, sources: Sequence[Path] = (ROOT,)) -> list[tuple[str, list[tuple[float, float]]]]:
    """The cases an editor meets, on a copy of this site in its own repository (median wall and
    processor seconds of cold processes, per source of kb_tools): nothing changed (the answers of
    node and the rankings in .cache/), the first check after a commit, one edit after the last check,
    the same again. With several sources (``--before``), only the cases each source can meet in
    the same state, taking turns: nothing changed (first without .cache/, then again) and one edit."""
    found: list[tuple[str, list[tuple[float, float]]]] = []
    alone = len(sources) == 1
    with tempfile.TemporaryDirectory(prefix="kb-bench-check-") as tmp:
        folder = Path(tmp) / "project"
        _site_copy(folder)
        cache = folder / ".cache"

        def forget(_: int) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        found.append(("nothing changed, first check (no .cache/: node runs)", _site_median(folder, 3, forget, sources)))
        found.append((NOTHING, _site_median(folder, runs, lambda i: None, sources)))
        tree = folder / "trees" / "application-mobile.yml"
        text = re.sub(r"^keywords: .*$", GREEDY, new_tree("application-mobile"), count=1, flags=re.MULTILINE)
        tree.write_text(text, encoding="utf-8")
        if alone:
            found.append(("an edit, nothing cached for the commit (a clone, a pull)", _site_median(folder, 3, forget)))
            found.append(("the same again (rankings cached)", _site_median(folder, runs, lambda i: None)))

        def edit(i: int) -> None:
            tree.write_text(text.replace(GREEDY, GREEDY[:-1] + f", mot{i}]"), encoding="utf-8")

        found.append((EDIT, _site_median(folder, runs, edit, sources)))
        if not alone:
            return found
        git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
        subprocess.run([*git, "add", "-A"], cwd=folder, check=True, capture_output=True)
        subprocess.run([*git, "commit", "-q", "-m", "edit"], cwd=folder, check=True, capture_output=True)
        found.append(("first check after a commit (the last state checked)", _site_median(folder, 1, lambda i: None)))

        def after_commit(i: int) -> None:
            tree.write_text(text.replace(GREEDY, GREEDY[:-1] + f", autre{i}]"), encoding="utf-8")

        found.append(("first edit after that commit (its ranking cached)", _site_median(folder, 1, after_commit)))
    return found


def print_site_check(before: Path | None = None, runs: int = SITE_RUNS) -> list[Figure]:
    """The site's table (``before``: that kb_tools' column beside this one's, taking turns) and its figures."""
    sources = [ROOT] if before is None else [before.resolve(), ROOT]
    turns = "" if before is None else f", taking turns with {before}"
    print(f"make check on this site (`python -m kb_tools check`, cold processes, median of {runs}{turns}; "
          f"target < {SITE_TARGET:.0f} s wall)")
    head = ["case", "wall s", "CPU s", "target"]
    if before is not None:
        head[1:1] = ["before wall s", "before CPU s"]
        head.append("before / now (CPU)")
    rows = [head]
    cases = site_cases(runs, sources)
    for name, measured in cases:
        wall, cpu = measured[-1]
        cells = [name, *(f"{x:.2f}" for pair in measured for x in pair), "within" if wall < SITE_TARGET else "OVER"]
        if before is not None:
            cells.append(f"{measured[0][1] / cpu:.2f}")
        rows.append(cells)
    print(table(rows) + "\n")
    figures = []
    for key, what in ((NOTHING, "nothing changed"), (EDIT, "one edit since the last check")):
        wall, cpu = next(measured for name, measured in cases if name == key)[-1]
        figures.append(Figure(f"make check on this site, {what} (cold process)",
                              f"{wall:.2f} s wall, {cpu:.2f} s CPU (median of {runs})", f"< {SITE_TARGET:.0f} s",
                              wall < SITE_TARGET, command("check", "--site")))
    return figures


def main(nodes_at: tuple[int, ...] | None = None, before: Path | None = None) -> list[Figure]:
    nodes_at = nodes_at or node_sizes()
    figures = print_site_check(before)
    sources = [ROOT] if before is None else [before.resolve(), ROOT]
    head = ["shape", "nodes", "files", "seconds", "CPU s", "s per 1,000 nodes"]
    if before is not None:
        head[3:3] = ["before (s)", "before CPU s"]
        head.append("before / now")
    rows = [head]
    largest: dict[str, float] = {}

    def row(shape: str, nodes: int, files: int, folder: Path) -> None:
        measured = timed(folder, sources)
        cells = [shape, f"{nodes:,}", str(files), *(f"{x:.2f}" for pair in measured for x in pair),
                 f"{measured[-1][0] / nodes * 1000:.3f}"]
        if before is not None:
            cells.append(f"{measured[0][0] / measured[-1][0]:.1f}")
        rows.append(cells)
        if shape in SHAPES and nodes == max(nodes_at):
            largest[shape] = measured[-1][0]
        print(" | ".join(cells), file=sys.stderr, flush=True)  # progress: the largest rows take a while

    given = bool(os.environ.get(SIZES_VAR, "").strip()) and nodes_at == node_sizes()
    knob = f"{SIZES_VAR} given: {NODES_PER_PAGE} per page" if given else f"{SIZES_VAR} not given: full sizes"
    shapes_said = f"generated shapes at {', '.join(f'{n:,}' for n in nodes_at)} nodes ({knob})"
    print(f"check speed, progress (a row as each is measured; {shapes_said}):\n{' | '.join(head)}",
          file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = kb_tools_nodes(ROOT / "trees")
        row("this project (make check: trees/, docs/, nav)", project[0], project[1], ROOT / "trees")
        generated = sitegen.generate(100, Path(tmp) / "sitegen-100") / "trees"
        count = kb_tools_nodes(generated)
        try:
            row("sitegen, 100 trees", count[0], count[1], generated)
        except SystemExit as refused:  # benchmarks.sitegen behind the rules: the other rows still count
            print(str(refused)[:500], file=sys.stderr)
            rows.append(["sitegen, 100 trees: refused by check (benchmarks.sitegen behind the rules)",
                         f"{count[0]:,}", str(count[1]), *[""] * (len(head) - 3)])
        for shape in SHAPES:
            for nodes in nodes_at:
                folder = generate(shape, nodes, Path(tmp) / f"{shape}-{nodes}")
                row(shape, nodes, max(1, nodes // PER_FILE), folder)
    runs = f"median of {RUNS} runs" + ("" if before is None else f", taking turns with {before}")
    print(f"check speed ({runs}, `python -m kb_tools check`; {shapes_said}; "
          f"target: 100,000 nodes under {NODES_TARGET:.0f} s)\n")
    print(table(rows))
    print(f"\npages of docs/ and the menu alone (check_pages, median of 5): {pages_seconds():.3f} s")
    if largest:
        shape, seconds = max(largest.items(), key=lambda item: item[1])
        target = f"< {NODES_TARGET:.0f} s" if max(nodes_at) >= 100_000 else ""
        figures.append(Figure(f"check of {max(nodes_at):,} generated nodes, slowest shape ({shape})",
                              f"{seconds:.2f} s (median of {RUNS})", target, seconds < NODES_TARGET if target else None,
                              command("check", sizes=(pages_for(max(nodes_at)),))))
    return figures


def pages_seconds(runs: int = 5) -> float:
    """Seconds :func:`kb_tools.page_check.check_pages` takes on this project, once the trees are loaded."""
    from kb_tools.page_check import check_pages
    from kb_tools.project import load_project

    kb, _ = load_project(ROOT / "trees")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        check_pages(ROOT, kb)
        times.append(time.perf_counter() - started)
    return median(times)


def kb_tools_nodes(folder: Path) -> tuple[int, int]:
    """Nodes and tree files in ``folder``."""
    from kb_tools.project import load_project

    kb, _ = load_project(folder)
    return sum(len(t["nodes"]) for t in kb.trees.values()), len(kb.trees)


if __name__ == "__main__":
    args = sys.argv[1:]
    before_dir = Path(args[args.index("--before") + 1]) if "--before" in args else None
    if "--site" in args:
        print_site_check(before_dir, int(args[args.index("--runs") + 1]) if "--runs" in args else SITE_RUNS)
        raise SystemExit(0)
    main((1_000, 10_000) if "--quick" in args else None, before_dir)
