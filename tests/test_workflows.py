"""GitHub workflow and Dependabot files: valid, pinned, least-privilege and free of secret leaks.

Runs the real linters offline: check-jsonschema's bundled schemas for validity and zizmor
(``--offline``, every audit of the ``auditor`` persona, config files ignored) for security findings.
Covered: this repository's .github/, the workflows and dependabot.yml ``kbgen init`` writes (the
packaged files in kbgen/content/starter/, copied byte for byte: tests/cli/test_init_cli.py) and the
reusable action, action.yml.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB_DIR = ROOT / ".github"
WORKFLOWS_DIR = GITHUB_DIR / "workflows"
DEPENDABOT = GITHUB_DIR / "dependabot.yml"
WORKFLOWS = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
STARTER_DIR = ROOT / "kbgen" / "content" / "starter"
INIT_WORKFLOWS = sorted((STARTER_DIR / "workflows").glob("*.yml"))
INIT_DEPENDABOT = STARTER_DIR / "dependabot.yml"
ACTION = ROOT / "action.yml"
ALL_WORKFLOWS = [*WORKFLOWS, *INIT_WORKFLOWS]
LINTED = [*ALL_WORKFLOWS, DEPENDABOT, INIT_DEPENDABOT, ACTION]

SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"#\s*v\d+(?:\.\d+){2}\b")
SECRET_REF = re.compile(r"\bsecrets\s*(?:\.|\[)")
EXPRESSION = "${{"
KBGEN_BUILD = re.compile(r"^\s*kbgen build\b", re.MULTILINE)
UNTRUSTED_TRIGGERS = {"pull_request", "pull_request_target", "workflow_run"}
FORBIDDEN_TRIGGERS = {"pull_request_target", "workflow_run"}
LINEAR_SECRET = "${{ secrets.LINEAR_API_KEY }}"

UNSAFE_WORKFLOW = """\
name: unsafe
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
        env:
          TOKEN: ${{ secrets.DEPLOY_TOKEN }}
