"""The requirements.txt line `kbgen init` writes: what pip recorded, never a credential."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.content.requirement import requirement_from, without_credentials

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def record(**fields: object) -> str:
    """A direct_url.json text."""
    return json.dumps(fields)


def git(folder: Path, *args: str) -> None:
    """Run git in ``folder`` (a real repository in tmp_path)."""
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def test_an_index_install_names_the_release() -> None:
    """No direct_url.json: installed from the package index, so the version is pinned."""
    assert requirement_from(None, "1.2.3").line == "kbgen==1.2.3"
    assert requirement_from(None, "1.2.3").warning is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/acme/kbgen", "git+https://github.com/acme/kbgen"),
        ("https://ghp_token@github.com/acme/kbgen", "git+https://github.com/acme/kbgen"),
        ("https://user:pass@github.com/acme/kbgen", "git+https://github.com/acme/kbgen"),
        ("ssh://git@github.com/acme/kbgen.git", "git+ssh://git@github.com/acme/kbgen.git"),
        ("git@github.com:acme/kbgen.git", "git+ssh://git@github.com/acme/kbgen.git"),
    ],
)
def test_a_vcs_install_names_the_repository_and_commit(url: str, expected: str) -> None:
    """pip's vcs_info becomes `kbgen @ git+URL@commit`, credentials removed."""
    text = record(url=url, vcs_info={"vcs": "git", "commit_id": COMMIT})
    requirement = requirement_from(text, "0.1.0")
    assert requirement.line == f"kbgen @ {expected}@{COMMIT}"
    assert requirement.warning is None


def test_a_downloadable_archive_is_named_as_it_is() -> None:
    """An https archive other machines can fetch needs no warning."""
    url = "https://example.com/dist/kbgen-0.1.0-py3-none-any.whl"
    requirement = requirement_from(record(url=url, archive_info={}), "0.1.0")
    assert requirement == requirement_from(record(url=url, archive_info={}), "9.9.9")
    assert requirement.line == f"kbgen @ {url}" and requirement.warning is None


@pytest.mark.parametrize(
    "text",
    [
        record(url="file:///tmp/dist/kbgen-0.1.0-py3-none-any.whl", archive_info={}),
        record(url="file:///tmp/not-a-repository", dir_info={"editable": True}),
    ],
)
def test_a_local_file_or_folder_warns(text: str, tmp_path: Path) -> None:
    """A local wheel or a folder without a git remote cannot be installed elsewhere: warn."""
    requirement = requirement_from(text, "0.1.0")
    assert requirement.line.startswith("kbgen @ file:///tmp/")
    assert requirement.warning and "other machines cannot install" in requirement.warning


def test_a_checkout_with_a_remote_names_its_commit(tmp_path: Path) -> None:
    """An install from a git checkout names its origin and HEAD, and says to push it."""
    checkout = tmp_path / "kbgen"
    checkout.mkdir()
    git(checkout, "init", "-q")
    git(checkout, "remote", "add", "origin", "https://x-token:secret@github.com/acme/kbgen.git")
    (checkout / "README.md").write_text("kbgen\n", encoding="utf-8")
    git(checkout, "add", "README.md")
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    head = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    requirement = requirement_from(
        record(url=checkout.as_uri(), dir_info={"editable": True}), "0.1.0"
    )
    assert requirement.line == f"kbgen @ git+https://github.com/acme/kbgen.git@{head}"
    assert requirement.warning and "push that commit" in requirement.warning
    assert "secret" not in requirement.warning and "x-token" not in requirement.line


@pytest.mark.parametrize("text", ["", "[[[", "[]", '{"url": 5}', "1e999999", "[" * 100_000])
def test_an_unreadable_record_falls_back_to_the_release_with_a_warning(text: str) -> None:
    """A broken direct_url.json never crashes init: the release line, with a warning."""
    requirement = requirement_from(text, "0.1.0")
    assert requirement.line == "kbgen==0.1.0" and requirement.warning


@given(
    scheme=st.sampled_from(["https", "http", "ssh", "git"]),
    user=st.text(st.characters(codec="ascii", exclude_characters="@/:?#"), min_size=1),
    password=st.text(st.characters(codec="ascii", exclude_characters="@/?#"), min_size=1),
)
def test_no_password_or_http_user_survives(scheme: str, user: str, password: str) -> None:
    """Whatever the userinfo, the password never survives, nor an HTTP user name."""
    cleaned = without_credentials(f"{scheme}://{user}:{password}@example.com/acme/kbgen")
    assert f":{password}@" not in cleaned
    if scheme.startswith("http"):
        assert "@" not in cleaned
