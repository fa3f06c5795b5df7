"""French for what the YAML reader refuses: control characters, PyYAML's
syntax errors, and the YAML 1.1 scalars that are not the text they look like.

Finding stays apart from printing: these functions only build messages.
"""

from __future__ import annotations

import re
from typing import Any

#: Characters YAML refuses in a document (PyYAML's reader, YAML 1.1 §5.1), and
#: the line breaks YAML counts but editors do not (NEL, U+2028, U+2029): with
#: them, every line number after would be wrong.
REFUSED = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Lists and blocks inside one another (a tree needs about six).
MAX_DEPTH = 64
TOO_DEEP = (f"trop de niveaux imbriqués (plus de {MAX_DEPTH} listes ou blocs l’un dans l’autre) ; "
            "aplatissez cette partie")
_BREAKS = {0x85: "NEL", 0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR"}

_C0 = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
]


def character_name(char: str) -> str:
    """« caractère de contrôle U+001B (ESC) », for a refused character."""
    code = ord(char)
    if code in _BREAKS:
        return f"saut de ligne U+{code:04X} ({_BREAKS[code]}) que YAML compte mais pas l’éditeur"
    if code < 0x20:
        return f"caractère de contrôle U+{code:04X} ({_C0[code]})"
    if code == 0x7F:
        return "caractère de contrôle U+007F (DEL)"
    if 0x80 <= code <= 0x9F:
        return f"caractère de contrôle U+{code:04X} (C1)"
    if 0xD800 <= code <= 0xDFFF:
        return f"demi-caractère U+{code:04X} (surrogate)"
    return f"non-caractère U+{code:04X}"


# PyYAML's and libyaml's problem strings, most common first (regex → French). Every
# problem either raises is matched by a line of its own (tests/unit/test_yaml_lines.py).
_INDENT = "vérifiez l’indentation de cette ligne et de la précédente"
_DIRECTIVE = "directive « % » refusée : retirez la ligne qui commence par « % »"
_TAG = "étiquette « ! » invalide : retirez-la, ou mettez la valeur entre guillemets"
_PROBLEMS: list[tuple[str, str]] = [
    (r"expected ',' or '\]'", "il manque une virgule « , » ou le « ] » qui ferme la liste"),
    (r"expected ',' or '\}'", "il manque une virgule « , » ou l’accolade « } » qui ferme le bloc"),
    (r"expected ',' or '", "il manque une virgule « , », ou le « ] » ou le « } » qui ferme la liste ou le bloc"),
    (r"found unexpected end of stream", "le fichier finit trop tôt : un guillemet ou un crochet n’est pas fermé"),
    (r"did not find expected key", f"une clé est attendue ici : {_INDENT}"),
    (r"did not find expected node content", "une valeur est attendue ici"),
    (r"mapping values are not allowed", "deux-points « : » inattendu : vérifiez l’indentation de la ligne "
                                        "précédente, ou mettez ce texte entre guillemets"),
    (r"mapping keys are not allowed", f"clé inattendue ici : {_INDENT}"),
    (r"did not find expected '-' indicator", f"un tiret « - » de liste est attendu ici : {_INDENT}"),
    (r"sequence entries are not allowed", f"tiret « - » de liste inattendu ici : {_INDENT}"),
    (r"could not find expected ':'", "il manque le deux-points « : » après la clé"),
    (r"found unexpected ':'", "deux-points « : » inattendu : mettez ce texte entre guillemets"),
    (r"found undefined alias", "alias « * » sans ancre « & » correspondante"),
    (r"found duplicate anchor|second occurrence", "la même ancre « & » est définie deux fois"),
    (r"found character .*that cannot start any token", "caractère qui ne peut pas commencer une valeur : "
                                                       "mettez la valeur entre guillemets"),
    (r"found unknown escape character", "séquence inconnue après une barre oblique inverse « \\ » : "
                                        "doublez-la, ou utilisez des guillemets simples"),
    (r"hexa?decimal|Unicode character escape",
     "code invalide après « \\x », « \\u » ou « \\U » : doublez la barre oblique inverse « \\ »"),
    (r"expected a single document|but found another document", "un seul document par fichier : "
                                                                "retirez la ligne « --- » en trop"),
    (r"found a tab character", "tabulation interdite ici : utilisez des espaces"),
    (r"alphabetic or numeric character", "nom d’ancre ou d’alias invalide après « & » ou « * »"),
    (r"comment or (a )?line break", "texte inattendu en fin de ligne : ajoutez des guillemets, "
                                    "ou commencez le commentaire par « # » précédé d’une espace"),
    (r"whitespace|expected ' '", "une espace est attendue ici, après « - », « : » ou « ! »"),
    (r"exceeded max depth", "imbrication trop profonde"),
    (r"found unexpected document (separator|indicator)", "« --- » ou « ... » inattendu dans un texte : "
                                                          "mettez le texte entre guillemets"),
    (r"version number|expected (a )?digit|directive|duplicate tag handle|incompatible YAML document", _DIRECTIVE),
    (r"chomping|indentation indicator", "indicateur de bloc « | » ou « > » mal écrit : écrivez « >- » ou « |- »"),
    (r"'!'|tag URI|tag handle|URI escaped octet|non-alphabetical|expected '>'|found unknown (character|tag)"
     r"|expected (URI|tag handle)", _TAG),
    (r"UTF-(8|16)", "octets qui ne sont pas de l’UTF-8 : enregistrez le fichier en UTF-8"),
    (r"control characters|Unicode character", "caractère interdit dans un fichier YAML : supprimez-le"),
    (r"STREAM|DOCUMENT|<stream-start>|<document start>|<block end>|the node content|SCALAR",
     f"élément inattendu : {_INDENT}"),
]

