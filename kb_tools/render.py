"""Render trees to Markdown articles (through Jinja templates a site can
override) and to JSON for the in-browser flow."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import text
from .model import KnowledgeBase, Tree
from .ticket_values import PLACEHOLDER

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


def _target(kb: KnowledgeBase, tree: Tree, ref: str) -> dict[str, str]:
    where = kb.resolve(ref, tree["id"])
    if where is None:  # only reachable on unvalidated input
        raise ValueError(f"{tree['id']}: unresolved reference {ref!r}")
    return {"tree": where[0], "node": where[1]}


def _channel_ids(kb: KnowledgeBase, tree: Tree) -> list[str]:
    found: list[str] = []
    todo = [n["channel"] for n in tree["nodes"].values() if n["type"] == "outcome"]
    while todo:
        cid = todo.pop(0)
        if cid in found or cid not in kb.channels:
            continue
        found.append(cid)
        channel = kb.channels[cid]
        todo += [channel[k] for k in ("fallback", "via") if k in channel]
    return sorted(found)


_ARTICLE_ONLY = ("help", "text", "steps")  # shown from the article's own HTML, not from the data


def browser_data(kb: KnowledgeBase, tree: Tree) -> dict[str, Any]:
    """flow_data without the Markdown texts the page already shows."""
    data = flow_data(kb, tree)
    data["nodes"] = {
        nid: {k: v for k, v in node.items() if k not in _ARTICLE_ONLY or (node["type"] == "question" and k == "text")}
        for nid, node in data["nodes"].items()
    }
    return data


def flow_data(kb: KnowledgeBase, tree: Tree) -> dict[str, Any]:
    """Everything the browser flow needs for one tree, references resolved."""
    nodes: dict[str, Any] = {}
    field_ids: set[str] = set()
    for node_id, node in tree["nodes"].items():
        out = dict(node)
        if node["type"] == "question":
            out["answers"] = [dict(a, target=_target(kb, tree, a["next"])) for a in node["answers"]]
            for answer in node["answers"]:
                field_ids.update(answer["set"])
        elif node["type"] == "checklist":
            out["resolved_target"] = _target(kb, tree, node["resolved"])
            out["next_target"] = _target(kb, tree, node["next"])
        elif node["ticket"]:
            field_ids.update(node["ticket"]["fields"])
        nodes[node_id] = out
    return {
        "id": tree["id"],
        "title": tree["title"],
        "category": tree["category"],
        "start": tree["start"],
        "nodes": nodes,
        "channels": {cid: kb.channels[cid] for cid in _channel_ids(kb, tree)},
        "fields": {fid: kb.fields[fid] for fid in sorted(field_ids) if fid in kb.fields},
        "timezone": kb.timezone,
        "business_hours": kb.business_hours,
    }


def export(kb: KnowledgeBase) -> dict[str, Any]:
    """All trees, normalised, with the catalogues: the ``export`` command's output."""
    return {
        "timezone": kb.timezone,
        "business_hours": kb.business_hours,
        "channels": kb.channels,
        "fields": kb.fields,
        "trees": {tid: flow_data(kb, kb.trees[tid]) for tid in sorted(kb.trees)},
    }


def render_article(env: jinja2.Environment, kb: KnowledgeBase, tree: Tree) -> str:
    """The Markdown article for one tree: complete and navigable without JavaScript."""
    return _render(env, kb, tree, "tree.md.j2", pages_prefix="")


def render_flow(env: jinja2.Environment, kb: KnowledgeBase, tree: Tree, pages_prefix: str) -> str:
    """The flow alone, to embed in another page; ``pages_prefix`` leads from that
    page's folder to the folder of the tree pages (``parcours/``)."""
    return _render(env, kb, tree, "flow.md.j2", pages_prefix=pages_prefix)


def _render(env: jinja2.Environment, kb: KnowledgeBase, tree: Tree, name: str, pages_prefix: str) -> str:
    template = env.get_template(f"{TEMPLATE_DIR}/{name}")
    # Literal words in templates get French spacing too (values already have it).
    return text.french_spacing(template.render(
        tree=tree,
        nodes=list(tree["nodes"].values()),
        channels=kb.channels,
        fields=kb.fields,
        link=lambda ref: _link(kb, tree, ref, pages_prefix),
        data=browser_data(kb, tree),
        subject=lambda pattern: _readable_subject(kb, pattern),
    ))


def _readable_subject(kb: KnowledgeBase, pattern: str) -> str:
    """``Retrait du {date}`` shown as ``Retrait du [Date]`` for readers without JavaScript
    (the pattern kb-flow.js fills in; ``check`` refuses any other brace)."""
    return PLACEHOLDER.sub(lambda m: f"[{kb.fields.get(m.group(1), {}).get('label', m.group(1))}]",
                  pattern)


def _link(kb: KnowledgeBase, tree: Tree, ref: str, pages_prefix: str) -> Markup:
    """Markdown link target for ``next: ref``, relative to the page showing the flow."""
    target = _target(kb, tree, ref)
    if target["tree"] == tree["id"]:
        return Markup(f"#{target['node']}")
    return Markup(f"{pages_prefix}{target['tree']}.md#{target['node']}")


def editor_diagram(kb: KnowledgeBase, tree: Tree) -> str:
    """For `make serve` only: the tree's diagram, folded, at the end of its page."""
    from .graph_svg import to_svg

    svg = to_svg(kb, tree).split("?>", 1)[-1].strip()  # inline: no XML declaration
    return ("\n\n<details class=\"kb-editor-diagram\" data-search-exclude>\n"
            "<summary>Schéma du parcours (aperçu des rédacteurs, absent du site publié)</summary>\n"
            f"{svg}\n</details>\n")
