"""llms.txt lines, Markdown twins and their escaping, as plain data (no build)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kbgen.display_text import display_text
from kbgen.pages.llms import Published, article_line, llms_txt, status_note
from kbgen.pages.markdown_text import markdown_link, markdown_text
from kbgen.pages.twins import TWIN_FIELDS, twin_frontmatter, twin_path, twin_text

COMMONMARK = MarkdownIt("commonmark")
STATUSES = ("ok", "due-soon", "changed", "overdue", "invalid")
# Text as frontmatter can hold it: no surrogates, no control characters.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
# Anything a YAML file could hold, control and format characters included.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
HOSTILE = [
    "Press <Tab> then <Enter> & AT&T",
    "AT&amp;T &lt;b&gt; &#60;script&#62;",
    "[Click](javascript:alert(1)) ![img](x.png)",
    "*bold* _it_ `code` ~~gone~~ $x$ {{ 7*7 }}",
    "# Not a heading ##",
    "1. not a list",
    "- not a bullet",
    "+ not a bullet either",
    "> not a quote",
    "<script>alert(1)</script>",
    "back\\slash\\",
    "a | table | row",
    "Title with\nline break",
]


def rendered_text(markdown: str) -> str:
    """The text a reader sees in the first inline content of ``markdown`` (markup refused)."""
    tokens = COMMONMARK.parse(markdown)
    inline = next((token for token in tokens if token.type == "inline"), None)
    if inline is None:
        return ""
    kinds = {child.type for child in inline.children or []}
    assert kinds <= {"text", "link_open", "link_close"}, kinds
    return "".join(child.content for child in inline.children or [] if child.type == "text")


def link_of(markdown: str) -> tuple[str, str]:
    """(text, href) of the first link in ``markdown``."""
    inline = next(token for token in COMMONMARK.parse(markdown) if token.type == "inline")
    children = inline.children or []
    start = next(index for index, child in enumerate(children) if child.type == "link_open")
    end = next(index for index, child in enumerate(children) if child.type == "link_close")
    text = "".join(child.content for child in children[start + 1 : end])
    return text, str(children[start].attrs["href"])


def record(**fields: Any) -> dict[str, Any]:
    """An api/articles.json record with these fields over plain defaults."""
    base = {
        "title": "Issue a refund",
        "url": "billing/issue-a-refund/",
        "path": "billing/issue-a-refund.md",
        "description": "Refund a payment.",
        "category": "Billing",
        "tags": [],
        "owner": "Billing team",
        "last_reviewed": "2026-11-02",
        "due": "2027-02-02",
        "status": "ok",
        "changes": [],
    }
    return {**base, **fields}


# Where llms.txt places text: (Markdown before it, the text a reader sees before it).
CONTEXTS = [("# ", ""), ("## ", ""), ("> ", ""), ("- x: ", "x: "), ("", "")]


@pytest.mark.parametrize(("prefix", "lead"), CONTEXTS)
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text_wherever_it_opens(prefix: str, lead: str, text: str) -> None:
    """Markup, entities and HTML in a title stay text in a heading, quote or line."""
    assert rendered_text(prefix + markdown_text(text)) == lead + " ".join(text.split())


@pytest.mark.parametrize(
    "text", ["2027-03", "What's new, in brief.", "Q1 2027: 3.5% off", "e-mail; 24/7 - fast"]
)
def test_plain_punctuation_stays_readable(text: str) -> None:
    """Only markup characters are escaped: dates, apostrophes and full stops read as written."""
    assert markdown_text(text) == text


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_renders_as_itself(text: str) -> None:
    """Property: every text renders as exactly itself in each context (whitespace collapsed,
    control characters shown as every report shows them)."""
    for prefix, lead in CONTEXTS[:4]:
        expected = (lead + " ".join(display_text(text).split())).strip()
        assert rendered_text(prefix + markdown_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [("a\x00b", "a\ufffdb"), ("x\x1b[31mred", "x\ufffdred"), ("rtl\u202eevil", "rtl\ufffdevil")],
)
def test_control_characters_never_reach_llms_txt(text: str, shown: str) -> None:
    """NUL, escape sequences and bidi overrides become U+FFFD, as in every kbgen report."""
    assert markdown_text(text) == shown


@pytest.mark.parametrize(
    "path", ["a&#10;b/", "a&amp;b/", "a&lt;script&gt;/", "(x)/", "a b/", "a\\b/", "<x>/", "ü/"]
)
def test_link_destinations_survive_entities_and_brackets(path: str) -> None:
    """Entity references, brackets, spaces and backslashes in a URL reach the href as written."""
    from urllib.parse import unquote

    url = "https://help.example/" + path
    assert unquote(link_of(markdown_link("T", url))[1]) == url


@settings(max_examples=300)
@given(TEXT, st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="%")))
def test_any_link_keeps_its_text_and_destination(text: str, path: str) -> None:
    """Property: a link's text is the title and its destination the URL, whatever they hold."""
    from urllib.parse import unquote

    url = "https://help.example/" + path
    shown, href = link_of("- " + markdown_link(text, url) + ": note")
    assert shown == " ".join(display_text(text).split())
    assert unquote(href) == url


@pytest.mark.parametrize(
    ("url", "twin"),
    [
        ("invoices-and-payments/issue-a-refund/", "invoices-and-payments/issue-a-refund.md"),
        ("/billing/refunds/", "billing/refunds.md"),
        ("billing/refunds.html", "billing/refunds.md"),
        ("billing/refunds/index.html", "billing/refunds.md"),
        ("a/b/c/", "a/b/c.md"),
    ],
)
def test_twin_path_is_the_page_url_without_slash_plus_md(url: str, twin: str) -> None:
    """The twin URL rule, for directory and .html URLs."""
    assert twin_path(url) == twin


