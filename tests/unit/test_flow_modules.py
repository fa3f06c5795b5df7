"""The flow's browser code: native ES modules in overrides/assets/javascripts/kb/
(their logic is unit-tested under node in tests/js/), each of them preloaded by
the page and reached from the entry point, none of them large."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "overrides" / "assets" / "javascripts" / "kb"
MAIN_HTML = ROOT / "overrides" / "main.html"
IMPORT = re.compile(r"""^import\s+(?:[^"';]*?\s+from\s+)?["'](\.{1,2}/[^"']+)["'];""", re.MULTILINE)
#: A module imported only where a page needs it (``import("./quick-exit.js")``): never preloaded on every page.
DYNAMIC = re.compile(r"""\bimport\(\s*["'](\./[a-z-]+\.js)["']\s*\)""")


def _modules() -> set[str]:
    return {p.name for p in MODULES.glob("*.js")}


def _dynamic() -> set[str]:
    return {Path(spec).name for p in MODULES.glob("*.js") for spec in DYNAMIC.findall(p.read_text(encoding="utf-8"))}


def test_the_page_preloads_every_module_and_nothing_else() -> None:
    listed = re.search(r"for module in \[(.*?)\]", MAIN_HTML.read_text(encoding="utf-8"), re.DOTALL)
    assert listed, "main.html no longer preloads the flow's modules"
    preloaded = {name + ".js" for name in re.findall(r'"([a-z-]+)"', listed.group(1))}
    assert preloaded == _modules() - _dynamic()
    assert "quick-exit.js" in _dynamic(), "the quick exit's module is loaded on every page"


def test_every_module_is_reached_from_the_entry_point() -> None:
    seen, todo = set(), ["main.js"]
    outside = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        text = (MODULES / name).read_text(encoding="utf-8")
        for spec in IMPORT.findall(text) + DYNAMIC.findall(text):
            target = (MODULES / spec).resolve()
            if target.parent == MODULES.resolve():
                todo.append(target.name)
            else:
                outside.append(target.relative_to(ROOT).as_posix())
    assert seen == _modules(), f"modules nothing imports: {sorted(_modules() - seen)}"
    assert set(outside) == {"overrides/assets/javascripts/kb-material.js"}, "a module imports from outside kb/ beyond the Material boundary"


def test_each_module_is_small() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES.glob("*.js")}
    assert max(sizes.values()) <= 250, sizes
