"""Public text and HTML: plain titles, the public section only, sanitised Markdown."""

from __future__ import annotations

import html
import re

import pytest

from kbgen.linear.summary import render_summary
from kbgen.linear_data.sanitize import clean_html, clean_text

DESCRIPTION = """Private context ZZPRIV-1.

## Public

Visible **summary**.

### Details

More visible text.

## Internal notes

ZZPRIV-2 never shown.
"""


def test_title_is_one_line_of_plain_text() -> None:
    """Control, bidi-override and XML-invalid characters go; whitespace collapses."""
    assert clean_text("Fix\x00 the\x0b\u202e  export\n\tnow\ud800") == "Fix the export now"


def test_long_title_is_shortened() -> None:
    """A 2,000-character title is cut to a readable length with an ellipsis."""
    title = clean_text("x" * 2000)
    assert len(title) == 300 and title.endswith("…")


def test_public_section_stops_at_the_next_heading_of_its_level() -> None:
    """Subheadings stay inside; the next sibling heading ends the section."""
    section = render_summary(DESCRIPTION, "Public")
    assert "Visible <strong>summary</strong>" in section and "More visible text." in section
    assert "ZZPRIV" not in section


def test_public_section_heading_match_ignores_case_and_colon() -> None:
    """'## public:' is the public heading too."""
    assert render_summary("## public:\nYes\n## Other\nNo", "Public") == "<p>Yes</p>"


def test_without_public_heading_nothing_is_published() -> None:
    """No public heading: an empty summary, never the rest of the description."""
    assert render_summary("Everything here is internal ZZPRIV", "Public") == ""


def test_headings_inside_code_fences_do_not_count() -> None:
    """A '## Internal' line inside a fenced block does not end the section."""
    text = "## Public\n```\n## Internal\n```\nStill public\n## Internal\nZZPRIV"
    section = render_summary(text, "Public")
    assert "Still public" in section and "ZZPRIV" not in section


def test_raw_html_is_shown_as_text() -> None:
    """<script> and inline HTML in a description are escaped, not executed."""
    rendered = render_summary(
        "## Public\nHi <script>alert(1)</script> <b onclick=x>b</b>", "Public"
    )
    assert "<script" not in rendered and "<b" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_only_plain_http_links_survive() -> None:
    """Only the plain https link keeps its href; javascript:, Linear, mailto and relative go."""
    rendered = render_summary(
        "## Public\n[a](javascript:alert(1)) [b](https://linear.app/x/issue/ENG-1) "
        "[c](https://tallyflow.example/) [d](mailto:help@tallyflow.example) [e](/relative)",
        "Public",
    )
    assert re.findall(r'href="([^"]*)"', rendered) == ["https://tallyflow.example/"]
    assert "linear.app" not in rendered and ">d</a>" in rendered


def test_images_are_dropped() -> None:
    """Linear uploads need a login and other hosts are third-party requests: no images."""
    rendered = render_summary("## Public\n![s](https://uploads.linear.app/a/b.png)\nText", "Public")
    assert "<img" not in rendered and "uploads.linear.app" not in rendered
    assert "Text" in rendered


def test_template_markers_stay_literal() -> None:
    """Jinja markers are written with character references and read back as typed."""
    rendered = render_summary("## Public\n{{ 7*7 }} {% raw %} {# c #}", "Public")
    assert "{" not in rendered and "}" not in rendered
    assert "{{ 7*7 }} {% raw %} {# c #}" in html.unescape(rendered)


def test_headings_in_a_summary_become_bold_paragraphs() -> None:
    """Summaries sit inside cards under an h3: no headings of their own."""
    rendered = render_summary(DESCRIPTION, "Public")
    assert "<h" not in rendered and "<p><strong>Details</strong></p>" in rendered


def test_clean_html_is_idempotent() -> None:
    """Re-sanitising a sanitised summary (as snapshot loading does) changes nothing."""
    rendered = render_summary("## Public\n{{ x }} [ok](https://a.example) <script>", "Public")
    assert clean_html(rendered) == rendered


def test_clean_html_removes_script_content() -> None:
    """A tampered snapshot's <script> element disappears with its content."""
    assert clean_html("<p>ok</p><script>alert(1)</script><img src=x onerror=y>") == "<p>ok</p>"


@pytest.mark.parametrize(
    "href",
    [
        "https://linear.app/x/issue/ENG-1",
        "https://LINEAR.APP/x",
        "https://linear%2Eapp/x",
        "https://linear%2eapp/x",
        "https://linear\u3002app/x",
        "https://linear\uff0eapp/x",
        "https://linear\uff61app/x",
        "https://linear%E3%80%82app/x",
        "https://\uff4c\uff49\uff4e\uff45\uff41\uff52.app/x",
        "https://linear.app./x",
        "https://uploads.linear.app../a.png",
        "https://user@linear.app:443/x",
        "https:\\\\linear.app\\x",
        "https://lin\near.app/x",
        "https://[::1",
    ],
)
def test_links_into_linear_are_dropped_however_the_host_is_written(href: str) -> None:
    """The parsed, normalised host is compared, not the text; unparseable hosts go too."""
    rendered = clean_html(f'<p><a href="{html.escape(href)}">x</a></p>')
    assert "href" not in rendered


@pytest.mark.parametrize(
    "href", ["https://tallyflow.example/", "https://notlinear.app/", "https://linear.app.example/"]
)
def test_other_hosts_keep_their_links(href: str) -> None:
    """Hosts that merely look like Linear's keep their link."""
    assert f'href="{href}"' in clean_html(f'<p><a href="{href}">x</a></p>')