"""


def ids(paths: list[Path]) -> list[str]:
    """Test ids relative to the repository root."""
    return [str(path.relative_to(ROOT)) for path in paths]


def tool(name: str) -> Path:
    """A console script installed next to the running interpreter (the venv's bin dir)."""
    candidates = [Path(sysconfig.get_path("scripts")) / name, Path(sys.executable).parent / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    pytest.fail(f"{name} is not installed next to {sys.executable}: pip install -e '.[test]'")


def run_linter(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a linter with no GitHub token in its environment, so nothing could go online."""
    env = {k: v for k, v in os.environ.items() if k not in {"GH_TOKEN", "GITHUB_TOKEN"}}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def check_schema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    """Validate a file against one of check-jsonschema's bundled (offline) schemas."""
    return run_linter(sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path)


def zizmor_findings(path: Path) -> list[dict[str, Any]]:
    """Every zizmor finding for a file: offline, auditor persona, no config to weaken it."""
    args = ("--offline", "--no-config", "--persona", "auditor", "--format", "json", "--no-progress")
    result = run_linter(tool("zizmor"), *args, path)
    assert result.stdout.strip(), (
        f"zizmor printed no JSON (exit {result.returncode}):\n{result.stderr}"
    )
    findings = json.loads(result.stdout)
    assert (result.returncode == 0) == (not findings), result.stderr
    return findings


def describe(findings: list[dict[str, Any]]) -> str:
    """One line per finding: audit, severity and the first location's line."""
    lines = []
    for finding in findings:
        concrete = finding["locations"][0]["concrete"]["location"]["start_point"]
        severity = finding["determinations"]["severity"]
        lines.append(f"{finding['ident']} ({severity}) at line {concrete['row'] + 1}")
    return "\n".join(lines)


def load(path: Path) -> dict[Any, Any]:
    """Parse a YAML file into a mapping."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def on_section(workflow: dict[Any, Any]) -> Any:
    """The `on:` value (PyYAML reads the bare key `on` as the boolean True)."""
    return workflow.get("on", workflow.get(True))


def triggers(workflow: dict[Any, Any]) -> set[str]:
    """The event names of a workflow."""
    on = on_section(workflow)
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return set(on)
    return set(on or {})


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    """Every step of every job."""
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_commands(workflow: dict[Any, Any]) -> list[str]:
    """The `run:` scripts of every step."""
    return [step["run"] for step in steps(workflow) if "run" in step]


def uses_refs(workflow: dict[Any, Any]) -> list[str]:
    """Every action or reusable workflow a workflow calls."""
    refs = [step["uses"] for step in steps(workflow) if "uses" in step]
    return refs + [job["uses"] for job in workflow["jobs"].values() if "uses" in job]


def test_workflow_folder_holds_ci_and_nightly() -> None:
    """The CI and nightly workflows exist (and so are among the linted files)."""
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "nightly.yml"}


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_workflow_matches_github_schema(path: Path) -> None:
    """Each workflow validates against check-jsonschema's bundled GitHub-workflow schema."""
    result = check_schema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "path", [DEPENDABOT, INIT_DEPENDABOT], ids=ids([DEPENDABOT, INIT_DEPENDABOT])
)
def test_dependabot_config_matches_schema(path: Path) -> None:
    """dependabot.yml validates against check-jsonschema's bundled Dependabot schema."""
    result = check_schema("vendor.dependabot", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_workflows_are_the_three_the_issue_names() -> None:
    """kbgen init ships pull-request checks, the nightly build and deploy, the stale report."""
    assert [path.name for path in INIT_WORKFLOWS] == ["ci.yml", "nightly.yml", "stale-report.yml"]


def test_action_matches_github_action_schema() -> None:
    """action.yml validates against check-jsonschema's bundled GitHub-action schema."""
    result = check_schema("vendor.github-actions", ACTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_action_pins_setup_python_like_the_workflows() -> None:
    """The action's one remote action is SHA-pinned with its version comment, as in ci.yml."""
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    (ref,) = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
    assert SHA_PIN.match(ref) and ref in uses_refs(load(WORKFLOWS_DIR / "ci.yml"))
    lines = ACTION.read_text(encoding="utf-8").splitlines()
    (match,) = [m for m in map(USES_LINE.match, lines) if m]
    assert VERSION_COMMENT.search(match["rest"])
    scripts = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    assert [script for script in scripts if EXPRESSION in script] == []


def test_schema_check_rejects_an_invalid_workflow(tmp_path: Path) -> None:
    """The schema check really validates: a workflow without `runs-on` fails it."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    steps:\n      - run: true\n", encoding="utf-8")
    assert check_schema("vendor.github-workflows", broken).returncode == 1


@pytest.mark.parametrize("path", LINTED, ids=ids(LINTED))
def test_zizmor_finds_nothing(path: Path) -> None:
    """zizmor (offline, all auditor-persona audits, every severity) reports no finding."""
    findings = zizmor_findings(path)
    assert findings == [], f"zizmor findings in {path.name}:\n{describe(findings)}"


def test_zizmor_flags_an_unsafe_workflow(tmp_path: Path) -> None:
    """zizmor really audits offline: injection, dangerous trigger and unpinned action are found."""
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(UNSAFE_WORKFLOW, encoding="utf-8")
    found = {finding["ident"] for finding in zizmor_findings(unsafe)}
    assert found >= {"template-injection", "dangerous-triggers", "unpinned-uses", "artipacked"}


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_every_action_is_pinned_to_a_commit_sha(path: Path) -> None:
    """Every `uses:` names a full 40-hex commit SHA (local actions excepted)."""
    remote = [ref for ref in uses_refs(load(path)) if not ref.startswith("./")]
    assert remote, f"{path.name} uses no action"
    assert [ref for ref in remote if not SHA_PIN.match(ref)] == []


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_every_pin_carries_its_version_comment(path: Path) -> None:
    """Every SHA-pinned `uses:` line ends with a `# vX.Y.Z` comment Dependabot keeps current."""
    lines = path.read_text(encoding="utf-8").splitlines()
    matches = [m for m in map(USES_LINE.match, lines) if m and not m["ref"].startswith("./")]
    assert matches
    assert [m["ref"] for m in matches if not VERSION_COMMENT.search(m["rest"])] == []


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_checkouts_do_not_persist_credentials(path: Path) -> None:
    """Every actions/checkout step sets `persist-credentials: false`."""
    checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert [s for s in checkouts if s.get("with", {}).get("persist-credentials") is not False] == []


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_run_scripts_contain_no_expressions(path: Path) -> None:
    """No `${{ }}` expression is spliced into a shell script; values come in through `env:`."""
    assert [script for script in run_commands(load(path)) if EXPRESSION in script] == []


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_top_level_permissions_grant_no_write(path: Path) -> None:
    """Each workflow declares top-level permissions that are empty or read-only."""
    workflow = load(path)
    assert "permissions" in workflow, f"{path.name} has no top-level permissions"
    permissions = workflow["permissions"]
    assert permissions in ({}, "read-all") or (
        isinstance(permissions, dict) and set(permissions.values()) <= {"read", "none"}
    )


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_no_workflow_uses_a_privileged_fork_trigger(path: Path) -> None:
    """No workflow runs on pull_request_target or workflow_run (secrets within a fork's reach)."""
    assert triggers(load(path)) & FORBIDDEN_TRIGGERS == set()


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=ids(ALL_WORKFLOWS))
def test_pull_request_workflows_reference_no_secrets(path: Path) -> None:
    """A workflow that pull requests can trigger never mentions `secrets`."""
    text = path.read_text(encoding="utf-8")
    if triggers(load(path)) & UNTRUSTED_TRIGGERS:
        assert not SECRET_REF.search(text), f"{path.name} runs on pull requests and reads secrets"


def test_ci_reads_no_secrets() -> None:
    """ci.yml runs on pull requests and pushes to main with a read-only token and no secrets."""
    ci = load(WORKFLOWS_DIR / "ci.yml")
    assert triggers(ci) == {"pull_request", "push"}
    assert on_section(ci)["push"]["branches"] == ["main"]
    assert ci["permissions"] == {"contents": "read"}
    assert not SECRET_REF.search((WORKFLOWS_DIR / "ci.yml").read_text(encoding="utf-8"))


def test_ci_runs_tests_check_and_strict_build() -> None:
    """ci.yml installs the test extras, then runs pytest, `kbgen check` and a strict build."""
    scripts = "\n".join(run_commands(load(WORKFLOWS_DIR / "ci.yml")))
    for command in ("pip install -e '.[test,properdocs]'", "python -m pytest", "kbgen check"):
        assert command in scripts
    assert "kbgen build --strict" in scripts


def test_ci_points_browser_tests_at_the_runners_chrome() -> None:
    """ci.yml sets KBGEN_CHROMIUM to the Chrome hosted runners ship and uses Python 3.11."""
    ci = load(WORKFLOWS_DIR / "ci.yml")
    (job,) = ci["jobs"].values()
    assert job["env"]["KBGEN_CHROMIUM"] == "/usr/bin/google-chrome"
    setup = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert [s["with"]["python-version"] for s in setup] == ["3.11"]


def test_ci_cancels_superseded_pull_request_runs() -> None:
    """ci.yml's concurrency group cancels in-progress runs only for pull requests."""
    concurrency = load(WORKFLOWS_DIR / "ci.yml")["concurrency"]
    assert "github.event.pull_request.number" in concurrency["group"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_only_nightly_mentions_the_linear_key() -> None:
    """LINEAR_API_KEY appears (outside comments) in nightly.yml and in no other workflow."""
    mentioning = {p.name for p in WORKFLOWS if "LINEAR_API_KEY" in json.dumps(load(p))}
    assert mentioning == {"nightly.yml"}


def test_nightly_runs_only_on_schedule_or_by_hand() -> None:
    """nightly.yml runs on a daily cron and workflow_dispatch, nothing a pull request can fire."""
    nightly = load(WORKFLOWS_DIR / "nightly.yml")
    assert triggers(nightly) == {"schedule", "workflow_dispatch"}
    (cron,) = (entry["cron"] for entry in on_section(nightly)["schedule"])
    assert re.fullmatch(r"\d{1,2} \d{1,2} \* \* \*", cron)


def test_nightly_passes_linear_key_from_secrets_to_the_build_step_only() -> None:
    """The secret reaches only the `kbgen build` step's `env:`, not a job's or the workflow's."""
    nightly = load(WORKFLOWS_DIR / "nightly.yml")
    assert "LINEAR_API_KEY" not in nightly.get("env", {})
    assert all("LINEAR_API_KEY" not in job.get("env", {}) for job in nightly["jobs"].values())
    holders = [s for s in steps(nightly) if "LINEAR_API_KEY" in s.get("env", {})]
    assert [s["env"]["LINEAR_API_KEY"] for s in holders] == [LINEAR_SECRET]
    assert KBGEN_BUILD.search(holders[0]["run"])
    text = (WORKFLOWS_DIR / "nightly.yml").read_text(encoding="utf-8")
    assert SECRET_REF.findall(text) == ["secrets."]


def test_nightly_build_is_not_strict_so_a_linear_outage_still_deploys() -> None:
    """Nightly builds non-strict (a snapshot fallback deploys); a later step shows warnings."""
    build = load(WORKFLOWS_DIR / "nightly.yml")["jobs"]["build"]
    scripts = [s.get("run", "") for s in build["steps"]]
    (build_script,) = [s for s in scripts if KBGEN_BUILD.search(s)]
    assert "--strict" not in build_script
    assert any("::warning" in script for script in scripts[scripts.index(build_script) + 1 :])


def test_nightly_deploys_with_the_official_pages_actions() -> None:
    """The build job uploads `site/` read-only; the deploy job alone may write Pages."""
    nightly = load(WORKFLOWS_DIR / "nightly.yml")
    build, deploy = nightly["jobs"]["build"], nightly["jobs"]["deploy"]
    assert nightly["permissions"] == {}
    assert build["permissions"] == {"contents": "read"}
    upload = [s for s in build["steps"] if "upload-pages-artifact@" in s.get("uses", "")]
    assert [s["with"]["path"] for s in upload] == ["site"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_dependabot_keeps_action_pins_current() -> None:
    """Dependabot watches the github-actions ecosystem at the repository root."""
    updates = load(DEPENDABOT)["updates"]
    assert {"github-actions"} <= {u["package-ecosystem"] for u in updates}
    (actions,) = [u for u in updates if u["package-ecosystem"] == "github-actions"]
    assert actions["directory"] == "/"


def test_nightly_proposes_the_refreshed_linear_data_without_the_secret() -> None:
    """After a successful pull, a separate job with only contents/pull-requests write and no
    Linear secret or environment opens or updates one pull request from an artifact."""
    nightly = load(WORKFLOWS_DIR / "nightly.yml")
    build, job = nightly["jobs"]["build"], nightly["jobs"]["linear-data-pr"]
    assert job["needs"] == "build" and "pulled == 'true'" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert "environment" not in job
    assert not SECRET_REF.search(yaml.safe_dump(job))
    download = [s for s in job["steps"] if "download-artifact@" in s.get("uses", "")]
    names = [s["with"]["name"] for s in download]
    uploads = [s for s in build["steps"] if "upload-artifact@" in s.get("uses", "")]
    upload = [s for s in uploads if s["with"]["name"] in names]
    assert [s["with"]["name"] for s in upload] == names == ["linear-data"]
    paths = upload[0]["with"]["path"].split()
    assert paths == [
        "data/linear-snapshot.json", "data/linear-links.json", "data/roadmap-history.json"
    ]  # fmt: skip
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert "gh pr edit" in script and "gh pr create" in script and "$BRANCH" in script
