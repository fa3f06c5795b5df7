"""``make check`` checks the pages and the menu as the build would: each
mistake an editor makes in a copy of the site is one located problem (rule,
path, line, column) and exit code 1; the real site has none."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.content_check import check_content
from kb_tools.faq_blocks import check_faq_blocks
from kb_tools.page_check import check_pages
from kb_tools.project import load_project
from tests.conftest import ROOT

PAGES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
#: Inline links of the site's pages that lead to another page of the site (not to another site).
_LINK = re.compile(r"\]\(([^)\s#]*)(#[^)\s]*)?\)")


def _copy(dest: Path) -> Path:
    for name in ("docs", "trees", "includes", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    kb, problems = load_project(ROOT / "trees")
    assert not [p for p in problems if p.level == "error"]
    return kb


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return _copy(tmp_path / "site")


def _found(root: Path, kb) -> set[tuple[str, str, int, int]]:  # type: ignore[no-untyped-def]
    return {(p.rule, p.path, p.line, p.col) for p in check_pages(root, kb)}


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _at(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``path``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_the_real_site_has_no_problem() -> None:
    _, problems = check_content(ROOT, ROOT / "trees")
    assert [p.format() for p in problems if p.level == "error"] == []


def test_make_check_is_content_check_and_says_ok_for_the_real_site() -> None:
    result = subprocess.run([sys.executable, "-m", "kb_tools", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _mistake_broken_link(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "contact.md"
    _edit(page, "(escalade.md)", "(escalad.md)")
    return ("broken-link", "docs/contact.md", *_at(page, "escalad.md)"))


def _mistake_broken_anchor(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "delais-et-priorisation.md"
    _edit(page, "canaux-de-contact.md#horaires", "canaux-de-contact.md#horaire")
    return ("broken-anchor", "docs/delais-et-priorisation.md", *_at(page, "canaux-de-contact.md#horaire)"))


def _mistake_self_anchor(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "escalade.md"
    _edit(page, "\n## Quel délai ?", "\nVoir [plus bas](#quel-delai-).\n\n## Quel délai ?")
    return ("broken-anchor", "docs/escalade.md", *_at(page, "#quel-delai-)"))


def _mistake_tree_anchor(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "escalade.md"
    _edit(page, "(parcours/securite-compte.md)", "(parcours/securite-compte.md#pas-un-noeud)")
    return ("broken-anchor", "docs/escalade.md", *_at(page, "parcours/securite-compte.md#pas-un-noeud"))


def _mistake_faq_indent(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "faq-contact.md"
    _edit(page, "\n    En dehors des heures ouvrées", "\n  En dehors des heures ouvrées")
    line, _ = _at(page, "En dehors des heures ouvrées")
    return ("faq-indent", "docs/faq-contact.md", line, 3)


def _mistake_front_matter(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "glossaire.md"
    _edit(page, "---\n", "---\nauthor: Moi\n")
    return ("front-matter", "docs/glossaire.md", 2, 1)


def _mistake_flow_marker(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "escalade.md"
    _edit(page, "\n## Quel délai ?", "\n<!-- kb-flow -->\n\n## Quel délai ?")
    return ("bad-flow-marker", "docs/escalade.md", *_at(page, "<!-- kb-flow"))


def _mistake_nav_missing(root: Path) -> tuple[str, str, int, int]:
    config = root / "mkdocs.yml"
    _edit(config, "- escalade.md", "- escalde.md")
    (root / "docs" / "escalade.md").rename(root / "docs" / "escalade-ancienne.md")  # no knock-on not-in-nav
    for page in (root / "docs").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("(escalade.md)", "(escalade-ancienne.md)"),
                        encoding="utf-8")
    _edit(config, "- glossaire.md", "- glossaire.md\n      - escalade-ancienne.md")
    return ("nav-missing", "mkdocs.yml", *_at(config, "escalde.md"))


def _mistake_not_in_nav(root: Path) -> tuple[str, str, int, int]:
    _edit(root / "mkdocs.yml", "      - glossaire.md\n", "")
    return ("not-in-nav", "docs/glossaire.md", 1, 1)


def _mistake_snippet(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "glossaire.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "absent.md"\n', encoding="utf-8")
    return ("bad-snippet", "docs/glossaire.md", *_at(page, "absent.md"))


def _mistake_link_in_a_tree(root: Path) -> tuple[str, str, int, int]:
    """A tree's page is parcours/<id>.md: a link to a page of docs/ starts with ../"""
    tree = root / "trees" / "securite-compte.yml"
    _edit(tree, "      dit être du support.\n", "      dit être du support. Voir [escalade](escalade.md).\n")
    return ("broken-link", str(tree), *_at(tree, "escalade.md)"))


def _mistake_appended_snippet_gone(root: Path) -> tuple[str, str, int, int]:
    (root / "includes" / "glossaire-infobulles.md").rename(root / "includes" / "glossaire.md")
    return ("bad-snippet", "mkdocs.yml", *_at(root / "mkdocs.yml", "glossaire-infobulles.md"))


def _mistake_short_description(root: Path) -> tuple[str, str, int, int]:
    """The content tests want each page's own description, of 30 characters or more."""
    page = root / "docs" / "escalade.md"
    text = page.read_text(encoding="utf-8")
    start, end = text.index("description:"), text.index("keywords:")
    page.write_text(text[:start] + "description: Escalade.\n" + text[end:], encoding="utf-8")
    return ("front-matter", "docs/escalade.md", 2, 14)


