"""« <!-- kb-channels --> » and « <!-- kb-hours --> »: the catalogue's channels
(deployment values applied) written into a page, hours in French, every value
escaped, and a malformed marker located like a flow marker."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.channel_list import embed_channels, hours_text
from kb_tools.model import WEEKDAYS
from kb_tools.project import load_project
from tests.conftest import ROOT
from tests.payloads import deploy_payloads

NB = "\u00a0"
KB, _ = load_project(ROOT / "trees", env={})


def _embed(page: str) -> tuple[str, list[tuple[int, int, str]]]:
    out, problems = embed_channels(page, KB, display="docs/page.md")
    assert all(p.path == "docs/page.md" and p.level == "error" for p in problems)
    return out, [(p.line, p.col, p.rule) for p in problems]


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text += data


def _parse(html: str) -> _Parsed:
    parsed = _Parsed()
    parsed.feed(html)
    return parsed


def test_the_chat_hours_read_as_a_french_sentence() -> None:
    said = hours_text(KB.channels["chat"]["hours"], "Europe/Paris").replace(NB, " ")
    assert said == ("du lundi au vendredi de 9 h à 22 h, le samedi de 10 h à 20 h, "
                    "fermé le dimanche (heure de Paris)")


@pytest.mark.parametrize(("week", "said"), [
    ({d: ["00:00-24:00"] for d in WEEKDAYS}, "tous les jours 24 h sur 24"),
    ({"mon": ["09:30-12:00", "14:00-18:05"]}, "le lundi de 9 h 30 à 12 h et de 14 h à 18 h 05, fermé du mardi au dimanche"),
    ({"sat": ["10:00-24:00"], "sun": ["00:00-02:00"]}, "fermé du lundi au vendredi, le samedi de 10 h à minuit, "
                                                       "le dimanche de minuit à 2 h"),
    ({}, "fermé tous les jours"),
])
def test_hours_group_days_and_write_hours_as_french_does(week: dict[str, list[str]], said: str) -> None:
    assert hours_text(week, "Europe/Paris").replace(NB, " ") == said + " (heure de Paris)"


_slot = st.sampled_from(["", "09:00-18:00", "10:00-20:00", "00:00-24:00"])


@given(st.tuples(*[_slot] * 7))
@settings(max_examples=100, deadline=None)
def test_every_day_is_said_once_open_or_closed(slots: tuple[str, ...]) -> None:
    week = {d: [s] if s else [] for d, s in zip(WEEKDAYS, slots, strict=True)}
    said = hours_text(week, "Europe/Paris")
    open_days = sum(bool(s) for s in slots)
    assert ("fermé" in said) == (open_days < 7)
    # the first day is always named, and every change of hours names the day where it happens
    assert said.startswith(("du lundi", "le lundi", "fermé", "tous les jours"))
    for before, day, slot in zip(slots, WEEKDAYS[1:], slots[1:], strict=False):
        if slot != before:
            assert f" {('lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche')[WEEKDAYS.index(day)]}" \
                in said, (week, said)


def test_the_marker_lists_the_channels_with_their_address() -> None:
    out, problems = _embed("# Contact\n\nIntro.\n\n<!-- kb-channels: chat email form -->\n\nFin.\n")
    assert problems == []
    parsed = _parse(out)
    hrefs = [dict(attrs)["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert hrefs == [KB.channels["chat"]["url"], "mailto:" + KB.channels["email"]["address"], KB.channels["form"]["url"]]
    text = parsed.text.replace(NB, " ")
    assert "du lundi au vendredi de 9 h à 22 h" in text and KB.channels["email"]["delay"] in text
    assert "<!-- kb-channels" not in out and out.startswith("# Contact\n\nIntro.\n") and out.endswith("\n\nFin.\n")


def test_without_ids_every_channel_with_an_address_is_listed_and_kb_hours_gives_business_hours() -> None:
    out, problems = _embed("<!-- kb-channels -->\n\n<!-- KB-HOURS -->\n")
    assert problems == []
    names = [c["name"] for c in KB.channels.values() if c.get("url") or c.get("address")]
    text = _parse(out).text.replace(NB, " ")
    assert all(name in text for name in names) and "Centre d’aide" not in text  # no address: not listed
    assert "du lundi au vendredi de 9 h à 18 h" in text


def test_deployment_values_are_the_ones_shown() -> None:
    env = {"KB_CHAT_URL": "https://chat.casino-reel.fr/aide", "KB_SUPPORT_EMAIL": "aide@casino-reel.fr",
           "KB_FORM_URL": "https://casino-reel.fr/formulaire", "KB_TERMS_URL": "https://casino-reel.fr/cgu"}
    kb, _ = load_project(ROOT / "trees", env=env)
    out, _ = embed_channels("<!-- kb-channels: chat email form mediation -->\n", kb, display="p.md")
    assert all(value in out for value in env.values())
    assert "roulettino.example" not in out


@pytest.mark.parametrize(("label", "payload"), deploy_payloads())
def test_no_value_can_add_markup_or_a_link(label: str, payload: str) -> None:
    kb, _ = load_project(ROOT / "trees", env={"KB_CHAT_URL": payload, "KB_SUPPORT_EMAIL": payload,
                                             "KB_TERMS_URL": payload, "KB_MEDIATOR_URL": payload,
                                             "KB_MEDIATOR_NAME": payload})
    for channel in kb.channels.values():  # free texts of the catalogue too
        channel["name"] = channel["delay"] = payload
    out, _ = embed_channels("<!-- kb-channels -->\n\n<!-- kb-hours -->\n", kb, display="p.md")
    parsed = _parse(out)
    assert {tag for tag, _ in parsed.tags} <= {"ul", "li", "strong", "br", "a", "p"}, label
    for tag, attrs in parsed.tags:
        assert {name for name, _ in attrs} <= ({"href"} if tag == "a" else {"class"}), label
        href = dict(attrs).get("href") or "https://"
        assert href.startswith(("https://", "mailto:")) and payload not in href, label
    blocks = [b.strip("\n") for b in out.split("\n\n") if b.strip()]
    assert [b[:3] for b in blocks] == ["<ul", "<p "], label  # no blank line inside: each stays one HTML block
    one_line = " ".join(payload.split())
    if one_line and "&" not in one_line and " :" not in one_line and "«" not in one_line:
        assert one_line in parsed.text, label  # shown as written


# Markers: the same line rules as « <!-- kb-flow: TREE --> » (tests/unit/test_embed.py).
_space = st.text(alphabet=" \t", max_size=3)


@given(st.integers(0, 3), _space, st.sampled_from(["kb-channels", "KB-Channels", "kb-hours"]), _space, _space)
@settings(max_examples=60, deadline=None)
def test_a_marker_in_any_spacing_or_case_is_replaced(indent: int, a: str, word: str, b: str, c: str) -> None:
    marker = f"{' ' * indent}<!--{a}{word}{b}-->{c}"
    out, problems = _embed(f"# Page\n\nIntro.\n\n{marker}\n\nFin.\n")
    assert problems == []
    assert marker.strip() not in out and ('class="kb-channels"' in out or 'class="kb-hours"' in out)


@given(st.sampled_from("`~"), st.integers(3, 6))
@settings(max_examples=20, deadline=None)
def test_a_marker_in_code_stays_code(char: str, length: int) -> None:
    page = (f"# Page\n\n{char * length}\n<!-- kb-channels -->\n{char * length}\n\n"
            "Écrivez `<!-- kb-hours -->` seul.\n\n    <!-- kb-channels -->\n")
    out, problems = _embed(page)
    assert problems == [] and out == page


BAD = [
    ("<!-- kb-channels: -->", 1, "bad-channels-marker"),  # « : » and no channel
    ("<!-- kb-hours: chat -->", 1, "bad-channels-marker"),  # the business hours name no channel
    ("<!-- kb_channels -->", 1, "bad-channels-marker"),  # misspelt
    ("<!-- kbchannel -->", 1, "bad-channels-marker"),
    ("<!-- kb-channels", 1, "bad-channels-marker"),  # not closed
    ("Voir <!-- kb-channels --> ici.", 6, "bad-channels-marker"),  # inside a sentence
    ("- <!-- kb-channels -->", 3, "bad-channels-marker"),  # in a list item
    ("<!-- kb-channels: chat absent -->", 24, "unknown-channel"),
    ("<!--kb-channels:chat \t  absent-->", 25, "unknown-channel"),
]


@pytest.mark.parametrize(("marker", "col", "rule"), BAD)
def test_a_malformed_marker_is_located_and_never_replaced(marker: str, col: int, rule: str) -> None:
    page = "# Page\n\nTexte.\n\n" + marker + "\n"
    out, problems = _embed(page)
    assert problems == [(5, col, rule)]
    assert "<a " not in out.split("<!-- kb-channels: chat absent")[0] or rule == "unknown-channel"
    if rule == "bad-channels-marker":
        assert out == page


def test_a_marker_under_an_admonition_is_located() -> None:
    out, problems = _embed("!!! note\n\n    <!-- kb-channels -->\n")
    assert problems == [(3, 5, "bad-channels-marker")] and "kb-channels\"" not in out


def test_the_site_pages_use_the_marker_and_copy_no_catalogue_value() -> None:
    pages = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
    for name in ("contact.md", "canaux-de-contact.md", "delais-et-priorisation.md", "mediation-et-litiges.md"):
        assert "<!-- kb-channels" in pages[name] or "<!-- kb-hours -->" in pages[name], name
    values = {c[k] for c in KB.channels.values() for k in ("url", "address", "body_url", "body_name") if c.get(k)}
    hours = re.compile(r"\b\d{1,2}(?::\d{2}| h(?: \d{2})?) à \d{1,2}(?::\d{2}| h)|\b\d{2}:\d{2}-\d{2}:\d{2}")
    sources = {**pages, **{p.name: p.read_text(encoding="utf-8") for p in (ROOT / "trees").glob("[!_]*.yml")}}
    for name, text in sources.items():  # a value copied by hand would stay the example once deployed
        flat = " ".join(text.split()).replace(NB, " ")
        assert not [v for v in values if v in flat] and not hours.search(flat), name
        assert "valeurs d’exemple" not in flat.lower() and ".example" not in flat, name
