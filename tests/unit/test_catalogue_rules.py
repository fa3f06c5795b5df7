"""Rules of the channel catalogue the schema cannot express: opening hours
that are real spans of a day without overlaps (as the flow reads them),
fallbacks that lead somewhere else, a reply window whose minimum is the
minimum. Each problem is located in _channels.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.model import WEEKDAYS
from kb_tools.project import load_project

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _channels(project: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((project / "_channels.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _save(project: Path, data: dict) -> None:  # type: ignore[type-arg]
    (project / "_channels.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                          default_flow_style=False), encoding="utf-8")


def _problems(project: Path) -> list[tuple[str, str]]:
    """(rule, text of the line it points at) for every problem of _channels.yml."""
    lines = (project / "_channels.yml").read_text(encoding="utf-8").splitlines()
    _, problems = load_project(project)
    assert all(p.path.endswith("_channels.yml") for p in problems), [p.format() for p in problems]
    return sorted((p.rule, lines[p.line - 1].strip()) for p in problems)


@pytest.mark.parametrize(("slot", "rule"), [
    ("18:00-09:00", "bad-hours"),  # overnight: the flow would say « reprise demain à 18 h »
    ("10:00-10:00", "bad-hours"),
    ("23:00-24:30", "bad-hours"),
    ("23:00-25:00", "bad-format"),
    ("25:00-26:00", "bad-format"),
    ("9:00-18:00", "bad-format"),
])
@pytest.mark.parametrize("where", ["chat", "business_hours"])
def test_a_slot_that_is_not_a_span_of_the_day_is_refused_at_the_slot(project: Path, slot: str, rule: str,
                                                                     where: str) -> None:
    data = _channels(project)
    week = data["channels"]["chat"]["hours"] if where == "chat" else data["business_hours"]
    week["tue"] = [slot]
    _save(project, data)
    assert _problems(project) == [(rule, f"- {slot}")]


def test_overlapping_slots_are_refused(project: Path) -> None:
    data = _channels(project)
    data["business_hours"]["mon"] = ["09:00-12:00", "11:30-18:00"]
    _save(project, data)
    assert _problems(project) == [("overlapping-hours", "- 11:30-18:00")]


def _slot(h1: int, m1: int, h2: int, m2: int) -> str:
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


SLOTS = st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 24), st.integers(0, 59)), max_size=4)


@SETTINGS
@given(week=st.fixed_dictionaries({day: SLOTS for day in WEEKDAYS}))
def test_generated_hours_match_a_minute_by_minute_reference(project: Path, week: dict) -> None:  # type: ignore[type-arg]
    data = _channels(project)
    data["business_hours"] = {day: [_slot(*s) for s in slots] for day, slots in week.items() if slots}
    _save(project, data)
    lines = (project / "_channels.yml").read_text(encoding="utf-8").splitlines()
    _, problems = load_project(project)
    bad = {p.line for p in problems if p.rule == "bad-hours"}
    overlapping_days = set()
    for p in problems:
        assert p.rule in {"bad-hours", "overlapping-hours"}, p.format()
        if p.rule == "overlapping-hours":
            # the day is the nearest « day: » line above the slot
            overlapping_days.add(next(lines[i].strip()[:-1] for i in range(p.line - 1, -1, -1) if lines[i].strip().endswith(":")))
    expected_bad, expected_days = set(), set()
    line_of = {}
    for number, text in enumerate(lines, 1):
        line_of.setdefault(text, number)
    for day, slots in week.items():
        covered: list[set[int]] = []
        for s in slots:
            start, end = s[0] * 60 + s[1], s[2] * 60 + s[3]
            if not start < end <= 24 * 60:
                expected_bad.add(_slot(*s))
            else:
                covered.append(set(range(start, end)))
        if any(a & b for i, a in enumerate(covered) for b in covered[i + 1:]):
            expected_days.add(day)
    assert {lines[n - 1].strip()[2:] for n in bad} == expected_bad
    assert overlapping_days == expected_days


@pytest.mark.parametrize(("changes", "expected"), [
    ({"chat": {"fallback": "chat"}}, [("channel-loop", "fallback: chat")]),
    ({"escalation": {"via": "escalation"}}, [("channel-loop", "via: escalation")]),
    ({"chat": {"fallback": "form"}, "form": {"fallback": "chat"}},
     [("channel-loop", "fallback: chat"), ("channel-loop", "fallback: form")]),
    ({"email": {"reply_business_hours": [48, 24]}}, [("bad-hours", "- 48")]),
])
def test_fallbacks_that_loop_and_reversed_reply_windows_are_refused(project: Path, changes: dict,  # type: ignore[type-arg]
                                                                   expected: list[tuple[str, str]]) -> None:
    data = _channels(project)
    for channel, values in changes.items():
        data["channels"][channel].update(values)
    _save(project, data)
    assert _problems(project) == expected


# --- the complaint settings of a mediation (complaint_required, complaint_wait_days) ----------

COMPLAINT = {"complaint_required": True, "complaint_required_env": "KB_MEDIATOR_COMPLAINT_REQUIRED",
             "complaint_wait_days": 60, "complaint_wait_days_env": "KB_MEDIATOR_WAIT_DAYS"}


def test_a_mediation_takes_both_complaint_settings(project: Path) -> None:
    data = _channels(project)
    data["channels"]["mediation"].update(COMPLAINT)
    _save(project, data)
    assert _problems(project) == []
    kb, _ = load_project(project, env={})
    assert (kb.channels["mediation"]["complaint_required"], kb.channels["mediation"]["complaint_wait_days"]) == (True, 60)


@pytest.mark.parametrize("left_out", ["complaint_required", "complaint_wait_days"])
def test_one_complaint_setting_without_the_other_is_refused_at_the_channel(project: Path, left_out: str) -> None:
    data = _channels(project)
    data["channels"]["mediation"].update({k: v for k, v in COMPLAINT.items() if k != left_out})
    _save(project, data)
    assert _problems(project) == [("missing-key", "mediation:")]


@pytest.mark.parametrize("key", sorted(COMPLAINT))
def test_complaint_settings_belong_to_a_mediation_only(project: Path, key: str) -> None:
    data = _channels(project)
    data["channels"]["email"][key] = COMPLAINT[key]
    _save(project, data)
    value = COMPLAINT[key] if isinstance(COMPLAINT[key], str) else str(COMPLAINT[key]).lower()
    assert _problems(project) == [("unknown-key", f"{key}: {value}")]


@given(days=st.integers(-1000, 1000))
@SETTINGS
def test_the_wait_is_a_number_of_days_from_0_to_365(project: Path, days: int) -> None:
    data = _channels(project)
    data["channels"]["mediation"].update(COMPLAINT, complaint_wait_days=days)
    _save(project, data)
    expected = [] if 0 <= days <= 365 else [("bad-format", f"complaint_wait_days: {days}")]
    assert _problems(project) == expected


def test_the_complaint_date_role_is_a_date_field(project: Path) -> None:
    path = project / "_fields.yml"
    fields = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields["fields"]["date-reclamation"] = {"label": "Date de la réclamation", "type": "date", "role": "complaint-date"}
    path.write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_project(project, env={})[1] == []
    fields["fields"]["date-reclamation"]["type"] = "text"
    path.write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = load_project(project, env={})[1]
    assert [(p.rule, Path(p.path).name) for p in problems] == [("unknown-value", "_fields.yml")]


@pytest.mark.parametrize(("kind", "options", "good"), [("choice", ["Oui", "Pas encore"], True), ("text", None, False),
                                                       ("date", None, False)])
def test_the_complaint_answer_role_is_a_choice(project: Path, kind: str, options: list[str] | None, good: bool) -> None:
    """The answer of support (role complaint-answer): a choice whose first option means « answered » (kb/referral.js)."""
    path = project / "_fields.yml"
    fields = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec: dict[str, Any] = {"label": "Réponse du support", "type": kind, "role": "complaint-answer"}
    if options:
        spec["options"] = options
    fields["fields"]["reponse-support"] = spec
    path.write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = load_project(project, env={})[1]
    assert [(p.rule, Path(p.path).name) for p in problems] == ([] if good else [("unknown-value", "_fields.yml")])
