"""Every live ticket's subject, as support receives it (the mailto, the form
prefill, the copy and the download all take it from kb/ticket-text.js), with
each of its fields missing, refused or holding a password in turn, and all
of them missing: never a « [Date] », a brace or a bracket, never a dangling
« : » or « ( ) », never empty; the words outside its segments always there.
Run through node, as tests/content/test_golden_messages.py does."""

from __future__ import annotations

from kb_tools.golden import run_script
from kb_tools.live_subjects import subject_cases, wrong_subject
from tests.conftest import ROOT
from tests.content.test_golden_messages import TODAY, _contact_outcomes, _kb


def test_no_live_subject_shows_a_mark_whatever_is_missing() -> None:
    kb = _kb()
    trees, cases = subject_cases(kb, _contact_outcomes(kb), TODAY)
    messages = run_script(ROOT, {"trees": trees, "cases": cases, "today": TODAY})
    assert len(messages) == len(cases) > 100
    wrong = [(case["name"], subject) for case in cases
             if (subject := wrong_subject(case, messages[case["name"]], TODAY)) is not None]
    assert wrong == [], wrong[:10]
