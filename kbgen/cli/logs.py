"""Console logging for commands that run MkDocs: one line per message, levels shown."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import click


class ConsoleHandler(logging.Handler):
    """Prints ``WARNING  message`` lines to stderr, coloured when it is a terminal."""

    colours = {"WARNING": "yellow", "ERROR": "red", "CRITICAL": "red"}

    def emit(self, record: logging.LogRecord) -> None:
        level = click.style(f"{record.levelname:<8}", fg=self.colours.get(record.levelname))
        click.echo(f"{level} {record.getMessage()}", err=True)


@contextmanager
def mkdocs_logging(quiet: bool = False) -> Iterator[None]:
    """Route the ``mkdocs`` logger (where plugin warnings go too) to the console."""
    logger = logging.getLogger("mkdocs")
    handler = ConsoleHandler(logging.WARNING if quiet else logging.INFO)
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
