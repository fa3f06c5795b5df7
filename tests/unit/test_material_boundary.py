"""Every Material name the project uses is Material's: each name of
kb_tools/material.py and of overrides/assets/javascripts/kb-material.js is
found in the *installed* Material's files (templates, bundle, search worker,
lunr's language file, search plugin), and the installed version is the one
the names were checked with.

When Material is upgraded, these tests say which name to re-check
(docs-dev/adr/0003-frontiere-avec-material.md)."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import material as material_package
import pytest
import yaml

from kb_tools import material
from tests.conftest import ROOT

PACKAGE = Path(material_package.__file__).parent
TEMPLATES = PACKAGE / "templates"
JAVASCRIPTS = TEMPLATES / "assets" / "javascripts"
BROWSER_FILE = ROOT / "overrides" / "assets" / "javascripts" / "kb-material.js"
RECHECK = ("fix it in kb_tools/material.py and overrides/assets/javascripts/kb-material.js "
           "(docs-dev/adr/0003-frontiere-avec-material.md)")


def _read(path: Path) -> str:
    assert path.is_file(), f"Material {_installed()} has no {path.relative_to(PACKAGE)}: {RECHECK}"
    return path.read_text(encoding="utf-8")


def _installed() -> str:
    return importlib.metadata.version(material.DISTRIBUTION)


def _one(pattern: str) -> Path:
    found = sorted(JAVASCRIPTS.glob(pattern))
    assert len(found) == 1, f"Material {_installed()}: expected one assets/javascripts/{pattern}, found {found}"
    return found[0]


@cache
def _browser_boundary() -> dict[str, object]:
    """What kb-material.js sets as self.kbMaterial, as the browser would run it."""
    script = ("const vm = require('vm'), fs = require('fs'); const box = {}; box.self = box;"
              "vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'), box);"
              "process.stdout.write(JSON.stringify({frozen: Object.isFrozen(box.kbMaterial), value: box.kbMaterial}));")
    out = subprocess.run(["node", "-e", script, str(BROWSER_FILE)], capture_output=True, text=True, check=True, timeout=30)
    result: dict[str, object] = json.loads(out.stdout)
    assert result["frozen"], "kb-material.js must freeze self.kbMaterial"
    return result["value"]  # type: ignore[return-value]


def test_the_installed_material_is_the_one_the_names_were_checked_with() -> None:
    installed = _installed()
    assert installed == material.CHECKED_WITH, (
        f"Material {installed} is installed, but its names were checked with {material.CHECKED_WITH}: run "
        "tests/unit/test_material_boundary.py and the search and browser tests, fix each name they report in "
        "kb_tools/material.py and overrides/assets/javascripts/kb-material.js, then set CHECKED_WITH and "
        f"checkedWith to {installed} (docs-dev/adr/0003-frontiere-avec-material.md)")
    pins = re.findall(rf"^{re.escape(material.DISTRIBUTION)}==(\S+)$", (ROOT / "constraints.txt").read_text(encoding="utf-8"),
                      re.MULTILINE)
    assert pins == [material.CHECKED_WITH], (
        f"constraints.txt pins {material.DISTRIBUTION} {pins}, the boundary says {material.CHECKED_WITH}")


def test_the_browser_boundary_holds_the_same_names_as_the_python_one() -> None:
    assert _browser_boundary() == material.BROWSER
    source = BROWSER_FILE.read_text(encoding="utf-8")
    keys = re.findall(r"^  (\w+):", source, re.MULTILINE)
    assert keys == sorted(keys), "kb-material.js: keep the keys sorted (one object literal, easy to merge)"
    assert not re.search(r"^\s*(export|import)\b", source, re.MULTILINE), "kb-material.js is a classic script (importScripts)"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


@cache
def _template_tags() -> tuple[tuple[str, dict[str, str]], ...]:
    parser = _Tags()
    for path in sorted(TEMPLATES.rglob("*.html")):
        parser.feed(path.read_text(encoding="utf-8"))
    return tuple(parser.tags)


_SELECTOR = re.compile(r"^(?P<tag>[a-z]+)?(?:#(?P<id>[\w-]+))?(?P<classes>(?:\.[\w-]+)*)(?P<attrs>(?:\[[\w-]+='[^']*'\])*)$")


def _matches(selector: str) -> list[tuple[str, dict[str, str]]]:
    parts = _SELECTOR.match(selector)
    assert parts, f"the test cannot read the selector {selector!r}"
    classes = set(filter(None, parts["classes"].split(".")))
    attrs = dict(re.findall(r"\[([\w-]+)='([^']*)'\]", parts["attrs"]))
    if parts["id"]:
        attrs["id"] = parts["id"]
    return [(tag, have) for tag, have in _template_tags()
            if (not parts["tag"] or tag == parts["tag"]) and classes <= set(have.get("class", "").split())
            and all(have.get(name) == value for name, value in attrs.items())]


SELECTORS = ["configScript", "content", "drawerToggle", "menuButton", "searchButton", "searchDialog", "searchInput"]


@pytest.mark.parametrize("key", SELECTORS)
def test_each_page_selector_matches_an_element_of_materials_templates(key: str) -> None:
    selector = str(material.BROWSER[key])
    assert _matches(selector), f"Material {_installed()}'s templates have no element {selector} ({key}): {RECHECK}"


@pytest.mark.parametrize("key", ["documentObservable", "locationObservable"])
def test_each_observable_is_one_materials_bundle_publishes(key: str) -> None:
    name = str(material.BROWSER[key])
    assert f"window.{name}=" in _read(_one("bundle.*.min.js")), f"Material's bundle no longer sets window.{name} ({key}): {RECHECK}"


def test_the_search_worker_is_materials_and_base_html_loads_it() -> None:
    worker = TEMPLATES / material.WORKERS_DIR / material.SEARCH_WORKER
    assert worker.is_file(), (f"Material {_installed()} has no {material.WORKERS_DIR}/{material.SEARCH_WORKER}; its worker is "
                              f"{[p.name for p in worker.parent.glob('search.*.min.js')]}: set searchWorker, {RECHECK}")
    assert f'"search": "{material.WORKERS_DIR}/{material.SEARCH_WORKER}"' in _read(TEMPLATES / material.BASE_TEMPLATE)


def _worker() -> str:
    return _read(TEMPLATES / material.WORKERS_DIR / material.SEARCH_WORKER)


def test_materials_worker_exposes_lunr_and_loads_the_french_stemmer_with_the_loader_we_wrap() -> None:
    worker = _worker()
    assert f"self.{material.BROWSER['lunrGlobal']}=" in worker, f"Material's worker no longer sets self.lunr: {RECHECK}"
    loader = str(material.BROWSER["lunrLoader"])
    assert re.search(re.escape(loader) + r"\(`\$\{\w+\}/min/lunr\.stemmer\.support\.min\.js`", worker), (
        f"Material's worker no longer loads lunr's languages with {loader}: the stemmer would stay unpatched; {RECHECK}")
    assert "/min/lunr.${" in worker and (TEMPLATES / material.LUNR_LANGUAGE_FILE).is_file()


@pytest.mark.parametrize("hook", sorted(material.BROWSER["lunrHooks"].values()))  # type: ignore[attr-defined]
def test_each_wrapped_lunr_function_is_defined_where_material_ships_lunr(hook: str) -> None:
    shipped = _worker() + _read(TEMPLATES / material.LUNR_LANGUAGE_FILE)
    assert re.search(r"\." + re.escape(hook) + r"\s*=", shipped), (
        f"lunr.{hook} is not defined in Material's worker nor in {material.LUNR_LANGUAGE_FILE}: {RECHECK}")


def test_message_numbers_are_materials_search_message_types() -> None:
    source_map = json.loads(_read(_one("bundle.*.min.js").with_suffix(".js.map")))
    enum = next((re.search(r"export const enum SearchMessageType \{(.*?)\}", text or "", re.DOTALL)
                 for text in source_map["sourcesContent"] if "enum SearchMessageType" in (text or "")), None)
    assert enum, f"Material {_installed()}'s sources no longer define SearchMessageType: {RECHECK}"
    names = re.findall(r"^\s*([A-Z]+)\b", enum.group(1), re.MULTILINE)  # members in order, numbered from 0
    assert {name.lower(): number for number, name in enumerate(names)} == material.BROWSER["messages"], (
        f"Material's SearchMessageType is {names}: set messages, {RECHECK}")
    worker = _worker()
    messages = material.BROWSER["messages"]
    assert "case {setup}:".format(**messages) in worker and "{{type:{ready}}}".format(**messages) in worker  # type: ignore[str-format]
    assert "case {query}:".format(**messages) in worker and "{{type:{result},".format(**messages) in worker  # type: ignore[str-format]


def _blocks(template: str) -> set[str]:
    return set(re.findall(r"\{%-?\s*block\s+(\w+)", template))


def test_the_blocks_we_fill_are_blocks_of_materials_base_template() -> None:
    theirs = _blocks(_read(TEMPLATES / material.BASE_TEMPLATE))
    missing = set(material.BLOCKS) - theirs
    assert not missing, f"Material's {material.BASE_TEMPLATE} no longer has the blocks {sorted(missing)}: {RECHECK}"
    ours = set().union(*(_blocks(p.read_text(encoding="utf-8")) for p in (ROOT / "overrides").glob("*.html")))
    assert ours <= set(material.BLOCKS), f"overrides/ fills blocks the boundary does not list: {sorted(ours - set(material.BLOCKS))}"


def test_the_config_block_keys_are_materials() -> None:
    block = _read(TEMPLATES / material.BASE_TEMPLATE).split("{% block config %}", 1)[1].split("{% endblock %}", 1)[0]
    script = block.split('<script id="__config"', 1)[1]
    assert tuple(re.findall(r'^\s*"([a-z]+)":', script, re.MULTILINE)) == material.CONFIG_KEYS, (
        f"Material's config block changed: update CONFIG_KEYS and the copy in overrides/main.html; {RECHECK}")


def test_the_search_plugin_is_materials_and_writes_the_index_kb_tools_tunes() -> None:
    points = {p.name: p.value for p in importlib.metadata.entry_points(group="mkdocs.plugins")}
    assert points.get(material.SEARCH_PLUGIN_ENTRY_POINT, "").startswith(f"{material.THEME}.plugins.search")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # !ENV read as text
    assert config["theme"]["name"] == material.THEME
    assert material.SEARCH_PLUGIN in [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    plugin = _read(PACKAGE / "plugins" / "search" / "plugin.py")
    folder, name = material.SEARCH_INDEX.split("/")
    assert f'"{folder}"' in plugin and f'"{name}"' in plugin, f"Material's search plugin no longer writes {material.SEARCH_INDEX}"
    for key in material.PAGE_SEARCH_KEYS:
        assert f'"{key}"' in plugin, f"Material's search plugin no longer reads « search: {key} » from a page: {RECHECK}"


def test_the_highlight_names_are_those_of_materials_search_highlight() -> None:
    """kb/material.js reads the words found where Material's result links put
    them, and takes away the marks Material puts on the page."""
    bundle = _read(_one("bundle.*.min.js"))
    highlight: dict[str, str] = material.BROWSER["highlight"]  # type: ignore[assignment]
    param = highlight["param"]
    assert f'searchParams.get("{param}")' in bundle and f'searchParams.set("{param}"' in bundle, (
        f"Material's search.highlight no longer uses ?{param}=: {RECHECK}")
    parts = re.fullmatch(r"(\w+)\[([\w-]+)\]", highlight["mark"])
    assert parts and f"<{parts[1]} {parts[2]}>" in bundle, f"Material no longer highlights with {parts}: {RECHECK}"


def test_the_search_toggle_is_materials() -> None:
    assert _matches(f"input#{material.SEARCH_TOGGLE_ID}"), f"Material has no input#{material.SEARCH_TOGGLE_ID}: {RECHECK}"


# Our templates and style sheet name Material's classes, custom properties and
# ids directly (CSS and Jinja cannot import a boundary): each must exist in
# Material's templates, style sheets or bundle.
OURS = [*(ROOT / "overrides").glob("*.html"), *(ROOT / "overrides" / "assets").rglob("*.css"),
        *(ROOT / "overrides" / "assets").rglob("*.js"), *(ROOT / "kb_tools" / "templates").rglob("*.j2")]
_NAMES = re.compile(r"(?<![\w-])(?:--md-|data-md-|md-)[a-z0-9_-]*[a-z0-9]|(?<=[\"'#])__[a-z]+\b")


def _material_text() -> str:
    files = [*TEMPLATES.rglob("*.html"), *(TEMPLATES / "assets" / "stylesheets").glob("*.min.css"), _one("bundle.*.min.js")]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_every_material_name_in_our_templates_scripts_and_styles_is_materials() -> None:
    theirs = _material_text()
    used = {(name, path.relative_to(ROOT).as_posix()) for path in OURS for name in _NAMES.findall(path.read_text(encoding="utf-8"))}
    assert len({name for name, _ in used}) > 20  # the pattern finds them
    missing = sorted((name, path) for name, path in used if name not in theirs)
    assert not missing, f"names Material {_installed()} no longer has: {missing}; {RECHECK}"
