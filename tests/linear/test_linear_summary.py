"""The public section is decided by the Markdown parse: every heading form ends it.

Each form puts a private marker after an ``Internal`` heading written that way; the marker
must reach no summary, and, in a real build from the emulator, no page, JSON, feed or index.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from linear_emulator import PRIVATE, TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.sites import write_site

from kbgen.linear.summary import render_summary
from kbgen.mkdocs.build import build_site
from tests.mkdocs.test_search_index import fragments

# name -> description; "kept" must be published, SECRET (PRIVATE) must not.
FORMS = {
    "atx": "## Public\nkept\n## Internal\nSECRET",
    "atx-closing-hashes": "## Public ##\nkept\n## Internal ##\nSECRET",
    "atx-no-space": "## Public\nkept\n##Internal\nSECRET",
    "atx-indented-1": "## Public\nkept\n ## Internal\nSECRET",
    "atx-indented-3": "## Public\nkept\n\n   ## Internal\nSECRET",
    "setext-equals": "Public\n======\nkept\n\nInternal\n========\nSECRET",
    "setext-dashes": "## Public\nkept\n\nInternal\n---\nSECRET",
    "setext-after-paragraph": "## Public\nkept\n\nmore\nInternal\n--------\nSECRET",
    "setext-indented-underline": "## Public\nkept\n\nInternal\n   ---\nSECRET",
    "higher-level-ends-lower": "### Public\nkept\n# Internal\nSECRET",
    "unclosed-backtick-fence": "## Public\nkept\n```\n## Internal\nSECRET",
    "unclosed-tilde-fence": "## Public\nkept\n~~~~\n## Internal\nSECRET",
    "html-heading": "## Public\nkept\n<h2>Internal</h2>\nSECRET",
    "html-heading-multiline": "## Public\nkept\n\n<H2 class=x>\nInternal\n</H2>\nSECRET",
    "html-heading-mid-line": "## Public\nkept\n\nsee <h1>Internal</h1> SECRET",
    "blockquote": "## Public\nkept\n> ## Internal\n> SECRET",
    "blockquote-setext": "## Public\nkept\n\n> more\n> Internal\n> ---\n> SECRET",
    "bullet-list": "## Public\nkept\n- ## Internal\n  SECRET",
    "bullet-list-after-item": "## Public\nkept\n\n- item\n- ## Internal\n  SECRET",
    "ordered-list": "## Public\nkept\n1. ## Internal\n   SECRET",
    "list-setext": "## Public\nkept\n\n- Internal\n  ---\n  SECRET",
    "public-setext-dashes": "Public\n------\nkept\n\nInternal\n--------\nSECRET",
    "public-indented": "  ## Public\nkept\n  ## Internal\nSECRET",
    "text-before-public": "SECRET\n\n## Public\nkept",
}


def _marked(text: str, name: str) -> str:
    return text.replace("SECRET", f"{PRIVATE}-{name}-end").replace("kept", f"kept-{name}-end")


@pytest.mark.parametrize("name", FORMS)
def test_no_heading_form_lets_private_text_through(name: str) -> None:
    """The text after an Internal heading in this form is dropped; the public text stays."""
    rendered = render_summary(_marked(FORMS[name], name), "Public")
    assert f"kept-{name}-end" in rendered
    assert PRIVATE not in rendered


def test_html_heading_does_not_open_the_public_section() -> None:
    """'<h2>Public</h2>' is an HTML block to CommonMark, not a heading: nothing is published."""
    text = "<h2>Public</h2>\nkept\n<h2>Internal</h2>\nZZPRIV"
    assert render_summary(text, "Public") == ""


def test_heading_inside_a_closed_fence_is_code() -> None:
    """A '## Internal' line inside a closed fence is code, not a heading."""
    text = "## Public\n```\n## Internal\n```\nStill public\n## Internal\nZZPRIV"
    rendered = render_summary(text, "Public")
    assert "<code>## Internal" in rendered and "Still public" in rendered
    assert PRIVATE not in rendered


def test_indented_code_is_not_a_heading() -> None:
    """Four spaces make code: its '## x' line neither ends nor starts a section."""
    text = "## Public\nkept\n\n    ## code line\n\nmore\n## End\nZZPRIV"
    rendered = render_summary(text, "Public")
    assert "<code>## code line" in rendered and "more" in rendered and PRIVATE not in rendered


def test_subheadings_stay_inside_the_section() -> None:
    """A lower heading belongs to the section (rendered bold); the next equal one ends it."""
    rendered = render_summary("# Public\na\n## Sub\nb\n### Deeper\nc\n# Internal\nZZPRIV", "Public")
    assert "<strong>Sub</strong>" in rendered and "<p>c</p>" in rendered
    assert PRIVATE not in rendered


def test_public_heading_match_ignores_emphasis() -> None:
    """'## **Public**:' names the public section too."""
    assert render_summary("## **Public**:\nYes\n## Other\nNo", "Public") == "<p>Yes</p>"


def test_long_section_is_bounded() -> None:
    """A huge public section is cut at whole blocks, never past the limit."""
    text = "## Public\n" + "\n\n".join(f"para {n} " + "x" * 90 for n in range(500))
    rendered = render_summary(text, "Public")
    assert "para 0 " in rendered and "para 499" not in rendered and len(rendered) < 6_000


# -- a real build from the emulator ----------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One public item per heading form, pulled from the emulator and built with MkDocs."""
    root = tmp_path_factory.mktemp("forms")
    workspace = generate_workspace()
    public = [issue for issue in workspace.issues if issue.expect]
    assert len(public) >= len(FORMS)
    for issue, (name, text) in zip(public, FORMS.items(), strict=False):
        issue.description = _marked(text, name)
    config = write_site(root, {"page_size": 50, "max_retries": 0, "timeout_seconds": 5})
    with LinearEmulator(workspace, TEST_KEY) as emulator, pytest.MonkeyPatch.context() as env:
        env.setenv("LINEAR_API_KEY", TEST_KEY)
        env.setenv("KBGEN_LINEAR_API_URL", emulator.url)
        site = build_site(config, root / "site")
    names = (
        "roadmap/index.html",
        "changelog/index.html",
        "api/roadmap.json",
        "api/changelog.json",
        "changelog/feed.xml",
    )
    outputs = {name: (site / name).read_text(encoding="utf-8") for name in names}
    outputs["pagefind"] = json.dumps(fragments(site))
    yield outputs


