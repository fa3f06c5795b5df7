"""Known incidents in the built site: an incident already over at build time is
not in site/ at all; one not over is written hidden, with its window, on the
home page and at the top of each affected flow only (by tree id or by
category), before the flow's first question; its text is HTML rendered at
build time, and the flow data carries it as plain text for the request form."""

from __future__ import annotations

import html
import json
import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_site_sources

NOW = datetime.now(UTC).replace(microsecond=0)
START, END = NOW + timedelta(days=30), NOW + timedelta(days=35)
ENDED = NOW - timedelta(days=1)


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def incidents_yaml(hostile_title: str = "Bonus retardés & \"offerts\" {{ 7*7 }} &lt;b&gt;",
                   hostile_text: str = "Voir *cela* & « ceci », 3 < 4 et 5 > 2.") -> str:
    return (
        "# yaml-language-server: $schema=../kb_tools/schema/incidents.schema.json\n"
        "incidents:\n"
        "  - id: retraits-lents\n"
        "    title: Retraits vers les e-wallets retardés\n"
        "    text: >-\n"
        "      Les retraits arrivent avec **24 h** de retard. Vos fonds ne sont pas perdus :\n"
        "      inutile de nous contacter.\n"
        "    affects: [retrait-en-attente]\n"
        f"    start: {_at(START)}\n"
        f"    end: {_at(END)}\n"
        "  - id: bonus-hostile\n"
        f"    title: {json.dumps(hostile_title, ensure_ascii=False)}\n"
        f"    text: {json.dumps(hostile_text, ensure_ascii=False)}\n"
        "    affects: [Bonus]\n"
        f"    start: {_at(START)}\n"
        "  - id: kyc-fini\n"
        "    title: Vérifications lentes\n"
        "    text: Les vérifications prenaient trois jours.\n"
        "    affects: [verification-kyc]\n"
        f"    start: {_at(ENDED - timedelta(days=2))}\n"
        f"    end: {_at(ENDED)}\n"
    )


def build_with_incidents(dest: Path, text: str) -> Path:
    """A copy of the project with ``text`` as trees/_incidents.yml, built strictly: its site/."""
    source = copy_site_sources(dest / "src")
    (source / "trees" / "_incidents.yml").write_text(text, encoding="utf-8")
    site = dest / "site"
    assert build_site(source, site) == []
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_incidents(tmp_path_factory.mktemp("incidents"), incidents_yaml())


def _boxes(page: Path) -> list[str]:
    return re.findall(r'<div class="kb-incident"[^>]*>', page.read_text(encoding="utf-8"))


def _ids(page: Path) -> list[str]:
    return [re.search(r'data-kb-incident="([^"]+)"', b).group(1) for b in _boxes(page)]  # type: ignore[union-attr]


