"""The pages around the trees: descriptions, FAQ data, home and contact
pages, glossary tooltips."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.content.site_text import article_text, pages

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))


def _description(page: Path) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)"', page.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)) if match else ""


def test_every_page_has_its_own_meta_description(built_site: Path) -> None:
    site_wide = " ".join(CONFIG["site_description"].split())
    for page in pages(built_site):
        if page.parent.name == "404":
            continue
        description = _description(page)
        assert len(description) >= 30, page
        assert description != site_wide, f"{page} has no description of its own"


def _links(page: Path) -> list[str]:
    article = page.read_text(encoding="utf-8").split('class="md-content__inner', 1)[1]
    return re.findall(r'<a [^>]*href="([^"]+)"', article)


def test_faq_page_carries_faqpage_jsonld_for_each_question(built_site: Path) -> None:
    text = (built_site / "faq-contact" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "FAQPage"
    questions = text.count('<details class="question"')
    assert questions >= 3 and len(data["mainEntity"]) == questions
    for entry in data["mainEntity"]:
        assert entry["@type"] == "Question" and entry["name"].endswith("?")
        assert len(entry["acceptedAnswer"]["text"]) > 10


def test_home_page_opens_every_flow_then_the_channels(built_site: Path) -> None:
    links = _links(built_site / "index.html")
    trees = [p.stem for p in (ROOT / "trees").glob("[!_]*.yml")]
    for tree in trees:  # a card, or (home: false, the router) a button of its own
        assert any(f"parcours/{tree}/" in link for link in links), f"home page has no link to {tree}"
    grid = re.search(r'<div class="grid cards">(.*?)</div>', (built_site / "index.html").read_text(encoding="utf-8"),
                     re.DOTALL)
    assert grid is not None, "the cards' grid"
    carded = re.findall(r'href="parcours/([a-z0-9-]+)/"', grid.group(1))
    hidden = {t for t in trees if yaml.safe_load((ROOT / "trees" / f"{t}.yml").read_text(encoding="utf-8")).get("home")
              is False}
    assert sorted(carded) == sorted(set(trees) - hidden), "one card per tree, none for home: false"
    first_channel = min(i for i, link in enumerate(links) if "canaux-de-contact/" in link)
    last_flow = max(i for i, link in enumerate(links) if "parcours/" in link and "avant-de-nous-contacter" not in link)
    assert last_flow < first_channel, "the problems come before the channels"


def test_contact_page_starts_with_the_flow_before_the_channels(built_site: Path) -> None:
    page = (built_site / "contact" / "index.html").read_text(encoding="utf-8")
    article = page.split('class="md-content__inner', 1)[1]
    flow = article.find('data-kb-flow="avant-de-nous-contacter"')
    assert flow != -1, "the contact page does not embed the entry flow"
    for channel_word in ("mailto:", "canaux-de-contact/"):
        position = article.find(channel_word)
        assert position == -1 or flow < position


def _abbreviations() -> dict[str, str]:
    text = (ROOT / "includes" / "glossaire-infobulles.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\*\[([^\]]+)\]: (.+)$", text, re.MULTILINE))


def test_glossary_terms_are_tooltips_wherever_they_appear(built_site: Path) -> None:
    terms = _abbreviations()
    assert {"KYC", "closed-loop", "wagering", "3D Secure", "2FA", "e-wallet", "mise maximale"} <= set(terms)
    glossary = (built_site / "glossaire" / "index.html").read_text(encoding="utf-8")
    for term in terms:
        assert term.lower() in html.unescape(glossary).lower(), f"{term} is not defined on the glossary page"
    for page in pages(built_site):
        text = page.read_text(encoding="utf-8")
        article = text.split('class="md-content__inner', 1)[-1]
        for term in ("KYC", "closed-loop", "wagering"):
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", article_text(page)):
                assert f">{term}</abbr>" in article, f"{term} without tooltip in {page}"
