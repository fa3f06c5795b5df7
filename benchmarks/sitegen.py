"""Generate a help centre of N trees for benchmarks, from the project's own
catalogues and the guide's vocabulary (deterministic: same N, same site).

    python -m benchmarks.sitegen 1000 /tmp/site-1000
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT.parent / "shared" / "seed" / "guide-service-client-roulettino.txt"
SUBJECTS = ["retrait", "dépôt", "bonus", "connexion", "vérification", "sécurité", "paiement", "compte", "litige",
            "code promo", "carte", "e-wallet", "virement", "crypto", "document", "limite", "pause", "mot de passe"]


def _sentences() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8") if GUIDE.is_file() else "Le chat d’abord. Vérifiez le statut."
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [re.sub(r"[•:\"«»&<>]", "", p).strip() for p in parts if 30 <= len(p.strip()) <= 160]  # no markup: head text


def tree_yaml(n: int, rng: random.Random, sentences: list[str]) -> str:
    subject = SUBJECTS[n % len(SUBJECTS)]
    tid = f"probleme-{n:04d}"
    pick = lambda: rng.choice(sentences).replace('"', "")  # noqa: E731
    return f'''# yaml-language-server: $schema=../kb_tools/schema/tree.schema.json
id: {tid}
title: "Problème {n} : {subject}"
description: "{pick()[:200]} ({subject}, cas {n})"
category: Test
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
  contact:
    type: outcome
    title: "Contactez le chat en direct pour {subject}"
    channel: chat
    text: "{pick()} {pick()}"
    ticket:
      subject: "{subject.capitalize()} bloqué depuis le {{date}}"
      fields: [email, date, statut, description]
      attachments: ["{pick()[:100]}"]
  resolu:
    type: outcome
    title: Problème résolu
    channel: faq
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
    (dest / "docs" / "index.md").write_text("---\ndescription: Banc d’essai du centre d’aide.\n---\n\n# Banc d’essai\n",
                                            encoding="utf-8")
    trees = dest / "trees"
    trees.mkdir()
    for name in ("_channels.yml", "_fields.yml", "_synonyms.yml"):
        shutil.copy2(ROOT / "trees" / name, trees / name)
    rng = random.Random(count)
    sentences = _sentences()
    for n in range(count):
        (trees / f"probleme-{n:04d}.yml").write_text(tree_yaml(n, rng, sentences), encoding="utf-8")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(?:  .*\n|      .*\n)*", "\n", config)  # generated pages: automatic nav
    config = config.replace("strict: true", "strict: false")
    if as_markdown:
        from kb_tools.project import load_project
        from kb_tools.render import environment, render_article

        kb, _ = load_project(trees)
        env = environment()
        (dest / "docs" / "parcours").mkdir()
        for tree_id, tree in kb.trees.items():
            (dest / "docs" / "parcours" / f"{tree_id}.md").write_text(render_article(env, kb, tree), encoding="utf-8")
        config = re.sub(r"  - kb_tools:\n(?:      .*\n)*", "", config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]), as_markdown="--markdown" in sys.argv)
