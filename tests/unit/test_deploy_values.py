"""Deployment values: every KB_* variable refuses every hostile payload with a
problem that names it and points at the line naming it; url_env and
address_env only name KB_ variables; the plugin's options refuse bad values
when MkDocs reads the config."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.deploy_values import CHANNEL_KEYS, SITE_VARIABLES, env_value, is_valid
from kb_tools.headers import origin
from kb_tools.plugin.config import KbToolsConfig
from kb_tools.project import load_project
from tests.conftest import ROOT
from tests.payloads import deploy_payloads

CHANNELS = ROOT / "trees" / "_channels.yml"
# Every variable _channels.yml names, with the line that names it.
NAMED = {m.group(2): (n, m.start(2) + 1, m.group(1))
         for n, line in enumerate(CHANNELS.read_text(encoding="utf-8").splitlines(), 1)
         if (m := re.search(r"\b(\w+)_env: (KB_\w+)", line))}
VARIABLES = sorted(NAMED) + sorted(SITE_VARIABLES)

PAYLOADS = deploy_payloads()


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """trees/ and mkdocs.yml side by side, as load_project finds them in the repository."""
    root = tmp_path_factory.mktemp("deploy")
    shutil.copytree(ROOT / "trees", root / "trees")
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _where(variable: str) -> tuple[str, int]:
    """The file and line that name ``variable``."""
    if variable in NAMED:
        return "_channels.yml", NAMED[variable][0]
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return "mkdocs.yml", next(n for n, line in enumerate(lines, 1) if variable in line and "!ENV" in line)


@pytest.mark.parametrize("variable", VARIABLES)
def test_every_variable_refuses_every_payload_naming_itself(site_copy: Path, variable: str) -> None:
    name, line = _where(variable)
    for label, value in PAYLOADS:
        kb, problems = load_project(site_copy / "trees", env={variable: value})
        found = [(Path(p.path).name, p.line, p.rule, p.message.split(" ", 1)[0]) for p in problems]
        assert found == [(name, line, "unsafe-env", variable)], (label, found)
        # the refused value reaches nothing: the channels keep the catalogue's example values
        assert all(value not in (c[key] for key in CHANNEL_KEYS) for c in kb.channels.values()), label


#: A valid deployment value per channel key, and what the channel holds once it is read.
VALID = {"address": ("aide+vip@casino-test.example",) * 2,
         "body_name": ("Médiateur d’Île-de-France (jeux en ligne)",) * 2,
         "complaint_required": ("false", False), "complaint_wait_days": ("0", 0)}


@pytest.mark.parametrize("variable", sorted(NAMED))
def test_valid_values_replace_the_example(site_copy: Path, variable: str) -> None:
    key = NAMED[variable][2]
    value, held = VALID.get(key, ("https://chat.casino-test.example/c?x=1&y=%C3%A9#h",) * 2)
    kb, problems = load_project(site_copy / "trees", env={variable: value})
    assert problems == []
    channel = next(c for c in kb.channels.values() if c[f"{key}_env"] == variable)
    assert (channel[key], channel["example"]) == (held, False)


COMPLAINT = {"KB_MEDIATOR_COMPLAINT_REQUIRED": "complaint_required", "KB_MEDIATOR_WAIT_DAYS": "complaint_wait_days"}


def test_the_catalogue_names_the_complaint_variables() -> None:
    assert {name: NAMED[name][2] for name in COMPLAINT} == COMPLAINT


def test_every_number_of_days_from_0_to_365_is_taken_as_it_is(site_copy: Path) -> None:
    channel = {"complaint_wait_days_env": "KB_MEDIATOR_WAIT_DAYS"}
    for days in range(-5, 1000):
        held = env_value(channel, "complaint_wait_days", {"KB_MEDIATOR_WAIT_DAYS": str(days)})
        assert held == (days if 0 <= days <= 365 else None), days
    for days in (0, 1, 59, 365):  # and through the whole loading
        kb, problems = load_project(site_copy / "trees", env={"KB_MEDIATOR_WAIT_DAYS": str(days)})
        mediation = next(c for c in kb.channels.values() if c["kind"] == "mediation")
        assert (problems, mediation["complaint_wait_days"]) == ([], days)


@pytest.mark.parametrize(("variable", "value"), [
    *(("KB_MEDIATOR_WAIT_DAYS", v) for v in ["366", "-1", "060", " 60", "60 ", "60\n", "1e2", "60.0", "0x3C", "٦٠",
                                             "soixante", "999999999999999999999", "+60"]),
    *(("KB_MEDIATOR_COMPLAINT_REQUIRED", v) for v in ["True", "TRUE", "1", "0", "oui", "yes", "true ", "false\n", "vrai"]),
])
def test_complaint_variables_refuse_what_is_not_their_kind(site_copy: Path, variable: str, value: str) -> None:
    name, line = _where(variable)
    kb, problems = load_project(site_copy / "trees", env={variable: value})
    assert [(Path(p.path).name, p.line, p.rule, p.message.split(" ", 1)[0]) for p in problems] == \
        [(name, line, "unsafe-env", variable)]
    mediation = next(c for c in kb.channels.values() if c["kind"] == "mediation")
    # refused: the catalogue's example values stay, and say so
    assert (mediation["complaint_required"], mediation["complaint_wait_days"], mediation["complaint_example"]) == (True, 60, True)


def test_both_complaint_variables_end_the_example(site_copy: Path) -> None:
    def held(env: dict[str, str]) -> tuple[object, object, bool]:
        kb, problems = load_project(site_copy / "trees", env=env)
        assert problems == []
        mediation = next(c for c in kb.channels.values() if c["kind"] == "mediation")
        return mediation["complaint_required"], mediation["complaint_wait_days"], mediation["complaint_example"]
    assert held({}) == (True, 60, True)
    assert held({"KB_MEDIATOR_WAIT_DAYS": "30"}) == (True, 30, True)  # one of the two: still an example
    assert held({"KB_MEDIATOR_COMPLAINT_REQUIRED": "false", "KB_MEDIATOR_WAIT_DAYS": "30"}) == (False, 30, False)
    assert held({"KB_MEDIATOR_COMPLAINT_REQUIRED": "true", "KB_MEDIATOR_WAIT_DAYS": "0"}) == (True, 0, False)


@pytest.mark.parametrize("value", ["https://aide.casino.example/", "https://aide.casino.example/sous/dossier/"])
def test_site_values_accept_ordinary_addresses(site_copy: Path, value: str) -> None:
    for variable in SITE_VARIABLES:
        assert load_project(site_copy / "trees", env={variable: value})[1] == []
    # a local trial: the site's own address may be http, nothing else
    assert load_project(site_copy / "trees", env={"KB_SITE_URL": "http://127.0.0.1:8000/"})[1] == []


#: Every variable holding an address other than the site's own: the catalogue's and mkdocs.yml's.
HTTPS_ONLY = sorted([name for name, (_, _, key) in NAMED.items() if CHANNEL_KEYS[key] in ("url", "web_url")]
                    + [name for name, kind in SITE_VARIABLES.items() if kind != "site_url"])


@pytest.mark.parametrize("value", ["http://a.example/", "http://127.0.0.1:8000/r", "HTTP://A.EXAMPLE/"])
def test_addresses_are_https_only_and_the_refusal_says_so(site_copy: Path, value: str) -> None:
    """An http endpoint on an https site is blocked by the browser (mixed content), an http link
    leaves the player on an unencrypted page: refused, located, saying to write https://."""
    assert {"KB_FEEDBACK_ENDPOINT", "KB_QUICK_EXIT_URL", "KB_CHAT_URL", "KB_MEDIATOR_URL"} <= set(HTTPS_ONLY)
    for variable in HTTPS_ONLY:
        name, line = _where(variable)
        kb, problems = load_project(site_copy / "trees", env={variable: value})
        assert [(Path(p.path).name, p.line, p.rule, p.message.split(" ", 1)[0]) for p in problems] == \
            [(name, line, "unsafe-env", variable)], variable
        assert "https://" in problems[0].message and value not in (c[k] for c in kb.channels.values() for k in CHANNEL_KEYS)


