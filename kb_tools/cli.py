"""``python -m kb_tools``: check, export, graph, report (``--stale``: kb_tools/stale.py), new, headers and stats."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .french_argparse import FrenchArgumentParser
from .problems import Problem, has_errors
from .project import display_path, load_project, tree_files

# Each command imports what only it uses: `make check` loads no graph, report or stale code.

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} erreur(s), {warnings} avertissement(s)", file=sys.stderr)


def _not_checkable(path: Path, trees: Path) -> str | None:
    """Why ``check`` cannot take ``path`` (a usage error), or None."""
    if not path.exists():
        return "fichier introuvable"
    if not path.is_file():
        return "ce n’est pas un fichier ; nommez des fichiers .yml, ou rien pour tout le dossier"
    if path.suffix != ".yml":
        return "un arbre est un fichier .yml ; renommez-le"
    if path.name.startswith("_") and path.absolute().parent.resolve() != trees.resolve():
        return (f"un catalogue ne se vérifie que dans son dossier ; lancez "
                f"« python -m kb_tools --trees {display_path(path.parent)} check »")
    return None


def cmd_check(args: argparse.Namespace) -> int:
    """Every file named is checked in full, against the catalogues and the other
    trees of the project: a copy of a project tree takes its place."""
    paths = [Path(p) for p in args.paths]
    for path in paths:
        why = _not_checkable(path, args.trees)
        if why is not None:
            print(f"{path}: {why}", file=sys.stderr)
            return 2
    from .content_check import check_content

    if paths:
        kb, problems = load_project(args.trees, extra=paths)
    else:  # everything: trees, catalogues, pages and menu
        kb, problems = check_content(args.trees.resolve().parent, args.trees)
    if paths:
        wanted = {display_path(p) for p in paths}
        problems = [p for p in problems if p.path in wanted]
    _report(problems)
    if has_errors(problems):
        return 1
    if paths:
        print(f"OK : {len(wanted)} fichier(s) vérifié(s)", file=sys.stderr)
    else:
        print(f"OK : {len(kb.trees)} arbre(s) et les pages vérifiés", file=sys.stderr)
    return 0


def _load_or_report(trees: Path) -> tuple[object, int]:
    kb, problems = load_project(trees)
    if has_errors(problems):
        _report(problems)
        return kb, 1
    return kb, 0


def cmd_export(args: argparse.Namespace) -> int:
    from .render import export

    kb, code = _load_or_report(args.trees)
    if code:
        return code
    json.dump(export(kb), sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)  # type: ignore[arg-type]
    sys.stdout.write("\n")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from .graph import to_dot, to_mermaid
    from .graph_svg import to_svg

    kb, problems = load_project(args.trees)
    tree = kb.trees.get(args.tree_id)
    if tree is None:
        _report([p for p in problems if Path(p.path).stem == args.tree_id])
        known = ", ".join(sorted(kb.trees)) or "aucun"
        print(f"arbre « {args.tree_id} » introuvable ou invalide ; arbres : {known}", file=sys.stderr)
        return 1
    draw = {"dot": to_dot, "svg": to_svg, "mermaid": to_mermaid}[args.format]
    sys.stdout.write(draw(kb, tree))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Figures per tree on stdout; wording warnings (and any error) on stderr.
    With ``--stale DAYS``: the content to review instead (kb_tools/stale.py)."""
    if any(v is not None for v in (args.stale, args.today, args.owner, args.changed, args.summary)) or args.github:
        return cmd_stale(args)
    from .report import format_table, tree_figures
    from .wording import check_wording

    kb, problems = load_project(args.trees)
    rows = []
    for tree_id in sorted(kb.trees):
        found = check_wording(kb.trees[tree_id], kb.documents[tree_id])
        problems += found
        rows.append(tree_figures(kb, kb.trees[tree_id], warnings=len(found)))
    sys.stdout.write(format_table(rows))
    if kb.broken:
        print(f"Parcours absents du tableau (erreurs) : {', '.join(sorted(kb.broken))}")
    _report(sorted(set(problems)))
    return 1 if has_errors(problems) else 0


