"""mkdocs.yml texts the theme writes into every page as they are: every
setting of head_text.CONFIG_TEXTS, at any depth, refuses every markup payload
at its own line and column, and link settings refuse javascript: and //host."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.head_text import CONFIG_TEXTS, URL_KEYS, config_positions, config_problems, markup_in
from kb_tools.links import refusal
from tests.payloads import CLASSES, SCRIPT, deploy_payloads

HEAD = "docs_dir: docs\nsite_url: !ENV [KB_SITE_URL, \"https://aide.example/\"]\nnav:\n  - Accueil: index.md\n"


def _problems(text: str) -> list[tuple[int, int, str]]:
    values = yaml.load(text.replace("!ENV ", ""), Loader=yaml.SafeLoader)
    found = config_problems(text, "mkdocs.yml", {key: values.get(key) for key in CONFIG_TEXTS}, values.get("nav"))
    return [(p.line, p.col, p.rule) for p in found]


@pytest.mark.parametrize("key", CONFIG_TEXTS)
def test_every_setting_refuses_every_markup_payload_at_its_value(key: str) -> None:
    """Refused at the value, or harmless: no template writes these texts between
    single quotes, so ``'`` alone breaks nothing."""
    for label, payload in deploy_payloads():
        found = _problems(f"{HEAD}{key}: {json.dumps(payload)}\n")
        if markup_in(payload) is not None:
            assert found == [(5, len(key) + 3, "head-markup")], (key, label)
        elif key in URL_KEYS and refusal(payload) is not None:
            assert found == [(5, len(key) + 3, "unsafe-url")], (key, label)
        else:
            assert found == [] and not set(payload) & set("<>\"&"), (key, label)
    assert sum(markup_in(payload) is not None for _, payload in SCRIPT) >= len(SCRIPT) - 1


@pytest.mark.parametrize("key", ["extra", "theme"])
@pytest.mark.parametrize("shape", ["social", "alternate", "nested"])
def test_texts_at_any_depth_are_located(key: str, shape: str) -> None:
    for label, payload in deploy_payloads():
        value = json.dumps(payload)
        body = {
            "social": f"  social:\n    - icon: fontawesome/brands/github\n      name: {value}\n",
            "alternate": f"  alternate:\n    - lang: en\n      link: /en/\n      name: {value}\n",
            "nested": f"  a:\n    b:\n      - [ok, {value}]\n",
        }[shape]
        found = _problems(f"{HEAD}{key}:\n{body}")
        line = 5 + body.count("\n")
        if markup_in(payload) is None:
            assert found == [], (label, found)
        else:
            assert [(ln, rule) for ln, _, rule in found] == [(line, "head-markup")], (label, found)


@pytest.mark.parametrize("key", sorted(URL_KEYS))
def test_link_settings_refuse_code_running_urls(key: str) -> None:
    for label, url in CLASSES["javascript-url"]:
        if markup_in(url) is not None:  # refused as markup already
            continue
        text = f"{HEAD}extra:\n  social:\n    - {key}: {json.dumps(url)}\n"
        assert _problems(text) == [(7, len(key) + 9, "unsafe-url")], (key, label)
    assert _problems(f"{HEAD}extra:\n  social:\n    - {key}: https://github.com/roulettino\n") == []


def test_the_real_mkdocs_yml_has_no_problem() -> None:
    from tests.conftest import ROOT

    assert _problems((ROOT / "mkdocs.yml").read_text(encoding="utf-8")) == []


@given(st.text(max_size=200))
def test_positions_never_fail_on_any_text(text: str) -> None:
    for (line, col) in config_positions(text).values():
        assert line >= 1 and col >= 1


def test_positions_of_an_alias_loop_end() -> None:
    assert config_positions("a: &x [1, *x]\n")[("a",)] == (1, 4)
