"""LINEAR_API_KEY: its form checked at the edge, and never shown, however a server echoes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from linear_emulator import TEST_KEY, Fault, LinearEmulator
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item
from linear_emulator.sites import write_site

from kbgen.cli import main
from kbgen.linear.errors import LinearAuthError
from kbgen.linear.key import MIN_FRAGMENT, Redactor, check_api_key
from kbgen.linear_data.snapshot import Snapshot, write_snapshot

FAST = {"max_retries": 0, "timeout_seconds": 2, "page_size": 50}
BAD_KEYS = {
    "crlf-inside": "lin_api_ABCDEFGH12345678\r\nX-Injected: 1",
    "lf-inside": "lin_api_ABCDEFGH12345678\nsecond line",
    "cr-inside": "lin_api_ABCDEFGH12345678\rmore",
    "tab-inside": "lin_api_ABCDEFGH\t12345678",
    "space-inside": "lin_api_ABCDEFGH 12345678",
    "nul-inside": "lin_api_ABCDEFGH\x0012345678",
    "non-ascii": "lin_api_ABCDEFGH12345678é",
    "too-long": "lin_api_" + "A" * 600,
    "too-short": "abc",
}


def leaked(text: str, secret: str) -> list[str]:
    """Every 8-character window of ``secret`` found in ``text``, ignoring case.

    Windows inside the well-known 'lin_api_' prefix reveal nothing and are not counted.
    """
    low, found = text.lower(), []
    for start in range(len(secret) - MIN_FRAGMENT + 1):
        window = secret[start : start + MIN_FRAGMENT].lower()
        if window not in "lin_api_" and window in low:
            found.append(window)
    return found


# -- the form of the key ---------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD_KEYS)
def test_malformed_keys_are_refused_without_showing_them(name: str) -> None:
    """A clear error naming LINEAR_API_KEY; no part of the value in it."""
    with pytest.raises(LinearAuthError) as raised:
        check_api_key(BAD_KEYS[name])
    message = str(raised.value)
    assert "LINEAR_API_KEY" in message and "\n" not in message
    assert not leaked(message, BAD_KEYS[name])


def test_surrounding_whitespace_is_trimmed() -> None:
    """A key pasted with a trailing newline still works."""
    assert check_api_key(f"  {TEST_KEY}\r\n") == TEST_KEY


# -- redaction -------------------------------------------------------------------------------

VARIANTS = {
    "as-is": TEST_KEY,
    "upper": TEST_KEY.upper(),
    "lower": TEST_KEY.lower(),
    "prefix": TEST_KEY[:12],
    "suffix": TEST_KEY[-9:],
    "middle-mixed-case": TEST_KEY[10:30].swapcase(),
    "inside-a-word": "xx" + TEST_KEY[5:25] + "yy",
    "bearer": f"Bearer {TEST_KEY}",
    "twice": f"{TEST_KEY[:20]} and {TEST_KEY[20:].upper()}",
}


@pytest.mark.parametrize("name", VARIANTS)
def test_redaction_covers_case_and_fragments(name: str) -> None:
    """Any run of 8+ characters of the key, in any case, becomes [redacted]."""
    text = f"before {VARIANTS[name]} after"
    redacted = Redactor(TEST_KEY)(text)
    assert "[redacted]" in redacted and not leaked(redacted, TEST_KEY)
    assert redacted.startswith("before ") and redacted.endswith(" after")


def test_redaction_leaves_other_text_alone() -> None:
    """Text sharing fewer than 8 characters with the key, or only 'lin_api_', is kept."""
    text = "Use a lin_api_ key; TESTKEY is a word"
    assert Redactor(TEST_KEY)(text) == text


def test_scrub_redacts_every_string_of_an_answer() -> None:
    """Keys and values at any depth of a parsed answer."""
    answer = {"data": {"x": [TEST_KEY.upper(), {TEST_KEY[4:20]: 1}]}}
    assert not leaked(json.dumps(Redactor(TEST_KEY).scrub(answer)), TEST_KEY)


# -- through the commands --------------------------------------------------------------------


def invoke(args: list[str], key: str, url: str | None) -> Result:
    env = {"LINEAR_API_KEY": key, "KBGEN_LINEAR_API_URL": url}
    return CliRunner().invoke(main, args, env=env)


def site_with_snapshot(root: Path) -> Path:
    config = write_site(root, FAST)
    write_snapshot(root / "data" / "linear-snapshot.json", Snapshot(WHEN, (item("ENG-1"),)))
    return config


COMMANDS = {
    "pull": ["linear", "pull"],
    "check": ["linear", "check"],
    "build": ["build", "--strict"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ["crlf-inside", "lf-inside", "space-inside", "non-ascii"])
def test_malformed_key_is_one_line_in_every_command(
    tmp_path: Path, emulator: LinearEmulator, command: str, name: str
) -> None:
    """pull, check and build --strict: exit 1, a line naming LINEAR_API_KEY, no traceback."""
    config = site_with_snapshot(tmp_path)
    result = invoke([*COMMANDS[command], "--config", str(config)], BAD_KEYS[name], emulator.url)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "LINEAR_API_KEY" in result.output
    assert not leaked(result.output, BAD_KEYS[name])
    assert emulator.requests == []  # refused before anything was sent


def test_malformed_key_build_falls_back_to_the_snapshot(
    tmp_path: Path, emulator: LinearEmulator
) -> None:
    """Without --strict the build succeeds from the snapshot, warning about the key."""
    config = site_with_snapshot(tmp_path)
    result = invoke(["build", "--config", str(config)], BAD_KEYS["crlf-inside"], emulator.url)
    assert result.exit_code == 0, result.output
    assert "LINEAR_API_KEY" in result.output and "snapshot" in result.output
    assert (tmp_path / "site" / "roadmap" / "index.html").exists()


@pytest.mark.parametrize("status", [400, 200, 401])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_server_echoing_the_key_never_gets_it_printed(
    tmp_path: Path, emulator: LinearEmulator, command: str, status: int
) -> None:
    """Echoed as sent, upper-cased and cut short: no 8-character run of it in any output."""
    config = site_with_snapshot(tmp_path)
    emulator.outage = Fault.echo(status)
    result = invoke([*COMMANDS[command], "--config", str(config)], TEST_KEY, emulator.url)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not leaked(result.output, TEST_KEY), result.output


def test_key_echoed_into_data_reaches_no_file(tmp_path: Path, emulator: LinearEmulator) -> None:
    """A title or description holding the key is redacted before the snapshot and the site."""

    def echo_into_titles(answer: dict) -> dict:
        for node in answer["data"]["issues"]["nodes"]:
            node["title"] = f"About {TEST_KEY.upper()}"
            node["description"] = f"## Public\nKey {TEST_KEY[:30]} here"
        return answer

    config = write_site(tmp_path, FAST)
    emulator.queue(Fault.mutate(echo_into_titles))
    result = invoke(["build", "--config", str(config)], TEST_KEY, emulator.url)
    assert result.exit_code == 0, result.output
    assert not leaked(result.output, TEST_KEY)
    files = [tmp_path / "data" / "linear-snapshot.json", *(tmp_path / "site").rglob("*")]
    for path in files:
        if path.is_file() and path.suffix in (".json", ".html", ".xml"):
            assert not leaked(path.read_text(encoding="utf-8"), TEST_KEY), path
    assert "[redacted]" in (tmp_path / "data" / "linear-snapshot.json").read_text()


def _key_in_a_word(answer: dict) -> dict:
    for node in answer["data"]["issues"]["nodes"]:
        node["title"] = f"Rotate{TEST_KEY.swapcase()}now"
    return answer


def _key_in_a_link(answer: dict) -> dict:
    for node in answer["data"]["issues"]["nodes"]:
        node["description"] = (
            f"## Public\n[docs][d] and <https://docs.example/?k={TEST_KEY}>\n\n"
            f'[d]: https://docs.example/{TEST_KEY[8:]}/x "{TEST_KEY.upper()}"\n'
        )
    return answer


def _key_in_graphql_errors(answer: dict) -> dict:
    return {
        "errors": [{"message": f"bad token {TEST_KEY}", "extensions": {"token": TEST_KEY}}],
        "data": None,
    }


@pytest.mark.parametrize(
    "transform",
    [_key_in_a_word, _key_in_a_link, _key_in_graphql_errors],
    ids=["inside-a-word-case-swapped", "link-url-and-title", "graphql-errors-on-200"],
)
def test_key_echoed_anywhere_in_an_answer_reaches_no_output(
    tmp_path: Path, emulator: LinearEmulator, transform
) -> None:
    """Issue 17, new variants: the key inside a word of a title (case swapped), in a link's
    URL and title, or in a GraphQL error and its extensions on HTTP 200: no output, data file or
    site page holds 8 characters of it."""
    config = site_with_snapshot(tmp_path)
    emulator.queue(Fault.mutate(transform))
    result = invoke(["build", "--config", str(config)], TEST_KEY, emulator.url)
    assert "Traceback" not in result.output
    assert not leaked(result.output, TEST_KEY), result.output
    for path in [*(tmp_path / "data").rglob("*"), *(tmp_path / "site").rglob("*")]:
        if path.is_file() and path.suffix in (".json", ".html", ".xml", ".txt", ".md"):
            assert not leaked(path.read_text(encoding="utf-8"), TEST_KEY), path
    if transform is not _key_in_graphql_errors:  # the echo was pulled, redacted
        assert "[redacted]" in (tmp_path / "data" / "linear-snapshot.json").read_text("utf-8")
