"""A page cannot pass its own markup off as a flow, nor take an id of the
theme: the flows' hooks (``data-kb-...``, every one the templates and the
modules use) and Material's ids (``__config``, ``__drawer``...) written in a
page are refused, located, and nothing is built. (An attacker's page with a
hand-written ``data-kb-flow`` stopped every flow of the page; a heading
« __config » made Material's settings unreadable.) Every line counts, code
included, and the files of includes/ that pages pull in."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from kb_tools.embed import reserved_names
from kb_tools.material import BROWSER
from tests.conftest import ROOT, build_site, copy_site_sources

SOURCES = [*ROOT.glob("kb_tools/templates/**/*.j2"), *ROOT.glob("overrides/assets/javascripts/**/*.js")]
HOOKS = sorted({m.lower() for p in SOURCES for m in re.findall(r"data-kb-[a-z-]+", p.read_text(encoding="utf-8"))}
               - {"data-kb-open-search"})  # the one hook meant for pages (docs/index.md)
MATERIAL_IDS = sorted({m for v in BROWSER.values() if isinstance(v, str) for m in re.findall(r"(?:#|for=')(__[a-z]+)", v)})


def test_the_hooks_were_found() -> None:
    assert {"data-kb-flow", "data-kb-flow-data", "data-kb-node", "data-kb-answer"} <= set(HOOKS)
    assert {"__config", "__drawer"} <= set(MATERIAL_IDS)


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("form", ['<div {hook}="x">Encadré</div>', 'Texte.\n{{: {hook}="x" }}',
                                  '<p class="a" {hook}>x</p>', "<DIV {HOOK}='{{}}'>x</DIV>"])
def test_every_flow_hook_written_in_a_page_is_refused_where_it_is(hook: str, form: str) -> None:
    line = form.format(hook=hook, HOOK=hook.upper())
    markdown = f"# Titre\n\nUn paragraphe.\n\n{line}\n"
    found = reserved_names(markdown, "docs/page.md")
    assert [(p.line, p.rule) for p in found][:1] == [(5 if "\n" not in line else 6, "reserved-name")]
    assert found[0].col == markdown.split("\n")[found[0].line - 1].lower().index(hook) + 1


@given(st.sampled_from(HOOKS), st.sampled_from(["```", "~~~~"]))
def test_a_hook_is_refused_even_where_markdown_would_read_code(hook: str, fence: str) -> None:
    """Backticks inside a raw HTML block's attributes are no code span: a reader that skipped « code »
    let `<div title="`" data-kb-incident … class="`">` through, and the page's scripts showed it."""
    for markdown in (f"<div title=\"`\" {hook}=\"x\" class=\"`\">x</div>\n",
                     f"Exemple :\n\n{fence}html\n<div {hook}=\"x\"></div>\n{fence}\n", f"Et `{hook}` en ligne.\n"):
        assert [p.rule for p in reserved_names(markdown, "docs/page.md")] == ["reserved-name"], markdown


def test_a_hook_in_a_file_pages_include_builds_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """includes/ is page text too: a snippet, and the file mkdocs.yml appends to every page."""
    source = copy_site_sources(tmp_path / "src")
    (source / "includes" / "encart.md").write_text('<a data-kb-quick-exit href="https://evil.example/">x</a>\n',
                                                   encoding="utf-8")
    appended = source / "includes" / "glossaire-infobulles.md"
    appended.write_text(appended.read_text(encoding="utf-8") + '\n<div title="`" data-kb-incident="f" class="`"></div>\n',
                        encoding="utf-8")
    refused = _refused(source, tmp_path / "site", caplog)
    assert {m.split(":")[0] for m in refused} == {"includes/encart.md", "includes/glossaire-infobulles.md"}, refused
    assert not (tmp_path / "site" / "index.html").exists()


def _refused(source: Path, site: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(source, site)
    return [r.getMessage() for r in caplog.records if "(reserved-name)" in r.getMessage()]


def test_a_page_with_a_hook_builds_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = copy_site_sources(tmp_path / "src")
    page = source / "docs" / "glossaire.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + '\n\n<div data-kb-flow="x" data-kb-flow-data="{}">Encadré</div>\n', encoding="utf-8")
    refused = _refused(source, tmp_path / "site", caplog)
    line = text.count("\n") + 3
    assert [m.split(" ")[0] for m in refused] == [f"docs/glossaire.md:{line}:6:", f"docs/glossaire.md:{line}:23:"]
    assert not (tmp_path / "site" / "glossaire" / "index.html").exists()


def test_theme_ids_in_a_page_are_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = copy_site_sources(tmp_path / "src")
    page = source / "docs" / "glossaire.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n## {MATERIAL_IDS[0]}\n\nTexte.\n\n"
                    f"Autre texte.\n{{: #{MATERIAL_IDS[-1]} }}\n", encoding="utf-8")
    refused = _refused(source, tmp_path / "site", caplog)
    assert len(refused) == 2 and all(m.startswith("docs/glossaire.md:") for m in refused), refused
    assert not (tmp_path / "site" / "glossaire" / "index.html").exists()
