"""The command line as an editor uses it: check, export, graph, new."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(project), *args],
                          capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})


def test_check_passes_on_valid_content(project: Path) -> None:
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr


def test_check_of_named_files_reports_only_those(project: Path) -> None:
    (project / "broken.yml").write_text("id: broken\n", encoding="utf-8")
    assert run(project, "check", str(project / "verification-kyc.yml")).returncode == 0
    result = run(project, "check", str(project / "broken.yml"))
    assert result.returncode == 1
    assert re.search(r"broken\.yml:1:1: error: .+ \(missing-key\)", result.stderr)


def test_check_of_a_missing_file_is_a_usage_error(project: Path) -> None:
    result = run(project, "check", str(project / "absent.yml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_check_without_catalogues_says_which_file_is_missing(project: Path) -> None:
    (project / "_fields.yml").unlink()
    result = run(project, "check")
    assert result.returncode == 1
    assert re.search(r"_fields\.yml:1:1: error: .+ \(missing-file\)", result.stderr)


def test_export_is_normalised_json_of_every_tree(project: Path) -> None:
    result = run(project, "export")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert sorted(data["trees"]) == ["retrait-en-attente", "verification-kyc"]
    assert set(data) >= {"channels", "fields", "timezone", "business_hours", "trees"}
    retrait = data["trees"]["retrait-en-attente"]
    answer = retrait["nodes"]["kyc"]["answers"][2]
    assert answer["target"] == {"tree": "verification-kyc", "node": "refus"}
    assert retrait["nodes"]["resolu"]["urgency"] == "normal"  # defaults filled in


def test_export_refuses_invalid_content(project: Path) -> None:
    (project / "broken.yml").write_text("id: broken\n", encoding="utf-8")
    result = run(project, "export")
    assert result.returncode == 1 and result.stdout == ""


def _graph_edges(kb_tree: dict[str, object]) -> int:
    count = 0
    for node in kb_tree["nodes"].values():  # type: ignore[attr-defined]
        count += len(node.get("answers", [])) + (2 if node["type"] == "checklist" else 0)
    return count


def test_graph_dot_has_every_node_and_edge(project: Path) -> None:
    tree = json.loads(run(project, "export").stdout)["trees"]["retrait-en-attente"]
    dot = run(project, "graph", "retrait-en-attente", "--format", "dot").stdout
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    for node_id in tree["nodes"]:
        assert re.search(rf'^\s+"{node_id}" \[shape=', dot, re.MULTILINE)
    assert len(re.findall(r" -> ", dot)) == _graph_edges(tree)


def test_graph_mermaid_has_every_node_and_edge(project: Path) -> None:
    tree = json.loads(run(project, "export").stdout)["trees"]["retrait-en-attente"]
    mermaid = run(project, "graph", "retrait-en-attente").stdout
    assert mermaid.startswith("flowchart TD")
    for node_id in tree["nodes"]:
        assert f"n_{node_id.replace('-', '_')}" in mermaid
    assert len(re.findall(r" -->\|", mermaid)) == _graph_edges(tree)


def test_graph_of_unknown_tree_fails_clearly(project: Path) -> None:
    result = run(project, "graph", "nope")
    assert result.returncode == 1 and "retrait-en-attente" in result.stderr


def test_new_writes_a_skeleton_that_passes_check(project: Path) -> None:
    result = run(project, "new", "mon-nouveau-probleme")
    assert result.returncode == 0, result.stderr
    path = project / "mon-nouveau-probleme.yml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert run(project, "check", str(path)).returncode == 0
    assert json.loads(run(project, "export").stdout)["trees"]["mon-nouveau-probleme"]["start"]


def test_new_never_overwrites_and_refuses_bad_ids(project: Path) -> None:
    before = (project / "verification-kyc.yml").read_bytes()
    assert run(project, "new", "verification-kyc").returncode == 1
    assert (project / "verification-kyc.yml").read_bytes() == before
    assert run(project, "new", "Mauvais_Id").returncode == 2
