"""``python -m kb_tools stats`` end to end on the shipped sample log: exit
code, the three sections, and figures read back from the output as numbers,
against a plain recount of the sample; and the files it cannot read."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kb_tools import stats_cli
from kb_tools.beacon_stats import SELF_HELP_KINDS
from kb_tools.beacons import Beacon, read_line
from kb_tools.model import KnowledgeBase
from tests.conftest import ROOT
from tests.unit.test_beacon_stats import _apart_by_hand
from tests.unit.test_make_targets import HOSTILE_IDS, VENV

SAMPLE = ROOT / "tests" / "fixtures" / "beacons-sample.jsonl"
#: The sample's deliberately malformed lines (README.md lists them).
MALFORMED_LINES = [8, 19, 30, 41, 52, 64, 75, 86, 97, 108]
PCT = r"(\d+,\d)\xa0%"


def stats(*args: str, stdin: Path | None = None) -> subprocess.CompletedProcess[str]:
    with open(stdin or os.devnull, "rb") as given:
        result = subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(ROOT / "trees"), "stats", *args],
                                stdin=given, capture_output=True, text=True, encoding="utf-8", timeout=60,
                                env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert "Traceback" not in result.stderr
    return result


def _recount(kb: KnowledgeBase) -> dict[str, object]:
    """The sample's figures, counted plainly from its well-formed lines: those that do not match the trees
    apart; stops and ends as arrivals less departures (an outcome left by « Toujours bloqué » is no end)."""
    lines = SAMPLE.read_bytes().split(b"\n")
    beacons = [json.loads(raw) for number, raw in enumerate(lines, 1) if raw.strip() and number not in MALFORMED_LINES]
    votes: Counter[tuple[str, bool]] = Counter()
    arrivals: Counter[tuple[str, str]] = Counter()
    departures: Counter[tuple[str, str]] = Counter()
    starts: Counter[str] = Counter()
    apart: Counter[str] = Counter()
    for b in beacons:
        if "tree" in b and _apart_by_hand(kb, b["event"], b["tree"], b["node"], b.get("from")):
            apart[f"{b['tree']}/{b['node']}"] += 1
            continue
        if b["event"] == "feedback":
            votes[f"{b['tree']}/{b['node']}" if "tree" in b else b["page"], b["helpful"]] += 1
            continue
        arrivals[b["tree"], b["node"]] += 1
        if "from" in b:
            departures[b["tree"], b["from"]] += 1
        else:
            starts[b["tree"]] += 1
    kinds: Counter[str] = Counter()
    stops = {}
    for (tree, node), n in arrivals.items():
        found = kb.trees[tree]["nodes"][node]
        if found["type"] == "outcome":
            kind = kb.channels[found["channel"]]["kind"]
            kinds["self" if kind in SELF_HELP_KINDS else "contact"] += max(n - departures[tree, node], 0)
        elif n > departures[tree, node]:
            stops[tree, node] = n - departures[tree, node]
    return {"beacons": len(beacons), "votes": votes, "starts": starts, "kinds": kinds, "stops": stops, "apart": apart}


def _sections(out: str) -> list[str]:
    """The output split at its numbered section titles (« 1. », « 2. », « 3. »)."""
    parts = re.split(r"^[123]\. .*$", out, flags=re.MULTILINE)
    assert len(parts) == 4, out
    assert [m[0] for m in re.findall(r"^([123])\. ", out, re.MULTILINE)] == ["1", "2", "3"]
    return parts


def _pct(text: str) -> float:
    return float(text.replace(",", "."))


def test_stats_on_the_sample(real_kb: KnowledgeBase) -> None:
    result = stats(str(SAMPLE))
    assert result.returncode == 0, result.stderr
    expected = _recount(real_kb)
    head, votes, stops, deflection = _sections(result.stdout)
    assert "(s)" not in result.stdout  # every count agrees with its word

    # what was read: the beacons, then the malformed lines with their line numbers
    numbers = [int(n) for n in re.findall(r"\d+", head)]
    assert numbers[0] == expected["beacons"] and numbers[1] == len(MALFORMED_LINES)
    assert sorted(int(n) for n in re.findall(r"\(lignes? ([\d, …]+)\)", head) for n in n.split(", ")
                  if n.strip(" …").isdigit()) == MALFORMED_LINES
    # then the beacons that do not match the current trees, by node: never in the figures below
    apart = re.findall(r"^([a-z0-9-]+/[a-z0-9-]+)\s.*?(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", head, re.MULTILINE)
    assert {key: sum(map(int, n)) for key, *n in apart} == expected["apart"]

    # 1. « Oui » per page and per outcome
    found: Counter[tuple[str, bool]] = Counter()
    rows = re.findall(rf"^(/\S*|[a-z0-9-]+/[a-z0-9-]+)\s.*?(\d+)\s+(\d+)\s+(\d+)\s+{PCT}$", votes, re.MULTILINE)
    assert rows
    for key, yes, no, total, share in rows:
        assert int(yes) + int(no) == int(total)
        assert _pct(share) == pytest.approx(100 * int(yes) / int(total), abs=0.05)
        found[key, True], found[key, False] = int(yes), int(no)
    assert +found == expected["votes"]

    # 2. stops per flow: each flow's starts, then its nodes, the most stops first
    found_stops: dict[tuple[str, str], int] = {}
    found_starts: dict[str, int] = {}
    for block in stops.strip().split("\n\n"):  # a flow: its line with its starts, then its table
        if block.startswith("*"):
            continue  # the note on the nodes that lead to another flow
        tree, starts = re.match(r"([a-z0-9-]+) .*?(\d+)\D*$", block.splitlines()[0]).groups()  # type: ignore[union-attr]
        found_starts[tree] = int(starts)
        counts = []
        for node, n, share in re.findall(rf"^([a-z0-9-]+)(?: \*)?\s.*?(\d+)\s+{PCT}$", block, re.MULTILINE):
            found_stops[tree, node] = int(n)
            counts.append(int(n))
            assert _pct(share) == pytest.approx(100 * int(n) / int(starts), abs=0.05)
        assert counts == sorted(counts, reverse=True)
    assert found_stops == expected["stops"]
    assert found_starts == dict(expected["starts"])  # type: ignore[call-overload]

    # 3. deflection: every flow first, then each flow; they add up
    rows = re.findall(rf"^(.+?)\s+(\d+)\s+(\d+)\s+{PCT}\s+(\d+)\s+(\d+)\s+(\d+)$", deflection, re.MULTILINE)
    (_, self_help, known, rate, unknown, _, _), *per_flow = rows
    kinds = expected["kinds"]
    assert (int(self_help), int(known), int(unknown)) == (kinds["self"], kinds["self"] + kinds["contact"], 0)  # type: ignore[index]
    assert _pct(rate) == pytest.approx(100 * int(self_help) / int(known), abs=0.05)
    assert sum(int(r[1]) for r in per_flow) == int(self_help) and sum(int(r[2]) for r in per_flow) == int(known)


def test_json_output_agrees_with_the_text(real_kb: KnowledgeBase) -> None:
    out = json.loads(stats("--json", str(SAMPLE)).stdout)
    assert out["beacons"] == _recount(real_kb)["beacons"]
    assert sorted(n for m in out["malformed"].values() for n in m["lines"]) == MALFORMED_LINES
    assert {f["tree"]: f["starts"] for f in out["flows"]} == dict(_recount(real_kb)["starts"])  # type: ignore[call-overload]
    assert {(f["tree"], s["node"]): s["stops"] for f in out["flows"] for s in f["stops"]} == _recount(real_kb)["stops"]
    kinds = _recount(real_kb)["kinds"]
    assert (out["deflection"]["self_help"], out["deflection"]["known"]) == (kinds["self"], kinds["self"] + kinds["contact"])  # type: ignore[index]
    assert out["deflection"]["left"] >= 1  # the sample has a self-help outcome left by « Toujours bloqué »
    assert {f"{r['tree']}/{r['node']}": r["steps"] + r["outcomes"] + r["yes"] + r["no"] for r in out["apart"]["rows"]} \
        == _recount(real_kb)["apart"]


def test_stdin_reads_the_same() -> None:
    from_file, from_stdin = stats(str(SAMPLE)), stats("-", stdin=SAMPLE)
    assert from_stdin.returncode == 0
    assert from_stdin.stdout.splitlines()[1:] == from_file.stdout.splitlines()[1:]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\r\n"])
def test_an_empty_log_says_there_is_nothing_to_count(tmp_path: Path, content: bytes) -> None:
    log = tmp_path / "vide.jsonl"
    log.write_bytes(content)
    result = stats(str(log))
    assert result.returncode == 0 and result.stdout.strip()
    assert not re.search(r"^[123]\. ", result.stdout, re.MULTILINE)


def test_only_malformed_lines_are_reported_not_fatal(tmp_path: Path) -> None:
    log = tmp_path / "abime.jsonl"
    log.write_bytes(b"\x00\n[]\n{}\n")
    result = stats(str(log))
    assert result.returncode == 0
    assert re.findall(r"\((ligne \d)\)", result.stdout) == ["ligne 1", "ligne 2", "ligne 3"]


def _unreadable(tmp_path: Path) -> Path:
    path = tmp_path / "secret.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    path.chmod(0)
    return path


@pytest.mark.parametrize("where", ["missing", "folder", "unreadable"])
def test_a_file_it_cannot_read_is_one_line_and_exit_1(tmp_path: Path, where: str) -> None:
    if where == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = {"missing": tmp_path / "absent.jsonl", "folder": tmp_path,
            "unreadable": _unreadable(tmp_path) if where == "unreadable" else tmp_path}[where]
    result = stats(str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused_at_once_never_read_forever(tmp_path: Path, kind: str) -> None:
    """A named pipe with no writer would wait, /dev/zero never ends: one line, exit 1, at once."""
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "signaux.jsonl"
        os.mkfifo(path)
    result = subprocess.run([sys.executable, "-m", "kb_tools", "stats", str(path)], capture_output=True, text=True,
                            timeout=30, cwd=ROOT)
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(5, "Input/output error")])
def test_a_read_error_midway_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                    error: OSError) -> None:
    def failing(stream: object, malformed: object) -> object:
        raise error
        yield

    monkeypatch.setattr(stats_cli, "read_beacons", failing)
    assert stats_cli.run_stats(str(SAMPLE), ROOT / "trees") == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and str(SAMPLE) in err


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### Signaux de mesure")
    return text[start:text.index("\n### ", start + 1)]


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)


def test_the_readme_examples_are_beacons_of_the_current_trees(real_kb: KnowledgeBase) -> None:
    kb = real_kb
    (examples,) = _blocks(_readme_section(), "json")
    for line in examples.splitlines():
        beacon = read_line(line.encode())
        assert isinstance(beacon, Beacon), line
        if beacon.tree is not None:
            assert beacon.node in kb.trees[beacon.tree]["nodes"] and (beacon.from_ or beacon.node) in kb.trees[beacon.tree]["nodes"]
        assert beacon.channel is None or beacon.channel in kb.channels


def test_the_readme_shows_what_stats_prints_on_the_sample() -> None:
    (shown,) = _blocks(_readme_section(), "text")
    command, printed = shown.split("\n", 1)
    assert command.endswith("stats tests/fixtures/beacons-sample.jsonl")
    assert printed == stats("tests/fixtures/beacons-sample.jsonl").stdout


def test_the_readme_receiver_writes_what_stats_reads(tmp_path: Path) -> None:
    """The receiver given as an example: each POSTed beacon becomes one line; a body with a line break
    or over 4 KB is dropped; the journal reads with no malformed line."""
    (code,) = _blocks(_readme_section(), "python")
    journal = tmp_path / "signaux.jsonl"
    code = re.sub(r'^JOURNAL = ".*"$', f"JOURNAL = {str(journal)!r}", code, flags=re.MULTILINE)
    code = code.replace('HTTPServer(("127.0.0.1", 8081), Recepteur).serve_forever()', "")
    names: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), names)
    server = names["HTTPServer"](("127.0.0.1", 0), names["Recepteur"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (examples,) = _blocks(_readme_section(), "json")
    bodies = [*examples.encode().splitlines(), b'{"event":"feedback",\n"page":"/a/","helpful":true}', b"x" * 5000]
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy of the environment
    try:
        for body in bodies:
            request = urllib.request.Request(f"http://127.0.0.1:{server.server_address[1]}/signaux", data=body,
                                             headers={"Content-Type": "text/plain;charset=UTF-8"}, method="POST")
            with direct.open(request, timeout=10) as response:
                assert response.status == 204
    finally:
        server.shutdown()
        server.server_close()
    assert journal.read_bytes().splitlines() == examples.encode().splitlines()
    out = json.loads(stats("--json", str(journal)).stdout)
    assert out["beacons"] == len(examples.splitlines()) and out["malformed"] == {}


def _make_stats(folder: Path, file: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", "stats", "-o", f"{VENV}/.installed-stamp", f"VENV={VENV}", f"FILE={file}"],
                          cwd=folder, capture_output=True, text=True, encoding="utf-8", timeout=60,
                          stdin=subprocess.DEVNULL)


def test_make_stats_reads_the_file_named(tmp_path: Path) -> None:
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / "trees", tmp_path / "trees")
    result = _make_stats(tmp_path, str(SAMPLE))
    assert result.returncode == 0, result.stderr
    _sections(result.stdout)


@pytest.mark.parametrize("name", HOSTILE_IDS)
def test_make_stats_runs_nothing_a_file_name_holds(tmp_path: Path, name: str) -> None:
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "trees").mkdir()
    result = _make_stats(tmp_path, name)
    assert "Traceback" not in result.stderr
    assert result.returncode != 0  # no such file, or no name at all
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile", "trees"]
