"""The request builder: fields prefilled from the answers, what the player
types in the subject, the message and the mailto: link, checks as they type,
card numbers masked, passwords refused; and nothing sent by the page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page

from tests.browser.flowkit import (
    PARIS,
    Step,
    answers,
    content,
    flat,
    mark,
    net_calls,
    node,
    open_flow,
    outcome_path,
    reach,
    settle,
    shown_ids,
    tree_ids,
    walk_to,
)

pytestmark = pytest.mark.browser

PASSWORD = "mot de passe : secret123"
LUHN_CARD = "4111 1111 1111 1111"
NOT_LUHN = "4970 1012 3456 7890"  # a card number with one typo: fails the Luhn check, still a card number
NOT_A_CARD = "06 12 34 56 78"  # a phone number, in pairs


def paris_today() -> date:
    return datetime.now(PARIS).date()


def ticket_paths() -> Iterator[tuple[list[Step], dict[str, str], tuple[str, str]]]:
    """Paths from a tree's start, inside the tree and at most one answer into
    another tree, to an outcome with a ticket: (clicks, values set, outcome)."""
    for tree in tree_ids():
        start = content()["trees"][tree]["start"]
        todo: list[tuple[str, list[Step], dict[str, str]]] = [(start, [], {})]
        while todo:
            at, clicks, sets = todo.pop()
            here = node(tree, at)
            if here["type"] == "outcome":
                if here["ticket"]:
                    yield clicks, sets, (tree, at)
                continue
            for which, target in answers(here):
                step = Step(tree, at, which)
                now = dict(sets)
                now.update(next(a["set"] for a in here["answers"] if a["id"] == which))
                if target["tree"] != tree:
                    landing = node(target["tree"], target["node"])
                    if landing["type"] == "outcome" and landing["ticket"]:
                        yield [*clicks, step], now, (target["tree"], target["node"])
                elif target["node"] not in {c.node for c in clicks} | {at}:
                    todo.append((target["node"], [*clicks, step], now))


def best_prefill(other_tree: bool) -> tuple[list[Step], dict[str, str], tuple[str, str]]:
    """The path that prefills the most fields of its outcome's ticket (values
    set in the same tree, or carried over from another tree)."""
    best: tuple[int, int, list[Step], dict[str, str], tuple[str, str]] | None = None
    for clicks, sets, (tree, outcome) in ticket_paths():
        if (clicks[0].tree != tree) != other_tree:
            continue
        fields = node(tree, outcome)["ticket"]["fields"]
        useful = {k: v for k, v in sets.items() if k in fields}
        key = (len(useful), -len(clicks))
        if useful and (best is None or key > best[:2]):
            best = (*key, clicks, useful, (tree, outcome))
    assert best is not None, "some answers prefill a ticket"
    return best[2], best[3], best[4]


def form_of(page: Page, outcome: str) -> Locator:
    form = page.locator(f"[data-kb-node='{outcome}'] form[data-kb-ticket]")
    assert form.count() == 1 and form.is_visible()
    return form


def request_of(page: Page, outcome: str) -> tuple[str, str]:
    section = page.locator(f"[data-kb-node='{outcome}']")
    return section.locator("[data-kb-ticket-subject]").inner_text(), section.locator("[data-kb-ticket-body]").input_value()


def mailto_of(page: Page, outcome: str) -> dict[str, Any]:
    href = page.locator(f"[data-kb-node='{outcome}'] a[data-kb-mailto]").get_attribute("href") or ""
    link = urlsplit(href)
    query = parse_qs(link.query, keep_blank_values=True, strict_parsing=True) if link.query else {}
    return {"href": href, "scheme": link.scheme, "to": link.path,
            "subject": query.get("subject", [""])[0], "body": query.get("body", [""])[0], "keys": sorted(query)}


def expected_subject(pattern: str, shown: dict[str, str]) -> str:
    """The subject support receives: each [ ... ] segment kept, filled, when all
    its fields have a value, dropped otherwise (written apart from kb/ticket-text.js)."""
    fill = re.compile(r"\{([^{}]*)\}")

    def segment(m: re.Match[str]) -> str:
        names = fill.findall(m.group(1))
        return fill.sub(lambda f: shown[f.group(1)], m.group(1)) if all(shown.get(n, "").strip() for n in names) else ""
    return re.sub(r" +([,.)])", r"\1", re.sub(r"\[([^\[\]]*)\]", segment, pattern)).strip()


def french(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


# ---------------------------------------------------------------- prefill


@pytest.mark.parametrize("other_tree", [False, True], ids=["same-tree", "carried-to-another-tree"])
def test_answers_prefill_the_ticket(flow_page: Page, site_url: str, other_tree: bool) -> None:
    clicks, sets, (tree, outcome) = best_prefill(other_tree)
    walk_to(flow_page, site_url, clicks)
    assert shown_ids(flow_page) == [outcome]
    form = form_of(flow_page, outcome)
    values = {field: form.locator(f"[name='{field}']").input_value() for field in sets}
    assert values == sets
    # the values set are in the request, and the subject's pattern is filled in
    ticket = node(tree, outcome)["ticket"]
    day = (paris_today() - timedelta(days=3)).isoformat()
    if "date" in ticket["fields"]:
        form.locator("[name='date']").fill(day)
    subject, body = request_of(flow_page, outcome)
    for value in sets.values():
        assert value in body
    shown = {**sets, "date": french(day)} if "date" in ticket["fields"] else dict(sets)
    assert flat(subject) == flat(expected_subject(ticket["subject"], shown))
    assert not re.search(r"[\[\]{}]", subject), "a field left empty drops its segment of the subject"


# ---------------------------------------------------------------- typing

def answers_for(fields: list[str]) -> dict[str, tuple[str, str, str]]:
    """What a player puts in each field, by its type: (how, value, as shown
    in the request). Accents, guillemets and, in text areas, several lines."""
    catalogue = content()["fields"]
    day = (paris_today() - timedelta(days=10)).isoformat()
    out = {}
    for field in fields:
        kind = catalogue[field]["type"]
        if kind == "email":
            out[field] = ("type", "zoe.dupont@exemple.fr", "zoe.dupont@exemple.fr")
        elif kind == "date":
            out[field] = ("fill", day, french(day))
        elif kind == "amount":
            out[field] = ("type", "49,90", "49,90 €")
        elif kind == "choice":
            option = catalogue[field]["options"][-1]
            out[field] = ("select", option, option)
        elif kind == "textarea":
            text = f"Première ligne ({field}) : éàçùœ ÿ Ærø\nDeuxième ligne « guillemets »\n\nQuatrième ligne, après une ligne vide"
            out[field] = ("type", text, text)
        else:
            out[field] = ("type", f"Zoé « {field} » Ærø", f"Zoé « {field} » Ærø")
    return out


def fill_in(form: Locator, values: dict[str, tuple[str, str, str]]) -> None:
    for field, (how, value, _) in values.items():
        control = form.locator(f"[name='{field}']")
        if how == "select":
            control.select_option(value)
        elif how == "fill":
            control.fill(value)
        else:
            control.press_sequentially(value)


def test_typed_request_fills_subject_body_and_mailto(flow_page: Page, site_url: str) -> None:
    tree, outcome = "avant-de-nous-contacter", "email"
    ticket = node(tree, outcome)["ticket"]
    kinds = {content()["fields"][f]["type"] for f in ticket["fields"]}
    assert {"text", "textarea", "date"} <= kinds and "{date}" in ticket["subject"], "an outcome to type text, lines and a date in"
    walk_to(flow_page, site_url, outcome_path(tree, outcome))
    form = form_of(flow_page, outcome)
    values = answers_for(ticket["fields"])
    fill_in(form, values)
    assert form.locator("[aria-invalid='true']").count() == 0

    for field, (how, value, _) in values.items():
        if how == "type":
            assert form.locator(f"[name='{field}']").input_value() == value, "typed as is, accents and lines kept"
    subject, body = request_of(flow_page, outcome)
    assert flat(subject) == flat(expected_subject(ticket["subject"], {f: shown for f, (_, _, shown) in values.items()}))
    lines = [flat(line) for line in body.split("\n")]
    for field, (how, value, shown) in values.items():
        if how == "fill":
            assert value not in body and value not in subject, "dates are shown dd/mm/yyyy"
        if content()["fields"][field]["role"] == "subject":
            assert flat(shown) in flat(subject) and flat(shown) not in flat(body), "the player's subject is in the subject only"
            continue
        parts = [flat(part) for part in shown.split("\n") if part]
        for part in parts:
            holding = [line for line in lines if part in line]
            assert holding, f"{field}: {part!r} is not in the message"
            assert all(sum(other in line for other in parts) == 1 for line in holding), f"{field}: lines run together"
    if "description" in values:
        assert values["description"][2] in body, "the description keeps its line breaks, blank line included"

    mail = mailto_of(flow_page, outcome)
    assert mail["scheme"] == "mailto"
    assert mail["to"] == reach(node(tree, outcome)["channel"])["address"]
    assert mail["keys"] == ["body", "subject"]
    assert mail["href"].isascii() and "%0D%0A" in mail["href"]
    assert mail["subject"] == subject
    assert mail["body"] == body.replace("\n", "\r\n")
    assert "\n" not in mail["body"].replace("\r\n", ""), "every line break is CRLF"
    assert "éàçùœ ÿ Ærø" in mail["body"] and "« guillemets »" in mail["body"]


# ---------------------------------------------------------------- checks while typing


def described_by(control: Locator) -> list[str]:
    """The visible, non-empty texts the control's aria-describedby points to."""
    page = control.page
    texts = []
    for ident in (control.get_attribute("aria-describedby") or "").split():
        target = page.locator(f"[id='{ident}']")
        if target.count() == 1 and target.is_visible() and target.inner_text().strip():
            texts.append(target.inner_text().strip())
    return texts


