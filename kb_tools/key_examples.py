"""What to write for a key the schema requires and a file lacks: one example
line per key, by the object it belongs in (the schema's ``$defs`` name, ``""``
for the top of the file). A key whose values the schema lists (``type``,
``kind``) gets them from the schema itself."""

from __future__ import annotations

from typing import Any

#: schema -> object ($defs name, "" for the file) -> key -> (example line, what comes after it)
EXAMPLES: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "tree": {
        "": {
            "id": ("id: retrait-en-attente", "le nom du fichier, sans .yml"),
            "title": ("title: Retrait en attente ou refusé", ""),
            "description": ("description: Votre retrait n’arrive pas ? Vérifiez le KYC, puis contactez le bon canal.",
                            "une ou deux phrases, montrées sous le titre et dans la recherche"),
            "category": ("category: Paiements", "la rubrique du menu"),
            "start": ("start: premier-noeud", "le nœud de la première question"),
            "nodes": ("nodes:", "puis en dessous, en retrait, chaque nœud : « premier-noeud: » puis « type: question »"),
        },
        "node": {"type": ("type: question", "")},
        "question": {
            "type": ("type: question", ""),
            "text": ("text: Votre vérification d’identité est-elle finalisée ?", "la question posée"),
            "answers": ("answers:", "puis en dessous, en retrait, chaque réponse : « - label: Oui » et « next: suite »"),
        },
        "answer": {
            "label": ("label: Oui, mon KYC est finalisé", "le texte du bouton"),
            "next": ("next: methode", "le nœud, ou l’arbre, où mène la réponse"),
        },
        "checklist": {
            "type": ("type: checklist", ""),
            "title": ("title: Vérifiez votre connexion", ""),
            "steps": ("steps:", "puis en dessous, en retrait, une étape par ligne : « - Videz le cache du navigateur. »"),
            "done": ("done: J’ai fait ces vérifications", "le texte du bouton après les étapes"),
            "resolved": ("resolved: resolu", "l’issue quand les étapes ont réglé le problème"),
            "next": ("next: contact", "le nœud quand le problème demeure"),
        },
        "outcome": {
            "type": ("type: outcome", ""),
            "title": ("title: Contactez le support par chat", ""),
            "channel": ("channel: chat", "un canal de _channels.yml"),
            "text": ("text: Ouvrez le chat et collez la demande préparée.", ""),
        },
        "attachment": {
            "label": ("label: Capture d’écran de l’erreur", "la pièce à joindre"),
            "when": ("when: {methode: [Carte bancaire]}", "le champ et les valeurs où la pièce est demandée"),
        },
        "ticket": {
            "subject": ("subject: Retrait en attente[ : {date}]", "l’objet du ticket"),
            "fields": ("fields: [email, id-joueur]", "les champs de _fields.yml que le joueur remplit"),
        },
    },
    "channels": {
        "": {
            "timezone": ("timezone: Europe/Paris", ""),
            "business_hours": ("business_hours:", "puis en dessous, en retrait, un jour par ligne : "
                                                 "« mon: [\"09:00-18:00\"] »"),
            "channels": ("channels:", "puis en dessous, en retrait, chaque canal : « chat: » puis « kind: chat »"),
        },
        "channel": {
            "kind": ("kind: chat", ""),
            "name": ("name: Chat en direct", "le nom montré au joueur"),
            "purpose": ("purpose: Pour l’immédiat : questions courantes, état d’une transaction.", "à quoi sert le canal"),
            "delay": ("delay: Réponse quasi immédiate en heures ouvrées", "le délai de réponse annoncé"),
        },
    },
    "fields": {
        "": {"fields": ("fields:", "puis en dessous, en retrait, chaque champ : « email: » puis "
                                   "« label: E-mail du compte » et « type: email »")},
        "field": {
            "label": ("label: E-mail du compte", "le libellé de la case"),
            "type": ("type: email", ""),
            "options": ("options: [Carte bancaire, E-wallet]", "les choix proposés"),
        },
    },
    "synonyms": {
        "": {"synonyms": ("synonyms:", "puis en dessous, un groupe par ligne : « - [retrait, retirer, gains] »")},
    },
    "incidents": {
        "": {"incidents": ("incidents: []", "ou, en dessous, un incident par « - id: ... »")},
        "incident": {
            "id": ("id: retraits-ewallet-lents", "l’identifiant de l’incident"),
            "title": ("title: Retraits vers les e-wallets retardés", "le titre de l’encadré"),
            "text": ("text: Vos fonds ne sont pas perdus.", "ce que le joueur doit savoir, en Markdown court"),
            "affects": ("affects: [retrait-en-attente]", "les arbres ou les rubriques concernés"),
            "start": ("start: 2026-11-28T08:00:00+01:00", "le début, avec le décalage UTC"),
        },
    },
}


def missing_key_help(schema: str, owner: str, key: str, spec: Any) -> str:
    """`` ; ajoutez la ligne « key: ... » (...)`` for a missing ``key`` of the object ``owner``
    (its ``$defs`` name, ``""`` at the top), ``spec`` being the key's schema (its ``enum``)."""
    table = EXAMPLES.get(schema, {})
    line, after = table.get(owner, {}).get(key) or next(
        (keys[key] for keys in table.values() if key in keys), (f"{key}: …", ""))
    choices = spec.get("enum") if isinstance(spec, dict) else None
    if choices:
        after = "; ".join(x for x in (after, f"valeurs possibles : {', '.join(map(str, choices))}") if x)
    return f" ; ajoutez par exemple la ligne « {line} »" + (f" ({after})" if after else "")
