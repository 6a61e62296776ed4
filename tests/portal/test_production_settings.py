"""Production settings refuse to start with a missing or weak SECRET_KEY (Django's W009 rule)."""

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
