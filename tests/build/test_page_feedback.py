"""« Cette page vous a-t-elle aidé ? » in the built pages: under every article
of docs/, not on the home page nor on the flows, not on a page whose front
matter says ``hide: [feedback]``; hidden until its module runs; « Non » links
to « Avant de nous contacter » by a relative address (it works under a
sub-path); the flows' data does not carry its words."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from kb_tools import strings
from tests.conftest import ROOT, build_site, copy_site_sources

pytestmark = pytest.mark.build

HIDDEN = "glossaire"  # its front matter gets hide: [feedback]
ARTICLES = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if p.name != "index.md")
WIDGET = re.compile(r"<form\b[^>]*\bdata-kb-page-feedback\b[^>]*>.*?</form>", re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    source = copy_site_sources(tmp_path_factory.mktemp("feedback-src"))
    page = source / "docs" / f"{HIDDEN}.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text("---\nhide: [feedback]\n" + text[4:], encoding="utf-8")
    built = tmp_path_factory.mktemp("feedback-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("KB_FEEDBACK_ENDPOINT", raising=False)
        assert build_site(source, built) == []
    yield built


def _widgets(site: Path, path: str) -> list[str]:
    return WIDGET.findall((site / path / "index.html").read_text(encoding="utf-8"))


def test_every_article_but_a_hidden_one_has_one_widget_hidden_until_its_module_runs(site: Path) -> None:
    for article in ARTICLES:
        found = _widgets(site, article)
        if article == HIDDEN:
            assert found == [], article
            continue
        assert len(found) == 1, article
        opening = re.match(r"<form\b[^>]*>", found[0]).group(0)  # type: ignore[union-attr]
        assert re.search(r"\shidden(\s|>)", opening), opening
        answers = re.findall(r'<button type="button"[^>]*data-kb-feedback-answer="(yes|no)"', found[0])
        assert answers == ["yes", "no"], article
        assert "<legend" in found[0] and 'aria-live="polite"' in found[0]


def test_no_widget_on_the_home_page_nor_on_a_flow(site: Path) -> None:
    assert _widgets(site, ".") == []
    flows = sorted(p.parent.name for p in (site / "parcours").glob("*/index.html"))
    assert len(flows) >= 5
    for tree in flows:
        assert _widgets(site, f"parcours/{tree}") == [], tree


def test_no_leads_to_the_router_flow_by_a_relative_address(site: Path) -> None:
    for article in ARTICLES:
        if article == HIDDEN:
            continue
        links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*data-kb-feedback-next', _widgets(site, article)[0])
        assert len(links) == 1 and not links[0].startswith(("/", "http")), links
        # from the page's address, under any sub-path, to the flow's page
        for base in ("https://aide.example/", "https://aide.example/centre/"):
            target = urljoin(f"{base}{article}/", html.unescape(links[0]))
            assert target == f"{base}parcours/avant-de-nous-contacter/", (article, target)
        assert (site / "parcours" / "avant-de-nous-contacter" / "index.html").is_file()


def test_without_the_endpoint_no_page_announces_one(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'name="kb-feedback-endpoint"' not in text, page
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        if policy:
            assert "connect-src 'self';" in policy.group(1), page


def test_the_flows_data_does_not_carry_the_articles_words(site: Path) -> None:
    words = {k: v for k, v in strings.catalogue().items() if k.startswith(strings.PAGE_ONLY)}
    assert len(words) >= 4
    page = (site / "parcours" / "avant-de-nous-contacter" / "index.html").read_text(encoding="utf-8")
    data = json.loads(html.unescape(re.search(r'data-kb-flow-data="([^"]+)"', page).group(1)))  # type: ignore[union-attr]
    assert not set(words) & set(data["strings"])
    assert "feedback_question" in data["strings"]  # the outcome's own question stays


THANKS_KEYS = re.compile(r'data-kb-thanks-(yes|no)-key="([a-z_]+)"')


def test_without_the_endpoint_no_thanks_tells_of_an_answer_sent(site: Path) -> None:
    """Nothing is sent (no KB_FEEDBACK_ENDPOINT): each thanks is one that promises no effect,
    and no string written for an answer sent (key ending in strings.SENT) is in any page."""
    for article in ARTICLES:
        if article == HIDDEN:
            continue
        keys = dict(THANKS_KEYS.findall(_widgets(site, article)[0]))
        assert sorted(keys) == ["no", "yes"] and all(k in strings.catalogue() for k in keys.values()), (article, keys)
        assert not any(k.endswith(strings.SENT) for k in keys.values()), (article, keys)
    claims = [text for key, text in strings.catalogue().items() if key.endswith(strings.SENT)]
    assert claims
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        readable = html.unescape(text)
        assert not [c for c in claims if c in text or c in readable or json.dumps(c)[1:-1] in readable], page
