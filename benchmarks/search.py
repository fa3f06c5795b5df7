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

from benchmarks.common import ROOT, build, chromium, copy_project, median, serve, table
from benchmarks.sitegen import generate
from tests.search.evaluate import QUERIES as QUERIES_PUBLIC
from tests.search.evaluate import Scores, load_queries, rank, search_box_pages

QUERIES_HOLDOUT = QUERIES_PUBLIC.with_name("queries-holdout.yaml")

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


def out_of_the_box(dest: Path) -> Path:
    """This site with Material's search as it comes: no worker, no index tuning."""
    project = copy_project(dest)
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"  - search:\n(?:      .*\n)+", "  - search:\n      lang: fr\n", config)
    config = config.replace("      pages_dir: parcours\n", "      pages_dir: parcours\n      search_enrich: false\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def quality(browser: object, url: str) -> list[str]:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    cells = []
    for path in (QUERIES_PUBLIC, QUERIES_HOLDOUT):
        queries = load_queries(path)
        scores = Scores([rank(p, q.expect) for p, q in zip(search_box_pages(page, url, queries), queries, strict=True)])
        cells += [f"{scores.hit(1):.2f}", f"{scores.hit(3):.2f}", f"{scores.mrr:.2f}"]
    page.close()
    return cells


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
        with chromium() as browser:
            quality_rows = [["search", "hit@1", "hit@3", "MRR", "held-out hit@1", "hit@3", "MRR"]]
            for name, project in (("Material out of the box", out_of_the_box(Path(tmp) / "plain")), ("this site", ROOT)):
                site = Path(tmp) / ("q-" + name.replace(" ", "-"))
                build(project, site)
                with serve(site) as url:
                    quality_rows.append([name, *quality(browser, url)])
    print("Search quality (queries typed in the real search box)\n")
    print(table(quality_rows))
    print("\nSearch size and speed\n")
    print(table(rows))


if __name__ == "__main__":
    main()
