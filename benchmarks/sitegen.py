"""Generate a help centre of N trees for benchmarks, from the project's own
catalogues and the guide's vocabulary (deterministic: same N, same site).

    python -m benchmarks.sitegen 1000 /tmp/site-1000
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT.parent / "shared" / "seed" / "guide-service-client-roulettino.txt"
#: A real help centre files its guides under a few dozen categories: 25 trees each, in a row.
PER_CATEGORY = 25
#: Each category (theme) with the subject of its trees: a tree's title names what its category is about.
THEMES = {"Paiements": "paiement", "Retraits": "retrait", "Dépôts": "dépôt", "Bonus": "bonus", "Connexion": "connexion",
          "Vérification d’identité": "vérification", "Sécurité du compte": "compte", "Jeu responsable": "pause",
          "Litiges": "litige", "Cartes bancaires": "carte", "Portefeuilles électroniques": "e-wallet",
          "Virements": "virement", "Crypto-monnaies": "crypto", "Documents": "document", "Limites de jeu": "limite",
          "Mot de passe": "mot de passe", "Application mobile": "application", "Parrainage": "parrainage",
          "Tournois": "tournoi", "Fidélité": "cadeau de fidélité"}
SUBJECTS = list(THEMES.values())


def category(n: int) -> str:
    """The category of tree ``n``: the themes in turn, numbered once they are all used."""
    group = n // PER_CATEGORY
    theme, lap = list(THEMES)[group % len(THEMES)], group // len(THEMES)
    return f"{theme} {lap + 1}" if lap else theme


def subject_of(n: int) -> str:
    """The subject of tree ``n``: that of its category's theme (« Problème 75 : connexion » is filed under Connexion)."""
    return SUBJECTS[n // PER_CATEGORY % len(THEMES)]


def _sentences() -> list[str]:
    # the support guide when it is there (../shared), else this site's own articles (a fresh clone, CI)
    sources = [GUIDE] if GUIDE.is_file() else sorted((ROOT / "docs").glob("*.md"))
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    text = re.sub(r"^[#>|!{<-].*$|[*_`\[\]()]", " ", text, flags=re.M)  # headings, tables, blocks, markup
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [re.sub(r"[•:\"«»&<>]", "", p).strip() for p in parts if 30 <= len(p.strip()) <= 160]  # no markup: head text


def tree_yaml(n: int, rng: random.Random, sentences: list[str]) -> str:
    subject = subject_of(n)
    tid = f"probleme-{n:04d}"
    pick = lambda: rng.choice(sentences).replace('"', "")  # noqa: E731
    return f'''# yaml-language-server: $schema=../kb_tools/schema/tree.schema.json
id: {tid}
title: "Problème {n} : {subject}"
description: "{pick()[:200]} ({subject}, cas {n})"
category: "{category(n)}"
keywords: ["{subject}", "{subject} {n}", "cas {n}"]
start: q1
nodes:
  q1:
    type: question
    text: "Votre {subject} est-il bloqué depuis plus d’un jour ?"
    help: "{pick()}"
    answers:
      - label: Oui
        next: verifs
        set: {{statut: "Bloqué"}}
      - label: Non
        next: q2
  q2:
    type: question
    text: "Avez-vous reçu un message d’erreur ?"
    answers:
      - label: Oui
        next: contact
      - label: Non
        next: resolu
  verifs:
    type: checklist
    title: "Vérifications pour {subject}"
    steps: ["{pick()}", "{pick()}", "{pick()}"]
    resolved: resolu
    next: contact
    done: "J’ai fait ces vérifications"
  contact:
    type: outcome
    title: "Contactez le chat en direct pour {subject}"
    channel: chat
    text: "{pick()} {pick()}"
    ticket:
      subject: "{subject.capitalize()} bloqué[ depuis le {{date}}]"
      request: "Mon {subject}[ du {{date}}] est bloqué. Pouvez-vous m’aider ?"
      fields: [email, date, statut, description]
      attachments: ["{pick()[:100]}"]
  resolu:
    type: outcome
    title: Problème résolu
    channel: faq
    still_stuck: contact
    text: "{pick()}"
'''


def generate(count: int, dest: Path, *, as_markdown: bool = False) -> Path:
    """A project folder with `count` trees (or, with as_markdown, the same pages as plain Markdown)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml",):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("overrides", "includes"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "docs").mkdir()
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")  # the favicon mkdocs.yml names
    (dest / "docs" / "index.md").write_text("---\ndescription: Banc d’essai du centre d’aide.\n---\n\n"
                                            "# Banc d’essai\n\n<!-- kb-home-cards -->\n", encoding="utf-8")
    trees = dest / "trees"
    trees.mkdir()
    for name in ("_channels.yml", "_fields.yml", "_synonyms.yml"):
        shutil.copy2(ROOT / "trees" / name, trees / name)
    rng = random.Random(count)
    sentences = _sentences()
    for n in range(count):
        (trees / f"probleme-{n:04d}.yml").write_text(tree_yaml(n, rng, sentences), encoding="utf-8")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    # the menu holds the home page; the build puts the tree pages in it (kb_tools/plugin/pages.py)
    config = re.sub(r"\nnav:\n(?:  .*\n|      .*\n)*", "\nnav:\n  - Accueil: index.md\n", config)
    config = config.replace("strict: true", "strict: false")
    if as_markdown:
        config = _as_markdown(dest / "docs", trees, config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def _as_markdown(docs: Path, trees: Path, config: str) -> str:
    """The pages kb_tools would generate, written in docs/, with the menu it would make
    (kb_tools/nav_order.py: by category above MAX_FLAT trees); mkdocs.yml without kb_tools."""
    from kb_tools.home_cards import embed_home_cards
    from kb_tools.nav_order import CATEGORY_DIR, MAX_FLAT, SECTION_TITLE, by_category, category_markdown
    from kb_tools.project import load_project
    from kb_tools.render import environment, render_article

    kb, _ = load_project(trees)
    env = environment()
    (docs / "parcours").mkdir()
    for tree_id, tree in kb.trees.items():
        (docs / "parcours" / f"{tree_id}.md").write_text(render_article(env, kb, tree), encoding="utf-8")
    home = docs / "index.md"
    home.write_text(embed_home_cards(home.read_text(encoding="utf-8"), kb), encoding="utf-8")
    groups = by_category(kb.trees, kb.trees)
    nav = [f"  - {SECTION_TITLE}:"]
    if len(kb.trees) <= MAX_FLAT:
        nav += [f"      - parcours/{t}.md" for _, _, ids in groups for t in ids]
    for slug, title, ids in groups if len(kb.trees) > MAX_FLAT else []:
        (docs / CATEGORY_DIR / slug).mkdir(parents=True)
        (docs / CATEGORY_DIR / slug / "index.md").write_text(category_markdown(title, ids, kb.trees), encoding="utf-8")
        nav += [f"      - {json.dumps(title, ensure_ascii=False)}:", f"          - {CATEGORY_DIR}/{slug}/index.md",
                *(f"          - parcours/{t}.md" for t in ids)]
    config = config.replace("\nnav:\n  - Accueil: index.md\n", "\nnav:\n  - Accueil: index.md\n" + "\n".join(nav) + "\n")
    return re.sub(r"  - kb_tools:\n(?:      .*\n)*", "", config)


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]), as_markdown="--markdown" in sys.argv)
