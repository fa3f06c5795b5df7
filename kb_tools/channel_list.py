"""The contact channels as the catalogue gives them (deployment values
applied), in any Markdown page: ``<!-- kb-channels -->`` for the list of
channels (name, opening hours, reply delay, address), ``<!-- kb-channels: chat
email -->`` for some of them, ``<!-- kb-hours -->`` for the business hours.

Markers follow the rules of ``<!-- kb-flow: TREE -->`` (kb_tools/embed.py):
a line of their own, never inside code; anything else that looks like one is
a located ``bad-channels-marker``. Values may come from ``KB_*`` variables:
every one is escaped, and links go through :func:`kb_tools.text.url`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .embed import prose_lines
from .flow_data import complaint_rule
from .hours import parse
from .model import WEEKDAYS, KnowledgeBase
from .problems import Problem
from .strings import zone_label
from .text import NBSP, escape_html, french_spacing, url

#: A well-formed marker: group 1 ``channels`` or ``hours``, group 2 the channel ids (channels only).
MARKER = re.compile(r"^ {0,3}<!--[ \t]*kb-(channels|hours)[ \t]*(?::([^>]*?))?[ \t]*-->[ \t\r]*$", re.IGNORECASE)
_LOOKS_LIKE = re.compile(r"<!--\s*kb[\s_-]*(channels?|canaux|hours?|horaires)\b", re.IGNORECASE)
_DAYS = dict(zip(WEEKDAYS, ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"), strict=True))
_EXAMPLE = ("écrivez-le seul sur sa ligne, sans retrait : « <!-- kb-channels --> », "
            "« <!-- kb-channels: chat email --> » ou « <!-- kb-hours --> »")


@dataclass(frozen=True)
class ChannelMarker:
    line: int  # 1-based
    kind: str  # "channels" or "hours"
    ids: tuple[str, ...]  # channels named, in order; empty: every channel with an address
    cols: tuple[int, ...]  # 1-based column of each id


def hour_text(minutes: int) -> str:
    """« 9 h », « 13 h 05 », « minuit »: as French writes hours (non-breaking)."""
    if minutes in (0, 24 * 60):
        return "minuit"
    h, m = divmod(minutes, 60)
    return f"{h}{NBSP}h" + (f"{NBSP}{m:02d}" if m else "")


def _days(days: Sequence[str]) -> str:
    names = [_DAYS[d] for d in days]
    if len(names) == 1:
        return f"le {names[0]}"
    if len(names) == 2:
        return f"le {names[0]} et le {names[1]}"
    return f"du {names[0]} au {names[-1]}"


def _slots(slots: Sequence[str]) -> str:
    spans = sorted(p for p in (parse(s) for s in slots) if p is not None)
    if spans == [(0, 24 * 60)]:
        return "24\u00a0h sur 24"
    return " et ".join(f"de {hour_text(a)} à {hour_text(b)}" for a, b in spans)


def hours_text(week: Mapping[str, Any], timezone: str) -> str:
    """« du lundi au vendredi de 9 h à 22 h, le samedi de 10 h à 20 h, fermé le
    dimanche (heure de Paris) »: consecutive days with the same slots said once."""
    groups: list[tuple[list[str], tuple[str, ...]]] = []
    for day in WEEKDAYS:
        slots = tuple(week.get(day) or ())
        if groups and groups[-1][1] == slots:
            groups[-1][0].append(day)
        else:
            groups.append(([day], slots))
    if len(groups) == 1:
        said = f"tous les jours {_slots(groups[0][1])}" if groups[0][1] else "fermé tous les jours"
    else:
        said = ", ".join(f"{_days(days)} {_slots(slots)}" if slots else f"fermé {_days(days)}" for days, slots in groups)
    return f"{said} ({zone_label(timezone)})"


def find_channel_markers(markdown: str, display: str) -> tuple[list[ChannelMarker], list[Problem]]:
    """The well-formed markers outside code, and every malformed one, located."""
    markers: list[ChannelMarker] = []
    problems: list[Problem] = []
    for number, line in prose_lines(markdown):
        looks = _LOOKS_LIKE.search(line)
        if not looks:
            continue
        match = MARKER.match(line)
        if match and not (match.group(1).lower() == "hours" and match.group(2) is not None):
            words = list(re.finditer(r"\S+", match.group(2) or ""))
            ids = tuple(w.group() for w in words)
            cols = tuple(match.start(2) + w.start() + 1 for w in words)
            if match.group(2) is not None and not ids:
                problems.append(Problem(display, number, looks.start() + 1, "error",
                                        f"repère de canaux avec « : » mais sans canal ; {_EXAMPLE}", "bad-channels-marker"))
                continue
            markers.append(ChannelMarker(number, match.group(1).lower(), ids, cols))
            continue
        problems.append(Problem(display, number, looks.start() + 1, "error", _what_is_wrong(line, looks),
                                "bad-channels-marker"))
    return markers, problems


def _what_is_wrong(line: str, looks: re.Match[str]) -> str:
    rest = line[looks.start():]
    if "-->" not in rest:
        return f"repère de canaux non fermé par « --> » ; {_EXAMPLE}"
    if not re.match(r"<!--\s*kb-(channels|hours)\b", rest, re.IGNORECASE):
        return f"repère de canaux mal orthographié : écrivez « kb-channels » ou « kb-hours » ; {_EXAMPLE}"
    if re.match(r"<!--\s*kb-hours\s*:", rest, re.IGNORECASE):
        return f"« kb-hours » ne prend pas de canal : ce sont les heures ouvrées du catalogue ; {_EXAMPLE}"
    before = line[:looks.start()]
    if re.fullmatch(r"[ \t]*(?:[-*+]|\d+[.)]|>)?[ \t]*", before) and not line[line.index("-->", looks.start()) + 3:].strip():
        return f"repère de canaux en retrait (dans une liste ou un encadré ?) ; {_EXAMPLE}"
    if before.strip() or line[line.index("-->", looks.start()) + 3:].strip():
        return f"repère de canaux au milieu d’un texte ; {_EXAMPLE}"
    return f"repère de canaux en retrait (dans un bloc ?) ; {_EXAMPLE}"


def check_channel_markers(markdown: str, kb: KnowledgeBase, display: str) -> list[Problem]:
    """Every malformed marker and channel a marker names that the catalogue lacks, located."""
    markers, problems = find_channel_markers(markdown, display)
    for marker in markers:
        for channel_id, col in zip(marker.ids, marker.cols, strict=True):
            if kb.channels and channel_id not in kb.channels:  # none: _channels.yml reports its own errors
                problems.append(Problem(display, marker.line, col, "error",
                                        f"aucun canal « {channel_id} » ; canaux : {', '.join(sorted(kb.channels))}",
                                        "unknown-channel"))
    return sorted(problems)


def has_channel_markers(markdown: str) -> bool:
    return bool(_LOOKS_LIKE.search(markdown))


def _text(value: Any) -> str:
    return escape_html(french_spacing(" ".join(str(value).split())))


def _link(target: str, shown: str) -> str:
    return f'<a href="{escape_html(str(url(target)))}">{_text(shown)}</a>'


def _item(kb: KnowledgeBase, channel: Mapping[str, Any]) -> str:
    parts = [f"<strong>{_text(channel['name'])}</strong>"]
    if channel.get("hours"):
        parts.append(f"Horaires{NBSP}: {_text(hours_text(channel['hours'], kb.timezone))}")
    if channel.get("delay"):
        parts.append(f"Délai{NBSP}: {_text(channel['delay'])}")
    if channel.get("address"):
        parts.append(f"Adresse e-mail{NBSP}: {_link('mailto:' + channel['address'], channel['address'])}")
    elif channel.get("url"):
        parts.append(f"Adresse{NBSP}: {_link(channel['url'], channel['url'])}")
    if channel.get("body_name"):
        body = _link(channel["body_url"], channel["body_name"]) if channel.get("body_url") else _text(channel["body_name"])
        parts.append(f"Organisme de médiation{NBSP}: {body}")
    if rule := complaint_rule(channel):  # « adressez une réclamation écrite au support : il a 60 jours… »
        parts.append(_text(rule))
    return "<li>" + "<br>\n".join(parts) + "</li>"


def channels_html(kb: KnowledgeBase, ids: Sequence[str] = ()) -> str:
    """The list of channels ``ids`` (default: every channel with an address), as an HTML block."""
    chosen = [kb.channels[i] for i in ids if i in kb.channels] if ids else \
        [c for c in kb.channels.values() if c.get("url") or c.get("address")]
    return '\n<ul class="kb-channels">\n' + "\n".join(_item(kb, c) for c in chosen) + "\n</ul>\n"


def business_hours_html(kb: KnowledgeBase) -> str:
    """« Heures ouvrées : du lundi au vendredi de 9 h à 18 h (heure de Paris), hors jours fériés. »"""
    said = _text(hours_text(kb.business_hours, kb.timezone))
    return f'\n<p class="kb-hours">Heures ouvrées{NBSP}: {said}, hors jours fériés.</p>\n'


def embed_channels(markdown: str, kb: KnowledgeBase, display: str) -> tuple[str, list[Problem]]:
    """Every well-formed marker replaced; the problems of the page, located."""
    markers, _ = find_channel_markers(markdown, display)
    lines = markdown.split("\n")
    for marker in markers:
        lines[marker.line - 1] = channels_html(kb, marker.ids) if marker.kind == "channels" else business_hours_html(kb)
    return "\n".join(lines), check_channel_markers(markdown, kb, display)
