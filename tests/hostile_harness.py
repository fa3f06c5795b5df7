"""Serve a built site with its own ``_headers`` and load its pages in
Chromium, recording anything a hostile payload could make happen: a dialog,
a script error, an image or frame loaded from the payload, a request to
another host, a Content-Security-Policy violation."""

from __future__ import annotations

import functools
import http.server
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from kb_tools.headers import parse_headers_file

WATCH_JS = """
window.__kbViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__kbViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


class _WithHeaders(http.server.SimpleHTTPRequestHandler):
    headers_to_send: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_with_headers(site: Path) -> Iterator[str]:
    """``site`` over HTTP on a free local port, every response carrying the
    headers of ``site/_headers`` (as Netlify or Cloudflare Pages would)."""
    headers = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    handler_class = type("Handler", (_WithHeaders,), {"headers_to_send": headers})
    handler = functools.partial(handler_class, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


@dataclass
class Effects:
    """What loading the pages caused, page by page."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.dialogs or self.errors or self.violations or self.foreign or self.injected)


# Elements a payload would have created: an image or frame pointing at "x",
# an element with an inline event handler, a script element that is not one of
# the site's own (they all have a src, or are JSON data, or Material's config).
INJECTED_JS = """() => {
  const found = [];
  document.querySelectorAll('img[src="x"], iframe, object, embed, svg[onload]').forEach(e => found.push(e.outerHTML.slice(0, 80)));
  document.querySelectorAll('*').forEach(e => {
    for (const a of e.attributes) if (/^on/i.test(a.name)) found.push(e.tagName + ' ' + a.name);
    const href = e.tagName === 'A' ? (e.getAttribute('href') || '') : '';
    if (/^\\s*(javascript|data|vbscript):/i.test(href)) found.push('a ' + href);
  });
  document.querySelectorAll('script:not([src])').forEach(s => {
    if (/alert\\(1\\)/.test(s.textContent || '')) found.push('script ' + (s.textContent || '').slice(0, 60));
  });
  return found;
}"""


def visit(browser: Browser, base_url: str, paths: list[str], wait_ms: int = 150) -> dict[str, Effects]:
    """Load every page of ``paths`` (relative to ``base_url``) and record its effects."""
    host = urlsplit(base_url).netloc
    results: dict[str, Effects] = {}
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.add_init_script(WATCH_JS)
        current = Effects()
        page.on("dialog", lambda d: (current.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: current.errors.append(str(e)))
        page.on("request", lambda r: None if urlsplit(r.url).netloc in (host, "") or r.url.startswith("data:")
                else current.foreign.append(r.url))
        for path in paths:
            current.__init__()  # type: ignore[misc]
            page.goto(base_url + path, wait_until="load")
            page.wait_for_timeout(wait_ms)
            current.violations += page.evaluate("() => window.__kbViolations || []")
            current.injected += page.evaluate(INJECTED_JS)
            results[path] = Effects(list(current.dialogs), list(current.errors), list(current.violations),
                                    list(current.foreign), list(current.injected))
    finally:
        context.close()
    return results


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root."""
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))
