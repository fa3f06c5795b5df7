"""Search benchmark: index size (raw, gzip) against the text it indexes, and
the median time from the last keystroke to the results, on this site and on
generated sites of ``KB_BENCH_SIZES`` pages (100, 1,000 and 5,000 by default,
like every growth figure; each site is built once, its first-search rows reuse it).

    .venv/bin/python -m benchmarks.search       (KB_BENCH_SIZES=100,1000 for a quicker run)
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Figure, build, chromium, command, copy_project, median, serve, sizes, table
from benchmarks.sitegen import generate
from kb_tools.search_index import FULL_INDEX, index_file
from tests.search.evaluate import QUERIES as QUERIES_PUBLIC
from tests.search.evaluate import Scores, load_queries, rank, search_box_pages

QUERIES_HOLDOUT = QUERIES_PUBLIC.with_name("queries-holdout.yaml")

QUERIES = ["retrait bloque", "depot pas arrive", "compte pirate", "parler a un conseiller", "verifcation identite",
           "code promo refuse", "mot de passe oublie", "delai reponse email", "mediation litige", "wagering bonus",
           "closed loop retrait", "3d secure refuse"]

# Material sends the query to its worker on keyup. The probe records the last
# keyup, when the worker got the query and answered it, and the first change of
# the result list after that answer (Material renders the first results, then
# more as the player scrolls). Installed before the page's scripts run.
PROBE = """
(() => {
  const probe = window.__kbProbe = {keyup: 0, posted: 0, answered: 0, shown: 0};
  document.addEventListener('keyup', () => { probe.keyup = performance.now(); }, true);
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (event.data && event.data.type === 3) { probe.answered = performance.now(); probe.shown = 0; }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) probe.posted = performance.now();
      return super.postMessage(message, ...rest);
    }
  };
  new MutationObserver(() => {
    if (probe.answered && !probe.shown) probe.shown = performance.now();
  }).observe(document, {childList: true, subtree: true, characterData: true});
})();
"""


def index_figures(site: Path) -> dict[str, float]:
    raw = index_file(site / "search").read_bytes()
    docs = json.loads(raw)["docs"]
    text = sum(len(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]).encode()) for d in docs)
    return {"docs": len(docs), "raw": len(raw), "gzip": len(gzip.compress(raw, 9)), "text": text}


@dataclass
class Latency:
    """Milliseconds, over every query typed."""

    results: float  # median, last keyup → results on screen
    worker: float  # median, query posted → worker's answer
    results_p90: float
    first: float  # the first query, index not loaded yet: last keyup → results


def keystroke_latency(browser: object, url: str, queries: list[str], rounds: int = 3, cpu_slowdown: float = 1) -> Latency:
    """With cpu_slowdown 4, Chromium runs the page and its worker four times slower (Lighthouse's phone)."""
    # the index loads when the search opens: the first query waits for it
    page = _search_page(browser, url, cpu_slowdown, PROBE)
    box = page.locator("input.md-search__input")
    page.wait_for_timeout(400)
    probe = page.evaluate("() => window.__kbProbe")
    first = probe["shown"] - probe["keyup"]
    shown, worker = [], []
    for query in queries * rounds:
        box.fill("")
        box.press("End")
        page.wait_for_timeout(150)
        box.press_sequentially(query, delay=30)  # 30 ms between keydown and keyup
        page.wait_for_timeout(400)  # results settle
        probe = page.evaluate("() => window.__kbProbe")
        if probe["keyup"] <= probe["posted"] <= probe["answered"] <= probe["shown"]:
            shown.append(probe["shown"] - probe["keyup"])
            worker.append(probe["answered"] - probe["posted"])
    page.close()
    p90 = statistics.quantiles(shown, n=10)[-1] if len(shown) > 1 else float("nan")
    return Latency(median(shown), median(worker), p90, first)


# The first search on a page: from the press on the search button to the
# first result item on screen, the player typing right after opening. The
# worker's own marks (workers/kb-search-worker.js, « kb-… ») say where the
# time goes; both clocks are turned into the page's.
FIRST_PROBE = """
(() => {
  const probe = window.__kbFirst = {open: 0, received: 0, shown: 0};
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = event.data || {};
        if (!probe.received && data.type === 3 && data.data.items.length) probe.received = performance.now();
      });
    }
  };
  const button = "label.md-header__button[for='__search']";
  document.addEventListener('pointerdown', (event) => {
    if (!probe.open && event.target.closest && event.target.closest(button)) probe.open = performance.now();
  }, true);
  new MutationObserver(() => {
    if (probe.open && !probe.shown && document.querySelector('.md-search-result__item')) probe.shown = performance.now();
  }).observe(document, {childList: true, subtree: true});
})();
"""
WORKER_MARKS = "() => performance.getEntriesByType('mark').map((m) => [m.name, performance.timeOrigin + m.startTime])"
PHONE_KEY_MS = 200  # between two keys on a phone keyboard
FIRST_WORD = "retrait"
#: the worker's marks, in order; each phase ends at its mark
PHASES = ["kb-index-fetch", "kb-material-loaded", "kb-index-parsed", "kb-index-added", "kb-index-built",
          "kb-index-ready", "kb-query", "kb-first-answer"]


@dataclass
class FirstSearch:
    """Milliseconds, medians over fresh page loads (no cache)."""

    shown: float  # press on the search button → first result item on screen, « retrait » typed from the press
    whole: float  # press → the whole index answers (later than shown when the first answer came from titles)
    phases: dict[str, float]  # time spent before each worker mark, from the previous one (the press first)
    before_open: int  # requests for the index before the player pressed the search button, worst load
    ready: float = float("nan")  # press → the worker can answer (index fetched, first index built)
    answer: float = float("nan")  # first query the worker gets once it can answer → its results on screen

    @property
    def earliest(self) -> float:
        """Press → first results had the first key reached the page at once: the worker's own share.
        (`shown` also holds the time before the typed keys reach the page: 0.2–0.5 s here.)"""
        return self.ready + self.answer


def first_search(browser: object, url: str, loads: int = 5, cpu_slowdown: float = 1) -> FirstSearch:
    """Open the search on a freshly loaded page and type a word at a phone's cadence."""
    shown: list[float] = []
    whole: list[float] = []
    phases: dict[str, list[float]] = {name: [] for name in [*PHASES, "shown"]}
    before_open = 0
    ready: list[float] = []
    answer: list[float] = []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        page = context.new_page()
        if cpu_slowdown != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        asked: list[str] = []  # the full index's requests (search_index.json holds its config only)
        page.on("request", lambda request, sink=asked: sink.append(request.url) if FULL_INDEX in request.url else None)
        page.add_init_script(FIRST_PROBE)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(500)  # the page at rest, as when a player reaches for the search
        before_open = max(before_open, len(asked))
        page.locator("label.md-header__button[for='__search']").click()
        page.locator("input.md-search__input").press_sequentially(FIRST_WORD, delay=PHONE_KEY_MS)
        page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
        probe = page.evaluate("() => window.__kbFirst")
        origin = page.evaluate("() => performance.timeOrigin")
        marks: dict[str, float] = {}
        for worker in page.workers:
            if "kb-search-worker" in worker.url:
                for _ in range(600):  # a large site's whole index comes after the first answer
                    listed = worker.evaluate(WORKER_MARKS)
                    names = {name for name, _ in listed}
                    if "kb-index-sliced" not in names or "kb-index-whole" in names:
                        break
                    page.wait_for_timeout(100)
                for name, at in listed:
                    marks.setdefault(name, at - origin)  # the first: the whole index is built again later
        whole.append(marks.get("kb-index-whole", marks.get("kb-index-ready", float("nan"))) - probe["open"])
        shown.append(probe["shown"] - probe["open"])
        if "kb-index-ready" in marks and "kb-query" in marks:
            ready.append(marks["kb-index-ready"] - probe["open"])
            answer.append(probe["shown"] - marks["kb-query"])
        previous = probe["open"]
        for name in [*PHASES, "shown"]:
            at = probe["shown"] if name == "shown" else marks.get(name)
            if at is not None:
                phases[name].append(at - previous)
                previous = at
        context.close()
    return FirstSearch(median(shown), median(whole), {name: median(values) for name, values in phases.items()}, before_open,
                       median(ready), median(answer))


FIRST_TARGET_MS = 300.0  # at 1,000 pages


def first_search_table(tmp: Path) -> list[Figure]:
    """Open → first results on generated sites of sizes() pages; prints its table, returns its figures."""
    rows = [["site", "documents", "index raw (KB)", "index gzip (KB)", "open→first results, typed (ms)",
             "open→worker can answer (ms)", "first query→results (ms)", "open→whole index (ms)",
             "index requests before opening", "phases (ms, worker marks)"]]
    figures = []
    with chromium() as browser:
        for count in sizes():
            site = Path(tmp) / f"site{count}"
            if not (site / "index.html").is_file():  # main() may have built it already
                build(generate(count, Path(tmp) / f"gen{count}"), site)
            fig = index_figures(site)
            with serve(site) as url:
                first = first_search(browser, url)
            phases = ", ".join(f"{name.removeprefix('kb-')} {ms:.0f}" for name, ms in first.phases.items() if ms == ms)
            rows.append([f"generated, {count:,} pages", str(fig["docs"]), f"{fig['raw'] / 1024:.0f}",
                         f"{fig['gzip'] / 1024:.0f}", f"{first.shown:.0f}", f"{first.ready:.0f}", f"{first.answer:.0f}",
                         f"{first.whole:.0f}",
                         str(first.before_open), phases])
            target = count == 1000
            figures.append(Figure(f"search: open → first results, {count:,} pages (worker ready + first answer)",
                                  f"{first.earliest:.0f} ms ({first.ready:.0f} + {first.answer:.0f}, medians)",
                                  f"≤ {FIRST_TARGET_MS:.0f} ms" if target else "",
                                  first.earliest <= FIRST_TARGET_MS if target else None,
                                  command("search", sizes=(count,))))
            figures.append(Figure(f"search: open → first results with « {FIRST_WORD} » typed from the press, {count:,} pages",
                                  f"{first.shown:.0f} ms (median; holds the keys' way to the page)", "", None,
                                  command("search", sizes=(count,))))
            figures.append(Figure(f"search: index requests before opening, {count:,} pages", str(first.before_open),
                                  "0", first.before_open == 0, command("search", sizes=(count,))))
    print(f"\nFirst search: the press on the search button → first result, « {FIRST_WORD} » typed a key every "
          f"{PHONE_KEY_MS} ms from the press; medians of 5 fresh loads (target: {FIRST_TARGET_MS:.0f} ms at 1,000 pages)\n")
    print(table(rows))
    return figures


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


# Issue 16, part 1: from the first keystroke to a result list that stops
# changing. Every change of Material's result list (.md-search-result) is
# timed; a list is settled after SETTLE_QUIET ms without change. Queries
# posted to the worker and its answers are counted too. Nothing is
# subtracted: the typing time is the same on both sites.
SETTLE_QUIET = 600
SETTLE_PROBE = """
(() => {
  const probe = window.__kbSettle = {armed: false, keydown: 0, keyup: 0, changed: 0, batches: 0, posted: 0, answers: 0};
  document.addEventListener('keydown', () => {
    if (probe.armed && !probe.keydown) probe.keydown = performance.now();
  }, true);
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (probe.armed && event.data && event.data.type === 3) probe.answers += 1;
      });
    }
    postMessage(message, ...rest) {
      if (probe.armed && message && message.type === 2) probe.posted += 1;
      return super.postMessage(message, ...rest);
    }
  };
  new MutationObserver((records) => {
    if (!records.some((r) => (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest('.md-search-result'))) return;
    probe.last = performance.now();
    if (!probe.armed || !probe.keydown) return;
    probe.changed = probe.last;
    probe.batches += 1;
  }).observe(document, {childList: true, subtree: true, characterData: true, attributes: true});
})();
"""
# A phone's keyboard: each key sends keydown, the input and keyup at once,
# a key every `delay` ms from the first (timed in the page, so that both
# sites get the same cadence; Playwright's press_sequentially holds each key
# `delay` ms, and Material reads the box on key release only).
TYPE = """([text, delay]) => new Promise((resolve) => {
  const box = document.querySelector('input.md-search__input');
  const start = performance.now();
  let i = 0;
  const key = (type, k) => box.dispatchEvent(new KeyboardEvent(type, {key: k, bubbles: true, cancelable: true}));
  const next = () => {
    const k = text[i];
    key('keydown', k);
    box.value += k;
    box.dispatchEvent(new InputEvent('input', {data: k, inputType: 'insertText', bubbles: true}));
    key('keyup', k);
    window.__kbSettle.keyup = performance.now();
    i += 1;
    if (i < text.length) setTimeout(next, Math.max(0, start + i * delay - performance.now()));
    else resolve();
  };
  next();
})"""
QUIET = """quiet => new Promise((resolve) => {
  const probe = window.__kbSettle;
  const check = () => {
    const now = performance.now();
    if (now - Math.max(probe.last || 0, probe.keyup || 0) >= quiet) resolve(); else setTimeout(check, 50);
  };
  check();
})"""


@dataclass
class Settle:
    """One query typed on one site; milliseconds."""

    settled: float  # first keydown → last change of the result list
    tail: float  # last key release → last change (for reading only; the figure is `settled`)
    batches: int  # changes of the result list (MutationObserver batches)
    posted: int  # queries Material posted to the worker
    answers: int  # worker answers


def _search_page(browser: object, url: str, cpu_slowdown: float = 1, probe: str = SETTLE_PROBE) -> Any:
    """The home page on a phone, `probe` installed, the search open and its first query answered."""
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    if cpu_slowdown != 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    page.add_init_script(probe)
    page.goto(url)
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('Initialisation')",
                           timeout=120_000)
    box = page.locator("input.md-search__input")
    box.press_sequentially("retrait", delay=30)  # the index loads on the first query (benchmarks: first_search)
    page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
    return page


