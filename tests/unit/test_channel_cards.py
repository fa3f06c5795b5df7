"""What a channel card says, and the public holidays the reply deadlines skip:
computed at build time by the ``holidays`` package, from the first day of the
build month through 24 months, in every tree's browser data."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from kb_tools import strings
from kb_tools.deploy_values import example_notice
from kb_tools.flow_data import browser_data, channel_card
from kb_tools.hours import build_month, public_holidays
from kb_tools.project import load_project
from kb_tools.text import lcfirst
from tests.conftest import ROOT
from tests.payloads import deploy_payloads


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    kb, problems = load_project(ROOT / "trees", env={})
    assert problems == []
    return kb


@pytest.mark.parametrize(("year", "month"), [(2026, 1), (2026, 12), (2027, 5), (2030, 2)])
def test_holidays_run_24_months_from_the_first_of_the_build_month(year: int, month: int) -> None:
    days = [date.fromisoformat(d) for d in public_holidays(year, month)]
    assert days == sorted(set(days))
    start = date(year, month, 1)
    end = date(year + 2, month, 1)
    assert all(start <= d < end for d in days)
    # two of every fixed holiday (1 January, 1 May, 14 July, 25 December...) and two Easter Mondays
    fixed = {(d.month, d.day) for d in days}
    assert {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)} <= fixed
    assert len(days) == 22  # 11 French public holidays a year (Whit Monday included)
    assert len([d for d in days if d.weekday() == 0 and d.month in (3, 4)]) == 2  # Easter Monday, each year


def test_easter_moves_as_the_package_knows() -> None:
    assert "2026-04-06" in public_holidays(2026, 1) and "2027-03-29" in public_holidays(2026, 1)
    assert "2027-05-17" in public_holidays(2026, 12)  # Whit Monday 2027


@pytest.mark.parametrize(("epoch", "month"), [("1796083200", (2026, 12)), ("1767225600", (2026, 1))])
def test_the_build_month_is_the_reproducible_one(monkeypatch: pytest.MonkeyPatch, epoch: str, month: tuple[int, int]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build_month() == month


def test_every_tree_carries_the_holidays(kb, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    for tree in kb.trees.values():
        assert browser_data(kb, tree)["holidays"] == list(public_holidays(2026, 12))


def _sentences(kb) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(cid, text) for cid in kb.channels for text in channel_card(kb, cid).values() if isinstance(text, str)]


def test_card_sentences_read_on_their_own(kb) -> None:  # type: ignore[no-untyped-def]
    for cid, text in _sentences(kb):
        # a pronoun needs what it stands for: « demandez-la » after « Délai indicatif : » has nothing
        assert not re.search(r"-(la|le|les|lui|leur)\b", text), (cid, text)
        # « 48 h » never breaks between the number and its unit
        assert not re.search(r"[0-9][ \t](h|min)\b", text), (cid, text)
        assert ". ." not in text and ",." not in text and " ." not in text, (cid, text)


def test_the_mediation_card_names_its_body_from_the_deployment() -> None:
    name, url = "Médiateur d’Île-de-France (jeux en ligne)", "https://mediation.casino-test.example/saisir"
    kb, problems = load_project(ROOT / "trees", env={"KB_MEDIATOR_NAME": name, "KB_MEDIATOR_URL": url})
    assert problems == []
    mediation = next(cid for cid, c in kb.channels.items() if c["kind"] == "mediation")
    card = channel_card(kb, mediation)
    assert card["body"] is not None and name in card["body"] and card["body_link"]
    assert kb.channels[mediation]["body_url"] == url
    # without the variables, the catalogue's example values, marked as such (once, site-wide: example_notice)
    kb, _ = load_project(ROOT / "trees", env={})
    assert kb.channels[mediation]["example"] is True
    assert example_notice(kb.channels) == strings.get("example_notice_complaint")  # its complaint settings too


@pytest.mark.parametrize("key", ["body_name", "body_url"])
def test_a_hostile_body_in_the_catalogue_is_refused_where_it_is_written(project: Path, key: str) -> None:
    path = project / "_channels.yml"
    source = path.read_text(encoding="utf-8")
    if "body_name:" not in source:  # the fixture project's mediation, given a body
        source = source.replace("    url_env: KB_TERMS_URL\n", "    url_env: KB_TERMS_URL\n    body_name: Médiateur\n"
                                "    body_url: https://mediateur.example/\n", 1)
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.strip().startswith(f"{key}:"))
    for label, value in deploy_payloads():
        quoted = json.dumps(value, ensure_ascii=False)
        start = source.index(f"    {key}: ") + len(f"    {key}: ")
        path.write_text(source[:start] + quoted + source[source.index("\n", start):], encoding="utf-8")
        kb, problems = load_project(project, env={})
        assert [(p.line, p.level) for p in problems] == [(line, "error")], (label, [p.format() for p in problems])
        assert not kb.channels, label  # the catalogue is refused: nothing of it is published


# ------------------------------------------------------------ every channel named has its button

#: Words of an outcome's text that send the player to a channel, by the channel's kind.
_NAMED = {
    "email": re.compile(r"\bpar e-mail\b|\bvotre e-mail\b", re.IGNORECASE),
    "form": re.compile(r"\bpar le formulaire\b|\bvotre formulaire\b", re.IGNORECASE),
    "chat": re.compile(r"\b(?:au|le) chat en direct\b", re.IGNORECASE),
}


def _buttons(kb, node) -> set[str]:  # type: ignore[no-untyped-def]
    """The kinds of the channels an outcome offers a button to, as the flow builds them
    (ticket-form.js ``actions``, flow.js ``channelLink``), the way on's included."""
    channel = kb.channels[node["channel"]]
    reach = kb.channels[channel["via"]] if channel["via"] else channel
    if not node["ticket"]:
        return {reach["kind"]} if reach["url"] and reach["kind"] in ("self_help", "mediation") else set()
    found = {reach["kind"]} & {"chat", "form", "email"}
    fallback = kb.channels.get(reach["fallback"] or "")
    if fallback is not None and fallback["kind"] == "email":
        found.add("email")
    return found


