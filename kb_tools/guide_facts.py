"""Nothing the guide says goes missing from the site: every fact of
tests/content/guide_coverage.yaml keeps its key words on at least one of its
pages. tests/content/test_guide_coverage.py reads the built pages; `make
check` reads the sources (``guide-fact``): the page's Markdown, with what the
build puts in it (an embedded tree, a channel list, the home cards), the tree
page as kb_tools renders it. Links' addresses, HTML tags and comments are left
out, so words found here are words a reader sees; the source may hold a few
more (a tree's hidden data), never fewer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import strings
from .channel_list import embed_channels
from .guide_checklists import LOADER, normalise
from .model import KnowledgeBase
from .problems import Problem

MAP = Path("tests") / "content" / "guide_coverage.yaml"
RULE = "guide-fact"
_FLOW = re.compile(r"^<!--\s*kb-flow:\s*([a-z0-9-]+)\s*-->\s*$", re.MULTILINE)
#: What a reader does not see, each as (opener, closer), tried in this order at
#: each opener: a link's address, a comment, a tag, an attribute list `{: …}`,
#: the front matter. A span runs to the first closer after its opener.
_NOT_SEEN = (("](", ")"), ("<!--", "-->"), ("<", ">"), ("{:", "}"), ("{#", "}"), ("{.", "}"), ("---\n", "\n---\n"))
_OPENER = re.compile(r"\]\(|<|\{[:#.]|\A---\n")


def unseen_removed(text: str) -> str:
    """``text`` with each span of _NOT_SEEN replaced by a space. Linear: an
    opener whose closer is missing after it finds none further on either, which
    is remembered, so 100 KB of ``<`` costs one scan (a regex alternation with
    unbounded scans retried at every ``<`` took seconds)."""
    missing: dict[str, int] = {}  # closer -> a position after which it is absent
    kept: list[str] = []
    start = position = 0
    while (found := _OPENER.search(text, position)) is not None:
        at = found.start()
        end = -1
        for opener, closer in _NOT_SEEN:
            since = at + len(opener)
            if not text.startswith(opener, at) or (opener == "---\n" and at) or missing.get(closer, since + 1) <= since:
                continue
            close = text.find(closer, since)
            if close < 0:
                missing[closer] = since
                continue
            end = close + len(closer)
            break
        if end < 0:
            position = at + 1
            continue
        kept += [text[start:at], " "]
        start = position = end
    kept.append(text[start:])
    return "".join(kept)


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [data] if isinstance(data, str) else []


def _tree_text(kb: KnowledgeBase, tree_id: str) -> str:
    """What a tree's page can show: its own texts, the cards of its channels, its
    fields, the flow's words (strings.yml). Rendering each article would take
    ten times longer for the same words."""
    doc = kb.documents.get(tree_id)
    if doc is None:
        return ""
    tree = kb.trees[tree_id]
    channels = {n.get("channel") for n in tree["nodes"].values()}
    used = [kb.channels[c] for c in channels if c in kb.channels]
    fields = {f for n in tree["nodes"].values() for f in ((n.get("ticket") or {}).get("fields") or [])}
    parts = _strings(doc.data) + _strings(used) + _strings([kb.fields[f] for f in fields if f in kb.fields])
    return "\n".join(parts + list(strings.catalogue().values()))


def _card_text(tree: dict[str, Any]) -> str:
    home: dict[str, Any] = tree["home"] if isinstance(tree.get("home"), dict) else {}
    return "\n".join(str(x) for x in (tree.get("title"), tree.get("description"), home.get("title"), home.get("text")) if x)


def page_texts(root: Path, kb: KnowledgeBase, pages: set[str]) -> dict[str, str | None]:
    """The normalised words a reader sees on each built page path (None: no such page)."""
    found: dict[str, str | None] = {}
    for page in pages:
        if page.startswith("parcours/"):
            tree_id = page.strip("/").split("/", 1)[1]
            text = _tree_text(kb, tree_id) if tree_id in kb.trees else None
        else:
            source = root / "docs" / (f"{page.strip('/')}.md" if page.strip("/") else "index.md")
            try:
                text = source.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                found[page] = None
                continue
            text, _ = embed_channels(text, kb, source.name)
            text = _FLOW.sub(lambda m: _tree_text(kb, m.group(1)), text)
            if not page.strip("/"):  # the home page's cards: each tree's title and description
                text += "\n".join(_card_text(tree) for tree in kb.trees.values())
        found[page] = None if text is None else normalise(unseen_removed(text))
    return found


def fact_problems(root: Path, kb: KnowledgeBase) -> list[Problem]:
    """Each fact whose key words are on none of its pages, at its first page's file."""
    try:
        mapping = yaml.load((root / MAP).read_text(encoding="utf-8"), Loader=LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(mapping, dict) or kb.broken:
        return []
    facts = [(s["section"], f) for s in mapping.get("sections", []) for f in s.get("facts", [])]
    texts = page_texts(root, kb, {str(p) for _, f in facts for p in f.get("pages", [])})
    found = []
    for section, fact in facts:
        words = [normalise(str(w)) for w in fact.get("words", [])]
        if any(text is not None and all(w in text for w in words) for text in (texts[str(p)] for p in fact["pages"])):
            continue
        first = str(fact["pages"][0]).strip("/")
        if first.startswith("parcours/") and first.split("/", 1)[1] in kb.documents:
            where = kb.documents[first.split("/", 1)[1]].path
        else:
            where = f"docs/{first or 'index'}.md"
        shown = texts[str(fact["pages"][0])] or ""
        missing = [w.strip() for w in words if w not in shown] or [w.strip() for w in words]
        found.append(Problem(where, 1, 1, "error",
                             f"le guide dit « {fact['fact']} » ({section}) et aucune de ses pages "
                             f"({', '.join(str(p) or 'accueil' for p in fact['pages'])}) ne le dit plus : il manque "
                             f"« {' », « '.join(missing)} » ; remettez ces mots, ou, si le fait a changé de page, mettez "
                             f"{MAP.as_posix()} à jour", RULE))
    return found
