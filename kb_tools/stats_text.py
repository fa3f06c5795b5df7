"""The figures of :mod:`kb_tools.beacon_stats` for a person (French, aligned
plain-text tables) or for a program (JSON)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any, TypeVar

from .beacon_stats import Deflection, Figures, FlowStops, Votes
from .beacons import REASONS, MalformedLines

NBSP = "\u00a0"
TITLE_WIDTH = 48


def number(n: int) -> str:
    """12345 as « 12 345 » (non-breaking space between thousands)."""
    return f"{n:,}".replace(",", NBSP)


def percent(part: int, whole: int) -> str:
    """« 62,5 % », or « — » when there is nothing to divide by."""
    if whole <= 0:
        return "—"
    return f"{100 * part / whole:.1f}".replace(".", ",") + NBSP + "%"


def width(text: str) -> int:
    """Columns taken on a terminal: an accent is no column, a wide character two."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if width(text) <= TITLE_WIDTH else text[:TITLE_WIDTH - 1].rstrip() + "…"


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], numeric: tuple[bool, ...]) -> list[str]:
    """Lines of a table: text columns on the left, figures on the right."""
    widths = [max(width(cells[i]) for cells in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        padded = [(" " * (widths[i] - width(c)) + c) if numeric[i] else c + " " * (widths[i] - width(c))
                  for i, c in enumerate(cells)]
        return "  ".join(padded).rstrip()

    return [line(header), line(tuple("-" * w for w in widths)), *(line(cells) for cells in rows)]


def _malformed(found: MalformedLines) -> list[str]:
    if not found.total:
        return []
    out = [f"Lignes mal formées, ignorées{NBSP}: {number(found.total)}"]
    for reason in sorted(found.counts, key=lambda r: found.lines[r][0]):  # in the order of the file
        lines = ", ".join(str(n) for n in found.lines[reason])
        more = " …" if found.counts[reason] > len(found.lines[reason]) else ""
        out.append(f"  {REASONS[reason]}{NBSP}: {number(found.counts[reason])} (ligne{'s' if ',' in lines else ''} "
                   f"{lines}{more})")
    return out


#: Rows shown per table by default: every page and outcome of a help centre, the top of a hostile log.
TOP = 50
T = TypeVar("T")


def _cut(rows: Sequence[T], top: int | None) -> tuple[Sequence[T], list[str]]:
    """The first ``top`` rows (None: all), and a line saying how many are left out."""
    if top is None or len(rows) <= top:
        return rows, []
    return rows[:top], [f"  … et {number(len(rows) - top)} autre(s) ; « --top 0 » pour tout afficher"]


def _votes(rows: Sequence[Votes], first: str, titles: bool, top: int | None) -> list[str]:
    if not rows:
        return ["  aucun vote"]
    shown, more = _cut(rows, top)
    header = (first, *(("Titre",) if titles else ()), "Oui", "Non", "Total", "Part de « Oui »")
    body = [(v.key, *((_short(v.title),) if titles else ()), number(v.yes), number(v.no), number(v.total),
             percent(v.yes, v.total)) for v in shown]
    return table(header, body, (False, *((False,) if titles else ()), True, True, True, True)) + more


def _stops(flows: Sequence[FlowStops], top: int | None) -> list[str]:
    out: list[str] = []
    marked = False
    shown, more_flows = _cut(flows, top)
    for flow in shown:
        title = f" ({_short(flow.title)})" if flow.title else ""
        out += ["", f"{flow.tree}{title} : {number(flow.starts)} début(s)"]
        if not flow.stops:
            out.append("  aucun arrêt avant une issue")
            continue
        stops, more = _cut(flow.stops, top)
        marked = marked or any(s.hands_over for s in stops)
        rows = [(s.node + (" *" if s.hands_over else ""), _short(s.title), number(s.stops), percent(s.stops, flow.starts))
                for s in stops]
        out += table(("Nœud", "Question ou étape", "Arrêts", "Part des débuts"), rows, (False, False, True, True)) + more
    out += ["", *more_flows] if more_flows else []
    if marked:
        out += ["", "* Ce nœud mène aussi à un autre parcours : un joueur qui y passe compte ici",
                "  comme un arrêt, et comme un début dans l’autre parcours."]
    return out


def _deflection_row(name: str, d: Deflection) -> tuple[str, ...]:
    return (name, number(d.self_help), number(d.known), percent(d.self_help, d.known), number(d.unknown))


def format_figures(figures: Figures, source: str, top: int | None = TOP) -> str:
    """The figures as a person reads them; ``top``: rows per table (None: all)."""
    out = [f"Signaux lus dans {source} : {number(figures.beacons)}", *_malformed(figures.malformed)]
    if not figures.beacons:
        out.append("Aucun signal valide : rien à compter." if figures.malformed.total
                   else "Le fichier ne contient aucun signal : rien à compter.")
        return "\n".join(out).replace(" :", NBSP + ":") + "\n"

    out += ["", "1. « Cette page vous a-t-elle aidé ? »", ""]
    out += ["Articles :", *_votes(figures.pages, "Page", False, top), ""]
    out += ["Issues des parcours :", *_votes(figures.outcomes, "Parcours/issue", True, top)]

    out += ["", "2. Où les joueurs s’arrêtent (arrivées moins départs, hors issues)", *_stops(figures.flows, top)]

    out += ["", "3. Taux de déflexion (issues en autonomie sur issues dont le canal est connu)", ""]
    flows, more = _cut(figures.deflection_by_flow, top)
    rows = [_deflection_row("tous les parcours", figures.deflection), *(_deflection_row(d.tree, d) for d in flows)]
    out += table(("Parcours", "En autonomie", "Canal connu", "Déflexion", "Canal inconnu"), rows,
                 (False, True, True, True, True)) + more
    if figures.deflection.unknown:
        out += ["", f"{number(figures.deflection.unknown)} issue(s) au canal inconnu du catalogue et des arbres "
                "actuels, comptées à part."]
    return "\n".join(out).replace(" :", NBSP + ":") + "\n"


def figures_json(figures: Figures) -> dict[str, Any]:
    """The same figures, for a program: every row, counts only, no formatted text."""
    def votes(rows: tuple[Votes, ...]) -> list[dict[str, Any]]:
        return [{"key": v.key, "title": v.title, "yes": v.yes, "no": v.no} for v in rows]

    def deflection(d: Deflection) -> dict[str, Any]:
        return {"self_help": d.self_help, "known": d.known, "unknown": d.unknown}

    return {
        "beacons": figures.beacons,
        "malformed": {reason: {"count": figures.malformed.counts[reason], "lines": figures.malformed.lines[reason]}
                      for reason in REASONS if reason in figures.malformed.counts},
        "pages": votes(figures.pages),
        "outcomes": votes(figures.outcomes),
        "flows": [{"tree": f.tree, "title": f.title, "starts": f.starts,
                   "stops": [{"node": s.node, "title": s.title, "stops": s.stops, "hands_over": s.hands_over}
                             for s in f.stops]} for f in figures.flows],
        "deflection": deflection(figures.deflection),
        "deflection_by_flow": {d.tree: deflection(d) for d in figures.deflection_by_flow},
    }
