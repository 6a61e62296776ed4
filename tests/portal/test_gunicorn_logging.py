"""The access log never holds a member's personal feed token."""

import datetime as dt
from types import SimpleNamespace

from gunicorn.config import Config

from portal.gunicorn_logging import RedactingLogger, redact

SECRET = "Zx9-Kq1_secretTOKENvalue"


def test_redact_replaces_the_token_only():
    assert redact(f"GET /members/feed/{SECRET}/en.ics HTTP/1.1") == (
        "GET /members/feed/[token]/en.ics HTTP/1.1"
    )
    assert redact("/en/events/calendar.ics") == "/en/events/calendar.ics"


def test_gunicorn_uses_the_redacting_logger_and_its_lines_hold_no_token():
    config = Config()
    config.set("logger_class", "portal.gunicorn_logging.RedactingLogger")
    assert config.logger_class is RedactingLogger
    logger = RedactingLogger(config)
    path = f"/members/feed/{SECRET}/fr.ics"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://example.org{path}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, dt.timedelta(0))
    line = config.access_log_format % atoms
    assert SECRET not in line
    assert SECRET not in repr({k: atoms[k] for k in ("r", "U", "f")})
    assert "/members/feed/[token]/fr.ics" in line


def test_json_log_lines_hold_no_token():
    import json
    import logging

    from django.test import RequestFactory

    from portal.logging import JsonFormatter

    request = RequestFactory().get(f"/members/feed/{SECRET}/en.ics")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (request.path,), None
    )
    record.request = request
    line = JsonFormatter().format(record)
    assert SECRET not in line
    assert json.loads(line)["path"] == "/members/feed/[token]/en.ics"
