"""overrides/main.html copies Material's config block: the copy keeps
Material's keys (kb_tools/material.py, checked against the installed Material
by test_material_boundary.py) and changes only the search worker, ours."""

from __future__ import annotations

import re
from pathlib import Path

import material as material_package

from kb_tools import material
from tests.conftest import ROOT

THEIRS = Path(material_package.__file__).parent / "templates" / material.BASE_TEMPLATE
OURS = ROOT / "overrides" / "main.html"


def _config_block(template: str) -> str:
    return template.split("{% block config %}", 1)[1].split("{% endblock %}", 1)[0]


def _config_keys(template: str) -> list[str]:
    return re.findall(r'^\s*"([a-z.]+)":', _config_block(template), re.MULTILINE)


def test_config_block_has_the_same_keys_as_materials() -> None:
    ours = _config_keys(OURS.read_text(encoding="utf-8"))
    theirs = _config_keys(THEIRS.read_text(encoding="utf-8"))
    assert ours == theirs, "Material's config block changed: update overrides/main.html"
    assert [k for k in ours if "." not in k] == list(material.CONFIG_KEYS)


def test_the_config_names_our_worker_and_no_material_file() -> None:
    block = _config_block(OURS.read_text(encoding="utf-8"))
    assert '"search": "assets/javascripts/workers/kb-search-worker.js" | url' in block
    # Material's worker is named once, in the boundary (kb-material.js), never here
    assert not re.search(r"search\.[0-9a-f]{8}\.min\.js", OURS.read_text(encoding="utf-8"))
    worker = (ROOT / "overrides" / "assets" / "javascripts" / "workers" / "kb-search-worker.js").read_text(encoding="utf-8")
    assert 'load("../kb-material.js")' in worker and "M.searchWorker" in worker
    assert not re.search(r"search\.[0-9a-f]{8}\.min\.js|type: [0-3]\b|type === [0-3]\b|lunr\.fr\.", worker), (
        "kb-search-worker.js names Material directly: take the name from self.kbMaterial")




def test_no_script_but_the_boundary_writes_a_material_name() -> None:
    """Selectors, observables, the worker's name: only kb-material.js writes them
    (lunr's names are lunr's own words; the worker's use of them is tested above)."""
    written = [str(v) for k, v in material.BROWSER.items() if isinstance(v, str) and k != "checkedWith" and not k.startswith("lunr")]
    scripts = [p for p in (ROOT / "overrides" / "assets" / "javascripts").rglob("*.js")
               if p.name != "kb-material.js"]
    assert len(scripts) >= 10  # kb-history.js, the worker, the flow's modules (kb/)
    found = [(p.name, n) for p in scripts for n in written if n in p.read_text(encoding="utf-8")]
    assert found == [], "take these names from self.kbMaterial (overrides/assets/javascripts/kb-material.js)"
