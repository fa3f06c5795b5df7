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


def embed_flows(markdown: str, kb: KnowledgeBase, env: jinja2.Environment, page_uri: str, pages_dir: str,
                display: str) -> tuple[str, list[Problem]]:
    """Replace every marker; an unknown tree is a located problem."""
    prefix = posixpath.relpath(pages_dir, posixpath.dirname(page_uri) or ".") + "/"
    problems: list[Problem] = []

    def replace(match: re.Match[str]) -> str:
        tree = kb.trees.get(match.group(1))
        if tree is None:
            line = markdown.count("\n", 0, match.start()) + 1
            problems.append(Problem(display, line, match.start(1) - match.start() + 1, "error",
                                    f"aucun arbre « {match.group(1)} » ; arbres : {', '.join(sorted(kb.trees))}",
                                    "unknown-tree"))
            return match.group(0)
        return render_flow(env, kb, tree, prefix)

    return EMBED.sub(replace, markdown), problems
