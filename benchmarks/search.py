"""Search benchmark: index size (raw, gzip) against the text it indexes, and
the median time from the last keystroke to the results, on this site and on
a generated site of 1,000 pages.

    python -m benchmarks.search
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, build, chromium, median, serve, table
from benchmarks.sitegen import generate

QUERIES = ["retrait bloque", "depot pas arrive", "compte pirate", "parler a un conseiller", "verifcation identite",
           "code promo refuse", "mot de passe oublie", "delai reponse email", "mediation litige", "wagering bonus",
           "closed loop retrait", "3d secure refuse"]

# Time from the last keydown to the first change of the result list after it
# (Material renders the first results, then more as the player scrolls).
PROBE = """() => {
  window.__kb = {key: 0, change: 0};
  document.addEventListener('keydown', () => { window.__kb.key = performance.now(); window.__kb.change = 0; }, true);
  new MutationObserver(() => { if (!window.__kb.change) window.__kb.change = performance.now(); })
    .observe(document.querySelector('.md-search-result'), {childList: true, subtree: true, characterData: true});
}"""


def index_figures(site: Path) -> dict[str, float]:
    raw = (site / "search" / "search_index.json").read_bytes()
    docs = json.loads(raw)["docs"]
    text = sum(len(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]).encode()) for d in docs)
    return {"docs": len(docs), "raw": len(raw), "gzip": len(gzip.compress(raw, 9)), "text": text}


def keystroke_latency(browser: object, url: str, queries: list[str]) -> float:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(url)
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('Initialisation')",
                           timeout=120_000)
    page.evaluate(PROBE)
    box = page.locator("input.md-search__input")
    times = []
    for query in queries * 2:
        box.fill("")
        box.press("End")
        page.wait_for_timeout(150)
        box.press_sequentially(query, delay=30)
        page.wait_for_timeout(400)  # results settle
        key, change = page.evaluate("() => [window.__kb.key, window.__kb.change]")
        if change >= key:
            times.append(change - key)
    page.close()
    return median(times)


def main() -> None:
    rows = [["site", "documents", "text (KB)", "index raw (KB)", "index gzip (KB)", "index/text", "keystroke→results (ms, median)"]]
    with tempfile.TemporaryDirectory() as tmp:
        sites = [("this site", ROOT, Path(tmp) / "site")]
        generated = generate(1000, Path(tmp) / "gen1000")
        sites.append(("generated, 1,000 pages", generated, Path(tmp) / "site1000"))
        with chromium() as browser:
            for name, project, site in sites:
                build(project, site)
                fig = index_figures(site)
                with serve(site) as url:
                    latency = keystroke_latency(browser, url, QUERIES)
                rows.append([name, str(fig["docs"]), f"{fig['text'] / 1024:.0f}", f"{fig['raw'] / 1024:.0f}",
                             f"{fig['gzip'] / 1024:.0f}", f"{fig['raw'] / fig['text']:.2f}", f"{latency:.1f}"])
    print("Search\n")
    print(table(rows))


if __name__ == "__main__":
    main()
