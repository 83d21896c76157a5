"""``kbgen mcp``'s server: the knowledge answers as read-only MCP tools over stdio.

Needs the MCP SDK (the ``kbgen[mcp]`` extra); importing this module without it raises
ImportError, which ``kbgen mcp`` turns into one line saying how to install it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from mcp.types import ToolAnnotations

from kbgen import __version__
from kbgen.assistants.knowledge import (
    AssistantError,
    PublishedArticles,
    public_roadmap,
    stale_report,
)
from kbgen.assistants.site_search import search_site
from kbgen.config import SiteConfig

try:  # mcp 2.x
    from mcp.server.mcpserver import MCPServer as Server
    from mcp.server.mcpserver.exceptions import ToolError
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as Server  # type: ignore[no-redef,attr-defined]
    from mcp.server.fastmcp.exceptions import ToolError  # type: ignore[no-redef,import-not-found]

T = TypeVar("T")
READ_ONLY = ToolAnnotations.model_validate(
    {"readOnlyHint": True, "destructiveHint": False, "openWorldHint": False}
)
INSTRUCTIONS = (
    "The {name} help centre, read-only. search(query) ranks its pages as the site's search "
    "box does (each article result says its status); article(path or url) returns an "
    "article as Markdown whose frontmatter says when it was last reviewed and its status: "
    "'changed' or 'overdue' means it may be out of date, so say so when you answer from it. "
    "stale(owner) is the team's review report; roadmap(item) the public roadmap."
)


@dataclass(frozen=True, slots=True)
class Project:
    """What the server answers from: the site's config and its built articles."""

    site: SiteConfig
    articles: PublishedArticles


def make_server(project: Project) -> Any:
    """The MCP server with kbgen's tools, each read-only."""
    server = Server(
        name="kbgen",
        instructions=INSTRUCTIONS.format(name=project.site.site_name),
        version=__version__,
        log_level="WARNING",
    )

    @server.tool(annotations=READ_ONLY)
    def search(query: str) -> dict[str, Any]:
        """Search the help centre with the site's own ranking (what its search box shows):
        the best results first, each with its URL and excerpt; an article result also has its
        Markdown URL (for article), its status and, when it may be out of date, a note.
        Typos are corrected against the site's words (listed under corrections)."""
        return answer(lambda: search_site(project.articles, query))

    @server.tool(annotations=READ_ONLY)
    def article(path_or_url: str) -> str:
        """One help article as Markdown (its twin): YAML frontmatter (title, url, description,
        last_reviewed, status, owner, changes), then the article. Give its path
        (billing/refunds.md), its page URL or its Markdown URL."""
        return answer(lambda: project.articles.article(path_or_url))

    @server.tool(annotations=READ_ONLY)
    def stale(owner: str | None = None) -> dict[str, Any]:
        """The review report (as `kbgen stale --format json`): each article's owner, last
        review, due date, status (overdue, changed, due-soon, ok, invalid) and changes since
        its review; only OWNER's articles when given (an owner id, any case)."""
        return answer(lambda: stale_report(project.site, owner))

    @server.tool(annotations=READ_ONLY)
    def roadmap(item: str | None = None) -> dict[str, Any]:
        """The public roadmap (planned, in progress, shipped) from the last snapshot; only ITEM
        (an identifier such as ENG-12) when given. Nothing non-public is ever included."""
        return answer(lambda: public_roadmap(project.site, item))

    return server


def answer(compute: Callable[[], T]) -> T:
    """The tool's result; an AssistantError becomes the tool's error message."""
    try:
        return compute()
    except AssistantError as error:
        raise ToolError(str(error)) from None


def serve_stdio(project: Project) -> None:
    """Serve ``project`` over stdin/stdout until the client closes the connection."""
    make_server(project).run("stdio")
