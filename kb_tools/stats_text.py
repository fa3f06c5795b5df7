"""The figures of :mod:`kb_tools.beacon_stats` for a person (French, aligned
plain-text tables) or for a program (JSON)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any, TypeVar

from .beacon_stats import APART, MAX_DISTINCT, Apart, Deflection, Figures, FlowStops, Votes
from .beacons import REASONS, MalformedLines

NBSP = "\u00a0"
TITLE_WIDTH = 48


def number(n: int) -> str:
    """12345 as « 12 345 » (non-breaking space between thousands)."""
    return f"{n:,}".replace(",", NBSP)


def counted(n: int, one: str, many: str) -> str:
    """« 1 début », « 0 début », « 3 débuts »: the number and the word it agrees with."""
    return f"{number(n)} {one if n < 2 else many}"


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
    left = len(rows) - top
    return rows[:top], [f"  … et {counted(left, 'autre ligne', 'autres lignes')} ; « --top 0 » pour tout afficher"]


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
        out += ["", f"{flow.tree}{title} : {counted(flow.starts, 'début', 'débuts')}"]
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
    return (name, number(d.self_help), number(d.known), percent(d.self_help, d.known), number(d.unknown),
            number(d.left), number(d.no))


def _apart(rows: Sequence[Apart], top: int | None) -> list[str]:
    """The beacons that do not match the current trees: how many, then by node and reason."""
    if not rows:
        return []
    total = sum(a.total for a in rows)
    shown, more = _cut(rows, top)
    body = [(f"{a.tree}/{a.node}", APART[a.reason], number(a.steps), number(a.outcomes), number(a.yes), number(a.no))
            for a in shown]
    return ["", f"Signaux qui ne correspondent pas aux arbres actuels, comptés à part (hors des chiffres) : {number(total)}",
            *table(("Parcours/nœud", "Raison", "step", "outcome", "Oui", "Non"), body,
                   (False, False, True, True, True, True)), *more]


def format_figures(figures: Figures, source: str, top: int | None = TOP) -> str:
    """The figures as a person reads them; ``top``: rows per table (None: all)."""
    out = [f"Signaux lus dans {source} : {number(figures.beacons)}", *_malformed(figures.malformed),
           *_apart(figures.apart, top)]
    if figures.dropped:
        out.append(f"Non comptés : {number(figures.dropped)} signaux au-delà de {number(MAX_DISTINCT)} valeurs "
                   "distinctes (pages ou nœuds) ; un journal rempli de valeurs inventées, sans doute.")
    if not figures.beacons:
        out.append("Aucun signal valide : rien à compter." if figures.malformed.total
                   else "Le fichier ne contient aucun signal : rien à compter.")
        return "\n".join(out).replace(" :", NBSP + ":") + "\n"

    out += ["", "1. « Cette page vous a-t-elle aidé ? »", ""]
    out += ["Articles :", *_votes(figures.pages, "Page", False, top), ""]
    out += ["Issues des parcours :", *_votes(figures.outcomes, "Parcours/issue", True, top)]

    out += ["", "2. Où les joueurs s’arrêtent (arrivées moins départs, hors issues)", *_stops(figures.flows, top)]

    out += ["", "3. Taux de déflexion (parcours finis en autonomie sur parcours finis sur un canal connu)", ""]
    flows, more = _cut(figures.deflection_by_flow, top)
    rows = [_deflection_row("tous les parcours", figures.deflection), *(_deflection_row(d.tree, d) for d in flows)]
    out += table(("Parcours", "En autonomie", "Canal connu", "Déflexion", "Canal inconnu", "Quittées", "« Non »"),
                 rows, (False, True, True, True, True, True, True)) + more
    out += ["", "En autonomie, Canal connu : les parcours qui y finissent. Quittées : les issues en autonomie",
            "quittées par « Toujours bloqué », qui ne sont pas des fins en autonomie (le joueur finit sur le",
            "contact où mène ce bouton). « Non » : les votes « Non » sur les issues en autonomie."]
    if figures.deflection.unknown:
        unknown = counted(figures.deflection.unknown, "fin", "fins")
        out += ["", f"{unknown} sur une issue au canal inconnu du catalogue et des arbres actuels, comptées à part."]
    return "\n".join(out).replace(" :", NBSP + ":") + "\n"


def figures_json(figures: Figures) -> dict[str, Any]:
    """The same figures, for a program: every row, counts only, no formatted text."""
    def votes(rows: tuple[Votes, ...]) -> list[dict[str, Any]]:
        return [{"key": v.key, "title": v.title, "yes": v.yes, "no": v.no} for v in rows]

    def deflection(d: Deflection) -> dict[str, Any]:
        return {"self_help": d.self_help, "known": d.known, "unknown": d.unknown, "left": d.left, "no": d.no}

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
        "dropped": figures.dropped,
        "apart": {"total": figures.apart_total,
                  "rows": [{"tree": a.tree, "node": a.node, "reason": a.reason, "steps": a.steps,
                            "outcomes": a.outcomes, "yes": a.yes, "no": a.no} for a in figures.apart]},
    }
