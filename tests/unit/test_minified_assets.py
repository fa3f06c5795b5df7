"""The site serves its scripts minified (kb_tools/minify.py, rjsmin), not as
written: a line rjsmin misreads (a regular expression right after ``=>``) would
break every flow while every test of the readable sources passes. So the
node tests run again on the minified copies, and each script must still parse."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from kb_tools.minify import minify_assets, own_assets
from tests.conftest import ROOT

TRAP = "\nexport const hasSlash = (s) => /\\//.test(s);\n"  # rjsmin reads this regex as a comment


def _minified_copy(dest: Path, extra: str = "") -> Path:
    for name in ("overrides", "tests/js"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "package.json", dest / "package.json")
    if extra:
        util = dest / "overrides/assets/javascripts/kb/util.js"
        util.write_text(util.read_text(encoding="utf-8") + extra, encoding="utf-8")
    minify_assets(dest / "overrides", dest / "overrides")
    return dest


def _problems(root: Path) -> list[str]:
    found = []
    for relative in own_assets(root / "overrides"):
        if relative.endswith(".js"):
            checked = subprocess.run(["node", "--check", str(root / "overrides" / relative)], capture_output=True,
                                     text=True)
            if checked.returncode:
                found.append(f"{relative}: {checked.stderr.strip().splitlines()[-1:]}")
    tests = sorted(str(p.relative_to(root)) for p in (root / "tests/js").glob("*.test.js"))
    run = subprocess.run(["node", "--test", *tests], cwd=root, capture_output=True, text=True,
                         env={"PATH": os.environ["PATH"], "TZ": "UTC"})
    if run.returncode:
        found.append("node --test: " + run.stdout[-2000:])
    return found


def test_the_minified_scripts_parse_and_pass_the_node_tests(tmp_path: Path) -> None:
    root = _minified_copy(tmp_path)
    main = root / "overrides/assets/javascripts/kb/flow.js"
    assert len(main.read_text(encoding="utf-8")) < len((ROOT / "overrides/assets/javascripts/kb/flow.js").read_text(
        encoding="utf-8")), "the copy was minified"
    assert _problems(root) == []


def test_the_check_catches_what_rjsmin_breaks(tmp_path: Path) -> None:
    assert _problems(_minified_copy(tmp_path, TRAP)) != []
