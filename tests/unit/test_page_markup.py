"""`make check` finds in a page's Markdown what the build refuses in its
rendered HTML (kb_tools/page_markup.py): for every hostile payload of
tests/payloads.py written into a page, each rule the build's judge gives on
the HTML Markdown makes of it is also given by the check, on the lines the
payload was written on; harmless markup and code give nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tools.page_html import clean
from kb_tools.page_markup import _judge, markup_problems
from kb_tools.search_docs import _markdown, read_config
from tests.conftest import ROOT
from tests.payloads import SCRIPT, markdown_links

PAGE = "docs/escalade.md"
SOURCE = (ROOT / PAGE).read_text(encoding="utf-8")
HARMLESS = [
    ("md-in-html", '<div class="grid cards" markdown>\n\n- **texte**\n\n</div>'),
    ("label", '<label class="kb-search-trigger" for="__search" data-kb-open-search>Rechercher</label>'),
    ("code-span", "Tapez `<script>alert(1)</script>` pour voir."),
    ("fence", "```html\n<iframe src=\"https://tiers.example/\"></iframe>\n```"),
    ("own-image", "![logo](assets/favicon.svg)"),
    ("outside-link", "[le médiateur](https://www.example.org/mediation)"),
]


@pytest.fixture(scope="module")
def render() -> object:
    converter, _ = _markdown(ROOT, read_config(ROOT))
    return lambda text: converter().reset().convert(text)


def _build_rules(render: object, text: str) -> set[str]:
    html = render(text)  # type: ignore[operator]
    return {rule for _, _, rule in clean(html, _judge)[1]}


@pytest.mark.parametrize("payload", [p for _, p in SCRIPT] + [p for _, p in markdown_links()],
                         ids=[n for n, _ in SCRIPT] + [n for n, _ in markdown_links()])
def test_what_the_build_refuses_the_check_finds_on_the_payloads_lines(render: object, payload: str) -> None:
    first = SOURCE.count("\n") + 3
    text = SOURCE + "\n\n" + payload + "\n"
    built = _build_rules(render, text)
    found = markup_problems(text, PAGE)
    assert built <= {p.rule for p in found}, (built, [p.format() for p in found])
    last = first + payload.count("\n")
    assert all(first <= p.line <= last for p in found), [p.format() for p in found]


@pytest.mark.parametrize("payload", [p for _, p in HARMLESS], ids=[n for n, _ in HARMLESS])
def test_harmless_markup_and_code_give_nothing(render: object, payload: str) -> None:
    text = SOURCE + "\n\n" + payload + "\n"
    assert _build_rules(render, text) == set()
    assert markup_problems(text, PAGE) == []


def test_the_site_s_pages_give_nothing() -> None:
    for page in sorted((ROOT / "docs").rglob("*.md")):
        shown = page.relative_to(ROOT).as_posix()
        assert markup_problems(page.read_text(encoding="utf-8"), shown) == [], shown


def test_a_problem_is_at_the_line_and_column_of_what_is_refused(tmp_path: Path) -> None:
    text = "# Titre\n\nUn texte.\n\nPuis <span onclick=\"x()\">ceci</span>.\n"
    [problem] = markup_problems(text, PAGE)
    assert (problem.line, problem.col, problem.rule) == (5, 12, "unsafe-html")


@pytest.mark.parametrize("payload", [p for _, p in SCRIPT], ids=[n for n, _ in SCRIPT])
def test_the_front_matter_is_not_content(payload: str) -> None:
    """The theme writes a page's title and description into <head>, escaped (kb_tools/head_text.py
    says what it refuses there): the content's judge does not read them."""
    quoted = payload.replace("\\", "\\\\").replace('"', '\\"')
    text = f'---\ntitle: "{quoted}"\ndescription: "{quoted}"\n---\n\n# Titre\n\nUn texte.\n'
    assert markup_problems(text, PAGE) == []
    below = text + "\n" + payload + "\n"
    assert [p.line for p in markup_problems(below, PAGE)] == [p.line for p in markup_problems(below, PAGE)
                                                             if p.line > 9]
