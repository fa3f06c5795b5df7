"""A flow embedded in another page: links relative to that page, and an
unknown tree located in the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.embed import embed_flows
from kb_tools.project import load_project
from kb_tools.render import environment
from tests.conftest import FIXTURE_PROJECT


def test_embedded_flow_links_to_other_trees_from_the_embedding_page(project: Path) -> None:
    kb, _ = load_project(project, env={})
    page = "# Contact\n\nIntro.\n\n<!-- kb-flow: verification-kyc -->\n\n## Nos canaux\n"
    out, problems = embed_flows(page, kb, environment(), "aide/contact.md", "parcours", display="docs/aide/contact.md")
    assert problems == []
    assert 'data-kb-flow="verification-kyc"' in out
    assert "](../parcours/retrait-en-attente.md#retrait-en-attente--statut)" in out  # cross-tree link from docs/aide/
    assert re.search(r"\]\(#verification-kyc--renvoyer\)", out)  # same-tree links stay anchors
    assert out.index("data-kb-flow") < out.index("## Nos canaux")


def test_unknown_tree_in_a_marker_is_located(project: Path) -> None:
    kb, _ = load_project(project, env={})
    page = "# Contact\n\n<!-- kb-flow: absent -->\n"
    out, problems = embed_flows(page, kb, environment(), "contact.md", "parcours", display="docs/contact.md")
    assert [(p.path, p.line, p.col, p.rule) for p in problems] == [("docs/contact.md", 3, 15, "unknown-tree")]
    assert out == page


# Generated pages: markers in every spelling around « kb-flow » and « : »,
# inside fences of every length, in indented code, and malformed.
KB, _ = load_project(FIXTURE_PROJECT, env={})
TREES = sorted(KB.trees)
ENV = environment()
_space = st.text(alphabet=" \t", max_size=3)
_case = st.sampled_from(["kb-flow", "KB-FLOW", "Kb-Flow", "kB-fLoW"])


def _embed(page: str) -> tuple[str, list[tuple[int, int, str]]]:
    out, problems = embed_flows(page, KB, ENV, "contact.md", "parcours", display="docs/contact.md")
    assert all(p.path == "docs/contact.md" for p in problems)
    return out, [(p.line, p.col, p.rule) for p in problems]


def _flows(out: str) -> list[str]:
    return re.findall(r'data-kb-flow="([^"]+)"', out)


@st.composite
def _markers(draw: st.DrawFn) -> tuple[str, str]:
    tree = draw(st.sampled_from(TREES))
    indent = " " * draw(st.integers(0, 3))
    text = f"{indent}<!--{draw(_space)}{draw(_case)}{draw(_space)}:{draw(_space)}{tree}{draw(_space)}-->{draw(_space)}"
    return text, tree


@given(_markers(), st.integers(0, 3))
@settings(max_examples=150, deadline=None)
def test_a_marker_in_any_spacing_or_case_embeds_its_flow(marker: tuple[str, str], blank_lines: int) -> None:
    text, tree = marker
    out, problems = _embed("# Page\n\nIntro.\n" + "\n" * blank_lines + text + "\n\nFin.\n")
    assert problems == []
    assert _flows(out) == [tree]
    assert text.strip() not in out


@given(_markers(), st.sampled_from("`~"), st.integers(3, 8), st.integers(0, 4), st.booleans())
@settings(max_examples=150, deadline=None)
def test_a_marker_inside_a_fenced_code_block_stays_code(marker: tuple[str, str], char: str, length: int,
                                                       longer: int, inner_fence: bool) -> None:
    text, _ = marker
    fence = char * length
    # a shorter fence or one of the other character inside does not close the block
    inner = (char * (length - 1) if length > 3 else ("~~~" if char == "`" else "```")) + "\n" if inner_fence else ""
    page = f"# Page\n\n{fence}markdown\n{inner}{text}\n{char * (length + longer)}\n\nFin.\n"
    out, problems = _embed(page)
    assert problems == []
    assert out == page


@given(_markers(), st.integers(4, 8), st.booleans())
@settings(max_examples=100, deadline=None)
def test_a_marker_in_an_indented_code_block_stays_code(marker: tuple[str, str], indent: int, tab: bool) -> None:
    text, _ = marker
    code = ("\t" if tab else " " * indent) + text.lstrip(" ")
    page = f"# Page\n\nIntro.\n\n    du code\n{code}\n\nFin.\n"
    out, problems = _embed(page)
    assert problems == []
    assert out == page


def test_markers_in_a_code_span_stay_text_and_the_flow_after_a_closed_fence_is_embedded() -> None:
    page = ("Écrivez `<!-- kb-flow: verification-kyc -->` seul sur sa ligne.\n\n"
            "````\n```\n<!-- kb-flow: verification-kyc -->\n```\n````\n\n<!-- kb-flow: verification-kyc -->\n")
    out, problems = _embed(page)
    assert problems == []
    assert _flows(out) == ["verification-kyc"]
    assert out.startswith(page[:page.index("<!-- kb-flow: verification-kyc -->\n```\n````") + 40])


BAD = [
    ("<!-- kb-flow: verification-kyc retrait-en-attente -->", 1),  # two trees in one marker
    ("<!-- kb-flow: verification-kyc en plus -->", 1),
    ("<!-- kb-flow: -->", 1),  # no tree
    ("<!-- kb-flow -->", 1),
    ("<!-- kb-flow verification-kyc -->", 1),  # no colon
    ("<!-- kb_flow: verification-kyc -->", 1),  # misspelt
    ("<!-- kbflow: verification-kyc -->", 1),
    ("Voir <!-- kb-flow: verification-kyc --> ici.", 6),  # inside a sentence
    ("<!-- kb-flow: verification-kyc", 1),  # not closed
    ("- <!-- kb-flow: verification-kyc -->", 3),  # in a list item
]


@pytest.mark.parametrize(("marker", "col"), BAD)
@given(prefix=st.integers(0, 3))
@settings(max_examples=10, deadline=None)
def test_a_malformed_marker_is_located_and_never_embedded(marker: str, col: int, prefix: int) -> None:
    page = "# Page\n\n" + "Texte.\n\n" * prefix + marker + "\n"
    out, problems = _embed(page)
    assert problems == [(3 + 2 * prefix, col, "bad-flow-marker")]
    assert _flows(out) == []


def test_a_marker_under_an_admonition_or_after_a_paragraph_line_is_located() -> None:
    for page, line in (("!!! note\n\n    <!-- kb-flow: verification-kyc -->\n", 3),
                       ("Un paragraphe\n    <!-- kb-flow: verification-kyc -->\n", 2)):
        out, problems = _embed(page)
        assert problems == [(line, 5, "bad-flow-marker")], page
        assert _flows(out) == []


def test_the_same_tree_twice_on_a_page_is_refused_at_the_second_marker() -> None:
    page = "<!-- kb-flow: verification-kyc -->\n\n<!-- kb-flow: retrait-en-attente -->\n\n<!--KB-FLOW:verification-kyc-->\n"
    out, problems = _embed(page)
    assert problems == [(5, 13, "duplicate-flow")]
    assert _flows(out) == ["verification-kyc", "retrait-en-attente"]
