"""Known incidents (``trees/_incidents.yml``, optional): checked like the other
catalogues, dropped by the build once ended, shown by the browser between
``start`` and ``end`` (overrides/assets/javascripts/kb/incidents.js).

An incident ``affects`` trees by id or by ``category``. Its boxes are written
into the page hidden (the home page, the top of each affected flow), with
their window as data attributes: the browser's clock shows them, so a page
built before an incident ended never shows it afterwards. Its ``text`` is
Markdown, rendered here by Python-Markdown and judged as a page's content is
(kb_tools/page_markup.py at ``check``, kb_tools/page_html.py at the build).

Its links to the site's pages are written as in a page of ``docs/`` at its
top (``faq-contact.md#delais``; checked by kb_tools/page_links.py
``check_shared_links``): MkDocs never sees them (the box is raw HTML), so each
box writes them relative to the page it is on (:func:`page_href`), and they
work at every depth and under a sub-path (``https://x.github.io/aide/``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from . import strings
from .built_pages import attribute_refusal, same_host
from .model import KnowledgeBase, Tree
from .page_html import clean, reserved_id
from .problems import Problem
from .text import escape_html, french_spacing, ident, one_line_of
from .unknown_names import did_you_mean
from .yaml_loader import Document

INCIDENTS_FILE = "_incidents.yml"  # optional

#: ISO 8601 in its extended form, the one every browser's ``Date.parse`` reads.
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(?P<offset>Z|[+-]\d{2}:\d{2})?")
_EXAMPLE = "2026-11-28T08:00:00+01:00"
#: A raw HTML block of a Markdown page ends at a blank line in some readers: none inside a box.
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def moment(value: Any) -> datetime | None:
    """The instant ``value`` names, or None when it is no ISO 8601 date and time with a UTC offset."""
    if not isinstance(value, str) or not (match := _MOMENT.fullmatch(value.strip())) or not match["offset"]:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def iso(value: str) -> str:
    """The instant as the page writes it: ``2026-11-28T08:00:00+01:00``."""
    found = moment(value)
    assert found is not None, value  # checked by check_incidents
    return found.isoformat(timespec="seconds")


def _time_problem(doc: Document, path: tuple[str | int, ...], value: Any, timezone: str) -> Problem | None:
    line, col = doc.at(path)
    written = str(value).strip()
    match = _MOMENT.fullmatch(written)
    if match and not match["offset"]:
        try:
            local = datetime.fromisoformat(written).replace(tzinfo=ZoneInfo(timezone))
            offset = local.utcoffset() or timedelta(0)
        except (ValueError, KeyError):
            offset = timedelta(hours=1)
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        hint = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return Problem(doc.path, line, col, "error",
                       f"« {written} » n’a pas de décalage UTC : le navigateur ne saurait pas de quelle heure il "
                       f"s’agit ; ajoutez-le à la fin, par exemple « {written}{hint} » (heure de {timezone} ce "
                       "jour-là : +01:00 en hiver, +02:00 en été)", "incident-time")
    if moment(value) is None:
        return Problem(doc.path, line, col, "error",
                       f"« {written[:40]} » n’est pas une date et une heure ISO 8601 valables ; écrivez par exemple "
                       f"« {_EXAMPLE} » (année-mois-jour, T, heure, puis le décalage UTC)", "incident-time")
    return None


def schema_times(doc: Document, problems: list[Problem], timezone: str) -> list[Problem]:
    """``problems`` of the schema, a time it refuses (its pattern, which VS Code
    underlines while typing) said as ``check_incidents`` says it: the offset to add."""
    items = doc.data.get("incidents") if isinstance(doc.data, dict) else None
    where = {doc.at(("incidents", i, key)): (("incidents", i, key), item[key])
             for i, item in enumerate(items if isinstance(items, list) else [])
             for key in ("start", "end") if isinstance(item, dict) and isinstance(item.get(key), str)}
    said = []
    for problem in problems:
        found = where.get((problem.line, problem.col)) if problem.rule == "incident-time" else None
        said.append((_time_problem(doc, *found, timezone) or problem) if found else problem)
    return said


#: A raw HTML tag, comment or declaration in an incident's text: any « < » that starts one, but not
#: Markdown's own autolinks (<https://...>, <mailto:...>).
RAW_TAG = re.compile(r"<(?!(?:https?|mailto):[^<>\s]*>)(?=[A-Za-z/!?])")


def check_incidents(doc: Document, kb: KnowledgeBase, now: datetime) -> list[Problem]:
    """What the schema cannot say about ``doc`` (already valid against it): ids
    used twice, ``affects`` naming nothing, times, markup, incidents already over."""
    from .page_markup import markup_problems  # it imports the flows' rendering, which imports this module

    problems: list[Problem] = []
    seen: dict[str, int] = {}
    categories = {t["category"] for t in kb.trees.values()}
    known = set(kb.trees) | categories | kb.broken  # a broken tree reports itself
    for i, incident in enumerate(doc.data["incidents"]):
        at = ("incidents", i)
        if incident["id"] in seen:
            line, col = doc.at((*at, "id"))
            problems.append(Problem(doc.path, line, col, "error",
                                    f"l’identifiant « {incident['id']} » est déjà celui de l’incident de la ligne "
                                    f"{seen[incident['id']]} ; donnez à chaque incident le sien", "duplicate-incident"))
        else:
            seen[incident["id"]] = doc.at((*at, "id"))[0]
        for j, name in enumerate(incident["affects"]):
            if name not in known:
                line, col = doc.at((*at, "affects", j))
                problems.append(Problem(doc.path, line, col, "error",
                                        f"« {name} » n’est ni un arbre ni une rubrique (category) des arbres : "
                                        "écrivez l’identifiant d’un arbre (retrait-en-attente) ou une rubrique "
                                        f"telle qu’elle est écrite (Paiements){did_you_mean(name, known)}",
                                        "unknown-affects"))
        times = {}
        for key in ("start", "end"):
            if key in incident:
                wrong = _time_problem(doc, (*at, key), incident[key], kb.timezone)
                problems += [wrong] if wrong else []
                times[key] = moment(incident[key])
        start, end = times.get("start"), times.get("end")
        if start and end and end <= start:
            line, col = doc.at((*at, "end"))
            problems.append(Problem(doc.path, line, col, "error",
                                    f"la fin ({incident['end']}) ne vient pas après le début ({incident['start']}) ; "
                                    "corrigez l’une des deux dates", "incident-order"))
        elif end and end <= now:
            line, col = doc.at((*at, "end"))
            problems.append(Problem(doc.path, line, col, "warning",
                                    f"l’incident « {incident['id']} » est terminé depuis le {incident['end']} : le site "
                                    "ne l’affiche plus ; retirez-le du fichier", "incident-ended"))
        if RAW_TAG.search(incident["title"]):  # shown as text, tags and all: say so
            line, col = doc.at((*at, "title"))
            problems.append(Problem(doc.path, line, col, "error", "le titre d’un incident est du texte simple, sans "
                                    "balise HTML : retirez les « <…> »", "unsafe-html"))
        line, col = doc.at((*at, "text"))
        tag = RAW_TAG.search(incident["text"])
        if tag:  # one message: the markup judge would only say again why this tag is refused
            shown = incident["text"][tag.start():tag.start() + 20].split(">")[0]
            problems.append(Problem(doc.path, line, col, "error",
                                    f"le texte d’un incident s’écrit en Markdown, sans HTML : retirez « {shown}… » ; "
                                    "pour un lien, écrivez [ces mots](faq-contact.md) ou [ces mots](https://...)",
                                    "unsafe-html"))
            continue
        for found in markup_problems(incident["text"], doc.path):
            problems.append(Problem(doc.path, line, col, "error", found.message, found.rule))
    return problems


def normalise(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": i["id"], "title": i["title"], "text": i["text"], "affects": list(i["affects"]),
             "start": iso(i["start"]), "end": iso(i["end"]) if i.get("end") else None}
            for i in data["incidents"]]


def live(incidents: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """The incidents not over at ``now`` (those scheduled ahead included)."""
    return [i for i in incidents if i["end"] is None or (moment(i["end"]) or now) > now]


def affecting(kb: KnowledgeBase, tree: Tree) -> list[dict[str, Any]]:
    return [i for i in kb.incidents if tree["id"] in i["affects"] or tree["category"] in i["affects"]]


def _judge(tag: str, name: str, value: str, kept: dict[str, str]) -> tuple[str, str] | None:
    """The build's judge of a page's HTML (kb_tools/page_markup.py), the site's own host unknown."""
    return reserved_id(name, value) or attribute_refusal(tag, name, value, kept, lambda url: same_host(url, None))


