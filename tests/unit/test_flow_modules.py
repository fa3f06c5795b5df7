"""The flow's browser code: native ES modules in overrides/assets/javascripts/kb/
(their logic is unit-tested under node in tests/js/), each of them reached from
the entry point, preloaded where the page needs it (every page: main.js's own
imports; a flow page: flow.js's too), none of them large."""

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


def _static_closure(entry: str) -> set[str]:
    """`entry` and every module of kb/ it imports statically, level after level."""
    seen, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name not in seen and (MODULES / name).is_file():
            seen.add(name)
            todo += [Path(spec).name for spec in IMPORT.findall((MODULES / name).read_text(encoding="utf-8"))]
    return seen


def _preload_list(name: str) -> set[str]:
    listed = re.search(r"set " + name + r" = \[(.*?)\]", MAIN_HTML.read_text(encoding="utf-8"), re.DOTALL)
    assert listed, f"main.html no longer preloads {name}"
    return {module + ".js" for module in re.findall(r'"([a-z-]+)"', listed.group(1))}


def test_each_page_preloads_the_modules_it_imports_and_nothing_else() -> None:
    every, flow = _static_closure("main.js"), _static_closure("flow.js")
    # every page: what main.js imports; a flow page: flow.js and what it imports too
    assert _preload_list("kb_every_page") == every
    assert _preload_list("kb_flow_page") == flow - every
    # a module main.js imports only where the page needs it is never fetched on every page
    assert not (_dynamic() & every), sorted(_dynamic() & every)
    assert {"flow.js", "quick-exit.js", "incident-view.js", "referral.js", "page-feedback.js"} <= _dynamic()
    # the beacons' module only where the deployment set an endpoint, mediation's only for the ladder
    assert not ({"beacon.js", "mediation.js", "incidents.js"} & (every | flow))
    text = MAIN_HTML.read_text(encoding="utf-8")
    for where in re.findall(r'\(\[([^\]]*)\] if ', text):
        assert {m + ".js" for m in re.findall(r'"([a-z-]+)"', where)} <= _modules() - every, where


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