def check_flagged(control: Locator, bad: str, good: str, fill: bool = False) -> list[str]:
    """Type ``bad``: flagged with a message; replace it with ``good``: not."""
    problems = []
    name = control.get_attribute("name")
    hints = described_by(control)
    if fill:
        control.fill(bad)
    else:
        control.fill("")
        control.press_sequentially(bad)
    if control.get_attribute("aria-invalid") != "true":
        problems.append(f"{name}: {bad!r} is not marked aria-invalid")
    messages = [t for t in described_by(control) if t not in hints]
    if not messages:
        problems.append(f"{name}: {bad!r} shows no message linked by aria-describedby")
    control.fill(good)
    if control.get_attribute("aria-invalid") == "true" or [t for t in described_by(control) if t not in hints]:
        problems.append(f"{name}: {good!r} is still flagged")
    return problems


def test_wrong_values_are_flagged_as_the_player_types(flow_page: Page, site_url: str) -> None:
    tree = "depot-non-credite"
    outcome = next(n for n, here in content()["trees"][tree]["nodes"].items() if here["type"] == "outcome" and here["ticket"]
                   and {"email", "date", "montant"} <= set(here["ticket"]["fields"]))
    walk_to(flow_page, site_url, outcome_path(tree, outcome))
    form = form_of(flow_page, outcome)
    future = (paris_today() + timedelta(days=3)).isoformat()
    past = (paris_today() - timedelta(days=3)).isoformat()
    problems = [
        *check_flagged(form.locator("[name='email']"), "zoe.dupont@exemple", "zoe.dupont@exemple.fr"),
        *check_flagged(form.locator("[name='email']"), "zoe.dupont.exemple.fr", "zoe.dupont@exemple.fr"),
        *check_flagged(form.locator("[name='date']"), future, past, fill=True),
        *check_flagged(form.locator("[name='montant']"), "cinquante euros", "49,90"),
        *check_flagged(form.locator("[name='montant']"), "12abc", "50"),
    ]
    assert problems == []