def page_url(src: str) -> str:
    """The address MkDocs gives file ``src`` of docs/, from the site's root
    (directory URLs): ``faq-contact.md`` -> ``faq-contact/``, ``index.md`` -> ``""``."""
    if not src.endswith(".md"):
        return src
    folder, name = posixpath.split(src[:-3])
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{src[:-3]}/"


def page_href(value: str, page: str) -> str:
    """Link ``value`` of an incident's text (a file of docs/, as from its top:
    ``faq-contact.md#delais``) as page ``page`` (a file of docs/) must write it;
    a link to another site, a ``mailto:``, an anchor alone: unchanged."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    if parts.scheme or parts.netloc or not parts.path or value.startswith(("/", "\\")):
        return value
    target = page_url(posixpath.normpath(unquote(parts.path)).lstrip("/"))
    here = page_url(page).rstrip("/") or "."  # a page is served as its folder's index
    relative = posixpath.relpath(target.rstrip("/") or ".", here)
    href = quote(relative + ("/" if target.endswith("/") or not target else ""), safe="/")
    return href + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def text_html(markdown_text: str, page: str = "index.md") -> str:
    """The text as HTML for page ``page`` (a file of docs/): Python-Markdown, then what
    the build's judge refuses taken out, and the links to the site's pages made relative."""
    import markdown

    # no raw HTML ever (the check refuses it): what is left of it is shown as text, so the box is only
    # what Markdown makes (never a hook of the site's scripts, never a block inside a paragraph)
    html = markdown.markdown(french_spacing(RAW_TAG.sub("&lt;", markdown_text)))
    return clean(html, _judge, lambda url: page_href(url, page))[0]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markdown_text: str) -> str:
    """The text as the request form shows it: the words of its HTML, on one line."""
    parser = _Text()
    parser.feed(text_html(markdown_text))
    parser.close()
    return one_line_of("".join(parser.parts)).strip()


def title_text(title: str) -> str:
    """An incident's title as the site shows it: on one line, French spacing, and
    no line break after a hyphen (« e-wallets » kept whole: U+2011, the non-breaking hyphen)."""
    return french_spacing(one_line_of(title)).replace("-", "\u2011")


def affected_trees(kb: KnowledgeBase, incident: dict[str, Any]) -> list[Tree]:
    """The trees ``incident`` affects (by id or by category), by title."""
    return sorted((t for t in kb.trees.values() if t["id"] in incident["affects"] or t["category"] in incident["affects"]),
                  key=lambda t: (t["title"], t["id"]))


def flow_incidents(kb: KnowledgeBase, tree: Tree) -> list[dict[str, Any]]:
    """The flow data's ``incidents``: plain text, for the note atop each outcome (kb/incident-view.js)."""
    return [{"id": i["id"], "title": title_text(i["title"]), "text": plain_text(i["text"]),
             "start": i["start"], "end": i["end"]} for i in affecting(kb, tree)]


