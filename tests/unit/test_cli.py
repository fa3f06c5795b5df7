"""The command line as an editor uses it: check, export, graph, new (report: test_report.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
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


def _copy_with(project: Path, folder: Path, name: str, old: str = "", new: str = "") -> tuple[Path, int, int]:
    """``project/name`` copied into ``folder`` with ``old`` replaced by ``new``
    (once, when given); and where ``new`` starts in the copy."""
    text = (project / name).read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    offset = text.index(new)
    return folder / name, text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _located(stderr: str) -> set[tuple[str, int, int, str]]:
    return {(path, int(line), int(col), rule) for path, line, col, rule
            in re.findall(r"^(.+?):(\d+):(\d+): error: .+ \(([a-z-]+)\)$", stderr, re.MULTILINE)}


def test_check_of_an_edited_copy_elsewhere_checks_it_in_place_of_the_project_tree(project: Path, tmp_path: Path) -> None:
    # same id and name as a project tree: before, the copy was dropped and « OK » printed
    copy, line, col = _copy_with(project, tmp_path / "brouillon", "retrait-en-attente.yml",
                                 "next: verification-kyc#refus", "next: verification-kyc#absent")
    result = run(project, "check", str(copy))
    assert result.returncode == 1, result.stderr
    assert _located(result.stderr) == {(str(copy), line, col + len("next: "), "unknown-node")}
    assert "Traceback" not in result.stderr


def test_check_of_a_valid_copy_elsewhere_passes(project: Path, tmp_path: Path) -> None:
    copy, _, _ = _copy_with(project, tmp_path / "brouillon", "verification-kyc.yml")
    result = run(project, "check", str(copy))
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stderr and "error" not in result.stderr


def test_a_copy_is_checked_against_the_other_trees_and_the_catalogues(project: Path, tmp_path: Path) -> None:
    # its channels and fields come from the project's catalogues
    copy, line, col = _copy_with(project, tmp_path / "brouillon", "retrait-en-attente.yml",
                                 "channel: chat", "channel: pigeon")
    result = run(project, "check", str(copy))
    assert result.returncode == 1
    assert (str(copy), line, col + len("channel: "), "unknown-channel") in _located(result.stderr)


def test_a_copy_under_another_name_with_a_project_id_is_checked(project: Path, tmp_path: Path) -> None:
    copy, _, _ = _copy_with(project, tmp_path / "brouillon", "verification-kyc.yml")
    renamed = copy.rename(copy.with_name("kyc-v2.yml"))
    result = run(project, "check", str(renamed))
    assert result.returncode == 1
    rules = {rule for path, _, _, rule in _located(result.stderr) if path == str(renamed)}
    assert rules == {"id-filename"}


def test_two_named_files_of_one_tree_collide_with_a_located_error(project: Path, tmp_path: Path) -> None:
    first, _, _ = _copy_with(project, tmp_path / "a", "verification-kyc.yml")
    second, _, _ = _copy_with(project, tmp_path / "b", "verification-kyc.yml")
    result = run(project, "check", str(first), str(second))
    assert result.returncode == 1
    assert _located(result.stderr) == {(str(second), 1, 1, "duplicate-tree")}
    # the same id under two names: located at the second one's id
    renamed = second.rename(second.with_name("kyc-bis.yml"))
    result = run(project, "check", str(first), str(renamed))
    assert result.returncode == 1
    text = renamed.read_text(encoding="utf-8")
    id_line = text[:text.index("\nid: ") + 1].count("\n") + 1
    assert (str(renamed), id_line, 5, "duplicate-tree") in _located(result.stderr)
    assert not [p for p in _located(result.stderr) if p[0] == str(first)]


def test_check_of_the_project_file_and_its_copy_together_reports_the_copy(project: Path, tmp_path: Path) -> None:
    copy, _, _ = _copy_with(project, tmp_path / "brouillon", "verification-kyc.yml")
    result = run(project, "check", str(project / "verification-kyc.yml"), str(copy))
    assert result.returncode == 1
    assert _located(result.stderr) == {(str(copy), 1, 1, "duplicate-tree")}


def test_check_of_the_project_file_itself_and_of_a_catalogue(project: Path) -> None:
    for name in ("retrait-en-attente.yml", "_fields.yml", "_channels.yml"):
        result = run(project, "check", str(project / name))
        assert result.returncode == 0, (name, result.stderr)
    (project / "_fields.yml").write_text("fields: {}\n", encoding="utf-8")
    result = run(project, "check", str(project / "_fields.yml"))
    assert result.returncode == 1
    assert {path for path, _, _, _ in _located(result.stderr)} == {str(project / "_fields.yml")}


def test_check_of_a_tree_with_an_id_taken_in_the_project_is_located(project: Path) -> None:
    text = (project / "verification-kyc.yml").read_text(encoding="utf-8")
    (project / "a-kyc.yml").write_text(text, encoding="utf-8")  # sorted before verification-kyc.yml
    result = run(project, "check")
    assert result.returncode == 1
    found = _located(result.stderr)
    assert {rule for path, _, _, rule in found if path.endswith("a-kyc.yml")} == {"duplicate-tree"}
    assert not [p for p in found if p[0].endswith("verification-kyc.yml")]


def test_check_of_what_is_not_a_tree_file_is_a_usage_error(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "ailleurs"
    other.mkdir()
    (other / "_fields.yml").write_text("fields: {}\n", encoding="utf-8")
    (other / "arbre.yaml").write_text("id: arbre\n", encoding="utf-8")
    for target in (other, other / "arbre.yaml", other / "absent.yml", other / "_fields.yml"):
        result = run(project, "check", str(target))
        assert result.returncode == 2, target
        assert result.stderr.startswith(f"{target}: ") and "Traceback" not in result.stderr


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
    assert answer["target"] == {"tree": "verification-kyc", "node": "refus", "anchor": "verification-kyc--refus"}
    assert answer["id"] == "refus"  # no id: written, the node it leads to
    checklist = retrait["nodes"]["verifications"]["answers"]
    assert [a["id"] for a in checklist] == ["resolu", "bloque"]
    assert [a["target"]["node"] for a in checklist] == ["resolu", "retrait-retenu"]
    assert retrait["nodes"]["resolu"]["urgency"] == "normal"  # defaults filled in


def test_export_refuses_invalid_content(project: Path) -> None:
    (project / "broken.yml").write_text("id: broken\n", encoding="utf-8")
    result = run(project, "export")
    assert result.returncode == 1 and result.stdout == ""


def _graph_edges(kb_tree: dict[str, object]) -> int:
    count = 0
    for node in kb_tree["nodes"].values():  # type: ignore[attr-defined]
        count += len(node["answers"])  # a checklist's two answers too
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


SVG = "{http://www.w3.org/2000/svg}"


def _groups(root: ET.Element, css: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if css in (g.get("class") or "").split()]


def _lines(text: ET.Element) -> str:
    return " ".join(span.text or "" for span in text.iter(f"{SVG}tspan"))


def test_graph_svg_has_every_node_and_edge(project: Path) -> None:
    tree = json.loads(run(project, "export").stdout)["trees"]["retrait-en-attente"]
    result = run(project, "graph", "retrait-en-attente", "--format", "svg")
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(result.stdout)
    assert root.tag == f"{SVG}svg" and float(root.get("width", 0)) > 0
    nodes = {g.get("data-node"): g for g in _groups(root, "kb-node")}
    assert set(nodes) == {*tree["nodes"], "verification-kyc--"}  # the other tree is a box too
    assert "stroke-dasharray" in ET.tostring(nodes["verification-kyc--"], encoding="unicode")
    for node_id, node in tree["nodes"].items():
        body = [t for t in nodes[node_id].iter(f"{SVG}text") if t.get("class") == "kb-text"]
        assert [_lines(t) for t in body] == [node["text"] if node["type"] == "question" else node["title"]]
    channels = [_lines(t) for t in nodes["refus-contact"].iter(f"{SVG}text") if t.get("class") == "kb-channel"]
    assert channels == ["→ Chat en direct"]
    edges = _groups(root, "kb-edge")
    assert len(edges) == _graph_edges(tree)
    assert all(len(g.findall(f"{SVG}path")) == 1 and not g.findall(f"{SVG}line") for g in edges)
    labels = Counter(_lines(text) for g in _groups(root, "kb-label") for text in g.iter(f"{SVG}text"))
    expected = Counter(a["label"] for n in tree["nodes"].values() for a in n["answers"])
    assert labels == expected


def test_graph_svg_escapes_text_and_never_overlaps_boxes(project: Path) -> None:
    (project / "boucle.yml").write_text(
        "id: boucle\n"
        "title: 'Titre <b>gras</b> & « guillemets » \"doubles\"'\n"
        "description: Un arbre avec une boucle, un saut de niveaux et du texte à échapper.\n"
        "category: Test\n"
        "start: q1\n"
        "nodes:\n"
        "  q1:\n"
        "    type: question\n"
        "    text: Première question <script>alert(1)</script> & co ?\n"
        "    answers:\n"
        "      - {label: 'Vers la fin, tout de suite & sans détour', next: fin}\n"
        "      - {label: Continuer, next: q2}\n"
        "  q2:\n"
        "    type: question\n"
        "    text: Deuxième question ?\n"
        "    answers:\n"
        "      - {label: Revenir au début, next: q1}\n"
        "      - {label: Vérifier, next: liste}\n"
        "  liste:\n"
        "    type: checklist\n"
        "    title: Vérifications\n"
        "    steps: [Une étape]\n"
        "    done: J’ai fait l’étape.\n"
        "    resolved: fin\n"
        "    next: verification-kyc\n"
        "  fin:\n"
        "    type: outcome\n"
        "    title: Fin\n"
        "    channel: faq\n"
        "    still_stuck: retrait-en-attente#refus-contact\n"
        "    text: Terminé.\n",
        encoding="utf-8",
    )
    result = run(project, "graph", "boucle", "--format", "svg")
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(result.stdout)  # raises if anything was left unescaped
    texts = {_lines(t) for t in root.iter(f"{SVG}text")}
    assert "Première question <script>alert(1)</script> & co ?" in " ".join(texts)
    assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout
    assert len(_groups(root, "kb-edge")) == 7  # with the way on of « fin » (still_stuck), to another tree
    boxes = []
    for g in [*_groups(root, "kb-node"), *_groups(root, "kb-label")]:
        rect = g.find(f"{SVG}rect")
        assert rect is not None
        boxes.append(tuple(float(rect.get(k, 0)) for k in ("x", "y", "width", "height")))
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "two boxes overlap"


def test_graph_of_unknown_tree_fails_clearly(project: Path) -> None:
    result = run(project, "graph", "nope")
    assert result.returncode == 1 and "retrait-en-attente" in result.stderr


def test_new_writes_a_skeleton_whose_only_errors_are_its_example_texts(project: Path) -> None:
    """The untouched skeleton is a valid tree, but would publish « Titre du problème à remplacer »:
    check refuses it with one located skeleton-text error per example text, and nothing else."""
    from kb_tools.skeleton_check import placeholders

    result = run(project, "new", "mon-nouveau-probleme")
    assert result.returncode == 0, result.stderr
    path = project / "mon-nouveau-probleme.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    checked = run(project, "check", str(path))
    assert checked.returncode == 1
    found = re.findall(r"(?m)^\S*mon-nouveau-probleme\.yml:(\d+):(\d+): error: .* \((\S+)\)$", checked.stderr)
    assert {rule for _, _, rule in found} == {"skeleton-text"}, checked.stderr
    lines = text.split("\n")
    shown = [lines[int(line) - 1][int(col) - 1:] for line, col, _ in found]
    assert len(found) == len(placeholders()) >= 10
    for placeholder in placeholders():  # each one at its own place: its first character
        assert any(s.startswith(placeholder) for s in shown), placeholder
    for i, placeholder in enumerate(sorted(placeholders(), key=len, reverse=True)):  # « autre mot clé » first
        text = text.replace(placeholder, f"Texte de la rédaction numéro {i} pour ce parcours")
    path.write_text(text, encoding="utf-8")
    assert run(project, "check", str(path)).returncode == 0
    assert json.loads(run(project, "export").stdout)["trees"]["mon-nouveau-probleme"]["start"]


def test_new_never_overwrites_and_refuses_bad_ids(project: Path) -> None:
    before = (project / "verification-kyc.yml").read_bytes()
    assert run(project, "new", "verification-kyc").returncode == 1
    assert (project / "verification-kyc.yml").read_bytes() == before
    assert run(project, "new", "Mauvais_Id").returncode == 2
