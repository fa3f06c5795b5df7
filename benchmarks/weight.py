"""Bytes a first visit loads (gzip), per page type, with every module the page
loads (the ones main.js imports only where needed included), and the flow
module's own weight.

    .venv/bin/python -m benchmarks.weight
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, Figure, build, chromium, command, serve, table

PAGES = {"home": "", "article": "escalade/", "flow": "parcours/retrait-en-attente/", "contact (embedded flow)": "contact/"}
#: the flow's own files: its ES modules (assets/javascripts/kb/), the Material glue's names, its style
FLOW_MODULE = ["assets/javascripts/kb/*.js", "assets/javascripts/kb-material.js", "assets/stylesheets/kb-flow.css"]
BUDGET_KB = 100


def first_visit(browser: object, url: str) -> tuple[int, int, list[tuple[str, int]], int, dict[str, int]]:
    """(requests, gzip bytes, heaviest) of a cold first visit, until the network
    is idle; then the bytes the first search adds (index, Material's worker);
    and the gzip bytes of each file of the visit, by address."""
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
    return len(visit), sum(visit.values()), heaviest, sum(sizes.values()) - sum(visit.values()), visit


def main() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(ROOT, site)
        paths = [path for pattern in FLOW_MODULE for path in sorted(site.glob(pattern))]
        module = sum(len(gzip.compress(path.read_bytes(), 9)) for path in paths)
        # the worker and the scripts it loads with importScripts (workers/kb-search-*.js)
        worker = sum(len(gzip.compress(path.read_bytes(), 9)) for path in sorted(site.glob("assets/javascripts/workers/kb-search-*.js")))
        rows = [["page", "requests", "first visit (KB, gzip)", "heaviest", "then the first search (KB)"]]
        totals: dict[str, float] = {}
        files: dict[str, dict[str, int]] = {}
        with chromium() as browser, serve(site, production=True) as url:
            for name, path in PAGES.items():
                count, total, heavy, search, visit = first_visit(browser, url + path)
                totals[name] = total / 1024
                files[name] = {("(the page)" if u == url + path else u.replace(url, "/")): b for u, b in visit.items()}
                rows.append([name, str(count), f"{total / 1024:.1f}",
                             ", ".join(f"{u.rsplit('/', 1)[-1] or 'page'} {b / 1024:.0f}" for u, b in heavy),
                             f"+{search / 1024:.1f}"])
    print("Weight of a first visit (target: 100 KB for a flow page)\n")
    print(table(rows))
    print(f"\nFlow module ({len(paths)} files: modules, kb-material.js, kb-flow.css; gzip -9, each file apart): "
          f"{module / 1024:.1f} KB (target 10 KB); "
          f"search worker wrapper (workers/kb-search-*.js, each file apart): {worker / 1024:.1f} KB")
    # each file of the visits (KB, gzip -6 as served), the pages side by side: what a page loads and another does not
    names = list(PAGES)
    detail = [["file", *names]]
    for address in sorted({a for visit in files.values() for a in visit}, key=lambda a: -max(v.get(a, 0) for v in files.values())):
        detail.append([address.rsplit("/assets/", 1)[-1] if "/assets/" in address else address,
                       *(f"{files[n][address] / 1024:.1f}" if address in files[n] else "-" for n in names)])
    print("\nEach file of a first visit (KB, gzip)\n")
    print(table(detail))
    return [Figure(f"first visit, {name} (KB gzip, every module it loads)", f"{kb:.1f} KB", f"≤ {BUDGET_KB} KB",
                   kb <= BUDGET_KB, command("weight")) for name, kb in totals.items()] + [
        Figure(f"the flow's own files ({len(paths)}: modules, kb-material.js, kb-flow.css; gzip -9 each)",
               f"{module / 1024:.1f} KB", "", None, command("weight"))]


if __name__ == "__main__":
    main()
