"""A broken template (often a site's own ``overrides/``) as one line: file, line, message."""

from __future__ import annotations

import traceback

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

TEMPLATE_SUFFIXES = (".html", ".xml", ".j2", ".jinja")


def describe_template_error(error: TemplateError) -> str:
    """``overrides/partials/x.html:2: Unexpected end of template...`` for any Jinja error."""
    message = " ".join(str(error.message or error).split())
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return f"{error.filename}:{error.lineno}: {message}"
    if isinstance(error, TemplateNotFound):
        message = f"template not found: {error.name}"
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(TEMPLATE_SUFFIXES)
    ]
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}: {message}"
    return message if isinstance(error, TemplateNotFound) else f"template error: {message}"
