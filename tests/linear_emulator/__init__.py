"""A local Linear API for tests: Linear's real schema over HTTP, a generated workspace, faults."""

from .generate import NOW, PRIVATE, TEST_KEY, TODAY, generate_workspace
from .server import Fault, LinearEmulator, RecordedRequest
from .workspace import Workspace

__all__ = [
    "NOW",
    "PRIVATE",
    "TEST_KEY",
    "TODAY",
    "Fault",
    "LinearEmulator",
    "RecordedRequest",
    "Workspace",
    "generate_workspace",
]
