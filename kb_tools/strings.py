"""The UI string catalogue (``strings.yml``): what the articles and the
browser flow say around the content, written once.

Loaded with French spacing applied; ``{name}`` marks a variable part, which
:func:`fill` (here) and the browser flow (with plain text) fill in.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from .text import french_spacing

CATALOGUE = Path(__file__).with_name("strings.yml")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: ten times faster

#: Cities named in French in ``zone`` (others: the last part of the IANA name).
_CITIES = {"Europe/Brussels": "Bruxelles", "Europe/Zurich": "Zurich", "America/Montreal": "Montréal",
           "America/Toronto": "Toronto", "Europe/London": "Londres", "Indian/Reunion": "La Réunion",
           "America/Martinique": "Martinique", "America/Guadeloupe": "Guadeloupe"}


@functools.cache
def _load() -> dict[str, str]:
    data = yaml.load(CATALOGUE.read_text(encoding="utf-8"), Loader=_LOADER)
    return {str(key): french_spacing(str(value)) for key, value in data.items()}


def catalogue() -> dict[str, str]:
    """Every string, by key (a copy: callers may add to it)."""
    return dict(_load())


#: The pages' own strings (the article's feedback, the quick exit: overrides/main.html), never in a flow's data.
PAGE_ONLY = ("page_", "quick_exit")


def flow_catalogue() -> dict[str, str]:
    """The strings a flow's data carries: every one but the pages' own (``PAGE_ONLY``)."""
    return {key: text for key, text in _load().items() if not key.startswith(PAGE_ONLY)}


#: The suffix of the strings that tell of an effect of the answer sent: used only where an endpoint is set.
SENT = "_sent"


def page_feedback(next_path: str | None, sent: bool = False) -> dict[str, str | None]:
    """What the article's « Cette page vous a-t-elle aidé ? » says; ``next``: the site path « Non » offers;
    ``sent``: the deployment sends the answer (an endpoint is set), so the thanks may say what it is for.
    ``thanks_*_key``: the key of each thanks (the page says which one it shows)."""
    yes = "page_feedback_thanks_yes" + (SENT if sent else "")
    return {"question": get("page_feedback_question"), "yes": get("feedback_yes"), "no": get("feedback_no"),
            "thanks_yes": get(yes), "thanks_yes_key": yes,
            "thanks_no": get("page_feedback_thanks_no"), "thanks_no_key": "page_feedback_thanks_no",
            "next_label": get("page_feedback_next"), "next": next_path}


def get(key: str) -> str:
    return _load()[key]


def fill(key: str, **values: str) -> str:
    """The string ``key`` with each ``{name}`` replaced by ``values[name]``
    (values are inserted as they are, never read as patterns)."""
    return _SLOT.sub(lambda m: values[m.group(1)], get(key))


def zone_label(timezone: str) -> str:
    """« heure de Paris » for ``Europe/Paris``."""
    city = _CITIES.get(timezone) or timezone.rsplit("/", 1)[-1].replace("_", " ")
    return fill("zone", city=city)
