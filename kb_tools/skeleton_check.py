"""The texts of the skeleton ``kb_tools new`` writes, left as they are.

The template (kb_tools/templates/kb_tools/skeleton.yml.j2) writes each text
to replace as ``{{ placeholder("...") }}``: rendered for ``kb_tools new``,
that is the text itself; rendered here, the texts are gathered. So the list
of placeholders is the template's own, and cannot drift from it. A tree
holding one of them (« Titre du problème à remplacer », « mot clé »...)
would publish it: rule ``skeleton-text``, at the text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .invisible import strings
from .model import KnowledgeBase
from .problems import Problem
from .scalar_position import source_position

TEMPLATE = "kb_tools/skeleton.yml.j2"


def skeleton(tree_id: str) -> str:
    """The YAML of a new tree ``tree_id``, as ``kb_tools new`` writes it."""
    from markupsafe import Markup

    from .render import environment

    return environment().get_template(TEMPLATE).render(tree_id=tree_id, placeholder=Markup)


#: ``{{ placeholder("text") }}`` with a plain literal (no backslash): the text, read without Jinja.
_CALL = re.compile(r"""\{\{-?\s*placeholder\(\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\)\s*-?\}\}""")


@cache
def placeholders() -> frozenset[str]:
    """Every text of the skeleton that an editor is to replace. Each call written
    plainly is read from the template's text (`make check` loads no Jinja: 30 ms);
    any other way of writing one, and the template is rendered."""
    template = (Path(__file__).parent / "templates" / TEMPLATE).read_text(encoding="utf-8")
    calls = _CALL.findall(template)
    if len(calls) == template.count("placeholder"):
        return frozenset(double or single for double, single in calls)
    return rendered_placeholders()


def rendered_placeholders() -> frozenset[str]:
    """The placeholders as the template renders them."""
    from markupsafe import Markup

    from .render import environment

    found: list[str] = []

    def gather(text: str) -> Markup:
        found.append(text)
        return Markup(text)

    environment().get_template(TEMPLATE).render(tree_id="x", placeholder=gather)
    return frozenset(found)


def skeleton_problems(kb: KnowledgeBase) -> list[Problem]:
    """An error at every text of a tree that is still a text of the skeleton."""
    found = []
    kept = placeholders()
    for tree_id in kb.trees:
        doc = kb.documents[tree_id]
        for path, text, is_key in strings(doc.data):
            if not is_key and " ".join(text.split()) in kept:
                line, col = source_position(doc.text, doc.at(path), 0) or doc.at(path)  # a « >- » text: its first word
                found.append(Problem(doc.path, line, col, "error",
                                     f"« {text.strip()} » est un texte d’exemple du modèle de « kb_tools new » : "
                                     "remplacez-le par le vôtre", "skeleton-text"))
    return found
