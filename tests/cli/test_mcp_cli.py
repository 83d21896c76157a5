"""`kbgen mcp` over real stdio, driven by the MCP SDK's own client (stdio_client +
ClientSession): each tool answers what the built site and `kbgen stale` say."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import pytest
from click.testing import CliRunner
from linear_emulator import TEST_KEY, LinearEmulator, generate_workspace
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from kbgen.cli import main
from kbgen.cli.mcp import INSTALL_HINT
from kbgen.mkdocs.build import build_site
from kbgen.search.query import search
from tests.conftest import article

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "site_config.yml"
KBGEN = Path(sys.executable).with_name("kbgen")
SITE_URL = "https://help.tallyflow.example/"
REFUND_URL = SITE_URL + "invoices-and-payments/issue-a-refund/"
MONEY_BACK = "how do I give a customer their money back"
# (tool, arguments) asked in one session; the answers are checked one behaviour per test.
QUESTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "by page url": ("article", {"path_or_url": REFUND_URL}),
    "by path": ("article", {"path_or_url": "invoices-and-payments/issue-a-refund.md"}),
    "by site path": ("article", {"path_or_url": "/invoices-and-payments/issue-a-refund/"}),
    "by twin url": ("article", {"path_or_url": REFUND_URL.rstrip("/") + ".md"}),
    "by bare path": ("article", {"path_or_url": "invoices-and-payments/issue-a-refund"}),
    "unknown article": ("article", {"path_or_url": "nowhere/at-all/"}),
    "draft": ("article", {"path_or_url": "_drafts/anything.md"}),
    "stale": ("stale", {}),
    "stale for an owner": ("stale", {"owner": "BILLING-TEAM"}),
    "roadmap": ("roadmap", {}),
    "roadmap item": ("roadmap", {"item": "eng-3"}),
    "unknown roadmap item": ("roadmap", {"item": "FIN-2"}),
    "search": ("search", {"query": MONEY_BACK}),
    "search for a changed article": ("search", {"query": "download VAT receipts"}),
    "search with a typo": ("search", {"query": "invocie reminders"}),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once from the snapshot."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LINEAR_API_KEY", raising=False)
        return build_site(CONFIG, tmp_path_factory.mktemp("mcp") / "site")


async def ask(
    args: list[str],
    questions: dict[str, tuple[str, dict[str, Any]]],
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Start `kbgen ARGS` as a stdio MCP server, list its tools and ask every question; its
    stderr is kept under "stderr"."""
    params = StdioServerParameters(command=str(KBGEN), args=args, cwd=str(REPO), env=env)
    with tempfile.TemporaryFile("w+") as errlog:
        async with (
            stdio_client(params, errlog=errlog) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            answers: dict[str, Any] = {"tools": (await session.list_tools()).tools}
            for name, (tool, arguments) in questions.items():
                answers[name] = await session.call_tool(tool, arguments)
        errlog.seek(0)
        answers["stderr"] = errlog.read()
        return answers


def ask_in_thread(
    args: list[str],
    questions: dict[str, tuple[str, dict[str, Any]]],
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``ask`` on an event loop of its own thread: the browser tests' Playwright keeps an
    asyncio loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, ask, args, questions, env).result()


@pytest.fixture(scope="module")
def answers(built: Path) -> dict[str, Any]:
    """Every question asked of one `kbgen mcp --site-dir` session over stdio."""
    args = ["mcp", "--config", str(CONFIG), "--site-dir", str(built)]
    return ask_in_thread(args, QUESTIONS)


def text_of(result: Any) -> str:
    """The text content of a tool result."""
    return "".join(block.text for block in result.content if block.type == "text")


def data_of(result: Any) -> Any:
    """The structured (JSON) content of a tool result."""
    assert not result.is_error, text_of(result)
    return result.structured_content


def test_tools_are_listed_and_read_only(answers: dict[str, Any]) -> None:
    """The server offers article, stale and roadmap, each marked read-only."""
    tools = {tool.name: tool for tool in answers["tools"]}
    assert {"search", "article", "stale", "roadmap"} <= set(tools)
    for tool in tools.values():
        assert tool.annotations.read_only_hint is True
        assert tool.description


@pytest.mark.parametrize(
    "question", ["by page url", "by path", "by site path", "by twin url", "by bare path"]
)
def test_article_answers_the_twin_however_it_is_named(
    answers: dict[str, Any], built: Path, question: str
) -> None:
    """article(path or url) returns the twin the site serves, byte for byte."""
    result = answers[question]
    assert not result.is_error, text_of(result)
    assert text_of(result) == (built / "invoices-and-payments/issue-a-refund.md").read_text()


@pytest.mark.parametrize("question", ["unknown article", "draft"])
def test_article_refuses_what_the_site_does_not_publish(
    answers: dict[str, Any], question: str
) -> None:
    """An unknown or unpublished article is a tool error naming it, not a crash."""
    result = answers[question]
    assert result.is_error
    assert "no published article at" in text_of(result)


def test_stale_is_the_stale_reports_records(answers: dict[str, Any]) -> None:
    """stale() holds the same article records as `kbgen stale --format json`."""
    report = CliRunner().invoke(main, ["stale", "--config", str(CONFIG), "--format", "json"])
    expected = json.loads(report.stdout)
    served = data_of(answers["stale"])
    assert served["articles"] == expected["articles"]
    assert served["summary"] == expected["summary"]


def test_stale_for_one_owner(answers: dict[str, Any]) -> None:
    """stale(owner) keeps that owner's articles only (any case), as --owner does."""
    served = data_of(answers["stale for an owner"])
    report = CliRunner().invoke(
        main, ["stale", "--config", str(CONFIG), "--format", "json", "--owner", "billing-team"]
    )
    assert served["articles"] == json.loads(report.stdout)["articles"]
    assert served["articles"] and {row["owner"] for row in served["articles"]} == {"billing-team"}


def test_roadmap_is_the_public_roadmap(answers: dict[str, Any], built: Path) -> None:
    """roadmap() lists exactly the items the site publishes, with their status."""
    published = json.loads((built / "api/roadmap.json").read_text())["items"]
    served = data_of(answers["roadmap"])["items"]
    assert [(i["id"], i["status"], i["title"]) for i in served] == [
        (i["id"], i["status"], i["title"]) for i in published
    ]


def test_roadmap_item_by_identifier(answers: dict[str, Any]) -> None:
    """roadmap(item) answers that one item, whatever the case of its identifier."""
    served = data_of(answers["roadmap item"])["items"]
    assert [item["id"] for item in served] == ["ENG-3"]


def test_roadmap_never_serves_a_private_item(answers: dict[str, Any]) -> None:
    """A linked item Linear marks non-public is unknown to the roadmap tool."""
    links = json.loads((REPO / "data/linear-links.json").read_text())
    private = [item["id"] for item in links["items"] if not item["public"]]
    assert "FIN-2" in private
    result = answers["unknown roadmap item"]
    assert result.is_error and "no public roadmap item" in text_of(result)
    served = json.dumps(data_of(answers["roadmap"]))
    assert not [identifier for identifier in private if f'"{identifier}"' in served]


def test_mcp_builds_the_site_when_no_site_dir_is_given(make_site: Callable) -> None:
    """Without --site-dir the server builds into a temporary folder, then serves it."""
    config = make_site({"billing/refunds.md": article("Issue a refund", body="Refund steps.\n")})
    answered = ask_in_thread(
        ["mcp", "--config", str(config)],
        {"refund": ("article", {"path_or_url": "billing/refunds/"})},
    )
    text = text_of(answered["refund"])
    assert text.startswith("---\ntitle: Issue a refund\n") and "Refund steps." in text


def test_mcp_without_the_sdk_says_how_to_install_it(make_site: Callable) -> None:
    """With the mcp package unimportable: one line naming the extra, exit 1, no traceback."""
    config = make_site({"billing/refunds.md": article("Issue a refund")})
    script = (
        "import sys; sys.modules['mcp'] = None\n"
        "from kbgen.cli import main\n"
        f"main(['mcp', '--config', {str(config)!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: {INSTALL_HINT}"]
    assert result.stdout == ""


def test_mcp_help_has_examples_and_a_client_configuration() -> None:
    """--help shows examples, the mcpServers entry, the tools and whether it builds."""
    result = CliRunner().invoke(main, ["mcp", "--help"])
    assert result.exit_code == 0
    expected_texts = ("kbgen mcp --site-dir site", '"mcpServers"', "search(", "article(", "stale(")
    for expected in (*expected_texts, "roadmap("):
        assert expected in result.output
    assert "temporary folder" in result.output


@pytest.mark.parametrize(
    "question", ["search", "search for a changed article", "search with a typo"]
)
def test_search_ranks_as_the_sites_search(
    answers: dict[str, Any], built: Path, question: str
) -> None:
    """search(query) returns the site search's own results, in its order."""
    query = QUESTIONS[question][1]["query"]
    served = data_of(answers[question])["results"]
    expected = search(built, query)
    assert served and [r["url"] for r in served] == [SITE_URL + h.url.lstrip("/") for h in expected]
    assert [r["title"] for r in served] == [hit.title for hit in expected]


def test_search_finds_a_question_in_customers_words(answers: dict[str, Any]) -> None:
    """The refund article answers "how do I give a customer their money back" first."""
    first = data_of(answers["search"])["results"][0]
    assert first["url"] == REFUND_URL
    assert first["markdown"] == REFUND_URL.rstrip("/") + ".md" and first["status"] == "ok"


def test_search_results_say_when_an_article_may_be_out_of_date(answers: dict[str, Any]) -> None:
    """An article result carries its status and the llms.txt note when it may be out of date."""
    results = data_of(answers["search for a changed article"])["results"]
    changed = [r for r in results if r.get("status") == "changed"]
    assert changed and all(r["note"].endswith(": may be out of date") for r in changed)


def test_search_reports_its_typo_corrections(answers: dict[str, Any]) -> None:
    """A misspelt word is corrected against the site's words, and the answer says so."""
    assert data_of(answers["search with a typo"])["corrections"] == {"invocie": "invoice"}


def test_mcp_never_pulls_from_linear_nor_writes_the_project(tmp_path: Path) -> None:
    """With a Linear key set, the start-up build still reads the snapshot (no request to
    Linear) and nothing in the project changes: the server is read-only."""
    for name in ("content", "data", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(CONFIG, tmp_path / "site_config.yml")
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    with LinearEmulator(generate_workspace(), TEST_KEY) as emulator:
        env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url}
        answered = ask_in_thread(
            ["mcp", "--config", str(tmp_path / "site_config.yml")],
            {"roadmap": ("roadmap", {"item": "ENG-3"})},
            env,
        )
        assert emulator.requests == []
    assert [item["id"] for item in data_of(answered["roadmap"])["items"]] == ["ENG-3"]
    after = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert after == before
