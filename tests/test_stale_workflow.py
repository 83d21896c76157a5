"""The quarterly stale-report workflow's scripts, run for real with a stand-in ``gh``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "stale-report.yml"

FAKE_GH = """\
import json, os, sys
from pathlib import Path

state_file = Path(os.environ["FAKE_GH_STATE"])
state = json.loads(state_file.read_text()) if state_file.exists() else {"issues": [], "labels": []}
args = sys.argv[1:]
option = lambda name: args[args.index(name) + 1]
if args[:2] == ["label", "create"]:
    state["labels"] = sorted(set(state["labels"]) | {args[2]})
elif args[:2] == ["issue", "list"]:
    # What the step's --jq filter asks for: the first labelled issue holding the marker.
    assert "contains(env.MARKER)" in option("--jq") and option("--state") == "all"
    found = [i for i in state["issues"]
             if option("--label") in i["labels"] and os.environ["MARKER"] in i["body"]]
    print(found[0]["number"] if found else "")
elif args[:2] == ["issue", "create"]:
    state["issues"].append({"number": len(state["issues"]) + 1, "title": option("--title"),
                            "labels": [option("--label")],
                            "body": Path(option("--body-file")).read_text()})
elif args[:2] == ["issue", "edit"]:
    issue = next(i for i in state["issues"] if i["number"] == int(args[2]))
    issue["body"] = Path(option("--body-file")).read_text()
else:
    sys.exit(f"unexpected gh call: {args}")
state_file.write_text(json.dumps(state))
"""


def step(name: str) -> dict:
    """The workflow step with this name."""
    (job,) = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"].values()
    (found,) = [s for s in job["steps"] if s.get("name") == name]
    return found


def run_step(name: str, folder: Path, env: dict[str, str]) -> str:
    """Run one step's script with bash in ``folder``; return its stdout."""
    result = subprocess.run(
        ["bash", "-e", "-c", step(name)["run"]],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def runner_env(folder: Path) -> dict[str, str]:
    """The variables a hosted runner sets, with a stand-in ``gh`` first on PATH."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}")
    gh.chmod(0o755)
    (folder / "github_env").touch()
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ENV": str(folder / "github_env"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/help",
        "GITHUB_RUN_ID": "42",
        "FAKE_GH_STATE": str(folder / "gh-state.json"),
        "LABEL": "kbgen-stale-report",
    }


def step_outputs(folder: Path) -> dict[str, str]:
    """What the compose step wrote to $GITHUB_ENV."""
    lines = (folder / "github_env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def this_quarter() -> str:
    """e.g. 2026-Q4, computed here independently of the workflow."""
    today = datetime.now(timezone.utc).date()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def test_body_carries_the_quarter_marker_and_mentions(tmp_path: Path) -> None:
    """The body starts with this quarter's hidden marker and keeps the report and its cc line."""
    report = (
        "## Articles to review as of 2026-11-25\n\n- [ ] `a.md` A: due 2026-12-01\n\ncc @maria\n"
    )
    (tmp_path / "stale-report.md").write_text(report)
    env = runner_env(tmp_path)
    run_step("Compose the issue body", tmp_path, env)
    body = (tmp_path / "issue-body.md").read_text()
    marker = f"<!-- kbgen-stale-report:{this_quarter()} -->"
    assert body.startswith(marker + "\n\n## Articles to review")
    assert "cc @maria" in body and "actions/runs/42" in body
    assert step_outputs(tmp_path) == {"QUARTER": this_quarter(), "MARKER": marker}


def test_long_report_is_cut_to_fit_an_issue(tmp_path: Path) -> None:
    """A report over GitHub's body limit is cut at a line, keeping the mentions."""
    items = "".join(
        f"- [ ] `folder/article-{n}.md` Article {n}: due 2026-12-01\n" for n in range(3000)
    )
    (tmp_path / "stale-report.md").write_text(f"## Report\n\n{items}\ncc @maria @acme/docs\n")
    run_step("Compose the issue body", tmp_path, runner_env(tmp_path))
    body = (tmp_path / "issue-body.md").read_text()
    assert len(body) < 65_536
    assert "Cut to fit an issue" in body and "cc @maria @acme/docs" in body
    assert "\n- [ ] `folder/article-2999.md`" not in body


def test_one_issue_per_quarter_created_then_updated(tmp_path: Path) -> None:
    """First run opens the labelled issue; a re-run edits it; a new quarter opens another."""
    env = runner_env(tmp_path)
    (tmp_path / "issue-body.md").write_text("<!-- kbgen-stale-report:2026-Q4 -->\nfirst\n")
    quarter = {**env, "QUARTER": "2026-Q4", "MARKER": "<!-- kbgen-stale-report:2026-Q4 -->"}
    run_step("Open or update the quarter's issue", tmp_path, quarter)
    (tmp_path / "issue-body.md").write_text("<!-- kbgen-stale-report:2026-Q4 -->\nsecond\n")
    assert "Updated issue #1" in run_step("Open or update the quarter's issue", tmp_path, quarter)
    (tmp_path / "issue-body.md").write_text("<!-- kbgen-stale-report:2027-Q1 -->\nnext\n")
    run_step(
        "Open or update the quarter's issue",
        tmp_path,
        {**env, "QUARTER": "2027-Q1", "MARKER": "<!-- kbgen-stale-report:2027-Q1 -->"},
    )
    state = json.loads((tmp_path / "gh-state.json").read_text())
    assert state["labels"] == ["kbgen-stale-report"]
    assert [(i["number"], i["title"], i["body"].split("\n")[1]) for i in state["issues"]] == [
        (1, "Articles to review: 2026-Q4", "second"),
        (2, "Articles to review: 2027-Q1", "next"),
    ]


def test_report_step_runs_kbgen_stale_markdown() -> None:
    """The report is `kbgen stale --format markdown`, which never fails the run."""
    assert step("Write the report")["run"].startswith(
        "kbgen stale --format markdown --fail-on never"
    )


def test_token_reaches_only_the_issue_step() -> None:
    """Only the step that calls gh gets the run's token, as GH_TOKEN."""
    (job,) = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"].values()
    holders = [s["name"] for s in job["steps"] if "GH_TOKEN" in s.get("env", {})]
    assert holders == ["Open or update the quarter's issue"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
