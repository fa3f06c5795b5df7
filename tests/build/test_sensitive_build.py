"""The built site: « Quitter ce site » on every sensitive page (a sensitive
tree's page, a page embedding its flow, a page with ``sensitive: true``), to
the deployment's neutral page, and on no other page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_site_sources

QUICK_EXIT = re.compile(r'<a class="kb-quick-exit__button" href="([^"]*)" rel="nofollow noreferrer" data-kb-quick-exit')


@pytest.mark.parametrize("url", [None, "https://meteo.casino-test.example/paris?j=1&h=2"])
def test_the_built_site_has_the_quick_exit_on_sensitive_pages_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   url: str | None) -> None:
    """The tree's page, a page that embeds its flow, a page that says
    ``sensitive: true``: one link each, to the configured neutral page (Google
    by default); every other page: none."""
    source = copy_site_sources(tmp_path / "src")
    escalade = source / "docs" / "escalade.md"
    escalade.write_text(escalade.read_text(encoding="utf-8").replace("---\n", "---\nsensitive: true\n", 1), encoding="utf-8")
    faq = source / "docs" / "faq-contact.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\n## Jeu responsable\n\n<!-- kb-flow: jeu-responsable -->\n",
                   encoding="utf-8")
    if url:
        monkeypatch.setenv("KB_QUICK_EXIT_URL", url)
    else:
        monkeypatch.delenv("KB_QUICK_EXIT_URL", raising=False)
    site = tmp_path / "site"
    assert build_site(source, site) == []
    expected = (url or "https://www.google.fr/").replace("&", "&amp;")
    sensitive = {"parcours/jeu-responsable/index.html", "escalade/index.html", "faq-contact/index.html"}
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert sensitive <= set(pages)
    for name, html in pages.items():
        links = QUICK_EXIT.findall(html)
        assert links == ([expected] if name in sensitive else []), name
        if name in sensitive:
            # before the header: first in tab order after the skip link, and its module preloaded
            assert html.index("data-kb-quick-exit") < html.index('class="md-header'), name
            assert "assets/javascripts/kb/quick-exit.js" in html
            strings = json.loads(re.search(r"data-kb-strings='([^']*)'", html).group(1))  # type: ignore[union-attr]
            assert set(strings) == {"two_more", "one_more"} and all(strings.values())
        else:
            assert "quick-exit.js" not in html, name
