"""A flow embedded in another page: links relative to that page, and an
unknown tree located in the page."""

from __future__ import annotations

import re
from pathlib import Path

from kb_tools.embed import embed_flows
from kb_tools.project import load_project
from kb_tools.render import environment


def test_embedded_flow_links_to_other_trees_from_the_embedding_page(project: Path) -> None:
    kb, _ = load_project(project, env={})
    page = "# Contact\n\nIntro.\n\n<!-- kb-flow: verification-kyc -->\n\n## Nos canaux\n"
    out, problems = embed_flows(page, kb, environment(), "aide/contact.md", "parcours", display="docs/aide/contact.md")
    assert problems == []
    assert 'data-kb-flow="verification-kyc"' in out
    assert "](../parcours/retrait-en-attente.md#statut)" in out  # cross-tree link from docs/aide/
    assert re.search(r"\]\(#renvoyer\)", out)  # same-tree links stay anchors
    assert out.index("data-kb-flow") < out.index("## Nos canaux")


def test_unknown_tree_in_a_marker_is_located(project: Path) -> None:
    kb, _ = load_project(project, env={})
    page = "# Contact\n\n<!-- kb-flow: absent -->\n"
    out, problems = embed_flows(page, kb, environment(), "contact.md", "parcours", display="docs/contact.md")
    assert [(p.path, p.line, p.col, p.rule) for p in problems] == [("docs/contact.md", 3, 15, "unknown-tree")]
    assert out == page