def secrets_in_request(page: Page, outcome: str, secret: str) -> list[str]:
    subject, body = request_of(page, outcome)
    found = [where for where, text in (("subject", subject), ("body", body)) if secret in text]
    if page.locator(f"[data-kb-node='{outcome}'] a[data-kb-mailto]").count():
        mail = mailto_of(page, outcome)
        found += [f"mailto {k}" for k in ("subject", "body") if secret in mail[k]]
    return found


@pytest.mark.parametrize(("tree", "field"), [("depot-non-credite", "id-transaction"), ("avant-de-nous-contacter", "description")],
                         ids=["text-field", "description"])
def test_a_password_is_cut_out_and_the_rest_is_sent(flow_page: Page, site_url: str, tree: str, field: str) -> None:
    """Typed in a field with other text, « mot de passe : secret123 » goes
    neither in the subject, nor in the message, nor in the e-mail link; the
    rest of what was typed does, and a note next to the field says what went."""
    outcome = next(n for n, here in content()["trees"][tree]["nodes"].items()
                   if here["type"] == "outcome" and here["ticket"] and field in here["ticket"]["fields"])
    walk_to(flow_page, site_url, outcome_path(tree, outcome))
    control = form_of(flow_page, outcome).locator(f"[name='{field}']")
    note = form_of(flow_page, outcome).locator(f"[data-kb-field-note][id='{control.get_attribute('id')}-note']")
    assert not note.is_visible()
    control.press_sequentially(f"Réf. TX-48213, {PASSWORD} merci")
    _, body = request_of(flow_page, outcome)
    seen = {
        "aria-invalid": control.get_attribute("aria-invalid"),
        "note": note.is_visible() and bool(note.text_content()),
        "secret sent in": secrets_in_request(flow_page, outcome, "secret123"),
        "rest sent": "TX-48213" in body and "merci" in body,
        "box keeps it": control.input_value().startswith("Réf. TX-48213"),
    }
    assert seen == {"aria-invalid": None, "note": True, "secret sent in": [], "rest sent": True, "box keeps it": True}


