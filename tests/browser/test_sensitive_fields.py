"""A sensitive field (``sensitive: true`` in trees/_fields.yml: the account's
e-mail, the player id) is never kept by the browser: what the player types
there is in the request, but not in sessionStorage, and a reload shows the
field as the answers left it. What they type elsewhere is kept and comes back.

Every sensitive field of the catalogue is typed into, on outcomes that ask
for it; every sensitive field of those outcomes at once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.a11y import hash_of, node_at, open_state, path_to
from tests.browser.flowkit import content, kept_field, tree_ids

pytestmark = pytest.mark.browser

STORAGE_JS = "() => Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)]))"


def _sensitive() -> list[str]:
    return sorted(f for f, entry in content()["fields"].items() if entry["sensitive"])


def _cases() -> list[tuple[str, list[str]]]:
    """(tree, answer ids) of outcomes that, together, ask for every sensitive field."""
    cases: list[tuple[str, list[str]]] = []
    covered: set[str] = set()
    for field in _sensitive():
        if field in covered:
            continue
        for tree in tree_ids():
            try:
                path = path_to(tree, "ticket", (field,))
            except LookupError:
                continue
            cases.append((tree, path))
            covered |= set(node_at(tree, path)["ticket"]["fields"])
            break
    return cases


CASES = _cases()


def test_the_catalogue_has_sensitive_fields_and_outcomes_asking_for_them() -> None:
    asked = {f for tree, path in CASES for f in node_at(tree, path)["ticket"]["fields"]}
    assert _sensitive() and set(_sensitive()) <= asked, (_sensitive(), CASES)


def _typed(field: str, entry: dict[str, Any]) -> str:
    """A value a player could type in the field, recognisable in the storage."""
    kind = entry["type"]
    if kind == "email":
        return f"secret.{field}@exemple.fr"
    if kind == "date":
        return "2024-02-29"
    if kind == "amount":
        return "987654,32"
    if kind == "choice":
        return str(entry["options"][-1])
    return f"SECRET-{field}-7319"


@pytest.mark.parametrize(("tree", "path"), CASES, ids=[f"{t}-{node_at(t, p)['id']}" for t, p in CASES])
def test_what_is_typed_in_a_sensitive_field_is_never_stored(page: Page, site_url: str, tree: str,
                                                             path: list[str]) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outcome = node_at(tree, path)
    catalogue = content()["trees"][tree]["fields"]
    sensitive = [f for f in outcome["ticket"]["fields"] if catalogue[f]["sensitive"]]
    kept = kept_field(tree, outcome["id"])  # the control: typed text the page does keep
    form = f"[data-kb-flow] [data-kb-node='{outcome['id']}'] form[data-kb-ticket]"
    open_state(page, f"{site_url}parcours/{tree}/{hash_of(tree, path)}")

    before = {f: page.locator(f"{form} [name='{f}']").input_value() for f in sensitive}
    typed = {f: _typed(f, catalogue[f]) for f in sensitive}
    for field, value in typed.items():
        control = page.locator(f"{form} [name='{field}']")
        if catalogue[field]["type"] == "choice":
            control.select_option(value)
        else:
            control.fill(value)
    page.locator(f"{form} [name='{kept}']").fill("Texte gardé 5521")
    body = page.locator(f"{form} [data-kb-ticket-body]").input_value()
    assert all(value in body for f, value in typed.items() if catalogue[f]["type"] in ("email", "text")), \
        "what is typed is in the request"

    for moment in ("typed", "reloaded"):
        stored = page.evaluate(STORAGE_JS)
        assert "Texte gardé 5521" in stored.get(f"kb-flow:{tree}", ""), "the page keeps what is typed elsewhere"
        for key, raw in stored.items():
            for field, value in typed.items():
                if catalogue[field]["type"] != "choice":
                    assert value not in raw, f"{moment}: {field} is kept in sessionStorage[{key}]"
            state = json.loads(raw) if raw.startswith("{") else {}
            values = state.get("values") if isinstance(state, dict) else None
            assert not (set(sensitive) & set(values or {})), f"{moment}: {key} keeps {sorted(values or {})}"
        if moment == "typed":
            page.reload(wait_until="domcontentloaded")
            page.wait_for_selector(f"{form} [name='{kept}']")

    # the reloaded form: the sensitive fields as the answers left them, the rest as typed
    assert {f: page.locator(f"{form} [name='{f}']").input_value() for f in sensitive} == before
    assert page.locator(f"{form} [name='{kept}']").input_value() == "Texte gardé 5521"
    assert errors == []
