"""`make serve` when the editor makes a mistake (kb_tools/plugin/serve.py): the
page already open in the browser turns into the error page, with the located
messages of `make check`; no request waits for the fix; the page comes back by
itself once the file is fixed. The real server, on a copy of the project."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page

from kb_tools.problems import RULES
from tests.conftest import ROOT, copy_site_sources

pytestmark = pytest.mark.browser

OVERLAY = "[data-kb-build-error]"
#: A build of this site, and the watcher's polling: generous, never the point of a test.
BUILD = 120_000
#: A request while the site is broken: answered at once, or it hangs.
AT_ONCE = 10


@dataclass
class Server:
    url: str
    root: Path
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as in a terminal: the exit code and everything printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)
        return self.process.returncode, self.log.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(root: Path) -> Server:
    port = _free_port()
    log = root.parent / f"serve-{port}.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "kb_tools.plugin.serve", "--dev-addr", f"127.0.0.1:{port}"],
                                   cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}/", root, process, log)
    deadline = time.monotonic() + BUILD / 1000
    while "Serving on" not in log.read_text(encoding="utf-8"):
        assert process.poll() is None, log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.2)
    return server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = _start(copy_site_sources(tmp_path_factory.mktemp("serve") / "project"))
    yield running
    running.stop()


def _get(url: str) -> tuple[int, str]:
    """Status and body of one request that must not wait for the fix."""
    try:
        with urllib.request.urlopen(url, timeout=AT_ONCE) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _faq_answer_by_two(text: str) -> str:
    """The first FAQ answer indented by 2 spaces instead of 4."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("??? ")) + 1
    while at < len(lines) and (not lines[at].strip() or lines[at].startswith("    ")):
        lines[at] = lines[at].removeprefix("  ")
        at += 1
    return "\n".join(lines)


TREE = "trees/connexion-acces.yml"
#: (file, change): the typical mistakes of an editor.
MISTAKES: dict[str, tuple[str, Callable[[str], str]]] = {
    "yaml-syntax": (TREE, lambda text: text.replace("\nstart: erreur\n", "\nstart: erreur\n  oops: [\n", 1)),
    "unknown-field": (TREE, lambda text: text.replace("set: {message-erreur: Identifiants",
                                                      "set: {message-erreurr: Identifiants", 1)),
    "hostile-id": (TREE, lambda text: text.replace("next: mot-de-passe", 'next: "<img src=x onerror=alert(1)>"', 1)),
    "broken-link": ("docs/contact.md", lambda text: text + "\nVoir [la page absente](page-absente.md).\n"),
    "faq-indent": ("docs/faq-contact.md", _faq_answer_by_two),
}


def _make_check(root: Path) -> list[str]:
    """The places of the errors `make check` reports for the project."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "kb_tools", "check"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=60)
    return re.findall(r"^(\S+?:\d+:\d+): error: ", result.stderr, re.MULTILINE)


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistake_shows_in_the_open_page_and_goes_away(page: Page, server: Server, mistake: str) -> None:
    if mistake == "faq-indent" and "faq-indent" not in RULES:
        pytest.skip("the FAQ indentation check of `make check` (rule faq-indent) is not there yet: "
                    "without it the build accepts the block, so there is no error to show")
    name, change = MISTAKES[mistake]
    path = server.root / name
    original = path.read_text(encoding="utf-8")
    broken = change(original)
    assert broken != original
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.url + "contact/")
    page.locator(".md-content h1").wait_for()

    path.write_text(broken, encoding="utf-8")
    try:
        page.locator(OVERLAY).wait_for(timeout=BUILD)  # the page reloaded itself
        shown = page.locator(OVERLAY).inner_text()
        expected = _make_check(server.root)
        if expected:  # the same located messages as `make check`
            for where in expected:
                assert where in shown
        else:  # a mistake only the MkDocs build sees: its message names the file
            assert Path(name).name in shown
        # readable on a phone: nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]
        assert page.locator(f"{OVERLAY} .kb-problems :is(img, script, svg, iframe, a)").count() == 0
        assert page.locator("html").get_attribute("lang") == "fr"
        # any other page, or one that does not exist, answers at once with the error page
        for other in ("escalade/", "parcours/connexion-acces/", "page-qui-n-existe-pas/"):
            status, body = _get(server.url + other)
            assert status == 500
            assert "data-kb-build-error" in body
        # the site's own files are still served (not a page: no error page)
        status, _ = _get(server.url + "sitemap.xml")
        assert status in (200, 404)
    finally:
        path.write_text(original, encoding="utf-8")
    page.locator(OVERLAY).wait_for(state="detached", timeout=BUILD)  # back by itself, never reloaded by us
    page.locator(".md-content h1").wait_for(timeout=BUILD)
    assert _get(server.url + "escalade/")[0] == 200
    assert dialogs == []


def test_the_pages_are_those_of_make_serve(server: Server) -> None:
    """MkDocs' serve mode: the tree pages show the editors' diagram, which a build never has."""
    status, body = _get(server.url + "parcours/connexion-acces/")
    assert status == 200
    assert "kb-editor-diagram" in body
    assert "/livereload/" in body


def test_a_site_broken_from_the_start_is_served_then_stops_on_ctrl_c(page: Page,
                                                                    tmp_path: Path) -> None:
    """`mkdocs serve` used to stop when the first build failed."""
    root = copy_site_sources(tmp_path / "project")
    tree = root / TREE
    original = tree.read_text(encoding="utf-8")
    tree.write_text(MISTAKES["yaml-syntax"][1](original), encoding="utf-8")
    running = _start(root)
    try:
        page.goto(running.url)
        assert TREE in page.locator(OVERLAY).inner_text()
        tree.write_text(original, encoding="utf-8")
        page.locator(".md-content h1").wait_for(timeout=BUILD)
    finally:
        code, printed = running.stop()
    assert code == 0
    assert "Traceback" not in printed
    assert f"{TREE}:" in printed  # the located line on the terminal too
    assert "code 500" not in printed  # the error page is no news on the terminal
    assert not [line for line in printed.splitlines() if line.startswith("  File ")]