def cmd_stale(args: argparse.Namespace) -> int:
    """``report --stale DAYS [--today YYYY-MM-DD] [--owner TEAM] [--github [--changed FILE]]
    [--summary FILE]``: always 0 once the
    arguments are right (stale content fails nothing); 2 with a French usage message."""
    from . import stale
    from .review import reviewed_date, site_today
    from .site_config import read_site_config

    days = (args.stale or "").strip()
    if not re.fullmatch(r"[0-9]{1,6}", days):
        given = f"« {args.stale} » n’est pas un nombre de jours" if days else "il manque le nombre de jours"
        print(f"--stale : {given} ; écrivez par exemple report --stale 180 (un nombre entier de 0 à 999999)",
              file=sys.stderr)
        return 2
    today = site_today() if args.today is None else reviewed_date(args.today.strip())
    if today is None:
        print(f"--today : « {args.today} » n’est pas une date ; écrivez-la AAAA-MM-JJ, par exemple "
              "--today 2026-11-15", file=sys.stderr)
        return 2
    changed: frozenset[str] = frozenset()
    if args.changed is not None:
        try:
            text = Path(args.changed).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            print(f"--changed : « {args.changed} » ne se lit pas ({exc.strerror}) ; nommez le fichier des chemins "
                  "modifiés (git diff --name-only -z)", file=sys.stderr)
            return 2
        changed = frozenset(filter(None, text.split("\0") if "\0" in text else text.splitlines()))
    root = args.trees.resolve().parent
    config, _ = read_site_config(root / "mkdocs.yml", "mkdocs.yml")
    items = stale.read_items(tree_files(args.trees), root / config.docs_dir, root, display_path, today)
    if args.owner is not None and args.owner.strip():  # a blank one (make stale OWNER=" ") keeps every team's
        items = [item for item in items if stale.same_owner(item.owner, args.owner)]
    found = stale.stale(items, int(days), today)
    out = stale.github_annotations(found, today, changed) if args.github else stale.sections(found, today)
    sys.stdout.write("".join(f"{line}\n" for line in [*out, stale.total(found, len(items), int(days), today)]))
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(stale.summary_table(found, len(items), int(days), today, changed))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .skeleton_check import skeleton

    tree_id = args.tree_id
    if not ID_PATTERN.fullmatch(tree_id):
        print(f"« {tree_id} » : l’identifiant doit être en minuscules sans accent, chiffres et tirets "
              "(ex. retrait-en-attente)", file=sys.stderr)
        return 2
    path = args.trees / f"{tree_id}.yml"
    if path.exists():
        print(f"{display_path(path)} existe déjà : choisissez un autre identifiant", file=sys.stderr)
        return 1
    content = skeleton(tree_id)
    path.write_text(content, encoding="utf-8")
    print(f"{display_path(path)} créé ; modifiez-le puis lancez « make check »", file=sys.stderr)
    return 0


