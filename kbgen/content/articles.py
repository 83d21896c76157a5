"""Articles: discovery, frontmatter field mapping, folder defaults and validation problems."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kbgen.config import ContentSettings, FieldNames, ReviewPolicy
from kbgen.content.folder_defaults import FolderDefaults
from kbgen.content.frontmatter import Frontmatter, FrontmatterError, read_frontmatter
from kbgen.content.linear_links import parse_linear_links
from kbgen.content.published import is_unpublished
from kbgen.errors import Problem
from kbgen.intervals import Interval, IntervalError, parse_interval
from kbgen.paths import CONTENT_LABEL, entry_problem

INDEX_STEMS = frozenset({"index", "README"})
NO_FRONTMATTER = Frontmatter({}, "", 0)
"""What a plain Markdown page says about itself: nothing (its folder defaults may)."""
"""``index.md``, ``README.md``, ``index.html.md``...: a folder's own page, not an article."""
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class Article:
    """One help article and what kbgen knows about its review state."""

    path: Path
    rel_path: str
    title: str
    owner: str | None
    last_reviewed: date | None
    review_every: Interval | None
    review_every_text: str | None
    description: str | None = None
    tags: tuple[str, ...] = ()
    search_terms: tuple[str, ...] = ()
    lang: str | None = None
    problems: tuple[Problem, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    unreadable: bool = False
    linear: tuple[str, ...] = ()
    """Linear issue identifiers (TAL-123) and project slug ids the article describes."""
    review_date_from_git: bool = False
    """True when ``last_reviewed`` is the date of the file's last git commit (it has none)."""

    @property
    def category(self) -> str:
        """The top-level folder the article sits in ('' for a root page)."""
        head, _, rest = self.rel_path.partition("/")
        return head if rest else ""

    @property
    def kind(self) -> str:
        """``article`` in a category folder; ``page`` at the top of the content folder."""
        return "article" if self.category else "page"

    @property
    def due(self) -> date | None:
        """The date the next review is due, when it can be computed."""
        if self.last_reviewed is None or self.review_every is None:
            return None
        return due_date(self.last_reviewed, self.review_every)

    @property
    def is_valid(self) -> bool:
        """True when the article has everything a review status needs."""
        return not self.problems


def iter_markdown(
    root: Path, articles_only: bool = False, content: ContentSettings | None = None
) -> Iterator[Path]:
    """Yield the files below ``root`` whose names match ``content.patterns``, sorted.

    Names starting with ``.`` or ``_`` are skipped, as the build does not publish them.
    With ``articles_only`` a folder's own page is skipped (``index.md``, ``README.md``: the
    home page and the category pages kbgen writes); a page at the top of the content folder
    (``contact.md``) is a page like any other: checked, counted and listed.
    """
    content = content or ContentSettings()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not is_unpublished(name))
        folder_path = Path(folder)  # once per folder: joining a name is half the cost
        for name in sorted(files):
            if not is_content_name(name, content):
                continue
            if articles_only and is_index_page(name):
                continue
            yield folder_path / name


def is_content_name(name: str, content: ContentSettings) -> bool:
    """True for a file name ``check`` validates and the build publishes as a page: it matches
    ``content.patterns`` and does not start with ``.`` or ``_``. The one rule for both (a
    Markdown file it rejects is left out of the site, never published unchecked)."""
    return content.matches(name) and not is_unpublished(name)


def is_index_page(name: str) -> bool:
    """True for a folder's own page (``index.md``, ``README.md``, ``index.html.md``...)."""
    return name.split(".", 1)[0] in INDEX_STEMS


def load_articles(
    paths: Iterable[Path],
    root: Path,
    policy: ReviewPolicy,
    today: date | None = None,
    defaults: FolderDefaults | None = None,
    *,
    check_body: bool = True,
) -> list[Article]:
    """Read every file's frontmatter into an Article; never raises for bad content.

    ``check_body=False`` stops reading each file at its closing ``---`` (the stale report).
    """
    defaults = defaults or FolderDefaults(root)
    return [load_article(path, root, policy, defaults, today, check_body=check_body)
            for path in paths]  # fmt: skip