def test_card_numbers_are_masked_to_their_last_four_digits(flow_page: Page, site_url: str) -> None:
    tree, outcome = "avant-de-nous-contacter", "email"
    walk_to(flow_page, site_url, outcome_path(tree, outcome))
    control = form_of(flow_page, outcome).locator("[name='description']")
    typed = f"Débit sur la carte {LUHN_CARD} hier, puis {NOT_LUHN} exp 12/27.\nMon numéro : {NOT_A_CARD}."
    control.press_sequentially(typed)
    _, body = request_of(flow_page, outcome)
    mail = mailto_of(flow_page, outcome)
    for where, text in (("body", body), ("mailto", mail["body"])):
        digits = re.sub(r"\D", "", text)
        for card, last in ((LUHN_CARD, "1111"), (NOT_LUHN, "7890")):
            assert card not in text and card.replace(" ", "") not in digits, f"{where}: {card} is sent in full"
            assert re.search(r"\*{4}[ *]*" + last, text), f"{where}: the last four digits of {card} are kept"
        assert "12/27" not in text, f"{where}: the expiry date is sent"
        assert NOT_A_CARD in text, f"{where}: a phone number is left alone"
    assert control.input_value() == typed, "while the player types, the field keeps what was typed"
    control.blur()
    note = form_of(flow_page, outcome).locator("[data-kb-field-note]:visible")
    assert LUHN_CARD not in control.input_value() and NOT_LUHN not in control.input_value() \
        and control.input_value().endswith(f"Mon numéro : {NOT_A_CARD}."), \
        "once left, the field shows the cards masked too, and the rest as typed"
    assert note.count() == 1 and note.text_content(), "a note next to the field says the card was masked"


