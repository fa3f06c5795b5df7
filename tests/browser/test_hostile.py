"""Hostile text in a tree, in the field catalogue and typed by the player is
shown as text by the live flow: no element made from it, no script run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.flowkit import click_answer, flat, open_flow, serve, shown_ids
from tests.conftest import build_site, copy_site_sources

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"
TREE = "avant-de-nous-contacter"
QUESTION, OUTCOME, FIELD = "autre", "chat", "hostile"
ANSWER = OUTCOME  # the question's first answer: its id is its target's


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built from a copy whose « Autre chose » question, its first
    answer and a new field of the chat outcome's ticket are all HOSTILE."""
    source = copy_site_sources(tmp_path_factory.mktemp("hostile-src"))
    tree = source / "trees" / f"{TREE}.yml"
    _replace(tree, "    text: De quoi avez-vous besoin ?", f'    text: "{HOSTILE}"')
    _replace(tree, "      - label: Une réponse rapide à une question courte", f'      - label: "{HOSTILE}"')
    _replace(tree, "      fields: [email, id-joueur, sujet, date, description]",
             f"      fields: [email, id-joueur, sujet, date, {FIELD}, description]")
    _replace(tree, '      subject: "Question[ du {date}][ : {sujet}]"',
             f'      subject: "Question[ du {{date}}][ : {{sujet}}][ ({{{FIELD}}})]"')
    fields = source / "trees" / "_fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8") + f'  {FIELD}:\n    label: "{HOSTILE}"\n    type: text\n', encoding="utf-8")
    site = tmp_path_factory.mktemp("hostile-site")
    problems = build_site(source, site)
    assert (site / "parcours" / TREE / "index.html").is_file(), problems
    with serve(site) as url:
        yield url


IMAGES_JS = "() => [document.querySelectorAll('[data-kb-flow] img').length, document.querySelectorAll('img[src=\"x\"]').length]"


def test_hostile_content_is_shown_as_text(flow_page: Page, hostile_site: str) -> None:
    dialogs: list[str] = []
    flow_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    flow_page.on("pageerror", lambda error: errors.append(str(error)))
    open_flow(flow_page, f"{hostile_site}parcours/{TREE}/")
    seen: dict[str, object] = {}

    click_answer(flow_page, QUESTION)  # « Autre chose »
    assert shown_ids(flow_page) == [QUESTION]
    question = flow_page.locator(f"[data-kb-node='{QUESTION}']")
    seen["question"] = flat(question.locator("h2").inner_text())
    seen["answer"] = flat(question.locator(f"a[data-kb-answer='{ANSWER}']").inner_text())
    seen["images on the question"] = flow_page.evaluate(IMAGES_JS)

    click_answer(flow_page, ANSWER)
    assert shown_ids(flow_page) == [OUTCOME]
    form = flow_page.locator(f"[data-kb-node='{OUTCOME}'] form[data-kb-ticket]")
    control = form.locator(f"[name='{FIELD}']")
    label = form.locator(f"label[for='{control.get_attribute('id')}']")
    seen["label"] = HOSTILE in flat(label.inner_text())
    subject = form.locator("[data-kb-ticket-subject]")
    seen["label in subject"] = HOSTILE in subject.inner_text()  # a field left empty: its segment is dropped

    control.press_sequentially(HOSTILE)
    form.locator("[name='description']").press_sequentially(f"Texte {HOSTILE} fin")
    seen["typed"] = control.input_value()
    seen["typed in subject"] = HOSTILE in subject.inner_text()
    body = form.locator("[data-kb-ticket-body]").input_value()
    seen["typed in body"] = body.count(HOSTILE) >= 2
    flow_page.wait_for_timeout(300)  # an injected image would have failed to load by now
    seen["images on the outcome"] = flow_page.evaluate(IMAGES_JS)
    seen["dialogs"] = dialogs
    seen["script errors"] = errors
    assert seen == {
        "question": HOSTILE, "answer": HOSTILE, "images on the question": [0, 0],
        "label": True, "label in subject": False,
        "typed": HOSTILE, "typed in subject": True, "typed in body": True,
        "images on the outcome": [0, 0], "dialogs": [], "script errors": [],
    }
