"""The VS Code workspace settings: valid JSON, the Red Hat YAML extension
recommended, and every content file mapped to the schema that checks it."""

from __future__ import annotations

import fnmatch
import json
import re

from tests.conftest import ROOT

VSCODE = ROOT / ".vscode"


def _json(name: str) -> dict[str, object]:
    data = json.loads((VSCODE / name).read_text(encoding="utf-8"))  # raises on invalid JSON (no comments)
    assert isinstance(data, dict)
    return data


def test_the_yaml_extension_is_recommended() -> None:
    assert "redhat.vscode-yaml" in _json("extensions.json")["recommendations"]  # type: ignore[operator]


def test_every_mapped_schema_exists_and_every_content_file_has_one_schema() -> None:
    schemas = _json("settings.json")["yaml.schemas"]
    assert isinstance(schemas, dict)
    for schema, patterns in schemas.items():
        assert (ROOT / schema).is_file(), schema
        json.loads((ROOT / schema).read_text(encoding="utf-8"))
        for pattern in patterns:
            # The YAML language server turns globs into regular expressions where
            # « [!x] » means « ! or x », not « anything but x »: no negated classes.
            assert not re.search(r"\[[!^]", pattern), pattern
    expected = {
        "_channels.yml": "channels", "_fields.yml": "fields", "_synonyms.yml": "synonyms",
        "_incidents.yml": "incidents",
        "retrait-en-attente.yml": "tree", "verification-kyc.yml": "tree", "2fa-bloquee.yml": "tree",
    }
    for name, schema in expected.items():
        matched = [s for s, patterns in schemas.items() if any(fnmatch.fnmatchcase(f"trees/{name}", p) for p in patterns)]
        assert matched == [f"./kb_tools/schema/{schema}.schema.json"], name
    for path in sorted((ROOT / "trees").glob("*.yml")):
        assert any(fnmatch.fnmatchcase(f"trees/{path.name}", p) for patterns in schemas.values() for p in patterns), path
