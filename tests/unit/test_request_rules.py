"""The player's request: ``ticket.request`` (missing-request, bad-request, its
``[ … ]`` segments), the answers' ``said:``, the checklists' ``done:``, the
attachments' ``when:`` and the fields' ``example:`` (bad-example), as an editor
meets them: located French messages, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.flow_data import flow_data
from kb_tools.project import load_project
from kb_tools.ticket_values import request_refusal
from tests.conftest import FIXTURE_PROJECT
from tests.unit import test_ticket_rules as ticket_rules

FIELDS = ["email", "date", "montant"]
HEAD = ("id: essai\ntitle: Arbre de test\ndescription: Un arbre généré pour vérifier la demande du joueur.\n"
        "category: Test\nstart: q\nnodes:\n")
OUTCOME = ("  q:\n    type: outcome\n    title: Fin\n    channel: chat\n    text: Fin.\n    ticket:\n"
           "      subject: Demande[ du {{date}}]\n{request}      fields: [email, date, montant]\n")

# plain words (no bracket, no brace), a known field, and the pieces a request is made of
WORDS = st.text(st.sampled_from("abc éà,;'()«»?"), min_size=1, max_size=6).filter(lambda t: t.strip())
KNOWN = st.sampled_from([f"{{{f}}}" for f in FIELDS])


@st.composite
def good_requests(draw: st.DrawFn) -> str:
    """Text with segments that each hold text and at least one known placeholder, never nested."""
    parts = [draw(WORDS)]
    for _ in range(draw(st.integers(0, 3))):
        inside = draw(st.lists(st.one_of(WORDS, KNOWN), min_size=0, max_size=2))
        inside.insert(draw(st.integers(0, len(inside))), draw(KNOWN))
        parts += ["[" + "".join(inside) + "]", draw(st.sampled_from(["", " ", " et "]))]
    return "".join(parts)


# the catalogues alone, and a tree written there, checked (shared with the subject's rules)
folder = ticket_rules.folder
_located = ticket_rules._located


@given(request=good_requests())
def test_a_request_whose_placeholders_all_sit_in_segments_is_accepted(request: str) -> None:
    assert request_refusal(request, FIELDS) is None


@given(request=good_requests(), at=st.integers(0, 200), char=st.sampled_from("[]{}"))
def test_one_stray_bracket_or_brace_is_refused(request: str, at: int, char: str) -> None:
    at %= len(request) + 1
    assert request_refusal(request[:at] + char + request[at:], FIELDS) is not None


@given(request=good_requests(), field=KNOWN, at=st.integers(0, 200))
def test_a_placeholder_outside_every_segment_is_refused(request: str, field: str, at: int) -> None:
    # the cut falls outside the segments: between them, at a place where no « [ » is open
    cuts = [i for i in range(len(request) + 1) if request[:i].count("[") == request[:i].count("]")]
    cut = cuts[at % len(cuts)]
    why = request_refusal(request[:cut] + field + request[cut:], FIELDS)
    assert why is not None and "segment" in why


@given(request=good_requests(), name=st.text(st.sampled_from("abjour-"), min_size=1, max_size=6))
def test_an_unknown_placeholder_is_refused_even_inside_a_segment(request: str, name: str) -> None:
    if name in FIELDS:
        return
    assert request_refusal(request + "[ {" + name + "}]", FIELDS) is not None


@given(request=good_requests(), words=WORDS, at=st.integers(0, 200))
def test_a_segment_without_placeholder_is_refused(request: str, words: str, at: int) -> None:
    # « [sujet précis en quelques mots] »: an instruction that would reach support as is
    cuts = [i for i in range(len(request) + 1) if request[:i].count("[") == request[:i].count("]")]
    cut = cuts[at % len(cuts)]
    why = request_refusal(request[:cut] + "[" + words + "]" + request[cut:], FIELDS)
    assert why is not None and "champ" in why


def test_a_request_with_nothing_outside_its_segments_is_refused() -> None:
    assert request_refusal("[Mon retrait du {date}]", FIELDS) is not None
    assert request_refusal("Mon retrait[ du {date}] est en attente.", FIELDS) is None


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(request=good_requests(), char=st.sampled_from(["[", "]", "{date", "date}", "{jour}"]))
def test_the_rule_is_located_at_the_request(folder: Path, request: str, char: str) -> None:
    good = HEAD + OUTCOME.format(request=f"      request: {json.dumps('Ma demande ' + request)}\n")
    assert _located(folder, good) == set()
    bad_value = json.dumps("Ma demande " + request + char)
    bad = HEAD + OUTCOME.format(request=f"      request: {bad_value}\n")
    line = bad.count("\n", 0, bad.index("request:")) + 1
    assert _located(folder, bad) == {("bad-request", line, 16)}


def test_a_ticket_without_request_is_refused_at_its_ticket_key(folder: Path) -> None:
    text = HEAD + OUTCOME.format(request="")
    assert _located(folder, text) == {("missing-request", 12, 5)}


def test_a_checklist_without_done_is_refused(folder: Path) -> None:
    text = HEAD + ("  q:\n    type: checklist\n    title: Vérifications\n    steps: [Videz le cache.]\n"
                   "    resolved: fin\n    next: fin\n  fin:\n    type: outcome\n    title: Fin\n    channel: faq\n    text: Fin.\n")
    assert _located(folder, text) == {("missing-key", 7, 3)}


def test_a_field_example_the_form_would_refuse_is_located(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_PROJECT, tmp_path / "trees")
    fields = tmp_path / "trees" / "_fields.yml"
    text = fields.read_text(encoding="utf-8")
    for field, example, ok in (("date", "15/11/2026", False), ("date", "2026-11-15", True), ("methode", "Chèque", False),
                               ("methode", "Virement", True), ("montant", "250,50", True), ("montant", "beaucoup", False)):
        head = f"  {field}:\n"
        assert head in text
        changed = text.replace(head, f"{head}    example: {json.dumps(example)}\n", 1)
        fields.write_text(changed, encoding="utf-8")
        _, problems = load_project(tmp_path / "trees", env={})
        line = changed.count("\n", 0, changed.index("example:")) + 1
        found = {(p.rule, p.line) for p in problems}
        assert found == (set() if ok else {("bad-example", line)}), (field, example, [p.format() for p in problems])


def test_said_done_request_and_attachments_reach_the_flow_data(folder: Path) -> None:
    text = HEAD + (
        "  q:\n    type: question\n    text: Une question ?\n    answers:\n"
        "      - {label: Oui, next: v, said: J’ai déjà réinitialisé mon mot de passe.}\n"
        "      - {label: Non, id: non, next: v}\n"
        "  v:\n    type: checklist\n    title: Vérifications\n    steps: [Videz le cache.]\n"
        "    done: J’ai vidé le cache.\n    resolved: fin\n    next: contact\n"
        "  fin:\n    type: outcome\n    title: Fin\n    channel: faq\n    still_stuck: contact\n    text: Fin.\n"
        "  contact:\n    type: outcome\n    title: Contact\n    channel: chat\n    text: Fin.\n    ticket:\n"
        "      subject: Demande[ du {date}]\n      request: \"Ma demande[ du {date}] : merci.\"\n"
        "      fields: [email, date, methode]\n      attachments:\n        - Capture\n"
        "        - {label: RIB, when: {methode: Virement}}\n")
    (folder / "essai.yml").write_text(text, encoding="utf-8")
    kb, problems = load_project(folder, env={})
    assert problems == []
    nodes = flow_data(kb, kb.trees["essai"])["nodes"]
    assert [a["said"] for a in nodes["q"]["answers"]] == ["J’ai déjà réinitialisé mon mot de passe.", None]
    assert [a["said"] for a in nodes["v"]["answers"]] == ["J’ai vidé le cache."] * 2  # resolu, bloque: the checks were made
    ticket = nodes["contact"]["ticket"]
    assert ticket["request"] == "Ma demande[ du {date}]\u00a0: merci."  # spaced the French way
    assert ticket["attachments"] == [{"label": "Capture", "when": None}, {"label": "RIB", "when": {"methode": ["Virement"]}}]
