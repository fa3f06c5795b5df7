"""`make serve` stopped with Ctrl-C pressed twice (or a SIGTERM on top): the
server leaves within seconds, prints no traceback and frees its port
(kb_tools/plugin/serve.py ignores the signals that come while it stops)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(("first", "second", "gap"), [(signal.SIGINT, signal.SIGINT, 0.0),
                                                      (signal.SIGINT, signal.SIGINT, 0.05),
                                                      (signal.SIGINT, signal.SIGTERM, 0.01),
                                                      (signal.SIGTERM, signal.SIGINT, 0.01)])
def test_a_second_signal_while_stopping(first: int, second: int, gap: float) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "ADDR": f"127.0.0.1:{port}"}
    process = subprocess.Popen([sys.executable, "-m", "kb_tools.plugin.serve"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        seen = []
        for line in process.stderr:  # the address comes from ADDR, as `make serve` passes it
            seen.append(line)
            if f"127.0.0.1:{port}" in line:
                break
        else:
            pytest.fail("".join(seen))
        process.send_signal(first)
        time.sleep(gap)
        process.send_signal(second)
        _, rest = process.communicate(timeout=15)  # STOP_SECONDS (5 s) at most, then the process leaves
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in "".join(seen) + rest, rest
    with socket.socket() as probe:  # the port is free again
        probe.bind(("127.0.0.1", port))
