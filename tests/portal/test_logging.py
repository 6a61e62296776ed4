"""No log line holds a member's personal feed token: every handler of every logger redacts it.

A personal feed URL (/members/feed/<secret>/<language>.ics) is the member's password for their
calendar. Requests for it are driven through each thing that logs one — Django's request
logger (404 lines), the development server's request lines, gunicorn's access and error logs —
and each settings module's whole logging configuration is checked by logging through it.
"""

import io
import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest

from members import tokens
from portal.logging import RedactSecrets, redact
from tests.access_fixtures import *  # noqa: F403 - the elected fixture

ROOT = Path(__file__).resolve().parents[2]
REDACTED = "/members/feed/[token]/"


def configured_handlers():
    """The handlers of every logger that write somewhere (pytest's own capturing aside)."""
    loggers = [logging.getLogger()] + [
        log for log in logging.Logger.manager.loggerDict.values() if isinstance(log, logging.Logger)
    ]
    return {
        handler
        for log in loggers
        for handler in log.handlers
        if not type(handler).__module__.startswith("_pytest")
        and not isinstance(handler, logging.NullHandler)
    }


@contextmanager
def log_output():
    """Everything this process's configured log handlers write, while the block runs."""
    handlers = {h for h in configured_handlers() if isinstance(h, logging.StreamHandler)}
    assert handlers
    buffer = io.StringIO()
    previous = {handler: handler.setStream(buffer) for handler in handlers}
    try:
        yield buffer
    finally:
        for handler, stream in previous.items():
            handler.setStream(stream)


def test_redact_covers_percent_encoded_prefixes():
    secret = secrets.token_urlsafe(32)
    for path in (
        f"/members/feed/{secret}/en.ics",
        f"/members%2Ffeed/{secret}/en.ics",
        f"/%6Dembers/feed%2f{secret}/en.ics",
    ):
        line = redact(f'"GET {path} HTTP/1.1" 200')
        assert secret not in line
        assert "[token]" in line
    assert redact("GET /en/events/calendar.ics") == "GET /en/events/calendar.ics"


@pytest.mark.django_db
def test_django_request_404_lines_for_a_personal_feed_hold_no_token(client, event_index, elected):
    raw = tokens.issue(elected, "feed")
    guessed = secrets.token_urlsafe(32)
    with log_output() as output:
        ok = client.get(f"/members/feed/{raw}/en.ics")
        # The member's real secret in a 404: a language the portal does not have.
        wrong_language = client.get(f"/members/feed/{raw}/de.ics")
        wrong_secret = client.get(f"/members/feed/{guessed}/en.ics")
    assert (ok.status_code, wrong_language.status_code, wrong_secret.status_code) == (200, 404, 404)
    written = output.getvalue()
    assert raw not in written
    assert guessed not in written
    assert f"Not Found: {REDACTED}de.ics" in written
    assert f"Not Found: {REDACTED}en.ics" in written