def load_article(
    path: Path,
    root: Path,
    policy: ReviewPolicy,
    defaults: FolderDefaults,
    today: date | None = None,
    *,
    check_body: bool = True,
) -> Article:
    """Read one article; problems are collected on the Article, not raised.

    A link is named by where it sits (never by its target), and a link that leaves the
    content folder, dangles or loops, or a pipe, socket or device, is not read at all.
    """
    real_root = defaults.real_folder(root)
    located = os.path.join(defaults.real_folder(os.path.dirname(path)), path.name)
    rel_path = posix_relative(located, real_root) or path.name
    bad_link = entry_problem(str(path), real_root, CONTENT_LABEL)
    if bad_link:
        return broken_article(path, Problem(rel_path, None, bad_link), unreadable=True)
    try:
        frontmatter = read_frontmatter(path, check_body)
    except FrontmatterError as error:
        problem = Problem(rel_path, error.line, error.message)
        return broken_article(path, problem, unreadable=True)
    except OSError as error:
        problem = Problem(rel_path, None, f"cannot read: {error.strerror}")
        return broken_article(path, problem, unreadable=True)
    inherited = defaults.for_real_folder(os.path.dirname(located))
    if frontmatter is None and inherited.get("owner") is None:
        no_frontmatter = "no frontmatter (the file must start with a '---' line)"
        return broken_article(path, Problem(rel_path, 1, no_frontmatter))
    in_content = posix_relative(located, defaults.root)  # git knows it below the content root
    wanted = policy.dates_from_git and in_content is not None
    git_date = defaults.git_date(in_content) if wanted and in_content is not None else None
    page = frontmatter or NO_FRONTMATTER  # plain Markdown: its folder's defaults say it all
    return build_article(path, rel_path, page, policy, inherited, today, git_date)


class ProblemNotes:
    """The problems found in one article's frontmatter, each located at its key's line."""

    def __init__(self, rel_path: str, frontmatter: Frontmatter) -> None:
        self.rel_path = rel_path
        self.frontmatter = frontmatter
        self.problems: list[Problem] = []

    def note(self, key: str | None, message: str) -> None:
        """Record ``message`` at the line of ``key`` (the opening ``---`` without one)."""
        line = self.frontmatter.line_of(key) if key else 1
        self.problems.append(Problem(self.rel_path, line, message))


def build_article(
    path: Path,
    rel_path: str,
    frontmatter: Frontmatter,
    policy: ReviewPolicy,
    inherited: Mapping[str, Any],
    today: date | None,
    git_date: date | None = None,
) -> Article:
    """Map frontmatter fields (with folder defaults, and the last commit's date when the
    page has no review date and ``review.dates_from_git`` is on) to an Article and list its
    problems."""
    meta = frontmatter.data
    notes = ProblemNotes(rel_path, frontmatter)
    owner = read_owner(meta, inherited, policy, notes)
    date_key, last_reviewed = read_review_date(meta, policy, today, notes, git_date)
    every_key, every_text, interval = read_interval(meta, inherited, policy, notes)
    if last_reviewed and interval and due_date(last_reviewed, interval) is None:
        notes.note(every_key or date_key, f"next review would fall after {date.max.year}-12-31")
    tags, bad_tag = tags_of(meta.get("tags", inherited.get("tags")))
    if bad_tag is not None:
        notes.note("tags" if "tags" in meta else None, f"tags must be text, got {bad_tag!r}")
    links = checked(parse_linear_links(meta.get("linear")), "linear", notes)
    search_terms = checked(search_terms_of(meta.get("search_terms")), "search_terms", notes)
    lang = checked(lang_of(meta.get("lang")), "lang", notes)
    title = meta.get("title")
    return Article(
        path=path,
        rel_path=rel_path,
        title=str(title) if title else title_from_path(path),
        owner=owner,
        last_reviewed=last_reviewed,
        review_every=interval,
        review_every_text=str(interval) if interval else str(every_text),
        description=str(meta["description"]) if meta.get("description") else None,
        tags=tags,
        search_terms=search_terms,
        lang=lang,
        problems=tuple(notes.problems),
        meta=meta,
        linear=links,
        review_date_from_git=date_key is None and last_reviewed is not None,
    )


def checked(parsed: tuple[Any, str | None], key: str, notes: ProblemNotes) -> Any:
    """The value of an optional field, noting its problem (a ``(value, problem)`` pair)."""
    value, problem = parsed
    if problem:
        notes.note(key, problem)
    return value


def read_owner(
    meta: Mapping[str, Any], inherited: Mapping[str, Any], policy: ReviewPolicy, notes: ProblemNotes
) -> str | None:
    """The owner from the first configured key present, else the folder default."""
    names = policy.fields.owner
    owner_key, owner = pick(meta, names)
    if owner is None:
        owner = inherited.get("owner")
    if owner is None or (isinstance(owner, str) and not owner.strip()):
        notes.note(None, f"missing owner (set {' or '.join(names)})")
        return None
    if not isinstance(owner, str):
        notes.note(owner_key, f"owner must be text, got {owner!r}")
        return None
    return owner.strip()


def read_review_date(
    meta: Mapping[str, Any],
    policy: ReviewPolicy,
    today: date | None,
    notes: ProblemNotes,
    git_date: date | None = None,
) -> tuple[str | None, date | None]:
    """The key holding the review date and the date, judged as every command judges it
    (no key, and ``git_date``, for a page without one when its last commit is used)."""
    names = policy.fields.last_reviewed
    date_key, raw_date = pick(meta, names)
    if raw_date is None and git_date is not None:
        return None, git_date
    if raw_date is None:
        notes.note(None, f"missing review date (set {' or '.join(names)})")
        return date_key, None
    try:
        last_reviewed = parse_date(raw_date, policy.date_formats)
    except ValueError as error:
        notes.note(date_key, str(error))
        return date_key, None
    if today is not None and last_reviewed > today:
        notes.note(date_key, f"review date {last_reviewed.isoformat()} is in the future")
    return date_key, last_reviewed


