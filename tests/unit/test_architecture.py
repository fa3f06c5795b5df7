"""kb_tools' core stays free of MkDocs; every tree tells editors its schema."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

#: Every module of kb_tools but the MkDocs plugin, the one boundary.
CORE = sorted(f"kb_tools.{path.stem}" for path in (ROOT / "kb_tools").glob("*.py")
              if path.stem not in ("__init__", "__main__"))


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
        schema = {"_channels": "channels", "_fields": "fields", "_synonyms": "synonyms",
                  "_incidents": "incidents"}.get(path.stem, "tree")
        assert first == f"# yaml-language-server: $schema=../kb_tools/schema/{schema}.schema.json", path.name


def test_make_test_collects_every_test_file() -> None:
    """pytest skips some folder names by default (``build``, ``dist``...):
    every ``test_*.py`` under tests/ must be part of ``make test``."""
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    collected = {line.split("::", 1)[0] for line in result.stdout.splitlines() if "::" in line}
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    assert files - collected == set()


def test_the_core_knows_the_page_names_mkdocs_reads() -> None:
    from mkdocs.utils import markdown_extensions

    from kb_tools.page_files import PAGE_SUFFIXES

    assert sorted(PAGE_SUFFIXES) == sorted(markdown_extensions)


#: Every file of these folders stays readable in one sitting.
MAX_LINES = 400


def test_no_file_of_kb_tools_or_overrides_is_over_400_lines() -> None:
    counted, long = 0, {}
    for folder in ("kb_tools", "overrides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                lines = len(path.read_text(encoding="utf-8").splitlines())
            except UnicodeDecodeError:  # an image: no lines to read
                continue
            counted += 1
            if lines > MAX_LINES:
                long[path.relative_to(ROOT).as_posix()] = lines
    assert counted > 40
    assert long == {}
