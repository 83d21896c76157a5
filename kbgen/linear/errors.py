"""Errors talking to Linear: one base class, thin subclasses. Messages never hold the key."""

from __future__ import annotations

from kbgen.errors import KbgenError

KEY_VARIABLE = "LINEAR_API_KEY"


class LinearError(KbgenError):
    """Linear could not give us the data; the previous snapshot stays in place."""


class LinearAuthError(LinearError):
    """The key in LINEAR_API_KEY is missing, invalid or lacks access."""


class LinearRateLimitError(LinearError):
    """Linear kept rate-limiting us past the retry budget."""


class LinearUnavailableError(LinearError):
    """Timeouts, dropped connections or server errors outlasted the retries."""


class LinearDeadlineError(LinearUnavailableError):
    """The whole pull outlasted linear.pull_deadline_seconds."""


class LinearResponseError(LinearError):
    """Linear answered with GraphQL errors or a response we cannot read."""


class LinearNotFoundError(LinearResponseError):
    """Linear answered that the entity asked for by id does not exist (``Entity not found``)."""


class LinearSuspiciousPullError(LinearError):
    """A pull would remove most or all public items: the snapshot is kept until confirmed."""
