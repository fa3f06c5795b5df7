"""Our overrides depend on two Material internals; these tests fail loudly
when a Material upgrade changes either of them."""

from __future__ import annotations

import re
from pathlib import Path

import material

from tests.conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OURS = ROOT / "overrides" / "main.html"


def _config_keys(template: str) -> list[str]:
    block = template.split("{% block config %}", 1)[1].split("{% endblock %}", 1)[0]
    return re.findall(r'^\s*"([a-z.]+)":', block, re.MULTILINE)


def test_config_block_has_the_same_keys_as_materials() -> None:
    theirs = (MATERIAL / "base.html").read_text(encoding="utf-8")
    ours = OURS.read_text(encoding="utf-8")
    assert _config_keys(ours) == _config_keys(theirs), "Material's config block changed: update overrides/main.html"


def test_wrapped_material_worker_exists() -> None:
    ours = OURS.read_text(encoding="utf-8")
    name = re.search(r'material_search_worker = "(search\.[0-9a-f]+\.min\.js)"', ours)
    assert name, "overrides/main.html no longer names Material's worker"
    assert (MATERIAL / "assets" / "javascripts" / "workers" / name.group(1)).is_file(), (
        "Material's search worker was renamed: update material_search_worker in overrides/main.html")
    theirs = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert f"assets/javascripts/workers/{name.group(1)}" in theirs
