"""Bytes a first visit loads (gzip), per page type, and the flow module's own
weight.

    python -m benchmarks.weight
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, build, chromium, serve, table

PAGES = {"home": "", "article": "escalade/", "flow": "parcours/retrait-en-attente/", "contact (embedded flow)": "contact/"}
#: the flow's own files: its ES modules (assets/javascripts/kb/), the Material glue's names, its style
FLOW_MODULE = ["assets/javascripts/kb/*.js", "assets/javascripts/kb-material.js", "assets/stylesheets/kb-flow.css"]


def first_visit(browser: object, url: str) -> tuple[int, int, list[tuple[str, int]], int]:
    """(requests, gzip bytes, heaviest) of a cold first visit, until the network
    is idle; then the bytes the first search adds (index, Material's worker)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_response(response: object) -> None:
        try:
            body = response.body()  # type: ignore[attr-defined]
        except Exception:  # redirects and aborted requests carry no body
            return
        sizes[response.url] = len(gzip.compress(body, 6))  # type: ignore[attr-defined]

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && !m.textContent.includes('Initialisation'); }", timeout=30_000)
    page.wait_for_timeout(500)
    visit = dict(sizes)
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").press_sequentially("retrait")
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    context.close()
    heaviest = sorted(visit.items(), key=lambda kv: -kv[1])[:3]
    return len(visit), sum(visit.values()), heaviest, sum(sizes.values()) - sum(visit.values())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(ROOT, site)
        files = [path for pattern in FLOW_MODULE for path in sorted(site.glob(pattern))]
        module = sum(len(gzip.compress(path.read_bytes(), 9)) for path in files)
        worker = len(gzip.compress((site / "assets/javascripts/workers/kb-search-worker.js").read_bytes(), 9))
        rows = [["page", "requests", "first visit (KB, gzip)", "heaviest", "then the first search (KB)"]]
        with chromium() as browser, serve(site, production=True) as url:
            for name, path in PAGES.items():
                count, total, heavy, search = first_visit(browser, url + path)
                rows.append([name, str(count), f"{total / 1024:.1f}",
                             ", ".join(f"{u.rsplit('/', 1)[-1] or 'page'} {b / 1024:.0f}" for u, b in heavy),
                             f"+{search / 1024:.1f}"])
    print("Weight of a first visit (target: 100 KB for a flow page)\n")
    print(table(rows))
    print(f"\nFlow module ({len(files)} files: modules, kb-material.js, kb-flow.css; gzip -9, each file apart): "
          f"{module / 1024:.1f} KB (target 10 KB); "
          f"search worker wrapper: {worker / 1024:.1f} KB")


if __name__ == "__main__":
    main()
