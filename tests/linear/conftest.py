"""Fixtures shared by the Linear tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from linear_emulator import TEST_KEY, LinearEmulator, generate_workspace


@pytest.fixture
def emulator() -> Iterator[LinearEmulator]:
    """The emulator serving a generated workspace, for one test."""
    with LinearEmulator(generate_workspace(), TEST_KEY) as running:
        yield running
