"""JSON Schema validation of a loaded document, with located French messages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .key_examples import missing_key_help
from .problems import Problem
from .unknown_names import did_you_mean
from .yaml_loader import Document
from .yaml_messages import quote_hint

if TYPE_CHECKING:  # jsonschema itself is imported only for a document to explain (a tenth of `make check`)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMAS = ("tree", "channels", "fields", "synonyms", "incidents")

_TYPES_FR = {
    "object": "un ensemble de clés (« clé: valeur »)",
    "array": "une liste (« - élément »)",
    "string": "du texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
}
_ID_HINT = "minuscules sans accent, chiffres et tirets, par exemple « retrait-en-attente »"


def schema_text(name: str) -> str:
    return resources.files("kb_tools").joinpath("schema", f"{name}.schema.json").read_text("utf-8")


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``pattern`` as JSON Schema (ECMA) and jsonschema-rs read it: ``$`` is the very end
    of the text, never just before a final newline as in Python."""
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not re.search(re.sub(r"\$$", r"\\Z", pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators

    schema = json.loads(schema_text(name))
    Draft202012Validator.check_schema(schema)
    extended = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]
    return extended(schema)  # type: ignore[no-any-return]


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


#: The patterns of identifiers (trees, nodes, answers, fields, channels) and of ``next:`` references.
_ID_PATTERNS = ("^[a-z0-9]+(-[a-z0-9]+)*(?!\\n)$", "^[a-z0-9]+(-[a-z0-9]+)*(#[a-z0-9]+(-[a-z0-9]+)*)?(?!\\n)$")


def _known_keys(error: ValidationError) -> list[str]:
    schema: Any = error.schema
    return sorted(schema.get("properties", {})) if isinstance(schema, dict) else []


def _unknown_keys(error: ValidationError) -> list[str]:
    known = _known_keys(error)
    instance: Any = error.instance
    return [key for key in instance if key not in known]


def _owner(schema: str, part: Any) -> str:
    """The ``$defs`` name of the schema object ``part`` is, or is inside (``""``: the file's top)."""
    return _owners(schema).get(id(part), "")


@cache
def _owners(schema: str) -> dict[int, str]:
    found: dict[int, str] = {}

    def walk(part: Any, name: str) -> None:
        if isinstance(part, dict):
            found[id(part)] = name
            for value in part.values():
                walk(value, name)
        elif isinstance(part, list):
            for value in part:
                walk(value, name)

    root: Any = validator(schema).schema
    for name, part in root.get("$defs", {}).items():
        walk(part, name)
    return found


def _explain(
    error: ValidationError, written: dict[tuple[str | int, ...], str] | None = None, schema: str = "",
) -> Iterator[tuple[tuple[str | int, ...], bool, str, str]]:
    """Yield ``(path, at_key, message, rule)`` for one schema error.

    ``written``: the source text of unquoted scalars YAML did not read as text.
    """
    path = tuple(error.absolute_path)
    source = (written or {}).get(path)
    kind = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    if kind == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        name = match.group(1) if match else str(value)
        holder: Any = error.schema
        spec = holder.get("properties", {}).get(name) if isinstance(holder, dict) else None
        yield path, True, f"il manque la clé « {name} »{missing_key_help(schema, _owner(schema, holder), name, spec)}", \
            "missing-key"
    elif kind == "additionalProperties":
        known = _known_keys(error)
        for key in _unknown_keys(error):
            near = did_you_mean(str(key), known)  # « afects » : « affects »
            hint = f"{' Clés' if near else ' ; clés'} possibles : {', '.join(known)}" if known else ""
            yield (*path, key), True, f"clé inconnue « {key} »{near}{hint}", "unknown-key"
    elif kind == "type":
        wanted = value if isinstance(value, str) else value[0]
        hint = ""
        if wanted == "string" and isinstance(instance, dict):
            hint = (" ; un deux-points suivi d’une espace a fait de ce texte une clé : "
                    "mettez tout le texte entre guillemets, ou après « >- » sur la ligne suivante")
        shown = _show(instance)
        if wanted == "string" and source is not None:
            hint, shown = f" : {quote_hint(source, instance)}", _show(source)
            if not source and isinstance(error.schema, dict) and "x-empty" in error.schema:  # an optional key
                yield path, False, error.schema["x-empty"], "wrong-type"
                return
        yield path, False, f"doit être {_TYPES_FR.get(wanted, wanted)}, pas « {shown} »{hint}", "wrong-type"
    elif kind == "enum":
        choices = ", ".join(str(v) for v in value)
        hint = f" ({quote_hint(source, instance)})" if source is not None else ""
        shown = _show(source if source is not None else instance)
        yield path, False, f"valeur « {shown} » inconnue{hint} ; valeurs possibles : {choices}", "unknown-value"
    elif kind == "const":
        yield path, False, f"doit valoir « {_show(value)} »", "unknown-value"
    elif kind == "pattern":
        own: Any = error.schema
        if isinstance(own, dict) and "x-message" in own:  # the field says what it expects
            yield path, False, f"« {_show(instance)} » {own['x-message']}", own.get("x-rule", "bad-format")
        elif value.startswith("^KB_"):
            yield path, False, (f"« {_show(instance)} » : seules les variables KB_... peuvent remplacer une valeur "
                                "(par exemple KB_CHAT_URL) ; une autre variable, peut-être secrète, "
                                "serait publiée dans le site"), "env-name"
        elif "@" in value and "http" not in value:
            yield path, False, (f"« {_show(instance)} » n’est pas une adresse e-mail simple ; écrivez par exemple "
                                "support@exemple.fr, sans « ? », espace ni guillemet"), "bad-format"
        elif value in _ID_PATTERNS:
            yield path, False, f"« {_show(instance)} » n’est pas un identifiant valide : {_ID_HINT}", "bad-id"
        elif "http" in value:
            yield path, False, f"« {_show(instance)} » : adresse refusée ; écrivez une adresse https://... ou un chemin /...", "unsafe-url"
        else:
            yield path, False, f"« {_show(instance)} » n’a pas le format attendu", "bad-format"
    elif kind == "propertyNames":
        yield (*path, instance), True, f"« {_show(instance)} » n’est pas un identifiant valide : {_ID_HINT}", "bad-id"
    elif kind == "minLength":
        yield path, False, f"texte trop court (au moins {value} caractères)", "too-short"
    elif kind == "maxLength":
        yield path, False, f"texte trop long ({len(instance)} caractères, {value} au plus) ; raccourcissez-le", "too-long"
    elif kind in ("minItems", "minProperties"):
        yield path, False, f"il faut au moins {value} élément(s)", "too-few"
    elif kind in ("maxItems", "maxProperties"):
        yield path, False, f"il faut au plus {value} élément(s)", "too-many"
    elif kind == "uniqueItems":
        yield path, False, "la liste contient deux fois la même valeur", "duplicate-item"
    elif kind == "minimum":
        yield path, False, f"doit valoir au moins {value}", "bad-format"
    elif kind == "maximum":
        yield path, False, f"doit valoir au plus {value}", "bad-format"
    else:
        yield path, False, error.message, f"schema-{kind}"


@cache
def fast_validator(name: str) -> Any:
    """jsonschema-rs: a fast yes/no; the detailed French messages come from jsonschema."""
    return jsonschema_rs.validator_for(json.loads(schema_text(name)))


def check_schema(doc: Document, name: str) -> list[Problem]:
    """Schema problems of ``doc``: jsonschema-rs says yes or no, jsonschema explains.

    The two must agree (the schemas' patterns are written so that Python's
    ``re`` and ECMA-262 read them alike, see tests/unit/test_schema_agreement.py).
    Should the fast one refuse what the detailed one accepts, its own errors
    are reported, located, as ``schema-disagreement``: never a silent pass.
    A document the fast one accepts is not validated again (the detailed
    validator is three hundred times slower).
    """
    fast = fast_validator(name)
    if fast.is_valid(doc.data):
        return []
    problems: set[Problem] = set()
    for error in validator(name).iter_errors(doc.data):
        for path, at_key, message, rule in _explain(error, doc.positions.written, name):
            line, col = doc.at(path, key=at_key)
            problems.add(Problem(doc.path, line, col, "error", message, rule))
    if not problems:
        for fast_error in fast.iter_errors(doc.data):
            line, col = doc.at(tuple(fast_error.instance_path))
            problems.add(Problem(doc.path, line, col, "error",
                                 f"« {_show(fast_error.instance)} » est refusé par le schéma "
                                 f"({fast_error.message}) ; corrigez la valeur, et signalez ce cas à "
                                 "l’équipe technique : les deux validateurs devraient dire la même chose",
                                 "schema-disagreement"))
    return sorted(problems)