def test_the_catalogue_refuses_http_where_it_is_written(tmp_path: Path) -> None:
    """Every address of the catalogue (url:, body_url:) written http:// is refused at its line."""
    shutil.copytree(ROOT / "trees", tmp_path / "trees")
    source = CHANNELS.read_text(encoding="utf-8")
    addresses = [(n, m) for n, line in enumerate(source.splitlines(), 1)
                 if (m := re.match(r"\s+(\w+): https://", line)) and CHANNEL_KEYS.get(m.group(1)) in ("url", "web_url")]
    assert {m.group(1) for _, m in addresses} == {"url", "body_url"}
    for line, match in addresses:
        lines = source.splitlines(keepends=True)
        lines[line - 1] = lines[line - 1].replace("https://", "http://", 1)
        (tmp_path / "trees" / "_channels.yml").write_text("".join(lines), encoding="utf-8")
        _, problems = load_project(tmp_path / "trees", env={})
        assert [(p.line, p.col, p.rule) for p in problems] == [(line, match.end() - len("https://") + 1, "unsafe-url")]
        assert "https://" in problems[0].message


def test_site_url_refuses_a_query_or_fragment(site_copy: Path) -> None:
    for value in ("https://aide.example/?x=1", "https://aide.example/#top"):
        _, problems = load_project(site_copy / "trees", env={"KB_SITE_URL": value})
        assert [(p.rule, p.message.split(" ", 1)[0]) for p in problems] == [("unsafe-env", "KB_SITE_URL")]
    # the same value is a fine feedback endpoint
    assert load_project(site_copy / "trees", env={"KB_FEEDBACK_ENDPOINT": "https://f.example/?x=1"})[1] == []