@pytest.mark.parametrize("url", ["", "/", "index.html"])
def test_home_page_has_no_twin(url: str) -> None:
    """The site root is not an article: asking for its twin is a programming error."""
    with pytest.raises(ValueError, match="home page"):
        twin_path(url)


SHIPPED_20 = {"id": "TAL-1", "event": "shipped", "date": "2026-11-20"}
PRIVATE_02 = {"id": None, "event": "shipped", "date": "2026-11-02"}
CHANGED_NOTE = "changed on 20 November 2026: may be out of date"
OVERDUE_NOTE = "review overdue since 1 October 2026: may be out of date"


@pytest.mark.parametrize(
    ("fields", "note"),
    [
        ({"status": "ok"}, None),
        ({"status": "due-soon"}, None),
        ({"status": "invalid"}, None),
        ({"status": "changed", "changes": [SHIPPED_20]}, CHANGED_NOTE),
        ({"status": "changed", "changes": [PRIVATE_02, SHIPPED_20]}, CHANGED_NOTE),
        ({"status": "overdue", "due": "2026-10-01"}, OVERDUE_NOTE),
        (
            {"status": "overdue", "due": "2026-10-01", "changes": [SHIPPED_20]},
            "changed on 20 November 2026, " + OVERDUE_NOTE,
        ),
    ],
)
def test_status_note_says_when_an_article_may_be_out_of_date(
    fields: dict, note: str | None
) -> None:
    """Only changed and overdue articles carry a note; it names the newest change."""
    assert status_note(record(**fields)) == note


def test_article_line_links_the_twin_with_description_and_note() -> None:
    """One line: escaped title linking the twin, description, then the status note."""
    line = article_line(
        record(
            title="Refunds & <credits>",
            status="changed",
            changes=[{"id": "TAL-1", "event": "shipped", "date": "2026-11-20"}],
        ),
        "https://help.example/",
    )
    assert line == (
        r"- [Refunds \& \<credits\>](https://help.example/billing/issue-a-refund.md): "
        "Refund a payment. (changed on 20 November 2026: may be out of date)"
    )


def test_relative_urls_without_site_url() -> None:
    """Without site_url the twin link is relative to the site root, as in api/articles.json."""
    assert "](billing/issue-a-refund.md)" in article_line(record(), None)
    assert twin_frontmatter(record(), None)["url"] == "billing/issue-a-refund/"


@pytest.mark.parametrize("owner", ["Billing team", None])
def test_twin_frontmatter_is_the_record_and_parses(owner: str | None) -> None:
    """The twin opens with YAML holding the record's public fields; owner only when shown."""
    source = record(owner=owner, title='Colon: quote \' and "hash" # <b>')
    text = twin_text(source, "Body text.\n", "https://help.example/")
    _, header, body = text.split("---\n", 2)
    meta = yaml.safe_load(header)
    expected = [name for name in TWIN_FIELDS if owner is not None or name != "owner"]
    assert list(meta) == expected
    assert meta["title"] == source["title"] and meta["last_reviewed"] == "2026-11-02"
    assert meta["url"] == "https://help.example/billing/issue-a-refund/"
    assert body == "\nBody text.\n"


FRONTMATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@pytest.mark.parametrize(
    "title", ["a\n---\nb", "NEL\x85here", "line\u2028sep", "tab\there", "x\r\ny"]
)
def test_twin_frontmatter_keeps_line_breaks_and_separators(title: str) -> None:
    """Line breaks, NEL and U+2028 in a title read back exactly and never end the frontmatter."""
    text = twin_text(record(title=title), "x", None)
    assert yaml.safe_load(FRONTMATTER.match(text).group(1))["title"] == title


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_twin_frontmatter_round_trips_any_text(title: str, description: str) -> None:
    """Property: any title and description (control characters included) read back from the
    twin's YAML exactly, and the frontmatter ends at its own closing line."""
    text = twin_text(record(title=title, description=description), "x", None)
    meta = yaml.safe_load(FRONTMATTER.match(text).group(1))
    assert (meta["title"], meta["description"]) == (title, description)


@given(
    st.lists(
        st.tuples(TEXT, st.lists(st.tuples(TEXT, TEXT, st.sampled_from(STATUSES)), max_size=4)),
        min_size=1,
        max_size=4,
    )
)
@example([("\xad", [])])  # a soft hyphen, shown as every report shows it (found by Hypothesis)
def test_llms_txt_lists_every_article_once_under_its_category(sections: list) -> None:
    """Property: whatever the titles, each article is one line under its own category heading,
    linking its twin with its title as text and the status note at its end."""
    built = []
    for number, (category, items) in enumerate(sections):
        records = tuple(
            record(
                title=title,
                description=description,
                status=status,
                url=f"c{number}/a{index}/",
                path=f"c{number}/a{index}.md",
                due="2026-10-01",
                changes=[SHIPPED_20] if status == "changed" else [],
            )
            for index, (title, description, status) in enumerate(items)
        )
        built.append((category, records))
    published = Published("Help", "Summary", None, tuple(built), twins={})
    tokens = COMMONMARK.parse(llms_txt(published))
    headings = [
        "".join(child.content for child in tokens[i + 1].children or [])
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    assert headings == [" ".join(display_text(category).split()) for category, _ in built]
    lines = [line for line in llms_txt(published).splitlines() if line.startswith("- [")]
    expected = [rec for _, records in built for rec in records]
    assert len(lines) == len(expected)
    for line, rec in zip(lines, expected, strict=True):
        text, href = link_of(line)
        assert text == " ".join(display_text(rec["title"]).split()) and href == twin_path(
            rec["url"]
        )
        note = status_note(rec)
        assert line.endswith(f"({note})" if note else line[-1:])
