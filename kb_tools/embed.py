"""Embed a tree's flow in any Markdown page with ``<!-- kb-flow: TREE_ID -->``.

The contact page starts with the « Avant de nous contacter » flow this way.
"""

from __future__ import annotations

import posixpath
import re

import jinja2

from .model import KnowledgeBase
from .problems import Problem
from .render import render_flow

EMBED = re.compile(r"^<!--\s*kb-flow:\s*(\S+?)\s*-->\s*$", re.MULTILINE)


def check_embeds(markdown: str, kb: KnowledgeBase, display: str) -> list[Problem]:
    """Every marker naming no tree, located in ``markdown``."""
    return [
        Problem(display, markdown.count("\n", 0, match.start()) + 1, match.start(1) - match.start() + 1, "error",
                f"aucun arbre « {match.group(1)} » ; arbres : {', '.join(sorted(kb.trees))}", "unknown-tree")
        for match in EMBED.finditer(markdown) if match.group(1) not in kb.trees
    ]


def embed_flows(markdown: str, kb: KnowledgeBase, env: jinja2.Environment, page_uri: str, pages_dir: str,
                display: str) -> tuple[str, list[Problem]]:
    """Replace every marker naming a tree; the others are located problems."""
    prefix = posixpath.relpath(pages_dir, posixpath.dirname(page_uri) or ".") + "/"

    def replace(match: re.Match[str]) -> str:
        tree = kb.trees.get(match.group(1))
        return match.group(0) if tree is None else render_flow(env, kb, tree, prefix)

    return EMBED.sub(replace, markdown), check_embeds(markdown, kb, display)