def _settle_one(page: Any, query: str, delay: float) -> Settle | None:
    page.bring_to_front()
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")  # a key release: both sites show the empty box's list
    page.evaluate(QUIET, SETTLE_QUIET)
    page.evaluate("() => Object.assign(window.__kbSettle, {armed: true, keydown: 0, keyup: 0, changed: 0, "
                  "batches: 0, posted: 0, answers: 0})")
    page.evaluate(TYPE, [query, delay])
    page.evaluate(QUIET, SETTLE_QUIET)
    probe = page.evaluate("() => Object.assign(window.__kbSettle, {armed: false})")
    if not probe["changed"] or page.locator("input.md-search__input").input_value() != query:
        return None
    return Settle(probe["changed"] - probe["keydown"], probe["changed"] - probe["keyup"], probe["batches"],
                  probe["posted"], probe["answers"])


def settle(browser: object, urls: dict[str, str], queries: list[str], delay: float = 100,
           rounds: int = 2, cpu_slowdown: float = 1) -> dict[str, list[Settle]]:
    """Each query typed on every site in turn (the order alternates), a key every `delay` ms.
    With cpu_slowdown 4, Chromium runs the page and its worker four times slower (Lighthouse's phone)."""
    pages = {name: _search_page(browser, url, cpu_slowdown) for name, url in urls.items()}
    out: dict[str, list[Settle]] = {name: [] for name in urls}
    names = list(urls)
    for turn, query in enumerate(queries * rounds):
        for name in names if turn % 2 == 0 else names[::-1]:
            measured = _settle_one(pages[name], query, delay)
            if measured:
                out[name].append(measured)
    for page in pages.values():
        page.close()
    return out


