"""Add an item to a frontmatter list (``redirect_from:``) in place, byte for byte elsewhere.

The same promise as the review edit (``kbgen.content.review_edit``, whose document split and
YAML positions it uses): BOM, line endings, comments, quoting and the body stay as they were;
the new item is one added line (a block list), one inserted item (a flow list) or, for a file
with no frontmatter, a new frontmatter block before the first line.
"""

from __future__ import annotations

import re

import yaml

from kbgen.content.review_edit import (
    MarkReviewedError,
    parse_frontmatter,
    plain_or_quoted,
    split_document,
    top_level_node,
    with_frontmatter,
)

_ITEM_INDENT = re.compile(r"[ \t]*-[ \t]")


def add_list_item(raw: bytes, key: str, value: str) -> bytes:
    """The file's bytes with ``value`` added to the top-level list ``key`` (created when
    missing); unchanged when it is already there. MarkReviewedError when it cannot be."""
    document = split_document(with_frontmatter(raw))
    data = parse_frontmatter(document.frontmatter)
    present = data.get(key)
    if present == value or (isinstance(present, list) and value in present):
        return raw
    text = added(document.frontmatter, key, plain_or_quoted(value), document.newline)
    after = parse_frontmatter(text).get(key)
    if not isinstance(after, list) or value not in after:
        raise MarkReviewedError(f"'{key}' would not read back as a list holding {value}")
    return document.join(text)


def added(text: str, key: str, item: str, newline: str) -> str:
    """The frontmatter ``text`` with ``item`` (YAML text) added to the list at ``key``."""
    node = top_level_node(text)
    for key_node, value_node in node.value if node else ():
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return added_to(text, key_node, value_node, item, newline)
    if node is not None and node.flow_style:
        raise MarkReviewedError(f"cannot add '{key}' to a {{flow}} mapping; add it by hand", 2)
    return text + f"{key}:{newline}  - {item}{newline}"


def added_to(text: str, key_node: yaml.Node, value_node: yaml.Node, item: str, newline: str) -> str:
    """``item`` added to the existing value of ``key_node``: a list, a single value or none."""
    line = key_node.start_mark.line + 2
    if isinstance(value_node, yaml.SequenceNode) and value_node.flow_style:
        close = value_node.end_mark.index - 1
        separator = ", " if value_node.value else ""
        return text[:close] + separator + item + text[close:]
    if isinstance(value_node, yaml.SequenceNode) and value_node.value:
        return after_last_item(text, value_node, item, newline)
    if isinstance(value_node, yaml.ScalarNode) and value_node.style not in ("|", ">"):
        if value_node.value == "" and value_node.tag.endswith(":null"):
            colon = text.index(":", key_node.end_mark.index)
            return text[: colon + 1] + f" [{item}]" + text[colon + 1 :]
        start, end = value_node.start_mark.index, value_node.end_mark.index
        if "\n" not in text[start:end]:
            return text[:start] + f"[{text[start:end]}, {item}]" + text[end:]
    raise MarkReviewedError(f"'{key_node.value}' is not a simple list; edit it by hand", line)


def after_last_item(text: str, sequence: yaml.SequenceNode, item: str, newline: str) -> str:
    """A block list with one more ``- item`` line, indented like its first item."""
    lines = text.splitlines(keepends=True)
    first = sequence.value[0].start_mark
    indent = _ITEM_INDENT.match(lines[first.line])
    prefix = indent.group(0) if indent else "  - "
    last = sequence.value[-1].end_mark
    end_line = last.line - 1 if last.column == 0 else last.line
    position = sum(len(line) for line in lines[: end_line + 1])
    before = text[:position]
    if not before.endswith("\n"):
        before += newline
    return before + prefix + item + newline + text[position:]