@contextmanager
def dev_server():
    """`runserver`'s server and request handler, answering in this thread (and so inside this
    test's transaction): its request lines go to the `django.server` logger as in development."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    # The application runserver serves (portal.wsgi's), without a second django.setup().
    server.set_app(WSGIHandler())
    # As Django's test client does: a request must not close the test's connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield server
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
        server.server_close()


def served(server, path):
    """The status line of `server`'s answer to GET `path`."""
    with socket.create_connection(server.server_address, timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: testserver\r\n\r\n".encode())
        server.handle_request()
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode()


@pytest.mark.django_db
def test_dev_server_request_lines_for_a_personal_feed_hold_no_token(event_index, elected):
    raw = tokens.issue(elected, "feed")
    with log_output() as output, dev_server() as server:
        assert served(server, f"/members/feed/{raw}/en.ics").endswith("200 OK")
        assert served(server, f"/members/feed/{raw}/xx.ics").endswith("404 Not Found")
    written = output.getvalue()
    assert raw not in written
    assert re.search(rf'"GET {re.escape(REDACTED)}en\.ics HTTP/1\.1" 200 \d+', written)
    assert re.search(rf'"GET {re.escape(REDACTED)}xx\.ics HTTP/1\.1" 404 \d+', written)


# Logs one line through every handler the settings configure: a 404 as django.request writes
# it, a dev server request line, and an exception whose message and traceback hold the path.
EVERY_HANDLER = """
import logging, sys
import django
django.setup()
from django.test import RequestFactory
path = sys.argv[1]
request = RequestFactory().get(path)
loggers = [logging.getLogger()] + [
    log for log in logging.Logger.manager.loggerDict.values() if isinstance(log, logging.Logger)
]
handlers = {h for log in loggers for h in log.handlers}
print("handlers:", len(handlers), file=sys.stderr)
for log in loggers:
    if not log.handlers:
        continue
    log.error("Not Found: %s", path, extra={"request": request, "status_code": 404})
    log.error('"%s" %s %s', f"GET {path} HTTP/1.1", "404", "9", extra={"status_code": 404})
    try:
        raise ValueError(path)
    except ValueError:
        log.exception("Internal Server Error: %s", path, extra={"request": request})
"""


@pytest.mark.parametrize(
    ("module", "env"),
    [
        ("portal.settings.dev", {}),
        ("portal.settings.test", {}),
        ("portal.settings.production", {}),
        ("portal.settings.production", {"LOG_FORMAT": "text"}),
    ],
    ids=["dev", "test", "production-json", "production-text"],
)
def test_every_handler_of_every_settings_module_redacts(module, env):
    secret = secrets.token_urlsafe(32)
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://example.org",
        "ALLOWED_HOSTS": "example.org",
        **env,
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", EVERY_HANDLER, f"/members/feed/{secret}/en.ics"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    written = result.stdout + result.stderr
    assert result.returncode == 0, written
    assert secret not in written
    assert "Traceback" in written
    assert f"Not Found: {REDACTED}en.ics" in written


def test_every_configured_handler_carries_the_redacting_filter():
    handlers = configured_handlers()
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, RedactSecrets) for f in handler.filters), handler


# --- gunicorn ---------------------------------------------------------------------------------

# The smallest WSGI application: 200 for en.ics, an exception for boom.ics, 404 otherwise.
APP = """
def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path.endswith("/boom.ics"):
        raise RuntimeError("failed on " + path)
    status = "200 OK" if path.endswith("/en.ics") else "404 Not Found"
    start_response(status, [("Content-Type", "text/plain")])
    return [b"x"]
"""


def test_gunicorn_access_and_error_logs_hold_no_token(tmp_path):
    (tmp_path / "feedapp.py").write_text(APP)
    secret = secrets.token_urlsafe(32)
    environ = {
        **os.environ,
        "GUNICORN_BIND": "127.0.0.1:0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESSLOG": "-",
    }
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("w") as stdout, err.open("w") as stderr:
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "portal/gunicorn.conf.py")]
            + ["--chdir", str(tmp_path), "feedapp:app"],
            cwd=ROOT,
            env=environ,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            port = _listening_port(err)
            statuses = [
                _status(port, f"/members/feed/{secret}/{name}", referer=f"/members/feed/{secret}/")
                for name in ("en.ics", "xx.ics", "boom.ics")
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert statuses == [200, 404, 500]
    access, errors = out.read_text(), err.read_text()
    assert secret not in access + errors
    assert f'"GET {REDACTED}en.ics HTTP/1.1" 200' in access
    assert f'"GET {REDACTED}xx.ics HTTP/1.1" 404' in access
    assert f'"{REDACTED}"' in access  # the Referer
    assert f"Error handling request GET {REDACTED}boom.ics" in errors
    assert f"RuntimeError: failed on {REDACTED}boom.ics" in errors


def _listening_port(log):
    """The port gunicorn chose, from its "Listening at" line."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            return int(found.group(1))
        time.sleep(0.05)
    raise AssertionError("gunicorn did not start: " + log.read_text())


def _status(port, path, referer):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        headers = f"Host: x\r\nReferer: {referer}\r\nConnection: close\r\n"
        connection.sendall(f"GET {path} HTTP/1.1\r\n{headers}\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def test_json_formatter_after_the_filter_holds_no_token():
    from django.test import RequestFactory

    from portal.logging import JsonFormatter

    secret = secrets.token_urlsafe(32)
    request = RequestFactory().get(f"/members/feed/{secret}/en.ics")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (request.path,), None
    )
    record.request = request
    record.detail = f"from /members/feed/{secret}/"
    assert RedactSecrets().filter(record)
    line = JsonFormatter().format(record)
    assert secret not in line
    assert json.loads(line)["detail"] == f"from {REDACTED}"