def read_interval(
    meta: Mapping[str, Any], inherited: Mapping[str, Any], policy: ReviewPolicy, notes: ProblemNotes
) -> tuple[str | None, object, Interval | None]:
    """The key, the text as written (or inherited) and the parsed review interval."""
    every_key, raw_every = pick(meta, policy.fields.review_every)
    every_text = raw_every if raw_every is not None else inherited.get("review_every")
    if every_text is None:
        return every_key, every_text, policy.default_every
    try:
        return every_key, every_text, parse_interval(every_text)
    except IntervalError as error:
        notes.note(every_key, str(error))
        return every_key, every_text, None


def broken_article(path: Path, problem: Problem, unreadable: bool = False) -> Article:
    """An Article whose frontmatter gave nothing: only its path and the problem are known.

    ``unreadable``: kbgen refused to read it, so MkDocs must not read or publish it either.
    """
    return Article(path, problem.path, title_from_path(path), None, None, None, None,
                   problems=(problem,), unreadable=unreadable)  # fmt: skip


def pick(meta: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """Return the first of ``names`` present (and not null) in ``meta`` with its value."""
    for name in names:
        value = meta.get(name)
        if value is not None:
            return name, value
    return None, None


def parse_date(value: object, formats: tuple[str, ...]) -> date:
    """Turn a YAML date or a date string in one of ``formats`` into a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in formats:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"unreadable review date {value!r} (expected {' or '.join(formats)})")
    raise ValueError(f"review date must be a date such as 2026-09-14, got {value!r}")


def due_date(last_reviewed: date, every: Interval) -> date | None:
    """``last_reviewed + every``, or None when that is past the last date Python knows."""
    try:
        return every.add_to(last_reviewed)
    except (ValueError, OverflowError):
        return None


def tags_of(value: object) -> tuple[tuple[str, ...], object | None]:
    """The ``tags`` value (a list, or one tag as text) as strings, and the first bad item.

    A tag must be a plain value: a list or mapping (``tags: [[a]]``) is reported, not shown.
    """
    if value is None:
        return (), None
    items = [value] if isinstance(value, str | int | float) else value
    if not isinstance(items, list):
        return (), value
    bad = next((item for item in items if item is not None and not is_plain_tag(item)), None)
    return tuple(str(item) for item in items if is_plain_tag(item)), bad


def is_plain_tag(item: object) -> bool:
    """A tag Material can show: text, a number or a boolean (not a list, mapping or date)."""
    return isinstance(item, str | int | float)


def search_terms_of(value: object) -> tuple[tuple[str, ...], str | None]:
    """The optional ``search_terms`` list (words readers use that the text does not).

    Returns the terms and, when the value is not a list of text, the problem to report.
    """
    if value is None:
        return (), None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        example = "[money back, chargeback]"
        return (), f"search_terms must be a list of text such as {example}, got {value!r}"
    return tuple(term.strip() for term in value if term.strip()), None


def lang_of(value: object) -> tuple[str | None, str | None]:
    """The optional page-level ``lang`` (a language code such as ``de`` or ``pt-BR``)."""
    if value is None:
        return None, None
    if not isinstance(value, str) or not LANGUAGE_CODE.fullmatch(value.strip()):
        return None, f"lang must be a language code such as de or pt-BR, got {value!r}"
    return value.strip(), None


def posix_relative(path: str | Path, root: str | Path) -> str | None:
    """``path`` relative to ``root`` (both resolved) in POSIX form; None if outside it.

    String arithmetic: ``Path.relative_to`` costs more than parsing a frontmatter.
    """
    text, prefix = os.fspath(path), os.fspath(root)
    prefix = prefix if prefix.endswith(os.sep) else prefix + os.sep
    if not text.startswith(prefix):
        return None
    relative = text[len(prefix) :]
    return relative.replace(os.sep, "/") if os.sep != "/" else relative


def title_from_path(path: Path) -> str:
    """A readable fallback title from a file name: ``reset-password.md`` -> 'Reset password'."""
    stem = path.name.split(".", 1)[0].replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else path.name


def field_names_with(fields: FieldNames, **overrides: str | None) -> FieldNames:
    """Return ``fields`` with one-run overrides (``--owner-field`` and friends) applied."""
    chosen = {key: (value,) for key, value in overrides.items() if value}
    return FieldNames(
        owner=chosen.get("owner", fields.owner),
        last_reviewed=chosen.get("last_reviewed", fields.last_reviewed),
        review_every=chosen.get("review_every", fields.review_every),
    )
