"""kb_tools' core stays free of MkDocs; every tree tells editors its schema."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CORE = ["kb_tools.cli", "kb_tools.project", "kb_tools.render", "kb_tools.graph", "kb_tools.typography"]


def test_core_modules_do_not_import_mkdocs() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in CORE)
        + "loaded = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material')))\n"
        + "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == ""


def test_every_content_file_names_its_schema() -> None:
    for path in sorted((ROOT / "trees").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = {"_channels": "channels", "_fields": "fields", "_synonyms": "synonyms"}.get(path.stem, "tree")
        assert first == f"# yaml-language-server: $schema=../kb_tools/schema/{schema}.schema.json", path.name
