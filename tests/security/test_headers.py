"""The site served with its own security headers: every page, the search
worker and the flow meet the Content-Security-Policy, and no page loads
anything from another host."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kb_tools.headers import parse_headers_file
from tests.browser.flowkit import serve
from tests.content.site_text import pages
from tests.hostile_harness import WATCH_JS, serve_with_headers, visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["headers", "meta-only"])
def secured_url(request: pytest.FixtureRequest, built_site: Path) -> Iterator[str]:
    """The site with its ``_headers`` (Netlify, Cloudflare Pages, nginx), or
    with none (GitHub Pages): then only each page's own ``<meta>`` policy holds."""
    with (serve_with_headers(built_site) if request.param == "headers" else serve(built_site)) as url:
        yield url


def test_headers_file_sets_the_expected_protections(built_site: Path) -> None:
    headers = parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))
    csp = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] and headers["Permissions-Policy"]


def test_every_page_meets_the_policy_and_stays_on_the_site(browser, built_site: Path, secured_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, accept_downloads=True)
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    origin = urlsplit(secured_url).netloc
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).netloc not in ("", origin)
            and not r.url.startswith(("data:", "blob:")) else None)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    for html in pages(built_site):
        path = html.parent.relative_to(built_site).as_posix()
        page.goto(secured_url + ("" if path == "." else path + "/"), wait_until="load")
        assert page.evaluate("window.__kbViolations") == [], path
    # the search worker, and a flow up to its request builder
    page.goto(secured_url + "parcours/retrait-en-attente/")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").press_sequentially("retrait", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.goto(secured_url + "parcours/retrait-en-attente/#p=0.0.0.1")
    page.locator("form[data-kb-ticket]").wait_for()
    page.locator("form[data-kb-ticket] textarea").first.fill("Mon retrait du 14/08 est bloqué")
    with page.expect_download():
        page.locator("[data-kb-download]").click()
    assert page.evaluate("window.__kbViolations") == []
    assert console == []
    assert foreign == []
    # the policy is really enforced: a smuggled inline script does not run
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }")
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__kbViolations.length") >= 1  # one per policy: header and <meta>
    context.close()


def test_every_page_carries_the_policy_before_any_script(built_site: Path) -> None:
    headers = parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))
    expected = headers["Content-Security-Policy"].replace("; frame-ancestors 'none'", "")
    for html in pages(built_site):
        text = html.read_text(encoding="utf-8")
        meta = f'<meta http-equiv="Content-Security-Policy" content="{expected}">'
        assert text.count("Content-Security-Policy") == 1 and meta in text, html
        assert text.index(meta) < text.index("<script"), f"{html}: a script comes before the policy"


def test_markup_slipped_into_a_page_after_the_build_runs_nothing_without_headers(
        browser, built_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What the build's checks would refuse, added to the published files by
    hand (or by a host): on a host that sends no headers, the page's own
    policy still blocks it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    payload = ('<img src="x" onerror="alert(1)"><script>alert(1)</script>'
               '<a id="kb-js" href="javascript:alert(1)">lien</a><svg onload="alert(1)"></svg>')
    paths = ["", "contact/", "parcours/retrait-en-attente/"]
    for path in paths:
        page = site / path / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("</article>", payload + "</article>", 1),
                        encoding="utf-8")
    with serve(site) as url:
        effects = visit(browser, url, paths)
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url + "contact/")
        page.locator("#kb-js").click()
        page.wait_for_timeout(200)
        context.close()
    for path, seen in effects.items():
        assert seen.dialogs == [] and seen.violations, (path, seen)
    assert dialogs == []
