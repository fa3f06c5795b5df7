"""The channel markers through a real build: with the deployment variables
set, the pages that list channels show the deployed values, and no example
address is left anywhere in site/; a malformed marker stops the build,
located, before anything is written."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

from tests.build.test_example_notice import deployment
from tests.conftest import build_site, copy_site_sources

pytestmark = pytest.mark.build

PAGES = ("contact", "canaux-de-contact", "delais-et-priorisation", "mediation-et-litiges")
EXAMPLE_HOSTS = ("roulettino.example", "mediateur.example", "aide-joueurs.example")


def test_a_deployed_site_shows_the_deployed_values_and_no_example(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    sources = copy_site_sources(tmp_path / "src")
    values = {**deployment(), "KB_SITE_URL": "https://aide.casino-reel.fr/"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    site = tmp_path / "site"
    assert build_site(sources, site) == []
    shown = {page: (site / page / "index.html").read_text(encoding="utf-8") for page in PAGES}
    assert f'href="{values["KB_CHAT_URL"]}"' in shown["contact"]
    assert f'href="mailto:{values["KB_SUPPORT_EMAIL"]}"' in shown["contact"]
    assert f'href="{values["KB_FORM_URL"]}"' in shown["canaux-de-contact"]
    assert f'href="{values["KB_TERMS_URL"]}"' in shown["mediation-et-litiges"]
    assert 'class="kb-hours"' in shown["delais-et-priorisation"]
    left = [f"{path.relative_to(site)}: {host}" for path in site.rglob("*") if path.is_file()
            and path.suffix in (".html", ".json", ".xml", ".txt", ".js")
            for host in EXAMPLE_HOSTS if host in path.read_text(encoding="utf-8", errors="replace")]
    assert left == []


def test_the_example_site_lists_the_channels_where_the_pages_copied_them(built_site: Path) -> None:
    for page in PAGES:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert 'class="kb-channels"' in html or 'class="kb-hours"' in html, page
        assert "<!-- kb-" not in html, page


def test_a_malformed_channel_marker_stops_the_build_located(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sources = copy_site_sources(tmp_path / "src")
    page = sources / "docs" / "canaux-de-contact.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("<!-- kb-channels"))
    lines[at] = "<!-- kb-channels: chat courrier -->"
    lines.append("Horaires : <!-- kb-hours --> ici.")
    page.write_text("\n".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(MkDocsException):
        build_site(sources, site)
    errors = "\n".join(r.getMessage() for r in caplog.records)
    assert f"docs/canaux-de-contact.md:{at + 1}:24: error: " in errors and "(unknown-channel)" in errors
    assert f"docs/canaux-de-contact.md:{len(lines)}:12: error: " in errors and "(bad-channels-marker)" in errors
    assert "Traceback" not in errors
    assert not site.exists()
