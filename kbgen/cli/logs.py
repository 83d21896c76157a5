"""Console logging for commands that run the engine: one line per message, levels shown."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import click

from kbgen.display_text import display_lines
from kbgen.mkdocs.engine import engine_logger_names


class ConsoleHandler(logging.Handler):
    """Prints ``WARNING  message`` lines to stderr, coloured when it is a terminal; the
    message (file names, values from content or from Linear) through ``display_lines``."""

    colours = {"WARNING": "yellow", "ERROR": "red", "CRITICAL": "red"}

    def __init__(self, level: int, root: str) -> None:
        super().__init__(level)
        self.root = root

    def filter(self, record: logging.LogRecord) -> bool:
        """Only records of this handler's own tree: under ProperDocs ``mkdocs`` hangs below
        ``properdocs``, and its records would otherwise print twice."""
        return record.name.split(".", 1)[0] == self.root and super().filter(record)

    def emit(self, record: logging.LogRecord) -> None:
        level = click.style(f"{record.levelname:<8}", fg=self.colours.get(record.levelname))
        click.echo(f"{level} {display_lines(record.getMessage())}", err=True)


@contextmanager
def mkdocs_logging(quiet: bool = False) -> Iterator[None]:
    """Route the engine's loggers (``mkdocs``, where plugin warnings go too, and
    ``properdocs``) to the console."""
    level = logging.WARNING if quiet else logging.INFO
    routed = []
    for name in engine_logger_names():
        logger = logging.getLogger(name)
        handler = ConsoleHandler(level, name)
        logger.addHandler(handler)
        routed.append((logger, handler, logger.level))
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        for logger, handler, previous in routed:
            logger.removeHandler(handler)
            logger.setLevel(previous)
