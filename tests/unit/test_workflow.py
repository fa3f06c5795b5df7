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


def _stale_step() -> tuple[int, dict[str, Any]]:
    steps = _steps(JOBS["test"])
    found = [(i, step) for i, step in enumerate(steps) if "--stale" in step.get("run", "")]
    assert len(found) == 1
    return found[0]


def test_the_content_to_review_step_runs_on_every_pull_request_even_after_a_failure() -> None:
    """After the tests and the build, whatever became of them (always()), on pull requests only;
    the base branch reaches the script through env, never written into it."""
    index, step = _stale_step()
    steps = _steps(JOBS["test"])
    assert re.fullmatch(r"always\(\) && github\.event_name == 'pull_request'", step["if"]), step["if"]
    assert "continue-on-error" not in step  # it cannot fail: the command always exits 0
    assert index > next(i for i, s in enumerate(steps) if "make build" in s.get("run", ""))
    assert "${{" not in step["run"]  # nothing the pull request controls is interpolated into the shell
    [(name, value)] = [(k, v) for k, v in step["env"].items() if "github.base_ref" in v]
    assert value.replace(" ", "") == "${{github.base_ref}}"
    diff = next(line for line in step["run"].splitlines() if "git diff" in line)
    assert f'"origin/${name}...HEAD"' in diff and "-z" in diff.split() and "--name-only" in diff.split()
    assert "--diff-filter=AMR" in diff.split()
    assert '--summary "$GITHUB_STEP_SUMMARY"' in step["run"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.test", *args], cwd=cwd, check=True,
                   capture_output=True, timeout=60)


def test_the_step_annotates_the_changed_files_first_and_sums_everything_up(tmp_path: Path) -> None:
    """The step's script, run by sh as GitHub runs it, in a pull request's clone where the content is
    never reviewed (more than 10 files): exit 0, at most 10 annotations, the changed tree's first
    (docs/ would come first by path), the whole list in the summary."""
    from tests.conftest import copy_site_sources

    _, step = _stale_step()
    root = copy_site_sources(tmp_path / "clone")
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    (root / ".venv" / "bin" / "python").chmod(0o755)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "docs", "trees")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    changed = sorted((root / "trees").glob("[!_]*.yml"))[-1]
    changed.write_text(changed.read_text(encoding="utf-8") + "# modifié\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "pull request")
    items = len(list((root / "docs").rglob("*.md"))) + len(list((root / "trees").glob("[!_]*.yml")))
    assert items > 10
    (tmp_path / "temp").mkdir()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "RUNNER_TEMP": str(tmp_path / "temp"),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           **{k: v.replace("${{ github.base_ref }}", "main") for k, v in step["env"].items()}}
    result = subprocess.run(["sh", "-e", "-c", step["run"]], cwd=root, capture_output=True, text=True, timeout=120,
                            env=env)
    assert result.returncode == 0, result.stderr
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 10 and all(
        re.fullmatch(r"::warning file=[^,:]+,line=\d+,col=\d+,title=[^:]+::.+", line) for line in annotations)
    assert annotations[0].startswith(f"::warning file=trees/{changed.name},"), annotations[0]
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    rows = [line for line in summary.splitlines() if line.startswith("| ") and "---" not in line
            and not line.startswith("| Fichier")]
    assert len(rows) == items



def test_the_header_comment_names_the_content_to_review() -> None:
    assert "report --stale" in TEXT.split("\nname:", 1)[0]  # the header comment says so
