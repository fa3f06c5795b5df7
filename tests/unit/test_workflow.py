"""The GitHub Actions workflow tests every pull request and publishes main
to GitHub Pages, with the README's commands and Debian's Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from kb_tools.deploy_values import SITE_VARIABLES
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
TEXT = WORKFLOW.read_text(encoding="utf-8")
DATA: dict[Any, Any] = yaml.safe_load(TEXT)
JOBS: dict[str, dict[str, Any]] = DATA["jobs"]


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def _runs(job: dict[str, Any], command: str) -> bool:
    return any(re.search(rf"^\s*{re.escape(command)}\s*$", step.get("run", ""), re.M) for step in _steps(job))


def _uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in _steps(job) if "uses" in step]


def test_triggers_are_pull_requests_and_pushes_to_main() -> None:
    triggers = DATA.get("on", DATA.get(True))  # YAML 1.1 reads a bare « on » as true
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"]


def test_every_run_tests_with_the_readme_command_then_builds_strictly() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", readme, re.M)
    test = JOBS["test"]
    assert "if" not in test  # pull requests and pushes alike
    assert _runs(test, "make test") and _runs(test, "make build")
    names = [step.get("run", "") for step in _steps(test)]
    chromium = next(i for i, run in enumerate(names) if re.search(r"apt-get install .*\bchromium\b", run))
    assert chromium < next(i for i, run in enumerate(names) if "make test" in run)
    target = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nbuild:", 1)[1].split("\n\n")[0]
    assert "kb_tools.site_build" in target  # which runs ``mkdocs build --strict`` (tests/build/test_build.py)
    assert any(u.startswith("actions/setup-node@") for u in _uses(test))
    assert next(s for s in _steps(test) if s.get("uses", "").startswith("actions/setup-node@"))["with"]["node-version"] == 20
    assert test["container"]["image"].startswith("python:3.11-")  # Python 3.11 and Debian's chromium


def test_main_is_published_with_the_official_pages_actions() -> None:
    deploy = JOBS["deploy"]
    assert deploy["needs"] == "test"
    assert "github.event_name == 'push'" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert deploy["environment"]["name"] == "github-pages"
    uses = [u.split("@")[0] for u in _uses(deploy)]
    pages = ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert [u for u in uses if u in pages] == pages  # in this order
    upload = next(s for s in _steps(deploy) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert any(s.get("run", "").strip() == "make build" for s in _steps(deploy))  # its variables: the test below


def _build_variables() -> set[str]:
    """Every KB_* variable the published build reads: deploy_values.SITE_VARIABLES, every ``*_env``
    of the channels catalogue, every ``!ENV`` of mkdocs.yml (which SITE_VARIABLES must follow)."""
    catalogue = yaml.safe_load((ROOT / "trees" / "_channels.yml").read_text(encoding="utf-8"))
    named = {value for channel in catalogue["channels"].values() for key, value in channel.items() if key.endswith("_env")}
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    read = set(re.findall(r"^[^#\n]*!ENV\s*\[?\s*(KB_\w+)", config, re.M))
    assert read == set(SITE_VARIABLES), "mkdocs.yml reads with !ENV exactly the variables deploy_values checks"
    assert named and all(re.fullmatch(r"KB_\w+", name) for name in named)
    return named | read


def test_every_deployment_variable_reaches_the_published_build_and_the_readme_names_it_twice() -> None:
    """A variable the build reads but the deploy job does not pass never reaches the site; the README's
    table and its « À régler une fois sur GitHub » list are what the operator follows. All four agree."""
    expected = _build_variables()
    build = next(s for s in _steps(JOBS["deploy"]) if s.get("run", "").strip() == "make build")
    assert set(build["env"]) == expected
    for name, value in build["env"].items():
        assert re.fullmatch(rf"\$\{{\{{ vars\.{name}( \|\| [\w.]+)? \}}\}}", value), (name, value)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n### Déploiement\n"):]
    table = re.findall(r"^\| (`KB_.*?) \|", section[section.index("\n| Variable |"):].split("\n\n", 1)[0], re.M)
    assert set(re.findall(r"`(KB_\w+)`", " ".join(table))) == expected
    github = section[section.index("À régler une fois sur GitHub"):]
    item = re.search(r"^2\. (.*?)^3\. ", github, re.M | re.S)
    assert item and set(re.findall(r"`(KB_\w+)`", item.group(1))) == expected


def test_container_jobs_can_read_the_whole_git_history() -> None:
    # Pages show when their source last changed (git log), and the build is
    # dated by the last commit: full history, and git must trust the checkout,
    # which belongs to the runner's user while the container runs as root.
    for name, job in JOBS.items():
        steps = _steps(job)
        checkout = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/checkout@"))
        assert steps[checkout].get("with", {}).get("fetch-depth") == 0, name
        if "container" in job:
            safe = next(i for i, s in enumerate(steps) if "safe.directory" in s.get("run", ""))
            make = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("make "))
            assert checkout < safe < make, name


def test_actions_are_pinned_to_a_commit_with_the_version_in_a_comment_and_no_browser_is_downloaded() -> None:
    pinned = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", TEXT, re.M)
    assert len(pinned) == sum(len(_uses(job)) for job in JOBS.values())
    for uses, comment in pinned:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", uses), uses  # a tag can be moved, a commit cannot
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), uses
    commands = [str(step.get("run", "")) + str(step.get("uses", "")) for job in JOBS.values() for step in _steps(job)]
    commands.append((ROOT / "Makefile").read_text(encoding="utf-8"))  # what « make test » runs
    for forbidden in ("playwright install", "setup-chrome", "snap install", "wget ", "curl "):
        assert not any(forbidden in command.lower() for command in commands), forbidden


def test_checkouts_leave_no_credentials_in_the_repository() -> None:
    for name, job in JOBS.items():
        for step in _steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


def test_lint_audits_the_workflow_and_finds_nothing() -> None:
    lint = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nlint:", 1)[1].split("\n\n")[0]
    assert "zizmor --offline" in lint and ".github/workflows/publish.yml" in lint
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(zizmor), "--offline", "--format", "json", str(WORKFLOW)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_pull_requests_print_the_content_to_review_as_annotations_that_never_fail() -> None:
    """The test job's step runs `report --stale DAYS --github` on pull requests only, after the
    tests and the build; run here as written, it exits 0 with one annotation per line."""
    steps = _steps(JOBS["test"])
    found = [(i, step) for i, step in enumerate(steps) if "--stale" in step.get("run", "")]
    assert len(found) == 1
    index, step = found[0]
    assert step["if"] == "github.event_name == 'pull_request'"
    assert "continue-on-error" not in step  # it cannot fail: the command always exits 0
    assert index > next(i for i, s in enumerate(steps) if "make build" in s.get("run", ""))
    command = step["run"].split()
    assert command[:4] == [".venv/bin/python", "-m", "kb_tools", "report"] and "--github" in command
    days = command[command.index("--stale") + 1]
    assert days.isdigit()
    # the content as it is (never reviewed: every tree and page), then a date far ahead: exit 0 all the same
    for today in ([], ["--today", "2999-12-31"]):
        result = subprocess.run([sys.executable, *command[1:], *today], cwd=ROOT, capture_output=True, text=True,
                                timeout=60, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
        assert result.returncode == 0, result.stderr
        annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
        assert annotations and all(re.fullmatch(r"::warning file=[^,:]+,line=\d+,col=\d+,title=[^:]+::.+", line)
                                   for line in annotations), annotations[:3]
    assert "report --stale" in TEXT.split("\nname:", 1)[0]  # the header comment says so
