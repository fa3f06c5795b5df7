"""The catalogue's time zone is read by the build (Python) and by every
player's browser (Intl): a name one accepts and the other refuses would pass
`check` and break every outcome. Loops over every name this system knows."""

from __future__ import annotations

import json
import shutil
import subprocess
import zoneinfo

import pytest

from kb_tools.hours import known_zone

NODE = shutil.which("node") or "node"  # make test installs the npm packages: Node is there
ODD = ["localtime", "Factory", "posixrules", "posix/Europe/Paris", "right/UTC", "Etc/GMT+5", "GMT", "EST5EDT",
       "Europe/Nowhere", "europe/paris", "Europe", "Europe/Paris/", "../../etc/passwd"]


def test_every_zone_the_build_accepts_is_one_node_s_intl_knows() -> None:
    accepted = sorted(z for z in zoneinfo.available_timezones() | set(ODD) if known_zone(z))
    assert "Europe/Paris" in accepted and "America/New_York" in accepted and "UTC" in accepted
    script = ("const bad = []; for (const z of JSON.parse(process.argv[1])) {"
              " try { new Intl.DateTimeFormat('fr-FR', { timeZone: z }).format(0); } catch (e) { bad.push(z); } }"
              " console.log(JSON.stringify(bad));")
    refused = json.loads(subprocess.run([NODE, "-e", script, json.dumps(accepted)], capture_output=True,
                                        text=True, check=True).stdout)
    assert refused == []


@pytest.mark.parametrize("name", ODD)
def test_names_a_browser_refuses_or_reads_otherwise_are_refused(name: str) -> None:
    assert not known_zone(name)
