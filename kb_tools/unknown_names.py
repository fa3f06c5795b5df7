"""What to say about a name that names nothing: the closest known names, and
for a ticket field, how to add it to the catalogue."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: The types a field of _fields.yml may have (kb_tools/schema/fields.schema.json).
FIELD_TYPES = "text, textarea, email, date, amount, choice"


def closest(name: str, known: Iterable[str]) -> list[str]:
    """The known names nearest to ``name`` (a typo, a missing letter), best first."""
    return difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)


def did_you_mean(name: str, known: Iterable[str], before: str = " ; ") -> str:
    """« ; vouliez-vous dire « date » ? » (``before`` it), or nothing when no known name is near."""
    near = closest(name, known)
    if not near:
        return ""
    return before + "vouliez-vous dire " + " ou ".join(f"« {n} »" for n in near) + " ?"


def unknown_field(field_id: str, known: Iterable[str], catalogue: str) -> str:
    """The message for a ticket field missing from the catalogue ``catalogue`` (its path)."""
    known = sorted(known)
    near = did_you_mean(field_id, known, " : ") or f" (champs : {', '.join(known)})"
    return (f"champ « {field_id} » absent de {catalogue}{near}{' Pour' if near.endswith('?') else ' ; pour'} créer ce champ, "
            f"ajoutez-le dans {catalogue} sous « fields: », indenté comme les autres : une ligne « {field_id}: », "
            "puis en dessous « label: » (le libellé que voit le joueur) et « type: » "
            f"({FIELD_TYPES}), comme les champs déjà décrits")