_CONTEXTS: list[tuple[str, str]] = [
    (r"flow sequence", "dans la liste entre crochets commencée"),
    (r"flow mapping", "dans le bloc entre accolades commencé"),
    (r"quoted scalar", "dans le texte entre guillemets commencé"),
    (r"block mapping", "dans le bloc commencé"),
    (r"block collection", "dans la liste commencée"),
    (r"simple key", "dans la clé commencée"),
    (r"block scalar", "dans le texte « | » ou « > » commencé"),
    (r"plain scalar", "dans le texte commencé"),
    (r"anchor|alias", "dans l’ancre ou l’alias commencé"),
    (r"tag", "dans l’étiquette commencée"),
    (r"directive", "dans la directive commencée"),
    (r"composing|document", "dans le document commencé"),
    (r"node|token|%s", "dans l’élément commencé"),
]


def _lookup(table: list[tuple[str, str]], text: str | None) -> str | None:
    for pattern, french in table:
        if text and re.search(pattern, text):
            return french
    return None


def syntax_message(problem: str | None, context: str | None, context_line: int | None) -> str:
    """French for one PyYAML error; never its English words."""
    what = _lookup(_PROBLEMS, problem) or "syntaxe YAML invalide"
    where = _lookup(_CONTEXTS, context)
    if where and context_line:
        what += f" ({where} ligne {context_line})"
    if "vérifiez" not in what:
        what += " ; vérifiez l’indentation, les deux-points et les guillemets"
    return f"YAML illisible : {what}"


# The repairs of yaml_blame.py: the line they name is the one to fix.

def wrong_indent(spaces: int, wanted: int, like: int | None) -> str:
    model = f"comme la ligne {like}" if like else "comme les lignes du bloc dont elle fait partie"
    return (f"YAML illisible : cette ligne commence par {spaces} espace{'s' if spaces > 1 else ''} ; "
            f"mettez-en {wanted}, {model}")


def missing_colon(key: str) -> str:
    return f"YAML illisible : il manque le deux-points après « {key} » ; écrivez « {key}: »"


def open_quote(char: str) -> str:
    return (f"YAML illisible : le guillemet {char} ouvert ici n’est jamais fermé ; "
            f"ajoutez {char} à la fin du texte")


def open_bracket(closing: str) -> str:
    what = "la liste ouverte ici par « [ » n’est jamais fermée" if closing == "]" else \
        "le bloc ouvert ici par « { » n’est jamais fermé"
    return f"YAML illisible : {what} ; ajoutez « {closing} » à la fin"


def colon_in_text() -> str:
    return ("YAML illisible : deux-points suivi d’une espace dans un texte sans guillemets ; "
            "mettez tout le texte entre guillemets \"…\", ou écrivez-le sur les lignes suivant « >- »")


def read_as(value: Any) -> str:
    """What YAML made of an unquoted scalar that is not text."""
    if value is None:
        return "une valeur vide (null)"
    if isinstance(value, bool):
        return f"le booléen {'true' if value else 'false'}"
    return f"le nombre {value}"


def quote_hint(written: str, value: Any) -> str:
    """« YAML y lit le booléen true ; écrivez "yes" entre guillemets »."""
    if not written:
        return "la valeur est vide ; écrivez le texte"
    return f"YAML y lit {read_as(value)} ; écrivez \"{written}\" entre guillemets"
