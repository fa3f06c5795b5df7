"""Render trees to Markdown articles (through Jinja templates a site can
override) and to JSON for the in-browser flow."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import strings, text
from .flow_data import browser_data, channel_card, export, flow_data, target
from .incidents import affecting, boxes
from .model import Answer, KnowledgeBase, Tree
from .ticket_values import PLACEHOLDER, SEGMENT

__all__ = ["browser_data", "editor_diagram", "environment", "export", "flow_data", "render_article", "render_flow"]

TEMPLATE_DIR = "kb_tools"


def environment(override_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """Templates are looked up in ``override_dirs`` first (``<dir>/kb_tools/...``)."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in override_dirs]
    loaders.append(jinja2.PackageLoader("kb_tools", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # the output is Markdown: ``finalize`` escapes instead
        finalize=text.finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        plain=text.plain,
        markdown=text.markdown,
        json_attribute=text.json_attribute,
        yaml_string=text.yaml_string,
        url=text.url,
        id=text.ident,
        lcfirst=text.lcfirst,
    )
    return env


def render_article(env: jinja2.Environment, kb: KnowledgeBase, tree: Tree, page: str | None = None) -> str:
    """The Markdown article for one tree: complete and navigable without JavaScript;
    ``page``: its file under docs/ (``parcours/<id>.md`` unless the site says otherwise)."""
    return _render(env, kb, tree, "tree.md.j2", pages_prefix="", page=page or f"parcours/{tree['id']}.md")


def render_flow(env: jinja2.Environment, kb: KnowledgeBase, tree: Tree, pages_prefix: str, page: str) -> str:
    """The flow alone, to embed in page ``page`` (its file under docs/); ``pages_prefix``
    leads from that page's folder to the folder of the tree pages (``parcours/``)."""
    return _render(env, kb, tree, "flow.md.j2", pages_prefix=pages_prefix, page=page)


def _render(env: jinja2.Environment, kb: KnowledgeBase, tree: Tree, name: str, pages_prefix: str, page: str) -> str:
    template = env.get_template(f"{TEMPLATE_DIR}/{name}")
    # Literal words in templates get French spacing too (values already have it).
    return text.french_spacing(template.render(
        tree=tree,
        nodes=list(tree["nodes"].values()),
        channels=kb.channels,
        fields=kb.fields,
        link=lambda answer: _link(kb, tree, answer, pages_prefix),
        data=browser_data(kb, tree),
        incidents=Markup(boxes(affecting(kb, tree), page)),  # raw HTML, built and judged in kb_tools/incidents.py
        strings=strings.catalogue(),
        card=lambda channel_id: channel_card(kb, channel_id),
        subject=lambda pattern: _readable_subject(kb, SEGMENT.sub(r"\1", pattern)),
        request=lambda pattern: _readable_subject(kb, SEGMENT.sub(r"\1", pattern)),
    ))


def _readable_subject(kb: KnowledgeBase, pattern: str) -> str:
    """``Retrait du {date}`` shown as ``Retrait du [Date]`` for readers without JavaScript
    (the pattern kb/ticket-text.js fills in; ``check`` refuses any other brace)."""
    return PLACEHOLDER.sub(lambda m: f"[{kb.fields.get(m.group(1), {}).get('label', m.group(1))}]",
                  pattern)


def _link(kb: KnowledgeBase, tree: Tree, answer: Answer, pages_prefix: str) -> Markup:
    """Markdown link target of ``answer``, relative to the page showing the flow."""
    where = target(kb, tree, answer)
    if where["tree"] == tree["id"]:
        return Markup(f"#{where['anchor']}")
    return Markup(f"{pages_prefix}{where['tree']}.md#{where['anchor']}")


def editor_diagram(kb: KnowledgeBase, tree: Tree) -> str:
    """For `make serve` only: the tree's diagram, folded, at the end of its page."""
    from .graph_svg import to_svg

    svg = to_svg(kb, tree).split("?>", 1)[-1].strip()  # inline: no XML declaration
    return ("\n\n<details class=\"kb-editor-diagram\" data-search-exclude>\n"
            "<summary>Schéma du parcours (aperçu des rédacteurs, absent du site publié)</summary>\n"
            f"{svg}\n</details>\n")
