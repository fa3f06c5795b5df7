"""`make serve` after an edit: generated sites of 100, 1,000 and 5,000 trees
(``KB_BENCH_SIZES``, like the other growth figures) served by
kb_tools' development server (kb_tools/plugin/serve.py); once the first build
is served, one tree's question is edited and the page is fetched until it
shows the new text (what an editor waits for). Median of a few edits.
At 5,000 trees the first build alone takes many minutes on a shared machine:
``KB_BENCH_SIZES=100,1000`` for a quicker run.

    .venv/bin/python -m benchmarks.serve      (KB_BENCH_SIZES=100 for a quicker run)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.common import Figure, command, median, sizes, table
from benchmarks.sitegen import generate

EDITS = 3
TARGET = 5.0  # seconds, at 1,000 trees (issue 16)
TREE = "probleme-0007"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=600) as answer:
            return str(answer.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def until(url: str, text: str, limit: float) -> float:
    """Seconds until the page at ``url`` holds ``text`` (``limit``: give up)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in _fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError(f"{url} never showed {text!r} within {limit:.0f} s")


def cpu(pid: int) -> float:
    """Seconds of processor the process ``pid`` has used (Linux; 0 elsewhere): unlike the
    wall time, hardly moved by the other work of a shared machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(project: Path, edits: int = EDITS) -> tuple[float, list[float], list[float]]:
    """The first build's time, then each edit's time until the page shows it, and the
    server's processor time for it."""
    port = _port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen([sys.executable, "-m", "kb_tools.plugin.serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = project / "trees" / f"{TREE}.yml"
    source = tree.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/parcours/{TREE}/"
    try:
        first = until(url, "Avez-vous reçu un message", 3600)
        times, used = [], []
        for n in range(edits):
            marker = f"Relecture {n} du banc"
            time.sleep(1.0)  # the server's watcher settled; each edit is a new save
            before = cpu(server.pid)
            tree.write_text(source.replace("Avez-vous reçu un message", f"{marker}, avez-vous reçu un message", 1),
                            encoding="utf-8")
            times.append(until(url, marker, 600))
            used.append(cpu(server.pid) - before)
        return first, times, used
    finally:
        tree.write_text(source, encoding="utf-8")
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> list[Figure]:
    rows = [["site", "first build (s)", "edit → page shows it, median (s)", "each edit (s)",
             "server CPU per edit, median (s)"]]
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes():
            project = generate(count, Path(tmp) / f"trees-{count}")
            first, times, used = measure(project)
            value = median(times)
            rows.append([f"generated, {count:,} trees", f"{first:.1f}", f"{value:.2f}",
                         ", ".join(f"{t:.2f}" for t in times), f"{median(used):.2f}"])
            figures.append(Figure(f"make serve: one tree edited → its page shows it, {count:,} trees",
                                  f"{value:.2f} s (median of {len(times)}; server CPU {median(used):.2f} s; "
                                  f"first build {first:.0f} s)",
                                  f"≤ {TARGET:.0f} s" if count >= 1000 else "", value <= TARGET if count >= 1000 else None,
                                  command("serve", sizes=(count,))))
    print(f"make serve: one tree's text edited on a served site (median of {EDITS} edits; target: "
          f"≤ {TARGET:.0f} s at 1,000 trees)\n")
    print(table(rows))
    return figures


if __name__ == "__main__":
    main()
