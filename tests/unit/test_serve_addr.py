"""`make serve ADDR=...`: a busy port or an address that is not one is one
French line naming ``ADDR=``, exit 1, never a traceback (kb_tools/plugin/serve.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb_tools.plugin.serve import parse_addr
from tests.conftest import ROOT


def _serve(addr: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "kb_tools.plugin.serve", "--dev-addr", addr], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def busy() -> Iterator[int]:
    """A port someone listens on."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def _one_line(result: subprocess.CompletedProcess[str], addr: str) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"ADDR={addr}" in lines[0]
    return lines[0]


def test_a_busy_port_names_addr_and_a_free_one(busy: int) -> None:
    addr = f"127.0.0.1:{busy}"
    line = _one_line(_serve(addr), addr)
    suggested = line.rsplit("ADDR=", 1)[1].rstrip(" »")
    host, port = parse_addr(suggested) or ("", 0)
    assert host == "127.0.0.1"
    assert port != busy
    with socket.socket() as probe:  # the port suggested is free
        probe.bind((host, port))


@pytest.mark.parametrize("addr", ["8000", "127.0.0.1", "127.0.0.1:", ":8000", "127.0.0.1:http", "127.0.0.1:99999",
                                  "127.0.0.1:0", "127.0.0.1:٨٠٠٠", "local host:8000", "127.0.0.1:8000 ",
                                  "[::1]:8000", "::1:8000"])
def test_an_address_that_is_not_one(addr: str) -> None:
    assert parse_addr(addr) is None
    _one_line(_serve(addr), addr)


def test_an_address_of_another_machine() -> None:
    addr = "192.0.2.1:8000"  # TEST-NET-1: never an address of this machine
    _one_line(_serve(addr), addr)


@pytest.mark.parametrize(("addr", "where"), [("127.0.0.1:8000", ("127.0.0.1", 8000)), ("localhost:65535", ("localhost", 65535))])
def test_addresses_that_are(addr: str, where: tuple[str, int]) -> None:
    assert parse_addr(addr) == where


@pytest.mark.parametrize("payload", ["bad; touch {flag} #", "127.0.0.1:8203 --config-file /etc/passwd; touch {flag}",
                                     "$(shell touch {flag})", "$$(touch {flag})", "`touch {flag}`",
                                     "a'b\"c; touch {flag}", "x\ntouch {flag}", "127.0.0.1:8203\n--config-file={flag}",
                                     "\\; touch {flag} \\", "' && touch {flag} && '", '" && touch {flag} && "'])
def test_make_serve_passes_addr_as_typed(payload: str, tmp_path: Path) -> None:
    """`make serve ADDR=…`: the value reaches the server as typed, never the shell
    nor make's own expansion: nothing runs, one French line names ADDR=."""
    flag = tmp_path / "ran"
    addr = payload.format(flag=flag)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ADDR", None)
    result = subprocess.run(["make", "-s", "-o", ".venv/.installed-stamp", "serve", f"ADDR={addr}"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert not flag.exists()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert len(ours) == 1, result.stderr
    assert ours[0].startswith("ADDR=")
