"""Structured logs: one JSON object per line, for a log shipper to parse without regexes."""

import datetime as dt
import json
import logging
import re

# Attributes every LogRecord has; anything else on a record came from `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


# A personal feed URL carries its member's token (portal/urls.py): logs show it replaced.
SECRET_PATH = re.compile(r"(/members/feed/)[^/\s?\"']+")


def redact(text):
    return SECRET_PATH.sub(r"\1[token]", text) if isinstance(text, str) else text


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
