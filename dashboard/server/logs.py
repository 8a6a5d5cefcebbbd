"""What a log line may carry: a message and a traceback are cut to a few kilobytes.

An exception's message can quote a whole request or answer (Dash names the value a callback
returned; a forged request's fields end up in a TypeError), and one malformed request once
wrote 15 MB into the log. Cut here, in the formatter of every handler of the root logger
(gunicorn's error log included, through gunicorn.conf.py), whatever raised it.
"""

from __future__ import annotations

import logging

MAX_MESSAGE_CHARS = 2_000  # a log line's own text
MAX_TRACEBACK_CHARS = 8_000  # the whole traceback: the frames, then the message cut to fit
MAX_LINE_CHARS = 500  # one line of a traceback (the exception's message is one line)


def cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} characters cut]"


class CappedFormatter(logging.Formatter):
    """A formatter whose messages and tracebacks fit the limits above."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = cap(record.message, MAX_MESSAGE_CHARS)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:
        text = super().formatException(ei)
        lines = [cap(line, MAX_LINE_CHARS) for line in text.splitlines()]
        return cap("\n".join(lines), MAX_TRACEBACK_CHARS)

    def formatStack(self, stack_info: str) -> str:
        return cap(stack_info, MAX_TRACEBACK_CHARS)


def capped(formatter: logging.Formatter | None) -> CappedFormatter:
    """A CappedFormatter writing what formatter writes (format and date format kept)."""
    if isinstance(formatter, CappedFormatter):
        return formatter
    if formatter is None:
        return CappedFormatter()
    styles = {logging.StrFormatStyle: "{", logging.StringTemplateStyle: "$"}
    return CappedFormatter(formatter._fmt, formatter.datefmt,
                           style=styles.get(type(formatter._style), "%"))


def cap_logged_text(*loggers: logging.Logger) -> None:
    """Give every handler of these loggers (default: the root logger and Flask's, Dash's and
    gunicorn's error logger) a capped formatter."""
    for logger in loggers or (logging.getLogger(), logging.getLogger("dashboard"),
                              logging.getLogger("gunicorn.error")):
        for handler in logger.handlers:
            handler.setFormatter(capped(handler.formatter))
