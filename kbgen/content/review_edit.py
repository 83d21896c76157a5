"""Mark an article reviewed by editing its review-date line (and owner line) in place.

Every other byte stays as it was: BOM, line endings, comments, key order, quoting and the
body. The value is replaced at the position the YAML parser reports for it, so only that
line changes; a missing key is added as one line before the closing ``---``. A plain
Markdown file (no frontmatter) gets a frontmatter block holding just those lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from kbgen.atomic import write_atomic
from kbgen.config import ReviewPolicy
from kbgen.content.articles import parse_date, pick
from kbgen.content.frontmatter import FrontmatterError, parse_yaml
from kbgen.content.yaml_bounds import children_of
from kbgen.errors import KbgenError
from kbgen.paths import CONTENT_LABEL, UnsafePathError, contained_problem, read_bytes_nofollow

_BOM = b"\xef\xbb\xbf"
_DELIMITERS = ("---", "...")
_LINE_SPACE = " \t\r\x0b\x0c"
_NULL_TAG = "tag:yaml.org,2002:null"
# A node's tag and anchor (``!!timestamp &d``), kept when its value is replaced.
_PROPERTIES = re.compile(r"(?:(?:![^\s]*|&[^\s]+)[ \t]+)+")
_ALIAS = re.compile(r"[ \t]*:[ \t]*(\*[^\s,\[\]{}]+)")


class MarkReviewedError(KbgenError):
    """The file was left untouched: its frontmatter cannot be edited safely."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One frontmatter key written: its new text and whether the line was added."""

    key: str
    value: str
    added: bool


@dataclass(frozen=True, slots=True)
class _Document:
    """A file split around its frontmatter (``head`` is the BOM and opening line)."""

    bom: bytes
    head: str
    frontmatter: str
    tail: str
    newline: str

    def join(self, frontmatter: str) -> bytes:
        return self.bom + (self.head + frontmatter + self.tail).encode("utf-8")


def mark_file_reviewed(
    path: Path,
    day: date,
    policy: ReviewPolicy,
    owner: str | None = None,
    within: Path | None = None,
) -> list[FieldChange]:
    """Record a review of ``path`` on ``day`` (and its new ``owner``), writing atomically.

    ``within`` is the folder the article belongs to (the content folder): its real path,
    and every link on the way to it, must stay inside (kbgen's path policy). Returns what
    changed (empty when the file already said so); raises MarkReviewedError, changing
    nothing, when the file is outside, or its frontmatter cannot be parsed or edited.
    """
    if path.is_symlink():
        raise MarkReviewedError("is a symlink; review the file it points to instead")
    folder = within if within is not None else path.parent
    if (outside := contained_problem(path, folder, CONTENT_LABEL)) is not None:
        raise MarkReviewedError(f"refusing to edit: {outside}")
    try:
        raw = read_bytes_nofollow(path)
    except (OSError, UnsafePathError) as error:
        raise MarkReviewedError(f"cannot read: {reason(error)}") from None
    updated, changes = mark_reviewed(raw, day, policy, owner)
    if updated != raw:
        try:
            write_atomic(path, updated, within=folder)
        except (OSError, UnsafePathError) as error:
            raise MarkReviewedError(f"cannot write: {reason(error)}") from None
    return changes


def reason(error: OSError | UnsafePathError) -> str:
    """One line for a refused read or write."""
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def mark_reviewed(
    raw: bytes, day: date, policy: ReviewPolicy, owner: str | None = None
) -> tuple[bytes, list[FieldChange]]:
    """The file's bytes with the review date (and owner) set; pure, for testing."""
    document = split_document(with_frontmatter(raw))
    data = parse_frontmatter(document.frontmatter)
    fields = policy.fields
    date_key = chosen_key(data, fields.last_reviewed)
    old_date = data.get(date_key) if date_key else None
    wanted = [
        (date_key or fields.last_reviewed[0], date_in_style_of(old_date, day, policy.date_formats))
    ]
    if owner is not None:
        wanted.append((chosen_key(data, fields.owner) or fields.owner[0], owner))
    text = document.frontmatter
    changes: list[FieldChange] = []
    for key, value in wanted:
        edited, change = set_field(text, key, value, document)
        if edited != text:
            text, changes = edited, [*changes, change]
    if not changes:
        return raw, []
    check_result(text, day, owner, policy)
    return document.join(text), changes


def with_frontmatter(raw: bytes) -> bytes:
    """``raw`` itself when it opens with a ``---`` line (or is not UTF-8: refused later);
    a plain Markdown file with an empty frontmatter block before its first line."""
    bom = _BOM if raw.startswith(_BOM) else b""
    body = raw[len(bom) :]
    first = body.split(b"\n", 1)[0]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return raw
    if first.rstrip(_LINE_SPACE.encode()) == b"---":
        return raw
    newline = b"\r\n" if first.endswith(b"\r") else b"\n"
    return bom + b"---" + newline + b"---" + newline + body


def split_document(raw: bytes) -> _Document:
    """Separate BOM, opening line, frontmatter text and the rest; refuse what is not one."""
    bom = _BOM if raw.startswith(_BOM) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise MarkReviewedError("file is not UTF-8", line) from None
    lines = text.split("\n")
    if lines[0].rstrip(_LINE_SPACE) != "---":
        raise MarkReviewedError("no frontmatter (the file must start with a '---' line)", 1)
    closing = next(
        (n for n, line in enumerate(lines[1:], 1) if line.rstrip(_LINE_SPACE) in _DELIMITERS),
        None,
    )
    if closing is None:
        raise MarkReviewedError("frontmatter has no closing '---' line", 1)
    head = lines[0] + "\n"
    frontmatter = "".join(line + "\n" for line in lines[1:closing])
    tail = "\n".join(lines[closing:])
    newline = "\r\n" if lines[0].endswith("\r") else "\n"
    return _Document(bom, head, frontmatter, tail, newline)