def cmd_headers(args: argparse.Namespace) -> int:
    from .headers import headers_file, nginx_snippet, parse_headers_file

    site = Path(args.site)
    if not (site / "index.html").is_file() or not (site / "_headers").is_file():
        print(f"{site}: pas de site construit ici ; lancez d’abord « make build »", file=sys.stderr)
        return 1
    # the build checked every script and wrote these; a copy here could only drift
    headers = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    sys.stdout.write(nginx_snippet(headers) if args.nginx else headers_file(headers))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Figures from a log of beacons (kb_tools/beacon_stats.py); titles and channels from the current trees."""
    from .stats_cli import run_stats

    return run_stats(args.file, args.trees, as_json=args.json, top=args.top)


def _rows(text: str) -> int:
    """``--top N``: a whole number, 0 or more."""
    if not re.fullmatch(r"\s*[0-9]{1,9}\s*", text):
        raise argparse.ArgumentTypeError(f"« {text} » n’est pas un nombre de lignes ; écrivez par exemple --top 20 "
                                         "(0 : toutes)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    """In French, usage errors included (kb_tools/french_argparse.py), exit code 2."""
    top = FrenchArgumentParser(prog="python -m kb_tools", description="Arbres de décision du centre d’aide.")
    top.add_argument("--trees", type=Path, default=Path("trees"), metavar="DOSSIER",
                     help="dossier des arbres (défaut : trees)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMANDE", title="commandes")
    check = sub.add_parser("check", help="vérifier les arbres, les catalogues, les pages et le menu")
    check.add_argument("paths", nargs="*", metavar="FICHIER", help="fichiers à vérifier (défaut : tout le dossier)")
    check.set_defaults(run=cmd_check)
    sub.add_parser("export", help="tous les arbres en JSON sur la sortie standard").set_defaults(run=cmd_export)
    graph = sub.add_parser("graph", help="le schéma d’un arbre (Mermaid, Graphviz DOT ou image SVG)")
    graph.add_argument("tree_id", metavar="ARBRE", help="l’identifiant de l’arbre (le nom de son fichier, sans .yml)")
    graph.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid", metavar="FORMAT",
                       help="mermaid (défaut), dot, ou svg : une image à ouvrir dans le navigateur")
    graph.set_defaults(run=cmd_graph)
    report = sub.add_parser("report", help="pour les rédacteurs : chiffres de chaque arbre et conseils de rédaction")
    report.add_argument("--stale", metavar="JOURS", nargs="?", const="",
                        help="lister les arbres et les pages pas relus depuis JOURS jours, ou jamais (« reviewed: »)")
    report.add_argument("--today", metavar="AAAA-MM-JJ", help="avec --stale : la date du jour (défaut : aujourd’hui)")
    report.add_argument("--github", action="store_true",
                        help="avec --stale : des annotations d’avertissement GitHub (::warning file=…), 10 au plus")
    report.add_argument("--owner", metavar="ÉQUIPE",
                        help="avec --stale : seulement ce qu’a cette équipe (« owner: » ; « sans responsable » : aucune)")
    report.add_argument("--changed", metavar="FICHIER",
                        help="avec --github : les chemins modifiés (git diff --name-only -z), annotés en premier")
    report.add_argument("--summary", metavar="FICHIER",
                        help="avec --stale : ajouter la liste entière en tableau Markdown à FICHIER "
                             "($GITHUB_STEP_SUMMARY)")
    report.set_defaults(run=cmd_report)
    new = sub.add_parser("new", help="créer un arbre squelette commenté")
    new.add_argument("tree_id", metavar="ARBRE", help="l’identifiant du nouvel arbre (ex. retrait-en-attente)")
    new.set_defaults(run=cmd_new)
    headers = sub.add_parser("headers", help="les en-têtes de sécurité du site construit (_headers ou nginx)")
    headers.add_argument("site", nargs="?", default="site", metavar="SITE", help="le dossier du site construit (défaut : site)")
    headers.add_argument("--nginx", action="store_true", help="extrait de configuration nginx")
    headers.set_defaults(run=cmd_headers)
    stats = sub.add_parser("stats", help="chiffres des signaux reçus (votes, arrêts, déflexion), d’un fichier JSONL")
    stats.add_argument("file", metavar="FICHIER", help="le fichier des signaux, un objet JSON par ligne (« - » : l’entrée standard)")
    stats.add_argument("--json", action="store_true", help="les chiffres en JSON, pour un programme (toutes les lignes)")
    stats.add_argument("--top", type=_rows, default=50, metavar="N", help="lignes par tableau (défaut : 50 ; 0 : toutes)")
    stats.set_defaults(run=cmd_stats)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:  # output piped into head, for instance
        return 0
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