def box(incident: dict[str, Any], page: str, links: list[tuple[str, str]] | None = None) -> str:
    """One incident's box on page ``page`` (a file of docs/), hidden until the browser's clock is
    inside its window; ``links``: (title, URL) of the flows it affects, « Voir : … » under its text (the home page)."""
    title = escape_html(title_text(incident["title"]))
    label = escape_html(strings.get("incident_label"))
    see = "".join(f'<p class="kb-incident__see"><a href="{escape_html(url)}">'
                  f'{escape_html(strings.fill("page_incident_see", title=french_spacing(one_line_of(name))))}</a></p>\n'
                  for name, url in links or [])
    return (f'<div class="kb-incident" data-kb-incident="{ident(incident["id"])}" '
            f'data-kb-start="{escape_html(incident["start"])}" data-kb-end="{escape_html(incident["end"] or "")}" '
            f'role="region" aria-label="{label}" data-search-exclude hidden>\n'
            f'<h2 class="kb-incident__title">{label}\u00a0: {title}</h2>\n'
            f'{_BLANK_LINES.sub(chr(10), text_html(incident["text"], page))}\n{see}</div>')


def boxes(incidents: list[dict[str, Any]], page: str,
          links: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None) -> str:
    """The boxes as a block of raw HTML for page ``page`` (a file of docs/; blank lines around it), or nothing;
    ``links``: an incident's (title, URL) of each flow it affects, from the page showing it."""
    if not incidents:
        return ""
    return "\n\n" + "\n".join(box(i, page, links(i) if links else []) for i in incidents) + "\n\n"
