"""The generated hostile suite: every text-bearing field of a tree, of a
channel, of a ticket field and of a page's front matter, planted with every
payload of tests/payloads.py.

Each planting (every field x every payload) is first checked as an editor would (``load_project`` and the
page check): either it is refused with an error located at that very field,
or it is accepted. Then, class by class, one accepted payload goes into every
field at once (a different one from field to field, so each payload lands in
several fields) of a copy of the real site; the site is built (the build
must accept what the check accepted) and every page is loaded in Chromium,
served with the site's own ``_headers``: nothing may run, and plain text
reads as the editor wrote it."""

from __future__ import annotations

import copy
import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from kb_tools.front_matter import BLOCK, check_page
from kb_tools.invisible import label_key
from kb_tools.project import load_project
from kb_tools.yaml_loader import load_text
from tests.conftest import ROOT, build_site, copy_site_sources
from tests.content.site_text import article_text
from tests.hostile_harness import serve_with_headers, site_pages, visit
from tests.payloads import CLASSES, markdown_links

TREE = "retrait-en-attente"
PAGE = "docs/glossaire.md"
# keys that are ids, references or settings, not text a reader sees
STRUCTURE = {"id", "start", "next", "resolved", "type", "channel", "urgency", "kind", "url", "url_env",
             "address", "address_env", "fallback", "via", "prefill", "hours", "timezone", "business_hours",
             "reply_business_hours", "example", "fields", "required", "sensitive", "role",
             # a body's name and address: settings the schema narrows (tests/unit/test_channel_cards.py)
             "body_name", "body_name_env", "body_url", "body_url_env",
             # the complaint settings of a mediation: a boolean, a number of days and their variables
             "complaint_required", "complaint_required_env", "complaint_wait_days", "complaint_wait_days_env", "complaint"}
MARKDOWN_KEYS = {"help", "text", "steps"}  # Markdown in trees; the rest is plain text

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
Where = tuple[str, tuple[str | int, ...]]  # file (relative to the project) and path inside it


def _texts(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in STRUCTURE or (len(path) >= 1 and path[-1] == "set" and not isinstance(value, str)):
                continue
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*path, i))
    elif isinstance(data, str):
        yield path


def _read(root: Path, name: str) -> Any:
    text = (root / name).read_text(encoding="utf-8")
    if name.endswith(".md"):
        match = BLOCK.match(text)
        assert match, name
        return yaml.load(match.group(1), Loader=_LOADER)
    return yaml.load(text, Loader=_LOADER)


def _write(root: Path, name: str, data: Any) -> None:
    dumped = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    if name.endswith(".md"):
        original = (ROOT / name).read_text(encoding="utf-8")
        body = original[BLOCK.match(original).end():]  # type: ignore[union-attr]
        (root / name).write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
    else:
        (root / name).write_text(dumped, encoding="utf-8")


