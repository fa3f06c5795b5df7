"""Values that come from the deployment, not from the repository: the ``KB_*``
environment variables and the plugin's options.

Each value is checked against the same ``$defs`` of the channels schema that
checks the catalogue (``url``, ``address``, ``web_url``, ``site_url``), so a
value refused in ``_channels.yml`` is refused in a variable too. A refused
variable is a :class:`~kb_tools.problems.Problem` located at the line that
names it (``url_env:`` in ``_channels.yml``, ``!ENV`` in ``mkdocs.yml``),
with the variable's name at the start of the message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jsonschema_rs

from . import strings
from .problems import Problem
from .schema_check import schema_text
from .yaml_loader import Document

Kind = Literal["url", "address", "web_url", "site_url", "name", "env_boolean", "env_days"]

#: What a valid value looks like, for the messages.
EXPECTED: dict[Kind, str] = {
    "url": "une adresse https://hôte/chemin (jamais http://) ou un chemin du site /...",
    "address": ("une adresse e-mail simple, comme support@exemple.fr : lettres et chiffres, « . _ + - » avant le @, "
                "sans « % » (une messagerie décoderait %40 en @ et %2C en virgule : un autre destinataire)"),
    "web_url": "une adresse complète https://hôte/chemin (jamais http://)",
    "site_url": "l'adresse du site, comme https://aide.exemple.fr/ (sans « ? » ni « # »)",
    "name": "un nom simple, comme « Médiateur des jeux en ligne » : lettres, chiffres, espaces, apostrophes, « . , ( ) - »",
    "env_boolean": "true ou false, en minuscules",
    "env_days": "un nombre de jours de 0 à 365, en chiffres, comme 60",
}
#: The keys of a channel a ``<key>_env`` variable may replace, and what each must be.
CHANNEL_KEYS: dict[str, Kind] = {"url": "url", "address": "address", "body_url": "web_url", "body_name": "name",
                                  "complaint_required": "env_boolean", "complaint_wait_days": "env_days"}
#: The mediation's complaint settings: what a variable's text becomes in the channel (the others stay text).
COMPLAINT_KEYS = ("complaint_required", "complaint_wait_days")
_URL_RULES = "sans espace, guillemet, « ; », « < » ni « > » (encodez les autres caractères en %XX)"

#: Variables that ``mkdocs.yml`` reads with ``!ENV`` (the others are named in ``_channels.yml``).
SITE_VARIABLES: dict[str, Kind] = {"KB_SITE_URL": "site_url", "KB_FEEDBACK_ENDPOINT": "web_url",
                                    "KB_QUICK_EXIT_URL": "web_url"}
_PAGES_DIR = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*")


@cache
def _validator(kind: Kind) -> Any:
    defs = json.loads(schema_text("channels"))["$defs"]
    return jsonschema_rs.validator_for({"$defs": defs, "$ref": f"#/$defs/{kind}"})


def is_valid(kind: Kind, value: object) -> bool:
    """True if ``value`` is what the channels schema accepts as ``kind``."""
    return isinstance(value, str) and bool(_validator(kind).is_valid(value))


def shown(value: str) -> str:
    """The value as a short, printable quotation (control characters escaped)."""
    text = json.dumps(value, ensure_ascii=False)[1:-1]
    return text if len(text) <= 60 else text[:57] + "..."


def refusal(kind: Kind, value: str) -> str:
    """Why ``value`` is refused, and what to write instead (no name)."""
    rules = f", {_URL_RULES}" if kind in ("url", "web_url", "site_url") else ""
    return f"valeur « {shown(value)} » refusée ; écrivez {EXPECTED[kind]}{rules}"


def variables_holding(value: str, env: Mapping[str, str]) -> list[str]:
    """The ``KB_*`` variables whose value is ``value``: where a bad option came from."""
    return sorted(name for name, held in env.items() if name.startswith("KB_") and held == value)


def check_channel_env(doc: Document, env: Mapping[str, str]) -> list[Problem]:
    """Every ``*_env`` key of the channels catalogue whose variable holds a refused value."""
    problems: list[Problem] = []
    for channel_id, channel in doc.data["channels"].items():
        for key, kind in CHANNEL_KEYS.items():
            name = channel.get(f"{key}_env")
            value = env.get(name) if name else None
            if value and not is_valid(kind, value):
                line, col = doc.at(("channels", channel_id, f"{key}_env"))
                problems.append(Problem(doc.path, line, col, "error", f"{name} : {refusal(kind, value)}", "unsafe-env"))
    return problems


def env_value(channel: Mapping[str, Any], key: str, env: Mapping[str, str]) -> str | bool | int | None:
    """The deployment's value for ``key`` of a channel, if its variable holds a
    valid one: text, or for the complaint settings a boolean and a number of days."""
    name = channel.get(f"{key}_env")
    value = env.get(name) if name else None
    if not value or not is_valid(CHANNEL_KEYS[key], value):
        return None
    kind = CHANNEL_KEYS[key]
    return value == "true" if kind == "env_boolean" else int(value) if kind == "env_days" else value


def check_site_env(env: Mapping[str, str], config: Path, shown_path: str) -> list[Problem]:
    """The ``KB_*`` variables ``mkdocs.yml`` reads with ``!ENV``, located there."""
    problems: list[Problem] = []
    lines = config.read_text(encoding="utf-8").splitlines()
    for name, kind in SITE_VARIABLES.items():
        where = next(((n, line.index(name)) for n, line in enumerate(lines, 1)
                      if name in line and "!ENV" in line and not line.lstrip().startswith("#")), None)
        value = env.get(name)
        if where and value and not is_valid(kind, value):
            problems.append(Problem(shown_path, where[0], where[1] + 1, "error",
                                    f"{name} : {refusal(kind, value)}", "unsafe-env"))
    return problems


def option_refusal(kind: Kind, value: object, env: Mapping[str, str]) -> str | None:
    """Why an option's value is refused, naming the variable it came from; None if valid."""
    if not isinstance(value, str):
        return f"doit être du texte, pas « {value!r} »"
    if is_valid(kind, value):
        return None
    names = variables_holding(value, env)
    source = f"{', '.join(names)} : " if names else ""
    return source + refusal(kind, value)


