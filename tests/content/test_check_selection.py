"""``kbgen check FOLDER`` or ``FILE`` judges links against the whole content folder, as the
check of the whole site does: a link to another category is not "outside"."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import article

FILES = {
    "getting-started/first-steps.md": article(
        "First steps", body="[Refunds](../billing/refunds.md#how) and [setup](setup/install.md)\n"
    ),
    "getting-started/setup/install.md": article(
        "Install", body="[Plans](../../billing/plans.html) [Back](../first-steps.md)\n"
    ),
    "billing/refunds.md": article(
        "Refunds", body="[First steps](../getting-started/first-steps.md)\n"
    ),
    "billing/plans.html.md": article("Plans", body="[Refunds](refunds.md)\n"),
}


def check(project: Path, *paths: str) -> tuple[int, str]:
    """Run ``kbgen check PATHS`` in the project; exit code and everything printed."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["check", *paths], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "selection",
    [
        (),
        ("content/getting-started",),
        ("content/getting-started/setup",),
        ("content/getting-started/setup/install.md",),
        ("content/billing", "content/getting-started/first-steps.md"),
    ],
)
def test_links_to_other_categories_are_not_outside(
    make_site: Callable[..., Path], selection: tuple[str, ...]
) -> None:
    """Whatever part of the content folder is checked, working links raise no problem."""
    project = make_site(FILES).parent
    code, output = check(project, *selection)
    assert code == 0, output
    assert "outside the content folder" not in output


@pytest.mark.parametrize(
    "selection", [(), ("content/getting-started",), ("content/getting-started/first-steps.md",)]
)
def test_a_broken_link_is_reported_the_same_way(
    make_site: Callable[..., Path], selection: tuple[str, ...]
) -> None:
    """A link to nothing, or out of the content folder, is reported at its own path and line."""
    broken = article("First steps", body="[Gone](../billing/gone.md)\n[Up](../../README.md)\n")
    project = make_site({**FILES, "getting-started/first-steps.md": broken}).parent
    code, output = check(project, *selection)
    assert code == 1
    assert "content/getting-started/first-steps.md:9: link to ../billing/gone.md: no such file" in (
        output
    )
    assert "first-steps.md:10: link to ../../README.md points outside the content folder" in output