def _outcomes(kb):  # type: ignore[no-untyped-def]
    return [(tid, nid, node) for tid, tree in sorted(kb.trees.items()) for nid, node in tree["nodes"].items()
            if node["type"] == "outcome"]


def test_every_channel_an_outcome_names_has_its_button(kb) -> None:  # type: ignore[no-untyped-def]
    outcomes = _outcomes(kb)
    assert len(outcomes) > 20
    for tid, nid, node in outcomes:
        offered = _buttons(kb, node)
        # a self-help outcome leads on (« Toujours bloqué ? ») to an outcome whose buttons count too
        for answer in node["answers"]:
            target = kb.target(answer, tid)
            if target is not None:
                offered |= _buttons(kb, kb.trees[target["tree"]]["nodes"][target["node"]])
        named = {kind for kind, words in _NAMED.items() if words.search(node["text"])}
        assert named <= offered, f"{tid}#{nid}: the text sends to {sorted(named - offered)}, no button for it"
        if node["ticket"]:
            # the card names the channel's fallback (« … écrivez par e-mail »): its button is there
            card = channel_card(kb, node["channel"])
            channel = kb.channels[node["channel"]]
            reach = kb.channels[channel["via"]] if channel["via"] else channel
            if card["fallback"]:
                assert kb.channels[reach["fallback"]]["kind"] in offered | {"self_help"}, f"{tid}#{nid}"


def test_a_form_that_names_the_email_offers_it_and_says_so_without_hours(kb) -> None:  # type: ignore[no-untyped-def]
    """The guide's « E-mail/Formulaire »: the form's card tells the e-mail as another way to
    write, never « en dehors des heures d'ouverture » (a form has none)."""
    for cid, channel in kb.channels.items():
        card = channel_card(kb, cid)
        if channel["kind"] == "form":
            assert channel["fallback"] and kb.channels[channel["fallback"]]["kind"] == "email", cid
            assert card["fallback"] and lcfirst(kb.channels[channel["fallback"]]["name"]) in card["fallback"], cid
        reach = kb.channels.get(channel["via"] or "", channel)
        if card["fallback"] and not reach["hours"]:
            assert strings.get("card_fallback").split("{")[0].strip() not in card["fallback"], (cid, card["fallback"])


def test_the_chat_is_closed_on_public_holidays_unless_told_otherwise(kb, project: Path) -> None:  # type: ignore[no-untyped-def]
    chats = [c for c in kb.channels.values() if c["kind"] == "chat" and c["hours"]]
    assert chats and all(c["closed_on_holidays"] is True for c in chats)
    path = project / "_channels.yml"
    source = path.read_text(encoding="utf-8")
    assert "closed_on_holidays" not in source  # the fixture's chat says nothing: closed on holidays all the same
    fixture, problems = load_project(project, env={})
    assert problems == [] and all(c["closed_on_holidays"] for c in fixture.channels.values())
    path.write_text(source.replace("    fallback: email\n", "    closed_on_holidays: false\n    fallback: email\n", 1), encoding="utf-8")
    fixture, problems = load_project(project, env={})
    assert problems == [] and [c["closed_on_holidays"] for c in fixture.channels.values() if c["kind"] == "chat"] == [False]
    path.write_text(source.replace("    fallback: email\n", "    closed_on_holidays: oui\n    fallback: email\n", 1), encoding="utf-8")
    _, problems = load_project(project, env={})
    assert [p.level for p in problems] == ["error"], [p.format() for p in problems]
