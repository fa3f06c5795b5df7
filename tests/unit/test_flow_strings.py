"""What an outcome says is written once: the UI strings, the channel card, the
trail and the subject placeholder come from one Python definition, shared by
the article (Jinja) and the browser flow (its data)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kb_tools import strings
from kb_tools.project import load_project
from kb_tools.render import environment, flow_data, render_article
from kb_tools.text import french_spacing, lcfirst
from kb_tools.ticket_values import PLACEHOLDER

SPACE_BEFORE_PUNCTUATION = re.compile(r" [:;!?»]|« ")


def _article_and_data(project: Path, tree_id: str = "retrait-en-attente") -> tuple[str, dict[str, Any]]:
    kb, problems = load_project(project, env={})
    assert problems == []
    return render_article(environment(), kb, kb.trees[tree_id]), flow_data(kb, kb.trees[tree_id])


def test_every_ui_string_has_french_spacing_and_only_named_slots() -> None:
    catalogue = strings.catalogue()
    assert {"back", "restart", "step", "answer_resolved", "answer_stuck", "guide_changed", "old_link"} <= set(catalogue)
    for key, text in catalogue.items():
        assert not SPACE_BEFORE_PUNCTUATION.search(text), key
        assert re.sub(r"\{[a-z_]+\}", "", text).count("{") == 0, key


def test_a_string_changed_in_the_catalogue_changes_the_article_and_the_data(project: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    changed = dict(strings.catalogue(), back="Précédent", answer_stuck="Encore coincé")
    monkeypatch.setattr(strings, "_load", lambda: changed)
    article, data = _article_and_data(project)
    assert "data-kb-back disabled>Précédent</button>" in article
    assert "[Encore coincé](" in article
    assert data["strings"]["back"] == "Précédent"
    stuck = [a for n in data["nodes"].values() if n["type"] == "checklist" for a in n["answers"] if a["id"] == "bloque"]
    assert stuck and all(a["label"] == "Encore coincé" for a in stuck)


def test_the_article_shows_the_card_the_data_carries(project: Path) -> None:
    article, data = _article_and_data(project)
    shown = html.unescape(article).replace("\\", "")  # Markdown escapes of plain text
    for node in data["nodes"].values():
        if node["type"] != "outcome":
            continue
        card = data["channels"][node["channel"]]["card"]
        for key in ("title", "purpose", "delay", "fallback", "open"):
            if card[key]:
                assert card[key] in shown, (node["id"], key)


def test_a_channel_name_continues_a_sentence_in_lower_case_unless_it_is_a_name() -> None:
    assert lcfirst("E-mail") == "e-mail"
    assert lcfirst("Chat en direct") == "chat en direct"
    assert lcfirst("Réponse sous 24 h") == "réponse sous 24 h"
    assert lcfirst("KYC renforcé") == "KYC renforcé"
    assert lcfirst("3D Secure") == "3D Secure"
    assert lcfirst("iPhone") == "iPhone"


def test_a_trail_line_is_the_question_then_the_answer_apart(project: Path) -> None:
    _, data = _article_and_data(project)
    for node in data["nodes"].values():
        heading = french_spacing(node["text"] if node["type"] == "question" else node.get("title", ""))
        for answer in node["answers"]:
            trail = answer["trail"]
            assert trail.startswith(heading) and trail.endswith(answer["label"])
            middle = trail[len(heading):len(trail) - len(answer["label"])]
            assert middle[:1].isspace() and middle[-1:].isspace() and middle.strip(), trail


def test_the_placeholder_in_the_data_is_the_one_python_uses_and_javascript_reads_it_alike(project: Path) -> None:
    _, data = _article_and_data(project)
    assert data["placeholder"] == PLACEHOLDER.pattern
    subject = "Retrait du {date} ({methode}) {x{y}} }"
    expected = [m.group(1) for m in PLACEHOLDER.finditer(subject)]
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the Python side is checked above")
    script = ("const [p, s] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify([...s.matchAll(new RegExp(p, 'g'))].map(m => m[1])));")
    node = subprocess.run(["node", "-e", script], input=json.dumps([data["placeholder"], subject]),
                          capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(node.stdout) == expected


def test_field_roles_and_sensitivity_reach_the_data(project: Path) -> None:
    kb, _ = load_project(project, env={})
    every = {fid: f for tree in kb.trees.values() for fid, f in flow_data(kb, tree)["fields"].items()}
    assert every["email"]["sensitive"] is True and every["email"]["role"] is None
    assert kb.fields["description"]["role"] == "free-text" and kb.fields["etapes"]["role"] == "steps"


def test_two_fields_of_one_role_in_a_ticket_are_refused_at_the_second(project: Path) -> None:
    fields = project / "_fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8").replace(
        "    label: Chronologie\n", "    label: Chronologie\n    role: free-text\n"), encoding="utf-8")
    tree = project / "verification-kyc.yml"
    text = tree.read_text(encoding="utf-8")
    assert "fields: [email, date, motif-refus]" in text
    tree.write_text(text.replace("fields: [email, date, motif-refus]",
                                 "fields: [email, date, motif-refus, description, chronologie]"),
                    encoding="utf-8")
    _, problems = load_project(project, env={})
    assert [p.rule for p in problems] == ["duplicate-field-role"]
    line = tree.read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    assert line[problems[0].col - 1:].startswith("chronologie")


@pytest.mark.parametrize(("zone", "label"), [("America/Montreal", "heure de Montréal"), ("Asia/Tokyo", "heure de Tokyo")])
def test_another_time_zone_goes_into_the_data(project: Path, zone: str, label: str) -> None:
    channels = project / "_channels.yml"
    channels.write_text(channels.read_text(encoding="utf-8").replace("timezone: Europe/Paris", f"timezone: {zone}"),
                        encoding="utf-8")
    _, data = _article_and_data(project)
    assert data["timezone"] == zone and data["strings"]["zone"] == label


def test_an_unknown_time_zone_is_a_located_error(project: Path) -> None:
    channels = project / "_channels.yml"
    channels.write_text(channels.read_text(encoding="utf-8").replace("timezone: Europe/Paris", "timezone: Europe/Pariss"),
                        encoding="utf-8")
    _, problems = load_project(project, env={})
    assert [(p.rule, Path(p.path).name) for p in problems] == [("unknown-value", "_channels.yml")]
    assert problems[0].line == next(i for i, line in enumerate(channels.read_text(encoding="utf-8").splitlines(), 1)
                                    if line.startswith("timezone:"))
