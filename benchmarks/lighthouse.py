"""Lighthouse 12.2.3 (npm, pinned: newer versions need Node 22) on Debian's
Chromium, mobile preset, on the home page, an article and a flow page, the
site served like a static host (gzip, its own headers).

    python -m benchmarks.lighthouse
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, ROOT, build, median, serve, table

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "article": "escalade/", "flow": "parcours/retrait-en-attente/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = 3


def scores(url: str) -> dict[str, float]:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(result.stdout)
    return {c: report["categories"][c]["score"] * 100 for c in CATEGORIES}


def main() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make bench`, which installs it with npm ci")
    rows = [["page", *CATEGORIES]]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(ROOT, site)
        with serve(site, production=True) as url:
            for name, path in PAGES.items():
                runs = [scores(url + path) for _ in range(RUNS)]
                rows.append([name, *(f"{median([r[c] for r in runs]):.0f}" for c in CATEGORIES)])
    print(f"Lighthouse 12.2.3, mobile, median of {RUNS} runs (target: 98 / 100 / 100 / 100)\n")
    print(table(rows))


if __name__ == "__main__":
    main()