def folder_refusal(value: str, *, page_path: bool = False) -> str | None:
    """Why a folder option is refused: it must stay inside the project. None if valid."""
    if page_path:
        if _PAGES_DIR.fullmatch(value):
            return None
        return (f"« {shown(value)} » refusé ; écrivez un chemin de pages du site en minuscules, chiffres "
                "et tirets, comme « parcours » ou « aide/parcours », sans « .. », « / » au début ni « \\ »")
    parts = value.replace("\\", "/").split("/")
    if not value or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in parts \
            or any(ord(c) < 32 for c in value):
        return (f"« {shown(value)} » refusé ; écrivez un dossier du projet, relatif à mkdocs.yml, "
                "comme « trees », sans « .. » ni chemin absolu")
    return None


def site_url_problems(site_url: str, config_path: str, env: Mapping[str, str]) -> list[Problem]:
    """``site_url`` as MkDocs read it (from KB_SITE_URL or mkdocs.yml), located at its line."""
    if is_valid("site_url", site_url):
        return []
    path = Path(config_path)
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("site_url:")), 1)
    names = variables_holding(site_url, env) or variables_holding(site_url.rstrip("/"), env)
    source = f"{', '.join(names)} : " if names else "site_url : "
    return [Problem(path.name, line, 1, "error", source + refusal("site_url", site_url), "unsafe-env")]


def example_notice(channels: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The site-wide notice while a channel keeps the catalogue's example
    values (``example: true``, no ``KB_*`` variable set for it), else None.
    It also names the mediation's complaint settings while they are the
    catalogue's examples (``complaint_example``: either variable unset)."""
    addresses = any(c.get("example") for c in channels.values())
    complaint = any(c.get("complaint_example") for c in channels.values())
    if complaint:
        return strings.get("example_notice_complaint" if addresses else "example_notice_complaint_only")
    return strings.get("example_notice") if addresses else None


def complaint_problems(channel: Mapping[str, Any]) -> list[tuple[tuple[str, ...], str, str]]:
    """(path inside the channel, message, rule) of its complaint settings: a
    mediation's only, both or neither (each variable needs its example value)."""
    given = [key for key in (*COMPLAINT_KEYS, *(f"{k}_env" for k in COMPLAINT_KEYS)) if channel.get(key) is not None]
    if given and channel["kind"] != "mediation":
        return [((key,), f"« {key} » ne sert qu’aux canaux de type mediation ; retirez la clé", "unknown-key")
                for key in given]
    example = {"complaint_required": "complaint_required: true", "complaint_wait_days": "complaint_wait_days: 60"}
    return [((), f"la médiation a des réglages de réclamation mais pas « {key} » ; ajoutez la ligne « {example[key]} » "
                 "(la valeur d’exemple, que la variable remplace au déploiement)", "missing-key")
            for key in COMPLAINT_KEYS if given and channel.get(key) is None]