def _catalogue(project: Path, old: str, new: str) -> tuple[int, int]:
    """Replace ``old`` by ``new`` in the project's _channels.yml; return where ``new`` starts."""
    path = project / "_channels.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    before = text[:text.index(new)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


@pytest.mark.parametrize("name", ["AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "HOME", "kb_chat_url", "KB_", "XKB_CHAT"])
@pytest.mark.parametrize("key", ["url_env: KB_CHAT_URL", "address_env: KB_SUPPORT_EMAIL"])
def test_env_keys_only_name_kb_variables(project: Path, key: str, name: str) -> None:
    field, _variable = key.split(": ")
    line, col = _catalogue(project, key, f"{field}: {name}")
    kb, problems = load_project(project, env={name: "https://secret.example/"})
    assert [(p.rule, p.line, p.col) for p in problems] == [("env-name", line, col + len(field) + 2)]
    assert name in problems[0].message and "KB_" in problems[0].message
    assert not kb.channels  # the catalogue is refused: nothing of the variable is published


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("address: support@roulettino.example", "address: support@roulettino.example?bcc=x@y.fr", "bad-format"),
    ("address: support@roulettino.example", "address: '\"x\"@roulettino.example'", "bad-format"),
    ("url: https://www.roulettino.example/aide/chat", "url: \"https://a.example; frame-ancestors *\"", "unsafe-url"),
    ("url: https://www.roulettino.example/aide/chat", "url: \"https://a.example/x\\\"y\"", "unsafe-url"),
    ("url: https://www.roulettino.example/aide/chat", "url: //evil.example/x", "unsafe-url"),
    ("url: https://www.roulettino.example/aide/chat", "url: \"/\\\\evil.example/x\"", "unsafe-url"),
    ("url: https://www.roulettino.example/aide/chat", "url: \"https://a.example/<b>\"", "unsafe-url"),
    ("url: https://www.roulettino.example/aide/chat", "url: http://www.roulettino.example/aide/chat", "unsafe-url"),
])
def test_catalogue_values_are_checked_like_variables(project: Path, old: str, new: str, rule: str) -> None:
    line, col = _catalogue(project, old, new)
    _, problems = load_project(project, env={})
    assert [(p.rule, p.line, p.col) for p in problems] == [(rule, line, col + new.index(" ") + 1)]


