"""The project's own system checks (portal.checks) and the one proxy setting they watch."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.core import checks

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _deploy_messages(ids):
    return [m for m in checks.run_checks(include_deployment_checks=True) if m.id in ids]


def test_undeclared_proxy_count_warns_on_deploy(settings):
    """Unset, a proxy in front makes every visitor one address: one throttle for the whole site."""
    settings.TRUSTED_PROXY_COUNT = None
    (message,) = _deploy_messages({"portal.W001"})
    assert message.level == checks.WARNING
    assert "TRUSTED_PROXY_COUNT" in message.msg
    assert "docs/deploy.md" in message.hint


@pytest.mark.parametrize("count", [0, 1, 2])
def test_declared_proxy_count_passes(settings, count):
    settings.TRUSTED_PROXY_COUNT = count
    assert not _deploy_messages({"portal.W001", "portal.E001"})


def test_negative_proxy_count_is_an_error(settings):
    settings.TRUSTED_PROXY_COUNT = -1
    (message,) = _deploy_messages({"portal.E001"})
    assert message.level == checks.ERROR


def test_proxy_count_is_not_checked_outside_deploy(settings):
    settings.TRUSTED_PROXY_COUNT = None
    assert not [m for m in checks.run_checks() if m.id.startswith("portal.")]


def _production(extra, code):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.org",
        "SITE_URL": "https://example.org",
        **extra,
    }
    env.pop("DATABASE_URL", None)
    if "TRUSTED_PROXY_COUNT" not in extra:
        env.pop("TRUSTED_PROXY_COUNT", None)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_proxy_count_fails_check_deploy():
    result = _production({}, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode != 0
    assert "portal.W001" in result.stdout + result.stderr


@pytest.mark.parametrize("count", ["0", "2"])
def test_api_throttle_counts_proxies_from_the_same_setting(count):
    """DRF's NUM_PROXIES is TRUSTED_PROXY_COUNT: one declaration for sign-in and API alike."""
    result = _production(
        {"TRUSTED_PROXY_COUNT": count},
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TRUSTED_PROXY_COUNT, settings.REST_FRAMEWORK['NUM_PROXIES'])",
        ],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [count, count]
