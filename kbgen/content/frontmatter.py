"""Read only the YAML frontmatter of a Markdown file, fast, with file-line-accurate errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml
from yaml.constructor import ConstructorError

from kbgen.config.source import bounded_int
from kbgen.content.yaml_bounds import MAX_BYTES, BoundsError, check_bounds, plainly_within_bounds
from kbgen.paths import SPECIAL, UnsafePathError, open_regular

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DELIMITERS = (b"---", b"...")
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_BOMS = {b"\xff\xfe": "UTF-16 (little-endian)", b"\xfe\xff": "UTF-16 (big-endian)"}


class FrontmatterError(ValueError):
    """The frontmatter cannot be read; ``line`` is the 1-based file line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Frontmatter:
    """A file's parsed frontmatter and the file line of each top-level key."""

    data: Mapping[str, Any]
    text: str
    end_line: int

    def line_of(self, key: str) -> int:
        """Return the file line where ``key`` is set, or the opening ``---`` line."""
        match = re.search(rf"^{re.escape(key)}[ \t]*:", self.text, re.MULTILINE)
        return self.text.count("\n", 0, match.start()) + 2 if match else 1


class StrictLoader(_BaseLoader):
    """Safe loader that rejects duplicate keys and reports impossible dates with a position."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConstructorError(
                    None, None, "a key must be a plain value, not a list or mapping",
                    key_node.start_mark,
                )  # fmt: skip
        if has_distinct_string_keys(node):
            return super().construct_mapping(node, deep=deep)
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise ConstructorError(
                    None, None,
                    f"duplicate key {key!r} (first set on line {seen[key] + 2})",
                    key_node.start_mark,
                )  # fmt: skip
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise ConstructorError(
                None, None, f"impossible date {node.value!r} ({error})", node.start_mark
            ) from None


def has_distinct_string_keys(node: yaml.MappingNode) -> bool:
    """True when every key is a plain string and all differ: no duplicate is possible.

    The usual case, checked without constructing every key twice.
    """
    keys = {key.value for key, _ in node.value if key.tag == _STR_TAG and key.id == "scalar"}
    return len(keys) == len(node.value)


StrictLoader.add_constructor("tag:yaml.org,2002:map", StrictLoader.construct_yaml_map)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)
StrictLoader.add_constructor("tag:yaml.org,2002:int", bounded_int)  # 5,000 digits: an error
# Scalars whose value depends on the node alone: built by the loader's own constructors.
_SCALAR_CONSTRUCTORS = {
    f"tag:yaml.org,2002:{name}": StrictLoader.yaml_constructors[f"tag:yaml.org,2002:{name}"]
    for name in ("null", "bool", "int", "float", "timestamp")
}


class NotPlain(Exception):
    """The document has a node ``plain_value`` leaves to the full constructor."""


def plain_value(loader: StrictLoader, node: yaml.Node) -> Any:
    """The value of a node tree of text-keyed mappings, lists and scalars, built directly.

    The values are those the loader builds, without its per-node bookkeeping for aliases,
    recursion and deferred collections, which a tree without aliases does not need. Merge
    keys, duplicate or non-text keys and other tags raise NotPlain (the loader handles them).
    """
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR_TAG:
            return node.value
        constructor = _SCALAR_CONSTRUCTORS.get(tag)
        if constructor is None:
            raise NotPlain
        return constructor(loader, node)
    if tag == _SEQ_TAG and isinstance(node, yaml.SequenceNode):
        return [plain_value(loader, child) for child in node.value]
    if tag == _MAP_TAG and isinstance(node, yaml.MappingNode) and has_distinct_string_keys(node):
        return {key.value: plain_value(loader, value) for key, value in node.value}
    raise NotPlain


def read_frontmatter(path: Path, check_body: bool = True) -> Frontmatter | None:
    """Return the frontmatter of ``path`` or None if it has none; raise FrontmatterError.

    Reading stops at the closing delimiter; with ``check_body`` the rest is only checked
    to be valid UTF-8 (MkDocs could not render it otherwise).
    """
    try:
        opened = open_regular(path)
    except UnsafePathError:
        raise FrontmatterError(SPECIAL, None) from None
    with opened as stream:
        first = stream.readline(MAX_BYTES)
        if first[:2] in _BOMS:
            raise FrontmatterError(f"file is not UTF-8 (it is {_BOMS[first[:2]]})", 1)
        if first.removeprefix(b"\xef\xbb\xbf").rstrip() != b"---":
            if check_body:
                decode(first + stream.read(), 1)
            return None
        lines = read_until_delimiter(stream)
        text = decode(b"".join(lines), 2)
        if check_body:
            decode(stream.read(), len(lines) + 3)
    return Frontmatter(parse_yaml(text), text, len(lines) + 2)


def read_until_delimiter(stream: BinaryIO) -> list[bytes]:
    """The frontmatter lines after the opening ``---``, reading at most MAX_BYTES of them."""
    lines: list[bytes] = []
    size = 0
    while line := stream.readline(MAX_BYTES + 1 - size):
        if line.rstrip() in _DELIMITERS:
            return lines
        size += len(line)
        if size > MAX_BYTES:
            raise FrontmatterError(f"frontmatter is larger than {MAX_BYTES // 1024} KiB", 1)
        lines.append(line)
    raise FrontmatterError("frontmatter has no closing '---' line", 1)


def decode(raw: bytes, first_line: int) -> str:
    """Decode UTF-8, naming the file line of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + raw.count(b"\n", 0, error.start)
        byte = raw[error.start : error.start + 1].hex()
        message = f"file is not UTF-8 (byte 0x{byte} cannot be decoded)"
        raise FrontmatterError(message, line) from None


def hint(message: str, source_line: str) -> str:
    """What to do about the YAML mistake writers make most: an unquoted ``@handle``."""
    value = source_line.partition(":")[2].strip()
    if "cannot start any token" in message and value[:1] in ("@", "`"):
        return f'; quote a value that starts with {value[0]}, e.g. owner: "@maria-chen"'
    return ""


def parse_yaml(text: str) -> Mapping[str, Any]:
    """Parse frontmatter YAML into a mapping; errors carry the file line."""
    if len(text) > MAX_BYTES:
        raise FrontmatterError(f"frontmatter is larger than {MAX_BYTES // 1024} KiB", 1)
    try:
        data = load_bounded(text)
    except BoundsError as error:
        raise FrontmatterError(f"frontmatter {error}", error.node.start_mark.line + 2) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        lines = text.splitlines()
        source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
        message += hint(message, source_line)
        raise FrontmatterError(f"invalid YAML in frontmatter: {message}", line) from None
    except yaml.YAMLError as error:
        raise FrontmatterError(f"invalid YAML in frontmatter: {error}", 1) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontmatterError("frontmatter must be a mapping of keys to values", 2)
    for key in data:
        if not isinstance(key, str):
            line = Frontmatter(data, text, 0).line_of(str(key))
            raise FrontmatterError(f"key {key!r} must be text (quote it)", line)
    return data


def load_bounded(text: str) -> Any:
    """Compose ``text``, check it against the limits, then build its values."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if plainly_within_bounds(text):  # no alias: a tree, so values can be built directly
            try:
                return plain_value(loader, node)
            except NotPlain:
                pass
        else:
            check_bounds(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()