def test_the_catalogue_and_the_variables_share_one_definition(project: Path) -> None:
    """Whatever the catalogue accepts as url or address, a variable accepts, and the other way round."""
    original = (project / "_channels.yml").read_text(encoding="utf-8")
    examples = {"url": "url: https://www.roulettino.example/aide/chat", "address": "address: support@roulettino.example"}
    for _, value in [*PAYLOADS, ("ok", "https://a.example/x?y=1"), ("ok", "/aide/"), ("ok", "a+b@c.fr"),
                     ("http", "http://a.example/x")]:
        for kind, example in examples.items():
            text = original.replace(example, f"{kind}: {json.dumps(value)}", 1)
            (project / "_channels.yml").write_text(text, encoding="utf-8")
            _, problems = load_project(project, env={})
            assert (problems == []) == is_valid(kind, value), (kind, value, problems)  # type: ignore[arg-type]


# --- plugin options -------------------------------------------------------

BAD_OPTIONS = {
    "trees_dir": ["../trees", "/etc", "trees/../../x", "C:\\trees", "..\\x", "", 3],
    "pages_dir": ["../x", "/parcours", "parcours/../..", "par cours", "Parcours", "a\\b", "", "x//y", 3],
    "templates_dir": ["../overrides", "/tmp", "a/../../b", 3],
    "feedback_endpoint": [value for _, value in PAYLOADS] + ["/relative/path", "ftp://a.example/", "http://a.example/", 3],
    "quick_exit_url": [value for _, value in PAYLOADS] + ["/relative/path", "javascript:alert(1)", "//evil.example/",
                                                          "http://a.example/", 3],
}


def _errors(options: dict[str, object], tmp_path: Path) -> list[str]:
    config = KbToolsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict(options)
    errors, _ = config.validate()
    return [f"{key}: {error}" for key, error in errors]


@pytest.mark.parametrize("option", sorted(BAD_OPTIONS))
def test_plugin_options_refuse_bad_values(option: str, tmp_path: Path) -> None:
    for value in BAD_OPTIONS[option]:
        errors = _errors({option: value}, tmp_path)
        assert len(errors) == 1 and errors[0].startswith(f"{option}: "), (value, errors)
        assert "Traceback" not in errors[0] and "Expected type" not in errors[0]


def test_plugin_options_accept_ordinary_values(tmp_path: Path) -> None:
    assert _errors({"trees_dir": "contenu/arbres", "pages_dir": "aide/parcours", "templates_dir": "overrides",
                    "feedback_endpoint": "https://retours.casino.example:8443/r?site=aide",
                    "quick_exit_url": "https://meteo.example/paris?j=1"}, tmp_path) == []
    assert _errors({}, tmp_path) == []


@pytest.mark.parametrize(("option", "variable"), [("feedback_endpoint", "KB_FEEDBACK_ENDPOINT"),
                                                  ("quick_exit_url", "KB_QUICK_EXIT_URL")])
def test_an_option_names_the_variable_it_came_from(option: str, variable: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "https://a.example; frame-ancestors *")
    errors = _errors({option: "https://a.example; frame-ancestors *"}, tmp_path)
    assert len(errors) == 1 and variable in errors[0]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://f.example/r?x=1", "https://f.example"),
    ("https://f.example:8443/r", "https://f.example:8443"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
])
def test_origin_is_scheme_host_and_port(url: str, expected: str) -> None:
    assert origin(url) == expected


@pytest.mark.parametrize("url", ["https://a.example; frame-ancestors *", "https://a.example 'unsafe-inline'",
                                 "javascript:alert(1)", "https://u@a.example/", "https://"])
def test_origin_refuses_what_would_change_the_policy(url: str) -> None:
    with pytest.raises(ValueError):
        origin(url)


@given(st.integers(min_value=0, max_value=200_000), st.sampled_from(["url", "web_url", "site_url"]),
       st.booleans())
def test_an_address_is_accepted_only_with_a_port_a_browser_can_use(port: int, kind: str, zero: bool) -> None:
    """A port over 65535 made the build's connect-src stop with a traceback and the quick exit blank the
    page without leaving it (location.replace refused the address): the value is refused before. (Port 0
    stays: `make serve` on an ephemeral port writes it in site_url.)"""
    from urllib.parse import urlsplit

    written = f"0{port}" if zero and port else str(port)
    address = f"https://aide.exemple.fr:{written}/signaux"
    if is_valid(kind, address):
        assert 0 <= port <= 65535 and (not zero or port == 0) and urlsplit(address).port == port
    else:
        assert (zero and port != 0) or port > 65535
