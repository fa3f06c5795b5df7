"""Lighthouse 12.2.3 (npm, pinned: newer versions need Node 22) on Debian's
Chromium, mobile preset, on the home page, an article, a flow page and the
contact page (its embedded flow), the site served like a static host (gzip,
its own headers).

    .venv/bin/python -m benchmarks.lighthouse
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, ROOT, Figure, build, command, median, serve, table

#: KB_LIGHTHOUSE: another install of the same version (npm ci of package-lock.json elsewhere)
LIGHTHOUSE = Path(os.environ.get("KB_LIGHTHOUSE") or ROOT / "node_modules" / ".bin" / "lighthouse")
PAGES = {"home": "", "article": "escalade/", "flow": "parcours/retrait-en-attente/", "contact": "contact/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = 3
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def audit(url: str) -> tuple[dict[str, float], set[str]]:
    """Category scores, and the weighted audits that lost points (« category: audit-id »)."""
    for attempt in (1, 2):  # Lighthouse sometimes loses Chromium: one more try, then stop
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
        if result.returncode == 0:
            break
        if attempt == 2:
            raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    lost = {
        f"{category}: {ref['id']}"
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref.get("weight", 0) > 0 and (report["audits"][ref["id"]].get("score") is not None)
        and report["audits"][ref["id"]]["score"] < 1
    }
    return {c: report["categories"][c]["score"] * 100 for c in CATEGORIES}, lost


def main() -> list[Figure]:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make bench`, which installs it with npm ci")
    rows = [["page", *CATEGORIES]]
    scores: dict[str, list[float]] = {}
    losses: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(ROOT, site)
        with serve(site, production=True) as url:
            for name, path in PAGES.items():
                runs = [audit(url + path) for _ in range(RUNS)]
                scores[name] = [median([r[c] for r, _ in runs]) for c in CATEGORIES]
                rows.append([name, *(f"{score:.0f}" for score in scores[name])])
                for lost in set.union(*(lost for _, lost in runs)):
                    losses.setdefault(lost, []).append(name)
    print(f"Lighthouse 12.2.3, mobile, median of {RUNS} runs (target: 98 / 100 / 100 / 100)\n")
    print(table(rows))
    print("\nAudits that lost points in at least one run:")
    for lost, pages in sorted(losses.items()):
        print(f"- {lost} ({', '.join(pages)})")
    target = " / ".join(str(t) for t in TARGETS.values())
    return [Figure(f"Lighthouse mobile, {name} (perf / a11y / best practices / SEO, median of {RUNS})",
                   " / ".join(f"{score:.0f}" for score in values), f"≥ {target}",
                   all(score >= TARGETS[c] for c, score in zip(CATEGORIES, values, strict=True)), command("lighthouse"))
            for name, values in scores.items()]


if __name__ == "__main__":
    main()
