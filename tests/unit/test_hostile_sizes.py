"""A guard against quadratic behaviour (ReDoS and kin) in what reads editor text.

Every function of kb_tools that reads text an editor writes (pages, trees,
catalogues, mkdocs.yml, the build's log lines) is fed 100 KB made of one
token repeated, for every token its patterns give a meaning to (``<``,
``<!--``, ``](``, ``{:``, backquotes, ``???``, ``--8<--``, quotes, spaces,
newlines…). The bound (2 s per call) is generous: a linear reader takes
milliseconds, a quadratic one took from 2 to 40 s (a page ending with 25,000
``<!--`` made `make check` take 41 s). Where the worst token costs enough to
measure, doubling the input must cost less than 3 times as much (4 for a
quadratic reader). The one timed test of the suite, on purpose.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb_tools import (
    beacons,
    channel_list,
    content_files,
    embed,
    faq_blocks,
    front_matter,
    guide_checklists,
    guide_facts,
    home_cards,
    invisible,
    links,
    live_subjects,
    move_causes,
    page_anchors,
    page_check,
    page_links,
    page_markup,
    page_snippets,
    scalar_position,
    search_docs,
    search_index,
    text,
    ticket_values,
    typography_check,
    yaml_blame,
)
from kb_tools.content_check import check_content
from kb_tools.plugin.overlay import Shown
from tests.conftest import ROOT

SIZE = 100_000
BOUND = 2.0
TOKENS = ["<", "<!--", "-->", ">", "](", "[", "]", "]:", "](<", "{:", "{#", "{", "}", "{{", "`", "```", "~~~", "???",
          "???+ ", "!!!", "--8<--", '--8<-- "', ":", ": ", "«", "»", "'", '"', "\\", " ", "\t", "\n", " \n", "-", "- ",
          "*", "*[", "#", "(", ")", "<a href=", "href='", "<h1 ", "<script ", "<!-- kb-flow", "<!-- kb-channels",
          "a:1:1: error: ", "a: ", "---\n", "1", "a", "é", "?", "=", "|", "&", "@a.aa", "mot de passe ", "code ", "€1,"]
#: the same, a line each (YAML and line-based readers)
TOKENS += [token + "\n" for token in ("{", "{{", "[", "-", "'", '"', "[a]: ", "a: ", "<!--", "<h1", "`", "é", "1")]


def _yaml_problem(source: str) -> None:
    try:
        yaml.load(source, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        yaml_blame.syntax_problem("trees/x.yml", source, error)
    except (yaml.YAMLError, RecursionError, ValueError):
        pass


READERS: dict[str, Callable[[str], Any]] = {
    "typography_check.markdown_faults": lambda s: list(typography_check.markdown_faults(s)),
    "typography_check.plain_faults": lambda s: list(typography_check.plain_faults(s)),
    "page_links.find_links": lambda s: list(page_links.find_links(s)),
    "page_links.find_links(code=False)": lambda s: list(page_links.find_links(s, code=False)),
    "page_anchors.html_ids": page_anchors.html_ids,
    "faq_blocks.check_faq_blocks": lambda s: faq_blocks.check_faq_blocks(s, "docs/x.md"),
    "page_snippets.check_snippets": lambda s: page_snippets.check_snippets(s, "docs/x.md", [], "includes/"),
    "yaml_blame.find_fix": lambda s: yaml_blame.find_fix(s, s.count("\n") // 2, 0),
    "yaml_blame.syntax_problem": _yaml_problem,
    "search_docs.sections": lambda s: search_docs.sections(s, "x/", "x"),
    "search_index.defined_terms": search_index.defined_terms,
    "embed.prose_lines": lambda s: list(embed.prose_lines(s)),
    "embed.find_markers": lambda s: embed.find_markers(s, "docs/x.md"),
    "embed.reserved_names": lambda s: embed.reserved_names(s, "docs/x.md"),
    "channel_list.find_channel_markers": lambda s: channel_list.find_channel_markers(s, "docs/x.md"),
    "front_matter.read_front_matter": lambda s: front_matter.read_front_matter(s, "docs/x.md"),
    "home_cards.check_home_marker": lambda s: home_cards.check_home_marker("docs/index.md", s),
    "page_check.check_description": lambda s: page_check.check_description(s, "docs/x.md", "x"),
    "links.unsafe_links": links.unsafe_links,
    "links.refusal": links.refusal,
    "ticket_values.has_secret": ticket_values.has_secret,
    "ticket_values.amount_parts": ticket_values.amount_parts,
    "ticket_values.subject_refusal": lambda s: ticket_values.subject_refusal(s, ["x"]),
    "ticket_values.request_refusal": lambda s: ticket_values.request_refusal(s, ["x"]),
    "text.french_spacing": text.french_spacing,
    "text.one_line_of": text.one_line_of,
    "text.markdown": text.markdown,
    "guide_checklists.normalise": guide_checklists.normalise,
    "guide_facts.unseen_removed": guide_facts.unseen_removed,
    "invisible.hidden": lambda s: list(invisible.hidden(s, markdown=True)),
    "live_subjects.wrong_subject": lambda s: live_subjects.wrong_subject(
        {"subject": s, "values": {}}, f"Objet : {s}\n\n{s}\n\n{s}", "2026-01-01"),
    "overlay.Shown.read": lambda s: Shown.read(s, "error"),
    "page_markup.markup_problems": lambda s: page_markup.markup_problems(s, "docs/x.md"),
    "scalar_position.source_position": lambda s: scalar_position.source_position(s, (0, 0), len(s) - 1),
    "move_causes._first_changed_line": lambda s: move_causes._first_changed_line(_written(s), s[::-1]),
    "move_causes._words": move_causes._words,
    "beacons.read_beacons": lambda s: list(beacons.read_beacons(io.BytesIO(s.encode()), beacons.MalformedLines())),
}


_FILE = Path(tempfile.gettempdir()) / f"kb-hostile-{os.getpid()}.md"


def _written(text: str) -> Path:
    """``text`` in a file (for the readers that take a file): the same file each time."""
    _FILE.write_text(text, encoding="utf-8")
    return _FILE


#: Readers whose work is capped by a budget rather than linear: yaml_blame tries repairs until its
#: budget of YAML events runs out (kb_tools/yaml_blame.py), so half a file may end early and the whole
#: one at the cap. The absolute bound above is their guard.
BUDGETED = {"yaml_blame.syntax_problem", "yaml_blame.find_fix"}


def _hostile(token: str, size: int = SIZE) -> str:
    return token * (size // len(token))


def _seconds(read: Callable[[str], Any], source: str) -> float:
    start = time.perf_counter()
    read(source)
    return time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(READERS))
def test_no_reader_is_quadratic(name: str) -> None:
    read = READERS[name]
    costs = {token: _seconds(read, _hostile(token)) for token in TOKENS}
    for token in [t for t, cost in costs.items() if cost > BOUND]:  # a loaded machine's pause, or the reader?
        costs[token] = min(costs[token], *(_seconds(read, _hostile(token)) for _ in range(2)))
    slow = {token: round(cost, 2) for token, cost in costs.items() if cost > BOUND}
    assert not slow, f"{name}: 100 KB made of one token take over {BOUND} s: {slow}"
    worst = max(costs, key=lambda token: costs[token])
    if costs[worst] > 0.5 and name not in BUDGETED:  # measurable: half the size must cost clearly more than a quarter
        # halves and wholes taken in turn, the best of 4 each: a shared machine's pauses hit both alike
        halves, wholes = [], [costs[worst]]
        for _ in range(4):
            halves.append(_seconds(read, _hostile(worst, SIZE // 2)))
            wholes.append(_seconds(read, _hostile(worst)))
        half, whole = min(halves), min(wholes)
        # judged only when the best whole is still measurable: below half a second, a pause decides the ratio
        assert whole < 0.5 or whole < 3 * half, f"{name}: doubling {worst!r}×N takes {whole / half:.1f}× the time"


@pytest.mark.parametrize("token", ["*[x]: \n", "*[", "*[x]: "])
def test_glossary_tooltips(tmp_path: Path, token: str) -> None:
    """A tooltip file of 100 KB of terms the glossary lacks: each one located, in time."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "includes").mkdir()
    (tmp_path / content_files.GLOSSARY_PAGE).write_text("# Glossaire\n", encoding="utf-8")
    (tmp_path / content_files.TOOLTIPS).write_text(_hostile(token), encoding="utf-8")
    start = time.perf_counter()
    found = content_files.glossary_problems(tmp_path)
    assert time.perf_counter() - start < BOUND
    assert [p.line for p in found] == list(range(1, len(found) + 1))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", ".cache",
                                                             ".hypothesis", ".ruff_cache", "__pycache__"))
    return root