def test_an_incident_over_at_build_time_is_nowhere_in_the_site(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "kyc-fini" not in text and "Vérifications lentes" not in text, page


def test_boxes_are_on_the_home_page_and_the_affected_flows_only(site: Path) -> None:
    found = {p.relative_to(site).as_posix(): _ids(p) for p in site.rglob("*.html") if _boxes(p)}
    assert found == {
        "index.html": ["retraits-lents", "bonus-hostile"],
        "parcours/retrait-en-attente/index.html": ["retraits-lents"],  # by tree id
        "parcours/bonus-code-promo/index.html": ["bonus-hostile"],  # by category
    }
    for box in _boxes(site / "index.html"):
        assert re.search(r"\shidden", box) and 'role="region"' in box and "aria-label=" in box
    [box] = _boxes(site / "parcours" / "retrait-en-attente" / "index.html")
    assert f'data-kb-start="{START.isoformat()}"' in box and f'data-kb-end="{END.isoformat()}"' in box
    [box] = _boxes(site / "parcours" / "bonus-code-promo" / "index.html")
    assert 'data-kb-end=""' in box  # no end: until removed


def test_the_box_comes_before_the_flow_and_its_text_is_html(site: Path) -> None:
    page = (site / "parcours" / "retrait-en-attente" / "index.html").read_text(encoding="utf-8")
    box, flow = page.index('class="kb-incident"'), page.index('class="kb-flow"')
    assert box < flow < page.index("data-kb-node=")
    body = page[box:page.index("</div>", box)]
    assert "<strong>24" in body and "**" not in body  # Markdown rendered at build time


def test_hostile_title_is_text_and_text_html_is_judged(site: Path) -> None:
    page = (site / "parcours" / "bonus-code-promo" / "index.html").read_text(encoding="utf-8")
    box = page[page.index('class="kb-incident"'):]
    box = box[:box.index("</div>")]
    title = re.search(r"<h2[^>]*>(.*?)</h2>", box, re.DOTALL)
    assert title and "<" not in title.group(1) and "&amp;lt;b&amp;gt;" in title.group(1) and "{{ 7*7 }}" in title.group(1)


def test_the_flow_data_carries_plain_text_for_the_request_form(site: Path) -> None:
    def data(tree: str) -> dict[str, object]:
        page = (site / "parcours" / tree / "index.html").read_text(encoding="utf-8")
        found = re.search(r'data-kb-flow-data="([^"]*)"', page)
        assert found
        return json.loads(html.unescape(found.group(1)))  # type: ignore[no-any-return]

    [incident] = data("retrait-en-attente")["incidents"]  # type: ignore[misc]
    assert incident["id"] == "retraits-lents" and "**" not in incident["text"] and "24" in incident["text"]
    assert (incident["start"], incident["end"]) == (START.isoformat(), END.isoformat())
    assert data("verification-kyc")["incidents"] == []  # the ended one is gone
    assert data("depot-non-credite")["incidents"] == []  # same category as the affected tree, not named


# Links in an incident's text, written as in a page at the top of docs/: the boxes are raw HTML MkDocs
# never rewrites, at several depths (home, parcours/<id>/, a page embedding a flow), and the site may
# live under a sub-path (GitHub Pages' own address): every link of every box leads to a built page.
SUB_PATH = "https://x.github.io/aide/"
LINKS_TEXT = ("Voir [la FAQ](faq-contact.md), [les documents](faq-contact.md#documents), "
              "[l’accueil](index.md), [le parcours](parcours/depot-non-credite.md) et "
              "[le statut](https://statut.example/).")


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = ("# yaml-language-server: $schema=../kb_tools/schema/incidents.schema.json\n"
            "incidents:\n"
            "  - id: liens\n"
            "    title: Des liens dans le texte\n"
            f"    text: {json.dumps(LINKS_TEXT, ensure_ascii=False)}\n"
            "    affects: [retrait-en-attente, avant-de-nous-contacter]\n"
            f"    start: {_at(START)}\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_SITE_URL", SUB_PATH)
        return build_with_incidents(tmp_path_factory.mktemp("incidents-links"), text)


def test_every_link_of_every_box_leads_to_a_built_page_under_the_sub_path(sub_path_site: Path) -> None:
    from urllib.parse import unquote, urljoin, urlsplit

    assert f'href="{SUB_PATH}"' in (sub_path_site / "index.html").read_text(encoding="utf-8")  # built for it
    pages = {p.relative_to(sub_path_site).as_posix() for p in sub_path_site.rglob("*.html") if _boxes(p)}
    # the home page, a flow's own page two folders down, and a page that embeds a flow
    assert {"index.html", "parcours/retrait-en-attente/index.html", "contact/index.html"} <= pages
    for page in sorted(pages):
        html_text = (sub_path_site / page).read_text(encoding="utf-8")
        address = urljoin(SUB_PATH, page.removesuffix("index.html"))
        for box in re.findall(r'<div class="kb-incident".*?</div>', html_text, re.DOTALL):
            # the text's own links (a home box adds « Voir : … » links to the flows it affects after them)
            text_part = box.split('<p class="kb-incident__see">', 1)[0]
            hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', text_part)]
            inside = [h for h in hrefs if not urlsplit(h).scheme]
            assert len(inside) == 4 and "https://statut.example/" in hrefs, (page, hrefs)
            for href in inside:
                where = urlsplit(urljoin(address, href))
                assert where.netloc == "x.github.io" and where.path.startswith("/aide/"), (page, href)
                built = sub_path_site / unquote(where.path.removeprefix("/aide/"))
                built = built / "index.html" if where.path.endswith("/") else built
                assert built.is_file(), (page, href, built)
                if where.fragment:
                    assert f'id="{where.fragment}"' in built.read_text(encoding="utf-8"), (page, href)


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.mark.parametrize("link", ["[la FAQ](faq-contact/)", "[la FAQ](/faq-contact/)", "[la FAQ](#documents)",
                                  "[la FAQ](faq-contat.md)"])
def test_a_box_link_that_would_break_stops_the_build_at_its_line(tmp_path: Path, link: str) -> None:
    from mkdocs.exceptions import MkDocsException

    source = copy_site_sources(tmp_path / "src")
    text = ("# yaml-language-server: $schema=../kb_tools/schema/incidents.schema.json\n"
            "incidents:\n"
            "  - id: liens\n"
            "    title: Des liens dans le texte\n"
            f"    text: Voir {link}.\n"
            "    affects: [retrait-en-attente]\n"
            f"    start: {_at(START)}\n")
    (source / "trees" / "_incidents.yml").write_text(text, encoding="utf-8")
    log = _Log()
    logging.getLogger("mkdocs").addHandler(log)
    try:
        with pytest.raises(MkDocsException):
            build_site(source, tmp_path / "site")
    finally:
        logging.getLogger("mkdocs").removeHandler(log)
    col = text.split("\n")[4].index(link[link.index("(") + 1:-1]) + 1
    located = [m for m in log.messages if f"trees/_incidents.yml:5:{col}: error: " in m]
    assert len(located) == 1 and re.search(r"\((broken-link|broken-anchor)\)$", located[0]), log.messages
    assert not (tmp_path / "site" / "index.html").exists()


def _links(box_html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', box_html)


def test_each_home_box_links_to_every_flow_it_affects_and_only_those(site: Path) -> None:
    from kb_tools.project import load_project
    from tests.conftest import ROOT

    kb, _ = load_project(ROOT / "trees")
    home = (site / "index.html").read_text(encoding="utf-8")
    boxes = {m.group(1): m.group(0) for m in re.finditer(
        r'<div class="kb-incident" data-kb-incident="([^"]+)".*?</div>', home, re.DOTALL)}
    affects = {"retraits-lents": ["retrait-en-attente"], "bonus-hostile": ["Bonus"]}
    for incident, names in affects.items():
        expected = {t["id"] for t in kb.trees.values() if t["id"] in names or t["category"] in names}
        assert expected
        hrefs = _links("".join(boxes[incident].split('<p class="kb-incident__see">')[1:]))  # the « Voir : … » links
        targets = set()
        for href in hrefs:
            assert not href.startswith(("/", "http")), href  # relative: right under any sub-path
            where = (site / href.split("#")[0]).resolve()
            page = where / "index.html" if where.is_dir() else where
            assert page.is_file(), href
            targets.add(page.parent.name)
        assert targets == expected and len(hrefs) == len(expected)
    for tree in ("retrait-en-attente", "bonus-code-promo"):  # the flows' own boxes: no link to themselves
        page = (site / "parcours" / tree / "index.html").read_text(encoding="utf-8")
        box = page[page.index('class="kb-incident"'):]
        assert 'class="kb-incident__see"' not in box[:box.index("</div>")]


def test_an_incident_title_never_breaks_at_its_hyphen(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    page = (site / "parcours" / "retrait-en-attente" / "index.html").read_text(encoding="utf-8")
    for text in (home, page):
        titles = re.findall(r'<h2 class="kb-incident__title">(.*?)</h2>', text, re.DOTALL)
        assert any("wallets" in t for t in titles)
        for title in titles:
            assert "-" not in html.unescape(title) and ("wallets" not in title or "\u2011" in title), title
    found = re.search(r'data-kb-flow-data="([^"]*)"', page)
    assert found
    [incident] = json.loads(html.unescape(found.group(1)))["incidents"]
    assert "-" not in incident["title"] and "e\u2011wallets" in incident["title"]
