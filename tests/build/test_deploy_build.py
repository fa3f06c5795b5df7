"""Deployment values and tree links through a real build: a refused KB_*
variable or link stops the build with the same located error `check` gives,
and nothing is written; valid but odd values reach the pages only as the
values they are, and the Content-Security-Policy still holds in Chromium."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

from kb_tools import strings
from kb_tools.headers import parse_headers_file
from kb_tools.project import load_project
from tests.conftest import build_site, copy_site_sources
from tests.payloads import deploy_payloads, markdown_links
from tests.unit.test_deploy_values import VARIABLES

pytestmark = pytest.mark.build

TREE = "avant-de-nous-contacter"
EMAIL_TEXT = "      L’e-mail convient aux demandes avec pièces jointes (KYC, facturation,\n"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site_sources(tmp_path_factory.mktemp("deploy-src"))


def _refused(sources: Path, site: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Build; the build must stop cleanly (no exception but MkDocs' own) and write nothing."""
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(MkDocsException):
        build_site(sources, site)
    assert not site.exists()
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("variable", VARIABLES)
def test_a_refused_variable_stops_the_build_naming_it(variable: str, sources: Path, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for label, value in [(label, value) for label, value in deploy_payloads() if "\x00" not in value]:
        monkeypatch.setenv(variable, value)  # (a NUL cannot be in an environment variable)
        errors = _refused(sources, tmp_path / "site", caplog)
        named = [e for e in errors if f"{variable} : " in e]
        # MkDocs checks site_url itself first, and its refusal of a URL without a scheme cannot name the variable
        mkdocs_own = variable == "KB_SITE_URL" and any("Config value 'site_url'" in e for e in errors)
        assert named or mkdocs_own, (label, errors)
        assert not any("Traceback" in e for e in errors)


def _tree_with(sources: Path, text: str) -> Path:
    tree = sources / "trees" / f"{TREE}.yml"
    original = tree.read_text(encoding="utf-8")
    assert original.count(EMAIL_TEXT) == 1
    indented = "".join(f"      {line}\n" if line else "\n" for line in text.split("\n"))
    tree.write_text(original.replace(EMAIL_TEXT, indented + "\n" + EMAIL_TEXT), encoding="utf-8")
    return tree


@pytest.mark.parametrize(("name", "text"), markdown_links(), ids=[n for n, _ in markdown_links()])
def test_check_and_build_give_the_same_verdict_on_links(name: str, text: str, sources: Path, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    tree = sources / "trees" / f"{TREE}.yml"
    original = tree.read_text(encoding="utf-8")
    monkeypatch.chdir(sources)  # paths shown as the editor types them, as with make
    try:
        _tree_with(sources, text)
        _, problems = load_project(sources / "trees", env={})
        assert [p.rule for p in problems] == ["unsafe-url"], name
        errors = _refused(sources, tmp_path / "site", caplog)
        assert problems[0].format() in errors, (name, errors)
    finally:
        tree.write_text(original, encoding="utf-8")


# --- valid but odd values: they reach the pages as they are --------------

ODD = {
    "KB_SITE_URL": "https://aide.casino-test.example/centre/",
    "KB_CHAT_URL": "https://chat.casino-test.example/c?lang=fr&src=aide#ouvrir",
    "KB_SUPPORT_EMAIL": "aide+vip@casino-test.example",
    "KB_FORM_URL": "https://www.casino-test.example/form?sujet=%C3%A9&x=1",
    "KB_FEEDBACK_ENDPOINT": "https://retours.casino-test.example:8443/r?site=aide&v=2",
    "KB_MEDIATOR_NAME": "Médiateur d’Île-de-France (jeux en ligne)",
    "KB_MEDIATOR_URL": "https://mediation.casino-test.example/saisir?x=1&y=2",
}
BENIGN_LINKS = [
    "https://www.casino-test.example/limites?min=10&max=100",
    "/glossaire/",
    "mailto:aide+vip@casino-test.example",
]


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    source = copy_site_sources(tmp_path_factory.mktemp("odd-src"))
    _tree_with(source, " ".join(f"[lien {i}]({url})" for i, url in enumerate(BENIGN_LINKS))
               + "\n\n[r]: https://www.casino-test.example/ref?a=1")
    site = tmp_path_factory.mktemp("odd-site")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ODD.items():
            patch.setenv(name, value)
        assert build_site(source, site) == []
    yield site


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;")


def test_odd_values_reach_the_pages_as_written(odd_site: Path) -> None:
    contact = (odd_site / "parcours" / TREE / "index.html").read_text(encoding="utf-8")
    assert f'href="mailto:{ODD["KB_SUPPORT_EMAIL"]}"' in contact
    assert f'href="{_attribute(ODD["KB_CHAT_URL"])}"' in contact
    assert f'<meta name="kb-feedback-endpoint" content="{_attribute(ODD["KB_FEEDBACK_ENDPOINT"])}">' in contact
    for url in BENIGN_LINKS:
        assert f'href="{_attribute(url)}"' in contact, url
    mediation = (odd_site / "parcours" / "contester-decision" / "index.html").read_text(encoding="utf-8")
    assert ODD["KB_MEDIATOR_NAME"] in mediation
    # the answer is sent: the article's thanks may say what it is for (a key ending in strings.SENT)
    article = (odd_site / "escalade" / "index.html").read_text(encoding="utf-8")
    assert f'data-kb-thanks-yes-key="page_feedback_thanks_yes{strings.SENT}"' in article
    assert f'href="{_attribute(ODD["KB_MEDIATOR_URL"])}"' in mediation
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)"', contact)
    assert canonical == [f"{ODD['KB_SITE_URL']}parcours/{TREE}/"]
    robots = (odd_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {ODD['KB_SITE_URL']}sitemap.xml" in robots
    locs = re.findall(r"<loc>([^<]+)</loc>", (odd_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(ODD["KB_SITE_URL"]) for loc in locs)


def test_the_feedback_origin_is_the_only_addition_to_the_policy(odd_site: Path) -> None:
    csp = parse_headers_file((odd_site / "_headers").read_text(encoding="utf-8"))["Content-Security-Policy"]
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert directives["connect-src"] == "'self' https://retours.casino-test.example:8443"
    assert directives["frame-ancestors"] == "'none'"
    assert csp.count(";") == len(directives) - 1


@pytest.mark.browser
def test_odd_values_run_nothing_and_keep_the_policy(odd_site: Path, browser: object) -> None:
    from tests.hostile_harness import serve_with_headers, site_pages, visit

    pages = [p for p in site_pages(odd_site) if p in ("", "contact/", f"parcours/{TREE}/", "parcours/verification-kyc/")]
    assert len(pages) == 4
    with serve_with_headers(odd_site) as url:
        effects = visit(browser, url, pages)  # type: ignore[arg-type]
    # the feedback endpoint is the one other address a page reaches: a flow shown is a beacon (kb/beacon.js)
    for e in effects.values():
        e.foreign = [u for u in e.foreign if u != ODD["KB_FEEDBACK_ENDPOINT"]]
    assert {path: e for path, e in effects.items() if e.any()} == {}