@pytest.mark.parametrize("token", ["<!--", "<", "](", "{:", "`", "[", "' ", "???\n"])
def test_check_with_a_hostile_page(project: Path, token: str) -> None:
    """`make check` (and each rebuild of `make serve`) on a home page ending with 100 KB of one token."""
    page = project / "docs" / "index.md"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original + "\n\n" + _hostile(token), encoding="utf-8")
        start = time.perf_counter()
        check_content(project, project / "trees")
        assert time.perf_counter() - start < 5 * BOUND
    finally:
        page.write_text(original, encoding="utf-8")


def test_a_million_beacons() -> None:
    """`python -m kb_tools stats` reads a million lines in seconds: the same beacon again and again (a log
    repeats them), or 200,000 distinct ones (each parsed and checked; linear, a few microseconds each)."""
    repeated = b'{"event":"feedback","page":"/canaux-de-contact/","helpful":true}\n' * 1_000_000
    distinct = b"".join(json.dumps({"event": "step", "page": f"/p{i}/", "tree": "a", "node": f"n{i}", "from": "b"},
                                   separators=(",", ":")).encode() + b"\n" for i in range(200_000))
    for log in (repeated, distinct):
        malformed = beacons.MalformedLines()
        start = time.perf_counter()
        found = sum(1 for _ in beacons.read_beacons(io.BytesIO(log), malformed))
        assert time.perf_counter() - start < 10 * BOUND
        assert malformed.total == 0 and found == log.count(b"\n")