def _set(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def fields() -> list[Where]:
    found: list[Where] = []
    for name in (f"trees/{TREE}.yml", "trees/_fields.yml", PAGE):
        found += [(name, path) for path in _texts(_read(ROOT, name))]
    channels = _read(ROOT, "trees/_channels.yml")
    found += [("trees/_channels.yml", path) for path in _texts(channels) if path[:2] in
              {("channels", "chat"), ("channels", "email"), ("channels", "mediation")}]
    return found


def is_markdown(where: Where) -> bool:
    return where[0].endswith(f"{TREE}.yml") and any(key in MARKDOWN_KEYS for key in where[1] if isinstance(key, str))


def payloads(where: Where) -> dict[str, list[tuple[str, str]]]:
    classes = dict(CLASSES)
    if is_markdown(where):
        classes["markdown-link"] = markdown_links()
    return classes


@dataclass
class Verdict:
    accepted: dict[str, dict[Where, list[str]]]  # class -> field -> accepted payloads
    refused: int
    tried: int


def _problems(root: Path, name: str) -> list[tuple[str, int, int]]:
    if name.endswith(".md"):
        return [(p.path, p.line, p.col) for p in check_page((root / name).read_text(encoding="utf-8"), name)]
    _, problems = load_project(root / "trees", env={})
    return [(Path(p.path).name, p.line, p.col) for p in problems if p.level == "error"]


def _line_of(root: Path, name: str, path: tuple[str | int, ...]) -> int:
    text = (root / name).read_text(encoding="utf-8")
    offset = 0
    if name.endswith(".md"):
        match = BLOCK.match(text)
        assert match
        text, offset = match.group(1), 1
    doc, _ = load_text(name, text.encode("utf-8"))
    assert doc is not None
    return doc.at(path)[0] + offset


def _project_of(tree: str) -> list[Path]:
    """The catalogues, ``tree`` and every tree it leads to."""
    wanted, todo = {tree}, [tree]
    while todo:
        text = (ROOT / "trees" / f"{todo.pop()}.yml").read_text(encoding="utf-8")
        for other in re.findall(r"^\s*(?:next|resolved|- next): ([a-z0-9-]+)", text, re.MULTILINE):
            if other not in wanted and (ROOT / "trees" / f"{other}.yml").is_file():
                wanted.add(other)
                todo.append(other)
    return sorted(ROOT.joinpath("trees").glob("_*.yml")) + [ROOT / "trees" / f"{t}.yml" for t in sorted(wanted)]


@pytest.fixture(scope="module")
def verdict(tmp_path_factory: pytest.TempPathFactory) -> Verdict:
    """Every field x every payload through the editor's check, one at a time."""
    root = tmp_path_factory.mktemp("plant")
    (root / "trees").mkdir()
    for path in _project_of(TREE):  # the tree, the trees it leads to, the catalogues: quicker to check
        shutil.copy(path, root / "trees" / path.name)
    (root / "docs").mkdir()
    shutil.copy(ROOT / PAGE, root / PAGE)
    accepted: dict[str, dict[Where, list[str]]] = {}
    tried = refused = 0
    for where in fields():
        name, path = where
        original = _read(root, name)
        for kind, items in payloads(where).items():
            for label, value in items:
                data = copy.deepcopy(original)
                _set(data, path, value)
                _write(root, name, data)
                tried += 1
                found = _problems(root, name)
                if found:
                    line = _line_of(root, name, path)
                    shown = Path(name).name if not name.endswith(".md") else name
                    assert (shown, line) in {(p, ln) for p, ln, _ in found}, (
                        f"{name} {path} = {label}: refused, but not at the field's line {line}: {found}")
                    refused += 1
                else:
                    accepted.setdefault(kind, {}).setdefault(where, []).append(value)
        _write(root, name, original)
    return Verdict(accepted, refused, tried)


def test_every_field_meets_every_payload(verdict: Verdict) -> None:
    assert len(fields()) >= 25
    assert verdict.tried >= 25 * sum(len(items) for items in CLASSES.values())
    assert verdict.refused > 0  # markup in <head> texts, javascript: links...
    assert verdict.accepted     # and most text is simply shown as text


def _plant_class(source: Path, kind: str, accepted: dict[Where, list[str]]) -> dict[Where, str]:
    """One accepted payload of ``kind`` in every field at once, a different one
    from field to field, so that each payload lands in several fields."""
    planted: dict[Where, str] = {}
    by_file: dict[str, Any] = {}
    for i, (where, values) in enumerate(sorted(accepted.items(), key=repr)):
        name, path = where
        data = by_file.setdefault(name, _read(source, name))
        siblings: list[Any] = _parent(data, path) if isinstance(path[-1], int) else []
        if len(path) >= 3 and path[-1] == "label" and path[-3] == "answers":  # answers need distinct labels
            siblings = [answer.get("label") for answer in _parent(data, path[:-1])]
        taken = {label_key(v) for v in siblings if isinstance(v, str)}  # compared as the check compares labels
        free = [v for v in values[i % len(values):] + values[:i % len(values)] if label_key(v) not in taken]
        if not free:
            continue  # a list holds each value once: planted in its other items
        value = free[0]
        _set(data, path, value)
        planted[where] = value
    for name, data in by_file.items():
        _write(source, name, data)
    return planted


def _parent(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", "", html.unescape(text))


@pytest.mark.browser
@pytest.mark.parametrize("kind", [*CLASSES, "markdown-link"])
def test_accepted_payloads_build_and_nothing_runs(verdict: Verdict, kind: str, browser: Browser,
                                                  tmp_path: Path) -> None:
    accepted = verdict.accepted.get(kind, {})
    if not accepted:
        return  # every payload of this class was refused, at its field (checked above)
    source = copy_site_sources(tmp_path / "src")
    planted = _plant_class(source, kind, accepted)
    site = tmp_path / "site"
    try:
        problems = build_site(source, site)
    except Exception as exc:  # the check accepted it: the build must too
        pytest.fail(f"make check accepted these {kind} payloads but the build refused them: {exc}")
    assert not [p for p in problems if "error" in p.lower()], problems
    # plain text reads as written, wherever the page shows it
    page_of = {f"trees/{TREE}.yml": f"parcours/{TREE}/index.html", PAGE: "glossaire/index.html"}
    for (name, path), value in planted.items():
        # owner: never in the page (report --stale prints it), so nowhere to read it back
        if name in page_of and not is_markdown((name, path)) and path[0] not in ("description", "keywords", "owner"):
            shown_on = "index.html" if path[0] == "home" else page_of[name]  # the tree's card, on the home page
            text = _flat(article_text(site / shown_on))
            assert _flat(value) in text, f"{name} {path}: {value!r} is not shown as written"
    with serve_with_headers(site) as url:
        effects = visit(browser, url, site_pages(site))
    bad = {page: effect for page, effect in effects.items() if effect.any()}
    assert bad == {}, f"{kind}: {bad}"