def parse_frontmatter(text: str) -> Mapping[str, Any]:
    """The frontmatter as a mapping, refusing anything kbgen check would reject."""
    try:
        return parse_yaml(text)
    except FrontmatterError as error:
        raise MarkReviewedError(error.message, error.line) from None


def chosen_key(data: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The key kbgen reads (first with a value), else the first present but empty."""
    key, _ = pick(data, names)
    return key or next((name for name in names if name in data), None)


def date_in_style_of(old: object, day: date, formats: tuple[str, ...]) -> str:
    """``day`` written the way the file wrote its old date (``10/16/2024`` stays US style).

    A YAML date stays ISO; a new or unreadable value takes the first configured format.
    """
    if isinstance(old, date):
        return day.isoformat()
    if not isinstance(old, str):
        return day.strftime(formats[0])
    for fmt in formats:
        try:
            datetime.strptime(old.strip(), fmt)
        except ValueError:
            continue
        return day.strftime(fmt)
    return day.strftime(formats[0])


def set_field(text: str, key: str, value: str, document: _Document) -> tuple[str, FieldChange]:
    """Replace the value of top-level ``key`` on its line, or add a ``key: value`` line."""
    node = top_level_node(text)
    for key_node, value_node in node.value if node else ():
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            assert node is not None
            if value_node.start_mark.index < key_node.end_mark.index:
                return replace_alias(text, key_node, value), FieldChange(key, value, False)
            if references(node, value_node) > 1:
                line = key_node.start_mark.line + 2
                message = f"'{key}' is also used elsewhere through an alias; edit it by hand"
                raise MarkReviewedError(message, line)
            return replace_value(text, key_node, value_node, value), FieldChange(key, value, False)
    if node is not None and node.flow_style:
        raise MarkReviewedError(f"cannot add '{key}' to a {{flow}} mapping; add it by hand", 2)
    line = f"{key}: {plain_or_quoted(value)}{document.newline}"
    return text + line, FieldChange(key, value, True)


def top_level_node(text: str) -> yaml.MappingNode | None:
    """The frontmatter's mapping node, with exact character positions (pure-Python parser).

    ``text`` has passed ``parse_yaml`` (and so its limits) before it gets here.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 2 if mark else None
        raise MarkReviewedError(f"invalid YAML: {error.problem}", line) from None
    return node if isinstance(node, yaml.MappingNode) else None


def references(root: yaml.Node, target: yaml.Node) -> int:
    """How many places in the document hold ``target`` (more than one: it is aliased)."""
    count, stack, seen = 0, [root], {id(root)}
    while stack:
        for child in children_of(stack.pop()):
            count += child is target
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return count


def replace_alias(text: str, key_node: yaml.Node, value: str) -> str:
    """Replace the ``*name`` after ``key:`` with ``value``, leaving the anchor alone."""
    match = _ALIAS.match(text, key_node.end_mark.index)
    if match is None:
        line = key_node.start_mark.line + 2
        raise MarkReviewedError(
            f"'{key_node.value}' cannot be edited safely; edit it by hand", line
        )
    return text[: match.start(1)] + plain_or_quoted(value) + text[match.end(1) :]


def replace_value(text: str, key_node: yaml.Node, value_node: yaml.Node, value: str) -> str:
    """Put ``value`` where the old value was, in the same quoting style, on the same line."""
    line = key_node.start_mark.line + 2
    if not isinstance(value_node, yaml.ScalarNode):
        raise MarkReviewedError(f"'{key_node.value}' is not a single value; edit it by hand", line)
    if value_node.tag == _NULL_TAG and value_node.value == "":
        colon = text.index(":", key_node.end_mark.index)
        return text[: colon + 1] + " " + plain_or_quoted(value) + text[colon + 1 :]
    start, end = value_node.start_mark.index, value_node.end_mark.index
    properties = _PROPERTIES.match(text, start, end)
    start = properties.end() if properties else start
    if value_node.style in ("|", ">") or "\n" in text[start:end]:
        raise MarkReviewedError(f"'{key_node.value}' spans several lines; edit it by hand", line)
    return text[:start] + quoted_like(value, value_node.style) + text[end:]


def quoted_like(value: str, style: str | None) -> str:
    """``value`` in the old value's quotes (plain stays plain when YAML reads it back)."""
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    return plain_or_quoted(value)


def plain_or_quoted(value: str) -> str:
    """Plain when YAML reads it back as the same text (or as the date it spells)."""
    return value if spells_date(value) else yaml_scalar(value)


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar reading back as that text: plain when it does, else
    double-quoted (JSON is valid YAML), so ``yes``, ``123`` or ``null`` stay text."""
    return text if _loads_as(text) == text else json.dumps(text, ensure_ascii=False)


def spells_date(text: str) -> bool:
    """True when plain YAML reads ``text`` as the date it spells (``2026-11-01``)."""
    loaded = _loads_as(text)
    return isinstance(loaded, date) and loaded.isoformat() == text


def _loads_as(text: str) -> object:
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return None


def check_result(text: str, day: date, owner: str | None, policy: ReviewPolicy) -> None:
    """Re-read the edited frontmatter: it must parse and now say what was asked."""
    data = parse_frontmatter(text)
    _, raw_date = pick(data, policy.fields.last_reviewed)
    _, new_owner = pick(data, policy.fields.owner)
    try:
        written = parse_date(raw_date, policy.date_formats)
    except ValueError:
        written = None
    if written != day or (owner is not None and new_owner != owner):
        raise MarkReviewedError("the edit would not read back as intended; file left unchanged")