SETTLE_RUNS = ((100, 1), (30, 1), (100, 4))  # (ms between keys, CPU slowdown): a phone, fast typing, a slow phone


def settle_figures(tmp: Path, runs: tuple[tuple[float, float], ...] = SETTLE_RUNS,
                   before: Path | None = None) -> tuple[list[list[str]], list[Figure]]:
    """This site and plain Material built from the same articles, side by side in one run;
    `before`: another checkout of this project (e.g. main), typed in turn with the two."""
    plain = out_of_the_box(tmp / "settle-plain")
    sites = {"Material out of the box": tmp / "settle-site-plain", "this site": tmp / "settle-site-ours"}
    build(plain, sites["Material out of the box"])
    build(ROOT, sites["this site"])
    if before:
        sites["this site, before"] = tmp / "settle-site-before"
        build(before, sites["this site, before"])
    rows = [["keys every", "CPU", "site", "first key → settled (ms, median)", "last key → settled (ms)",
             "list changes / query", "queries posted / query", "answers / query", "site / Material"]]
    figures = []
    with chromium() as browser, contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(serve(site)) for name, site in sites.items()}
        for delay, cpu in runs:
            typed = settle(browser, urls, QUERIES, delay, cpu_slowdown=cpu)
            medians = {name: median([r.settled for r in typed[name]]) for name in typed}
            ratio = medians["this site"] / medians["Material out of the box"]
            for name, measured in typed.items():
                rows.append([f"{delay:.0f} ms", f"÷{cpu:.0f}", name, f"{medians[name]:.0f}", f"{median([r.tail for r in measured]):.0f}",
                             f"{median([r.batches for r in measured]):.1f}", f"{median([r.posted for r in measured]):.1f}",
                             f"{median([r.answers for r in measured]):.1f}",
                             f"{medians[name] / medians['Material out of the box']:.2f}×"])
            figures.append(Figure(f"search: first key → settled list, ours / Material (a key every {delay:.0f} ms"
                                  + (f", CPU ÷{cpu:.0f})" if cpu != 1 else ")"),
                                  f"{ratio:.2f}× ({medians['this site']:.0f} / {medians['Material out of the box']:.0f} ms,"
                                  " medians)", "≤ 1.0×", ratio <= 1.0, command("search", "settle")))
    return rows, figures


