"""Log lines without secrets (RedactSecrets, on every handler) and, in production, as one JSON
object per line for a log shipper to parse without regexes (JsonFormatter)."""

import datetime as dt
import json
import logging
import re

# Attributes every LogRecord has; anything else on a record came from `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _escaped(text):
    """A pattern for `text` with any of its characters percent-encoded, as a client may send
    them and a server logs its raw request line (`/members%2Ffeed/…` reaches the same view)."""
    return "".join(f"(?:{re.escape(char)}|%{ord(char):02x})" for char in text)


# A personal feed URL carries its member's token (portal/urls.py): logs show it replaced.
SECRET_PATH = re.compile(f"({_escaped('/members/feed/')})[^/\\s?\"']+", re.IGNORECASE)


def redact(text):
    """`text` with the token of every personal feed URL in it replaced by "[token]"."""
    return SECRET_PATH.sub(r"\1[token]", text) if isinstance(text, str) else text


class RedactSecrets(logging.Filter):
    """Redacts a record before any handler formats it: its message, traceback, stack and
    text extras. Attached to every handler (LOGGING in portal/settings/base.py, gunicorn's
    in portal/gunicorn_logging.py), so that no formatter has to know about secrets.

    The record is changed in place, so it is redacted for every handler that sees it next.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # Arguments that do not fit the format: logging would print them raw in its
            # error report. Log them as text instead.
            message = f"{record.msg} {record.args!r}"
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            # What Formatter.format() would write, written once here for every formatter.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_text = redact(record.exc_text)
        record.stack_info = redact(record.stack_info)
        for name, value in vars(record).items():
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, redact(value))
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as JSON: time, level, logger, message, extras, and any traceback."""

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name, value in vars(record).items():
            if name in _STANDARD or name.startswith("_"):
                continue
            if name == "request":
                # Django's request loggers attach the HttpRequest itself.
                entry["method"] = getattr(value, "method", None)
                entry["path"] = redact(getattr(value, "path", None))
                continue
            entry[name] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        # default=str: an extra that JSON cannot hold is logged as text, never dropped.
        return json.dumps(entry, default=str, ensure_ascii=False)