@pytest.mark.parametrize("name", FORMS)
def test_private_text_reaches_no_output(built: dict[str, str], name: str) -> None:
    """Roadmap page, roadmap.json, changelog.json, feed.xml and the search index stay clean."""
    for output, text in built.items():
        assert f"{PRIVATE}-{name}-end" not in text, f"{name} leaked into {output}"
    published = built["api/roadmap.json"] + built["api/changelog.json"]
    assert f"kept-{name}-end" in published


def test_search_index_covers_the_roadmap(built: dict[str, str]) -> None:
    """The index really holds roadmap text, so the leak check above is not vacuous."""
    assert any("kept-atx-end" in record["content"] for record in json.loads(built["pagefind"]))


@pytest.mark.parametrize(
    "body",
    [
        "- " * 50_000 + "x",
        "> " * 50_000 + "x",
        "[" * 100_000,
        "  ## x\n" * 20_000,
        "1. a\n    - b\n" * 5_000,
    ],
    ids=["nested-lists", "nested-quotes", "brackets", "many-headings", "many-lists"],
)
def test_hostile_descriptions_render_bounded(body: str) -> None:
    """Deep nesting (past markdown-it-py's limit) or bulk: a bounded summary, no crash."""
    rendered = render_summary(f"## Public\n{body}\n## Internal\n{PRIVATE}", "Public")
    assert len(rendered) <= 6_000 and PRIVATE not in rendered