def main() -> list[Figure]:
    rows = [["site", "documents", "text (KB)", "index raw (KB)", "index gzip (KB)", "index/text",
             "keyup→results (ms, median / p90)", "worker (ms)", "same, CPU ÷4 (ms)", "first query (ms)"]]
    with tempfile.TemporaryDirectory() as tmp:
        sites = [("this site", ROOT, Path(tmp) / "site")]
        for count in sizes():  # like content at several sizes: does the index grow faster than the text?
            sites.append((f"generated, {count:,} pages", generate(count, Path(tmp) / f"gen{count}"),
                          Path(tmp) / f"site{count}"))
        with chromium() as browser:
            for name, project, site in sites:
                build(project, site)
                fig = index_figures(site)
                with serve(site) as url:
                    latency = keystroke_latency(browser, url, QUERIES)
                    phone = keystroke_latency(browser, url, QUERIES, cpu_slowdown=4)
                rows.append([name, str(fig["docs"]), f"{fig['text'] / 1024:.0f}", f"{fig['raw'] / 1024:.0f}",
                             f"{fig['gzip'] / 1024:.0f}", f"{fig['raw'] / fig['text']:.2f}",
                             f"{latency.results:.1f} / {latency.results_p90:.1f}", f"{latency.worker:.1f}",
                             f"{phone.results:.1f} / {phone.results_p90:.1f}", f"{latency.first:.0f}"])
        with chromium() as browser:
            quality_rows = [["search", "hit@1", "hit@3", "MRR", "held-out hit@1", "hit@3", "MRR"]]
            for name, project in (("Material out of the box", out_of_the_box(Path(tmp) / "plain")), ("this site", ROOT)):
                site = Path(tmp) / ("q-" + name.replace(" ", "-"))
                build(project, site)
                with serve(site) as url:
                    quality_rows.append([name, *quality(browser, url)])
        figures = first_search_table(Path(tmp))
    print("Search quality (queries typed in the real search box)\n")
    print(table(quality_rows))
    print(f"\nSearch size and speed ({len(QUERIES)} queries typed 3 times; target: 50 ms at 1,000 pages)\n")
    print(table(rows))
    figures += [Figure("search: public hit@3, this site", quality_rows[-1][2], "≥ 0.95", float(quality_rows[-1][2]) >= 0.95,
                      command("search"))]
    with tempfile.TemporaryDirectory() as tmp:
        settle_rows, settle_figs = settle_figures(Path(tmp))
    print(f"\nFirst key → result list settled ({SETTLE_QUIET} ms without change), {len(QUERIES)} queries typed twice,"
          " the two sites in turn\n")
    print(table(settle_rows))
    return figures + settle_figs


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["settle"]:  # the settle figures alone; `settle ../main`: that checkout too, as before
        with tempfile.TemporaryDirectory() as tmp:
            settle_rows, settle_figs = settle_figures(Path(tmp), before=Path(sys.argv[2]) if sys.argv[2:] else None)
        print(table(settle_rows))
        for fig in settle_figs:
            print(fig)
    else:
        main()
