"""Python-Markdown extension: French spacing in running text.

Editors type ordinary spaces; the page shows a non-breaking space before
``: ; ! ?`` and inside « », so that a colon never starts a line.  Code,
preformatted text and raw HTML are left alone.  Usage in mkdocs.yml::

    markdown_extensions:
      - kb_tools.typography
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .text import french_spacing

_SKIP = {"code", "pre", "script", "style", "kbd", "samp"}


class FrenchSpacing(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        for child in element:
            if child.tag not in _SKIP:
                if child.text:
                    child.text = french_spacing(child.text)
                self._walk(child)
            if child.tail:
                child.tail = french_spacing(child.tail)


class TypographyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after inline patterns (20), so code spans are already <code> elements
        md.treeprocessors.register(FrenchSpacing(md), "kb_french_spacing", 5)


def makeExtension(**kwargs: Any) -> TypographyExtension:
    return TypographyExtension(**kwargs)
