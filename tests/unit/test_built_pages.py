"""The last check of the build reads every built document with an HTML
parser: an event attribute on any element, a code-running address in any
address attribute, an element that redirects or embeds, a resource from
another host, or a script the theme does not provide is a located problem;
what the theme writes passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.built_pages import DOCUMENT_SUFFIXES, check_built_pages, docs_file_problems
from kb_tools.headers import known_scripts
from tests.payloads import JAVASCRIPT_URLS

THEME = '<script>var a="{{ base_url }}"</script>'
OWN = {"assets/app.js"}
ELEMENTS = ["a", "img", "div", "p", "svg", "details", "input", "body", "video", "span", "math", "x-custom"]
EVENTS = ["onclick", "onerror", "onload", "onmouseover", "onfocus", "ontoggle", "onanimationstart", "ONCLICK"]
URL_PLACES = [
    '<a href="{}">x</a>', '<img src="{}">', '<form action="{}"></form>', '<button formaction="{}">x</button>',
    '<iframe-like data="{}">', '<video poster="{}"></video>', '<img srcset="a.png 1x, {} 2x">',
    '<svg><a xlink:href="{}">x</a></svg>', '<link rel="stylesheet" href="{}">', "<a href='{}'>x</a>",
    "<a href={}>x</a>",
]


def _problems(tmp_path: Path, body: str, name: str = "page/index.html",
              site_host: str | None = None) -> list[tuple[str, int, str]]:
    templates, site = tmp_path / "theme", tmp_path / "site"
    templates.mkdir(exist_ok=True)
    (templates / "base.html").write_text(THEME, encoding="utf-8")
    page = site / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<!doctype html>\n<html><head><title>t</title></head>\n<body>\n{body}\n</body></html>\n",
                    encoding="utf-8")
    _, problems = check_built_pages(site, known_scripts([templates]), OWN, site_host=site_host)
    page.unlink()
    return [(p.path, p.line, p.rule) for p in problems]


@pytest.mark.parametrize("element", ELEMENTS)
def test_an_event_attribute_on_any_element_is_refused(tmp_path: Path, element: str) -> None:
    for event in EVENTS:
        got = _problems(tmp_path, f'<p>texte</p><{element} class="x" {event}="alert(1)">y</{element}>')
        assert got == [("page/index.html", 4, "unsafe-html")], (element, event)


@pytest.mark.parametrize("place", URL_PLACES)
def test_every_spelling_of_a_code_scheme_in_every_address_attribute_is_refused(tmp_path: Path, place: str) -> None:
    for name, url in JAVASCRIPT_URLS:
        if url.startswith(("//", "/\\")) or (any(c.isspace() for c in url) and "={}" in place):  # unquoted
            continue  # another host: refused where it is loaded (below); an unquoted value stops at a space
        if "srcset" in place and any(c.isspace() for c in url):
            continue  # in a srcset, a space ends the address: "java" alone is no scheme
        got = _problems(tmp_path, place.format(url.replace('"', "&quot;")))
        assert ("page/index.html", 4, "unsafe-html") in got, (place, name)


@given(st.text(st.sampled_from("javscriptJAVSCRIPT:\t\n &#x6A;%"), min_size=1, max_size=40))
@settings(max_examples=200, deadline=None)
def test_an_href_the_browser_would_run_is_always_refused(tmp_path_factory: pytest.TempPathFactory, url: str) -> None:
    import html
    from urllib.parse import unquote

    def cleaned(text: str) -> str:
        return text.replace("\t", "").replace("\n", "").lstrip(" ").lower()

    def other_scheme(text: str) -> bool:
        match = re.match(r"[a-z][a-z0-9+.-]*:", cleaned(text))
        return match is not None and match.group(0)[:-1] not in ("http", "https", "mailto", "tel")

    got = _problems(tmp_path_factory.mktemp("href"), f'<a href="{url.replace(chr(34), "&quot;")}">x</a>')
    refused = ("page/index.html", 4, "unsafe-html") in got
    seen = html.unescape(url)  # what the browser's URL parser gets
    if cleaned(seen).startswith("javascript:"):
        assert refused, url
    if not other_scheme(seen) and not other_scheme(unquote(cleaned(seen))):
        assert not refused, url  # only http(s), mailto, tel; refusing %-spellings too is deliberate (kb_tools.links)


@pytest.mark.parametrize("markup", [
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<meta http-equiv="Content-Security-Policy" content="script-src *">',
    '<iframe src="page.html"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<frameset><frame src="x.html"></frameset>',
])
def test_elements_that_redirect_or_embed_are_refused(tmp_path: Path, markup: str) -> None:
    got = _problems(tmp_path, markup)
    assert got and {rule for _, _, rule in got} == {"unsafe-html"} and got[0][1] == 4, (markup, got)


@pytest.mark.parametrize("markup", [
    '<img src="https://tracker.example/p.gif">',
    '<img src="//tracker.example/p.gif">',
    '<img src="/\\tracker.example/p.gif">',
    '<img srcset="a.png 1x, https://tracker.example/b.png 2x">',
    '<link rel="stylesheet" href="https://cdn.example/x.css">',
    '<link rel="preload" href="https://cdn.example/font.woff2">',
    '<video poster="https://tracker.example/p.jpg"></video>',
    '<form action="https://phish.example/login"></form>',
])
def test_nothing_is_loaded_from_another_host(tmp_path: Path, markup: str) -> None:
    assert _problems(tmp_path, markup, site_host="aide.roulettino.example") == [("page/index.html", 4, "foreign-host")]


@pytest.mark.parametrize("markup", [
    '<a href="https://www.autre-site.example/page">un lien vers un autre site</a>',
    '<a href="mailto:aide@roulettino.example">e-mail</a>',
    '<a href="../glossaire/#kyc">KYC</a>',
    '<img src="../assets/logo.svg" alt="">',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="">',
    '<link rel="canonical" href="https://aide.roulettino.example/page/">',
    '<img src="https://aide.roulettino.example/assets/logo.svg" alt="">',
    '<script src="../assets/app.js"></script>',
    '<script>var a="../.."</script>',
    '<script type="application/ld+json">{"@type": "FAQPage"}</script>',
    '<p title="onclick=alert(1)" data-x="javascript:alert(1)">texte avec onclick= et javascript: en clair</p>',
])
def test_what_the_theme_and_content_ordinarily_write_passes(tmp_path: Path, markup: str) -> None:
    assert _problems(tmp_path, markup, site_host="aide.roulettino.example") == []


@pytest.mark.parametrize("suffix", DOCUMENT_SUFFIXES)
def test_every_kind_of_document_is_read(tmp_path: Path, suffix: str) -> None:
    got = _problems(tmp_path, "<script>alert(1)</script>", name=f"fichier{suffix}")
    assert got == [(f"fichier{suffix}", 4, "inline-script")]


def test_a_script_never_closed_is_refused(tmp_path: Path) -> None:
    assert _problems(tmp_path, "<p>x</p><script>alert(1)")[0][2] == "inline-script"


def test_docs_may_not_ship_scripts_nor_take_the_place_of_theme_files(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "assets" / "javascripts").mkdir(parents=True)
    (theme / "assets" / "javascripts" / "app.js").write_text("1", encoding="utf-8")
    (theme / "assets" / "style.css").write_text("p{}", encoding="utf-8")
    uris = ["aide.js", "x/module.mjs", "assets/javascripts/app.js", "assets/style.css", "assets/logo.svg", "page.md"]
    got = [(p.path, p.line, p.col, p.rule) for p in docs_file_problems(uris, [theme], "docs")]
    assert got == [("docs/aide.js", 1, 1, "content-file"), ("docs/assets/javascripts/app.js", 1, 1, "content-file"),
                   ("docs/assets/style.css", 1, 1, "content-file"), ("docs/x/module.mjs", 1, 1, "content-file")]
