"""What a ticket accepts: the ``{champ}`` placeholders of its subject, and the
values an answer presets with ``set:``.

Both mirror the browser flow (``overrides/assets/javascripts/kb/``):
``ticket-text.js`` fills the subject with PLACEHOLDER, which the flow data
hands it, and ``fields.js`` decides which values a field takes. A change there
is made here too (tests/unit/test_ticket_rules.py runs ``fields.js`` through
node and compares).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

#: ``{champ}`` in a subject: the one definition (the flow data gives it to kb/ticket-text.js)
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

#: JavaScript's ``\s`` and ``String.prototype.trim`` (ECMAScript white space and
#: line terminators), written out: Python's ``\s`` is another set.
JS_SPACES = "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
_S = re.escape(JS_SPACES)

# The patterns of kb/fields.js and kb/privacy.js, JavaScript's \s, \S, \d and \b spelt out.
# SECRET is /.../gi: without the u flag, JavaScript folds the case of ASCII letters only (re.ASCII);
# accented letters are spelt in both cases on both sides.
_I = re.IGNORECASE | re.ASCII
SECRET = re.compile(rf"((?:\b(?:mis|tap[éÉ]|utilis[éÉ]|entr[éÉ]|saisi|essay[éÉ]|choisi)[{_S}]+(?:(?:le|mon|ce|un|comme)[{_S}]+)*)?)"
                    rf"(mot[{_S}-]*de[{_S}-]*passe|\bmdp\b|pass[{_S}]*word|passwd|\bpwd\b)"
                    rf"((?:[{_S}]*(?:est\b|c['’]est\b|[éÉe]tait\b|:|=|->|actuel(?:le)?\b|ancien(?:ne)?\b|nouveau\b"
                    rf"|nouvel(?:le)?\b|provisoire\b))*)([{_S}]*(?:[«“\"][{_S}]*)?)([^{_S}]+)", _I)
_QUOTE_BEFORE = re.compile("^[\"'«“(\\[]+")
_PUNCT_AFTER = re.compile("[.,;:!?…)»\"”'\\]]+$")
_MARK = re.compile(r"\[[^\]\n0-9!\"#$%&()*+,./:;<=>?@\\^_`{|}~]{1,40}\]")
#: kb/privacy.js CONTEXT and LETTER: a word mixing letters and digits in a sentence naming a password
_CONTEXT = re.compile(rf"mot[{_S}-]*de[{_S}-]*passe|\bmdp\b|pass[{_S}]*word|passwd|\bpwd\b|\btap[éÉ]|\bsaisi", _I)
_LETTER = re.compile("[A-Za-zÀ-ÖØ-öø-ÿ]")
_SYMBOL = re.compile(r"[0-9!\"#$%&()*+,./:;<=>?@\[\\\]^_`{|}~]")
#: kb/privacy.js PLAIN: words that follow a password keyword in ordinary French
_PLAIN = frozenset((  # noqa: SIM905 (the same string as kb/privacy.js)
    "a à au aux avec sans de du des d le la les l un une et ou mais donc car ni sur sous pour par dans en "
    "je j tu il elle on nous vous ils elles me m te se s ce c ça cela qui que qu quand si ne n pas plus jamais rien toujours "
    "encore déjà aussi très trop bien mal hier aujourd demain ici là mon ma mes ton ta votre vos son sa ses leur leurs "
    "est était a été faux bon mauvais correct incorrect erroné invalide valide oublié perdu bloqué changé modifié expiré "
    "refusé réinitialisé piraté volé impossible problème ok oui non inconnu introuvable").split(" "))
_CODE_WORD = re.compile(r"code[{s}]*(?:2fa|a2f|sms|otp|de[{s}]*(?:v[éÉe]rification|validation|s[éÉe]curit[éÉe]|confirmation"
                        r"|connexion))|code[{s}]*d['’]authentification|\b2fa\b|\ba2f\b|\botp\b|\bsms\b|authentification"
                        .replace("{s}", _S), _I)
_CODE = re.compile(r"(^|[^\d/.,:-])(\d{4,8})(?![\d/.,:-]?\d)", re.ASCII)
_NEAR = 40
EMAIL = re.compile(rf"[^@{_S}]+@[^@{_S}]+\.[^@{_S}]{{2,}}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_secret(verb: str, keyword: str, joint: str, token: str) -> bool:
    core = _PUNCT_AFTER.sub("", _QUOTE_BEFORE.sub("", token))
    if not core:
        return False
    if len(core) >= 4 and (_SYMBOL.search(core) or (re.search("(?s).[A-Z]", core) and re.search("[a-z]", core))):
        return True
    if re.search("=|->", joint) or (":" in joint and not any(c in JS_SPACES for c in keyword)):
        return True
    strong = re.search("(?:c['’]est|[éÉe]tait)|:", joint, _I) is not None or (verb != "" and joint.strip(JS_SPACES) == "")
    word = re.sub("['’].*$", "", core.lower(), flags=re.DOTALL)
    return strong and word not in _PLAIN and not re.search("(?:é|ée|és|ées|er|ment)$", word)


def has_secret(text: str) -> bool:
    """Whether ``text`` holds a password or a one-time code written in clear
    (kb/privacy.js ``redactSecrets``)."""
    for match in SECRET.finditer(text):
        verb, keyword, joint, _, token = match.groups()
        if _MARK.match(text, match.start(5)):
            continue  # where a password was already cut out
        if _is_secret(verb, keyword, joint, token):
            return True
    for match in _CODE.finditer(text):
        digits, start, end = match.group(2), match.start(2), match.end(2)
        if re.fullmatch("(?:19|20)[0-9][0-9]", digits):
            continue
        if _CODE_WORD.search(text[max(0, start - _NEAR):start] + " " + text[end:end + _NEAR]):
            return True
    return any(_in_context(sentence.group()) for sentence in re.finditer(r"[^.!?\n]+[.!?\n]*", text))


def _in_context(sentence: str) -> bool:
    if not _CONTEXT.search(sentence):
        return False
    for token in re.findall(rf"[^{_S}]+", sentence):
        core = _PUNCT_AFTER.sub("", _QUOTE_BEFORE.sub("", token))
        if len(core) >= 6 and not re.search("[-/@]", core) and _LETTER.search(core) and re.search("[0-9]", core):
            return True
    return False


_EURO = re.compile(r"^(?:€|eur)|(?:€|euros?|eur)$", _I)
_CURRENCY = re.compile(r"[$£¥₿]|usd|gbp|chf|cad|jpy|btc|eth|usdt|usdc|ltc|xrp|sol|doge|bnb|ada|dai", _I)
_CAPITALS = re.compile(r"[A-Z]{3,5}")


def amount_parts(text: str) -> tuple[str, str, str] | None:
    """Units, decimals and unit ("" for euros) of an amount as players write it
    (« 250 € », « 1 000,50 », « 1.000 », « 0,015 BTC »), or None (kb/fields.js ``amountParts``)."""
    bare = re.sub(f"[{_S}]", "", text)
    unit = ""
    if _EURO.search(bare):
        bare = re.sub(r"^(?:€|eur)", "", bare, flags=_I)
        bare = re.sub(r"(?:€|euros?|eur)$", "", bare, flags=_I)
    else:
        found = re.fullmatch(r"([^0-9.,]+)?([0-9.,]+)([^0-9.,]+)?", bare, flags=re.DOTALL)
        code = (found.group(1) or found.group(3) or "") if found and not (found.group(1) and found.group(3)) else ""
        if found and code and (_CURRENCY.fullmatch(code) or _CAPITALS.fullmatch(code)):
            unit = code.upper() if len(code) > 1 else code
            bare = found.group(2)
    places = 8 if unit else 2
    if (re.fullmatch(rf"[0-9]{{1,3}}(?:\.[0-9]{{3}})+(?:,[0-9]{{1,{places}}})?", bare)
            and not (unit and re.fullmatch(r"[0-9]+\.[0-9]{3}", bare))):
        bare = bare.replace(".", "")
    found = re.fullmatch(rf"([0-9]+)(?:[.,]([0-9]{{1,{places}}}))?", bare)
    return None if found is None else (found.group(1), found.group(2) or "", unit)


def stray_brace(subject: str) -> int | None:
    """Index of the first brace of ``subject`` that is not part of a ``{champ}``
    (unclosed, closed twice, or inside another ``{...}``); None when all are."""
    opened: int | None = None
    for index, char in enumerate(subject):
        if char == "{":
            if opened is not None:
                return opened
            opened = index
        elif char == "}":
            if opened is None:
                return index
            opened = None
    return opened


def set_value_refusal(spec: Mapping[str, Any], value: str) -> str | None:
    """Why the ticket would not take ``value`` preset in a field of ``spec``
    (from _fields.yml), as an instruction to the editor; None when it would.

    Beyond validate(): the form control itself drops a choice that is not an
    option and an impossible date (``<select>``, ``<input type=date>``), and
    a preset value is written once by an editor, so it is neither blank nor
    on several lines. A date may be in the future (validate() refuses it on
    the day the player types it, not here).
    """
    kind = spec["type"]
    trimmed = value.strip(JS_SPACES)  # Ticket.prototype.values trims every value
    if kind == "choice":
        options = spec["options"] or []
        return None if value in options else f"prenez une des options, écrite à l’identique : {', '.join(options)}"
    if not trimmed:
        return "la valeur est vide ; écrivez-la, ou retirez ce champ de « set »"
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in value):
        return "écrivez la valeur sur une seule ligne, sans caractère de contrôle"
    if has_secret(trimmed):
        return "la valeur ressemble à un mot de passe écrit en clair, que le site retirerait du message ; reformulez-la"
    if kind == "email" and not EMAIL.fullmatch(trimmed):
        return "écrivez une adresse e-mail complète, par exemple nom@exemple.fr"
    if kind == "date" and not _real_date(trimmed):
        return "écrivez une date qui existe, au format AAAA-MM-JJ, par exemple 2024-03-15"
    if kind == "date" and trimmed < EARLIEST:
        return f"écrivez une date à partir du {EARLIEST} : le navigateur refuse une année plus ancienne"
    if kind == "amount" and amount_parts(trimmed) is None:
        return ("écrivez un montant en chiffres, avec au plus deux décimales en euros (huit dans une autre devise), "
                "par exemple 50, 49,90 ou 0,015 BTC")
    return None


# the earliest day a date field takes (kb/fields.js EARLIEST): an earlier year is a typo
EARLIEST = "2000-01-01"


def _real_date(text: str) -> bool:
    if not DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


#: An optional segment ``[ ... ]`` of a request or a subject: dropped whole when a
#: placeholder inside has no valid value (kb/ticket-text.js, the flow data
#: hands it this pattern).
SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def request_refusal(request: str, fields: list[str]) -> str | None:
    """What is wrong with a ticket's ``request:`` sentence, as an instruction to
    the editor (None: nothing). See segments_refusal."""
    return segments_refusal(request, fields, "la phrase", "une demande qui se lit sans aucune valeur",
                            "mon retrait[ du {date}]")


def subject_refusal(subject: str, fields: list[str]) -> str | None:
    """What is wrong with the ``[ ... ]`` segments of a ticket's ``subject:``
    (None: nothing); the braces are checked before (bad-placeholder,
    unknown-placeholder). See segments_refusal."""
    return segments_refusal(subject, fields, "l'objet", "un objet qui se lit sans aucune valeur, par exemple "
                            "« Retrait en attente[ depuis le {date}] »", "Retrait en attente[ depuis le {date}]")


def segments_refusal(text: str, fields: list[str], what: str, whole: str, example: str) -> str | None:
    """What is wrong with a text made of ``[ ... ]`` segments (a request, a
    subject), as an instruction to the editor (None: nothing). Brackets pair
    up and do not nest; braces pair up; every ``{champ}`` is one of ``fields``
    and sits inside a segment, so that the text reads well when the value is
    missing; every segment holds a ``{champ}`` (a bracket is never written
    out: « [sujet précis] » would reach support as is); some text is outside
    the segments, so that the text is never empty."""
    depth_at: int | None = None
    for index, char in enumerate(text):
        if char == "[":
            if depth_at is not None:
                return (f"le crochet « [ » (caractère {index + 1}) s’ouvre dans un segment déjà ouvert ; "
                        "fermez chaque segment « ] » avant d’en ouvrir un autre")
            depth_at = index
        elif char == "]":
            if depth_at is None:
                return f"le crochet « ] » (caractère {index + 1}) ne ferme aucun segment ; retirez-le ou ajoutez « [ » avant"
            depth_at = None
    if depth_at is not None:
        return f"le crochet « [ » (caractère {depth_at + 1}) n’est jamais fermé ; ajoutez « ] » à la fin du segment"
    stray = stray_brace(text)
    if stray is not None:
        return (f"l’accolade « {text[stray]} » (caractère {stray + 1}) ne forme pas un champ ; écrivez chaque "
                "champ entre une seule paire d’accolades, comme {date}, et retirez les autres")
    for name in PLACEHOLDER.findall(text):
        if name not in fields:
            return f"« {{{name}}} » n’est pas un des champs du ticket ({', '.join(fields)})"
    outside = PLACEHOLDER.findall(SEGMENT.sub("", text))
    if outside:
        return (f"« {{{outside[0]}}} » est hors de tout segment [ ... ] ; placez-le dans un segment, par exemple "
                f"« {example.replace('{date}', '{' + outside[0] + '}')} », retiré quand le joueur n’a pas donné la valeur")
    for match in SEGMENT.finditer(text):
        if not PLACEHOLDER.search(match.group(1)):
            return (f"le segment « {match.group(0)} » (caractère {match.start() + 1}) ne contient aucun champ : "
                    "le texte entre crochets partirait tel quel au support ; mettez-y un champ comme {date}, "
                    "ou, si le joueur doit l’écrire, ajoutez-lui un champ au ticket (voir EDITING.md)")
    if not SEGMENT.sub("", text).strip(JS_SPACES):
        return f"{what} n’a rien hors des segments [ ... ] ; écrivez {whole}"
    return None
