"""The example values of the channels catalogue are said once, site-wide:
one discreet notice on every page while a channel keeps them (no ``KB_*``
variable set for it), none once every channel has its deployment value;
never inside a flow's channel card. The notice is built with the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb_tools import strings
from kb_tools.deploy_values import example_notice
from kb_tools.project import load_project
from tests.conftest import ROOT, build_site, copy_site_sources

pytestmark = pytest.mark.build

NOTICE = "data-kb-example-notice"


def deployment() -> dict[str, str]:
    """A valid value for every variable the channels catalogue names."""
    kb, _ = load_project(ROOT / "trees")
    values: dict[str, str] = {}
    for channel in kb.channels.values():
        for key, name in channel.items():
            if key.endswith("_env") and name:
                kind = key.removesuffix("_env")
                values[name] = {"address": "support@casino-reel.fr", "body_name": "Médiateur réel des jeux",
                                "complaint_required": "true", "complaint_wait_days": "45"}.get(
                                    kind, f"https://aide.casino-reel.fr/{kind}")
    return values


def test_the_catalogue_names_deployment_variables() -> None:
    assert len(deployment()) >= 3


def test_the_notice_stays_while_any_channel_keeps_its_example() -> None:
    everything = deployment()
    assert example_notice(load_project(ROOT / "trees", env={})[0].channels)
    assert example_notice(load_project(ROOT / "trees", env=everything)[0].channels) is None
    for name in everything:
        kb, problems = load_project(ROOT / "trees", env={k: v for k, v in everything.items() if k != name})
        assert problems == [] or all(p.level != "error" for p in problems)
        still_example = [c for c in kb.channels.values() if c["example"] or c["complaint_example"]]
        assert bool(example_notice(kb.channels)) == bool(still_example), name


def test_the_notice_names_the_complaint_settings_while_they_are_examples() -> None:
    everything = deployment()
    complaint = {"KB_MEDIATOR_COMPLAINT_REQUIRED", "KB_MEDIATOR_WAIT_DAYS"}
    assert complaint <= set(everything)
    said = {frozenset(): "example_notice_complaint",  # nothing deployed
            frozenset(complaint): "example_notice",  # only the complaint settings deployed
            frozenset(set(everything) - complaint): "example_notice_complaint_only",
            frozenset(set(everything) - {"KB_MEDIATOR_WAIT_DAYS"}): "example_notice_complaint_only"}
    for given, key in said.items():
        kb, _ = load_project(ROOT / "trees", env={k: v for k, v in everything.items() if k in given})
        assert example_notice(kb.channels) == strings.get(key), sorted(given)


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def test_every_page_says_it_once_and_no_card_repeats_it(built_site: Path) -> None:
    found = {str(p.relative_to(built_site)): p.read_text(encoding="utf-8").count(NOTICE) for p in pages(built_site)}
    assert found and set(found.values()) == {1}, {k: v for k, v in found.items() if v != 1}
    flow = (built_site / "parcours" / "retrait-en-attente" / "index.html").read_text(encoding="utf-8")
    notice_text = flow.split(NOTICE + ">", 1)[1].split("<", 1)[0]
    shown = re.sub(r'data-kb-flow-data="[^"]*"', "", flow)  # the flow's data carries every string, shown or not
    assert notice_text.strip() and shown.count(notice_text) == 1, "the notice is repeated inside the page"


def test_a_deployed_site_shows_no_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = copy_site_sources(tmp_path / "src")
    for name, value in deployment().items():
        monkeypatch.setenv(name, value)
    site = tmp_path / "site"
    assert build_site(sources, site) == []
    html = [p.read_text(encoding="utf-8") for p in pages(site)]
    # Material's banner holds then only the quick exit of a sensitive page (issue 15)
    assert html and not any(NOTICE in page or ('class="md-banner"' in page and "data-kb-quick-exit" not in page)
                            for page in html)