def _mistake_no_front_matter(root: Path) -> tuple[str, str, int, int]:
    page = root / "docs" / "escalade.md"
    page.write_text(page.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    return ("front-matter", "docs/escalade.md", 1, 1)


MISTAKES = [_mistake_short_description, _mistake_no_front_matter, _mistake_link_in_a_tree, _mistake_appended_snippet_gone,
            _mistake_broken_link, _mistake_broken_anchor, _mistake_self_anchor, _mistake_tree_anchor,
            _mistake_faq_indent, _mistake_front_matter, _mistake_flow_marker, _mistake_nav_missing,
            _mistake_not_in_nav, _mistake_snippet]


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.__name__.removeprefix("_mistake_"))
def test_each_mistake_is_one_located_problem_and_check_fails(mistake, site: Path) -> None:  # type: ignore[no-untyped-def]
    expected = mistake(site)
    _, problems = check_content(site, site / "trees")
    assert {(p.rule, p.path, p.line, p.col) for p in problems if p.level == "error"} == {expected}
    result = subprocess.run([sys.executable, "-m", "kb_tools", "--trees", str(site / "trees"), "check"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    rule, path, line, col = expected
    located = [x for x in result.stderr.splitlines() if x.startswith(f"{path}:{line}:{col}: error: ")]
    assert len(located) == 1 and located[0].endswith(f"({rule})"), result.stderr
    assert "Traceback" not in result.stderr


def _site_links() -> list[tuple[str, int, int, str, str]]:
    """(page, line, column of the target, path, anchor) of every link between pages of the site."""
    found = []
    for page in PAGES:
        for number, line in enumerate((ROOT / "docs" / page).read_text(encoding="utf-8").split("\n"), start=1):
            for match in _LINK.finditer(line):
                if not re.match(r"[a-z]+:", match.group(1)):
                    found.append((page, number, match.start(1) + 1, match.group(1), match.group(2) or ""))
    return found


LINKS = _site_links()


def test_the_site_has_links_to_mutate() -> None:
    assert len(LINKS) > 30 and any(anchor for *_, anchor in LINKS) and any("parcours/" in p for *_, p, _ in LINKS)


def test_every_link_of_every_page_broken_in_turn_is_reported_where_it_is(tmp_path: Path, kb) -> None:  # type: ignore[no-untyped-def]
    root = _copy(tmp_path / "site")
    for page, line, col, path, anchor in LINKS:
        source = root / "docs" / page
        original = source.read_text(encoding="utf-8")
        lines = original.split("\n")
        if path:  # the file renamed: a broken link
            stem, dot, suffix = path.rpartition(".")
            broken, rule = f"{stem}-absente{dot}{suffix}", "broken-link"
            lines[line - 1] = lines[line - 1][:col - 1] + broken + lines[line - 1][col - 1 + len(path):]
        else:  # only an anchor on this page
            broken, rule = f"{anchor}-absente", "broken-anchor"
            lines[line - 1] = lines[line - 1][:col - 1] + broken + lines[line - 1][col - 1 + len(anchor):]
        source.write_text("\n".join(lines), encoding="utf-8")
        assert _found(root, kb) == {(rule, f"docs/{page}", line, col)}, (page, line, path, anchor)
        if path and anchor:
            lines = original.split("\n")
            lines[line - 1] = lines[line - 1].replace(path + anchor, path + anchor + "-absente", 1)
            source.write_text("\n".join(lines), encoding="utf-8")
            assert _found(root, kb) == {("broken-anchor", f"docs/{page}", line, col)}, (page, line, anchor)
        source.write_text(original, encoding="utf-8")


_DETAILS = markdown.Markdown(extensions=["admonition", "pymdownx.details"])


@settings(max_examples=150, deadline=None)
@given(base=st.sampled_from([0, 4]), gap=st.booleans(),
       indents=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=3))
def test_a_faq_answer_is_reported_exactly_when_it_falls_outside_its_block(base: int, gap: bool,
                                                                          indents: list[int]) -> None:
    """1 to 3 spaces more than the block: a problem at that line; 4 or more: none; and
    the checker agrees with pymdownx.details on what falls outside."""
    head = " " * base + '??? question "Une question ?"'
    answer = [" " * (base + d) + f"Mot{i}." for i, d in enumerate(indents)]
    lines = ["!!! note", ""] if base else []
    lines += [head, *([""] if gap else []), *answer, ""]
    text = "\n".join(lines)
    problems = check_faq_blocks(text, "docs/faq.md")
    html = _DETAILS.reset().convert(text)
    inside = html.split("</details>", 1)[0]
    outside = any(f"Mot{i}." not in inside for i in range(len(indents)))
    assert bool(problems) == outside, (text, html)
    assert {p.rule for p in problems} <= {"faq-indent"} and len(problems) <= 1
    first_short = next((i for i, d in enumerate(indents) if d < 4), None)
    if first_short is not None and indents[first_short] > 0 and all(d >= 4 for d in indents[:first_short]):
        line = lines.index(answer[first_short]) + 1
        assert [(p.line, p.col) for p in problems] == [(line, base + indents[first_short] + 1)]
    if all(d >= 4 for d in indents):
        assert problems == []


def test_an_empty_faq_block_is_reported_at_its_question() -> None:
    text = '??? question "Une question ?"\n\nRéponse sans retrait.\n'
    assert [(p.rule, p.line, p.col) for p in check_faq_blocks(text, "docs/faq.md")] == [("faq-indent", 1, 1)]


def test_a_faq_block_in_code_is_code() -> None:
    text = '```markdown\n??? question "Une question ?"\n\n  Exemple.\n```\n'
    assert check_faq_blocks(text, "docs/faq.md") == []
