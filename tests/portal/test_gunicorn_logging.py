"""The access log never holds a member's personal feed token."""

import datetime as dt
import io
from types import SimpleNamespace

from gunicorn.config import Config

from portal.gunicorn_logging import RedactingLogger
from portal.logging import redact

SECRET = "Zx9-Kq1_secretTOKENvalue"


def test_redact_replaces_the_token_only():
    assert redact(f"GET /members/feed/{SECRET}/en.ics HTTP/1.1") == (
        "GET /members/feed/[token]/en.ics HTTP/1.1"
    )
    assert redact("/en/events/calendar.ics") == "/en/events/calendar.ics"


def test_gunicorn_uses_the_redacting_logger_and_its_lines_hold_no_token():
    config = Config()
    config.set("logger_class", "portal.gunicorn_logging.RedactingLogger")
    config.set("accesslog", "-")
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
    output = io.StringIO()
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.setStream(output)
    logger.access(response, SimpleNamespace(headers=[]), environ, dt.timedelta(0))
    logger.exception("Error handling request %s", path)
    lines = output.getvalue()
    assert SECRET not in lines
    assert '"GET /members/feed/[token]/fr.ics HTTP/1.1" 200' in lines
    assert '"https://example.org/members/feed/[token]/fr.ics"' in lines
    assert "Error handling request /members/feed/[token]/fr.ics" in lines


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
