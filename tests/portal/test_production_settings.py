"""Production settings refuse to start with a missing or weak SECRET_KEY (Django's W009 rule)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def import_production_settings(secret_key):
    env = {
        **os.environ,
        "SECRET_KEY": secret_key,
        "SITE_URL": "https://example.org",
        "ALLOWED_HOSTS": "example.org",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize(
    "secret_key",
    [
        "x",
        secrets.token_urlsafe(36)[:49],  # one character short
        "a" * 64,  # long, but one distinct character
        "abcd" * 16,  # four distinct characters
        "django-insecure-" + secrets.token_urlsafe(50),  # what startproject writes
    ],
    ids=["one-letter", "49-characters", "one-distinct", "four-distinct", "django-insecure"],
)
def test_weak_secret_key_is_refused_with_a_clear_message(secret_key):
    result = import_production_settings(secret_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is too weak" in result.stderr
    assert "at least 50 characters" in result.stderr
    # The message says what is wrong, never what the key is.
    if len(secret_key) > 1:
        assert secret_key not in result.stderr


def test_missing_secret_key_is_refused():
    result = import_production_settings("")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    [secrets.token_urlsafe(50), "abcde" * 10],
    ids=["token_urlsafe(50)", "50-characters-5-distinct"],
)
def test_strong_secret_key_is_accepted(secret_key):
    result = import_production_settings(secret_key)
    assert result.returncode == 0, result.stderr


def production_printed(code, environ, unset=()):
    """What `code` prints with production settings importable (SECRET_KEY and SITE_URL set,
    `environ` on top, the names in `unset` removed unless `environ` sets them)."""
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://example.org",
        **environ,
    }
    for name in unset:
        if name not in environ:
            env.pop(name, None)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def production_database_options(**environ):
    """OPTIONS (and ENGINE) of the default database as production settings build them."""
    code = (
        "import json; from portal.settings import production as s; "
        "print(json.dumps({**s.DATABASES['default']['OPTIONS'], "
        "'ENGINE': s.DATABASES['default']['ENGINE']}))"
    )
    environ = {"DATABASE_URL": "postgresql://portal@db.example.org:5432/portal", **environ}
    unset = ("DJANGO_SETTINGS_MODULE", "DATABASE_STATEMENT_TIMEOUT_MS")
    return json.loads(production_printed(code, environ, unset))


def test_database_that_hangs_or_vanishes_fails_a_request_within_seconds():
    options = production_database_options()

    assert options["connect_timeout"] == 2
    # A connection whose server vanished mid-query: unacknowledged data or silent keepalives.
    assert options["tcp_user_timeout"] == 2000
    assert (options["keepalives"], options["keepalives_idle"]) == (1, 2)
    assert options["keepalives_interval"] * options["keepalives_count"] <= 1
    # A server that freezes: the backend watches every call (DATABASE_CLIENT_DEADLINE_SECONDS).
    assert options["ENGINE"] == "portal.postgresql"


def test_statement_timeout_only_where_the_environment_sets_one():
    """gunicorn's config sets it for the web workers; migrations and db_worker run without."""
    assert "statement_timeout" not in production_database_options().get("options", "")

    options = production_database_options(DATABASE_STATEMENT_TIMEOUT_MS="2000")

    assert options["options"] == "-c statement_timeout=2000"


def production_session_engine(**environ):
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    environ = {"DJANGO_SETTINGS_MODULE": "portal.settings.production", **environ}
    return production_printed(code, environ, unset=("REDIS_URL",))


def test_sessions_read_from_the_shared_cache_only_when_there_is_one():
    """With Redis, a session is read from it and written through to the database; with a
    local-memory cache per process, a sign-out in one worker would leave it alive in another."""
    shared = production_session_engine(REDIS_URL="redis://127.0.0.1:6379/0")
    assert shared == "django.contrib.sessions.backends.cached_db"
    assert production_session_engine() == "django.contrib.sessions.backends.db"