def test_a_blocked_action_says_how_many_fields_to_correct(flow_page: Page, site_url: str) -> None:
    """One wrong field: « the field »; two or three: the plural, with their number."""
    tree = "depot-non-credite"
    outcome = next(n for n, here in content()["trees"][tree]["nodes"].items() if here["type"] == "outcome" and here["ticket"]
                   and {"email", "date", "montant"} <= set(here["ticket"]["fields"]))
    walk_to(flow_page, site_url, outcome_path(tree, outcome))
    form = form_of(flow_page, outcome)
    status = flow_page.locator(f"[data-kb-node='{outcome}'] [role='status']")
    strings = content()["trees"][tree]["strings"]
    future = (paris_today() + timedelta(days=3)).isoformat()
    said = []
    for name, wrong in (("email", "zoe@exemple"), ("montant", "cinquante"), ("date", future)):
        form.locator(f"[name='{name}']").fill(wrong)
        flow_page.locator(f"[data-kb-node='{outcome}'] [data-kb-copy]").click()
        said.append(flat(status.inner_text()))
    assert said[0] == flat(strings["action_blocked"])
    assert said[1] != said[0] and "2" in said[1] and said[2] != said[1] and "3" in said[2], said


# ---------------------------------------------------------------- privacy

ICON_JS = "() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)"


def test_nothing_leaves_the_page_from_load_to_copy_and_download(new_page: Callable[..., Page], site_url: str) -> None:
    page = new_page(accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    tree, outcome = "avant-de-nous-contacter", "email"
    open_flow(page, f"{site_url}parcours/{tree}/")
    page.wait_for_load_state("networkidle")
    # The browser itself fetches the page's icon again after a change of
    # hash: that is not the page sending anything.
    icons = set(page.evaluate(ICON_JS))
    requests: list[str] = []
    page.on("request", lambda r: None if r.url in icons or urlsplit(r.url).scheme in ("blob", "data")
            else requests.append(f"{r.resource_type} {r.method} {r.url}"))
    calls = len(net_calls(page))

    for step in outcome_path(tree, outcome):
        before = mark(page)
        page.locator(f"[data-kb-node='{step.node}'] a[data-kb-answer='{step.answer}']").click()
        settle(page, before)
    form = form_of(page, outcome)
    fill_in(form, answers_for(node(tree, outcome)["ticket"]["fields"]))
    for box in form.locator("[data-kb-attachment]:visible").all():  # those the answers ask for
        box.check()
    page.wait_for_timeout(300)
    # « Ces pages peuvent résoudre votre problème » loads the site's search
    # index the first time: fixed files of this site, which carry nothing typed
    # (on a busy machine the worker may still be fetching them during the copy).
    base = urlsplit(site_url)

    def sending(found: list[str]) -> list[str]:
        return [r for r in found if not (
            r.split(" ")[1] == "GET" and urlsplit(r.split(" ")[2]).netloc == base.netloc
            and not urlsplit(r.split(" ")[2]).query
            and re.search(r"/(search/kb-search-index\.json|assets/javascripts/(lunr|workers)/[\w./-]+\.js)$", r))]

    seen: dict[str, Any] = {"filling": sending(requests) + net_calls(page)[calls:]}
    requests.clear()
    calls = len(net_calls(page))

    subject, body = request_of(page, outcome)
    page.locator(f"[data-kb-node='{outcome}'] [data-kb-copy]").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    with page.expect_download() as download:
        page.locator(f"[data-kb-node='{outcome}'] [data-kb-download]").click()
    saved = Path(download.value.path()).read_bytes().decode("utf-8")
    page.wait_for_timeout(300)
    seen["copy and download"] = sending(requests) + net_calls(page)[calls:]
    seen["copied"] = subject in copied and body in copied
    seen["downloaded"] = subject in saved and body.replace("\n", "\r\n") in saved
    assert seen == {"filling": [], "copy and download": [], "copied": True, "downloaded": True}

