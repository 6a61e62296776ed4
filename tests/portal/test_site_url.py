"""SITE_URL, the public address: read once (portal/address.py), required in production, the
default of the hosts and origins served, the Site's address (checked: portal.W002), and what
`make run` serves and links at."""

import json
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

from django.core import checks

from wagtail.models import Site

import pytest

from home import freshness
from portal import address

ROOT = Path(__file__).resolve().parents[2]


def _settings(module, env, *names):
    """The values of setting `names` in a fresh process with `env` (and nothing of ours)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT")}
    clean.pop("ALLOWED_HOSTS", None)
    clean.pop("DATABASE_URL", None)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps([getattr(settings, n) for n in {list(names)!r}]))"
    )
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _production(**env):
    return {"SECRET_KEY": secrets.token_urlsafe(60), "TRUSTED_PROXY_COUNT": "0", **env}


# --- Reading the address --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme", "hostname", "port", "normal"),
    [
        ("https://events.example.org", "https", "events.example.org", 443, None),
        ("https://events.example.org/", "https", "events.example.org", 443, None),
        ("https://events.example.org:443", "https", "events.example.org", 443, None),
        ("http://127.0.0.1:8000", "http", "127.0.0.1", 8000, None),
        ("http://example.org:80/", "http", "example.org", 80, "http://example.org"),
    ],
)
def test_address_is_scheme_host_and_port(url, scheme, hostname, port, normal):
    found = address.parse(url)
    assert (found.scheme, found.hostname, found.port) == (scheme, hostname, port)
    assert found.url == (normal or url.rstrip("/").removesuffix(":443"))


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "SITE_URL must be the address"),
        ("events.example.org", "SITE_URL must be the address"),
        ("ftp://events.example.org", "SITE_URL must be the address"),
        ("https://events.example.org/portal/", "no path"),
        ("https://events.example.org/?a=1", "no path"),
        ("https://events.example.org:8443", "port 443 only"),
        ("http://events.example.org:443", "port 443 is https"),
        ("http://events.example.org:99999", "invalid port"),
    ],
)
def test_address_refuses_what_a_site_cannot_print(url, says):
    with pytest.raises(ValueError, match=says):
        address.parse(url)


# --- Production -------------------------------------------------------------------------------


def test_production_refuses_to_start_without_site_url():
    result = _settings("portal.settings.production", _production(), "SITE_URL")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be set in the environment" in result.stderr


def test_production_refuses_a_malformed_site_url():
    env = _production(SITE_URL="https://events.example.org/portal/")
    result = _settings("portal.settings.production", env, "SITE_URL")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be a scheme, a host name" in result.stderr


def test_production_hosts_origins_and_admin_links_follow_site_url():
    # Set but empty, as in .env.example: the defaults apply (an empty list would refuse all).
    env = _production(
        SITE_URL="https://events.example.org/", ALLOWED_HOSTS="", CSRF_TRUSTED_ORIGINS=""
    )
    names = ("SITE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "WAGTAILADMIN_BASE_URL")
    result = _settings("portal.settings.production", env, *names)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "https://events.example.org",
        ["events.example.org"],
        ["https://events.example.org"],
        "https://events.example.org",
    ]


def test_production_hosts_and_origins_may_still_be_listed():
    env = _production(
        SITE_URL="https://events.example.org",
        ALLOWED_HOSTS="events.example.org,internal.example.org",
        CSRF_TRUSTED_ORIGINS="https://events.example.org,https://admin.example.org",
    )
    result = _settings("portal.settings.production", env, "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS")
    assert json.loads(result.stdout) == [
        ["events.example.org", "internal.example.org"],
        ["https://events.example.org", "https://admin.example.org"],
    ]


def test_benchmarks_have_an_address_of_their_own():
    result = _settings("bench.settings", {}, "SITE_URL", "ALLOWED_HOSTS")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["http://127.0.0.1:8000", ["127.0.0.1"]]


# --- Development and `make run` ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "9000"}, "http://127.0.0.1:9000"),
        ({"HOST": "0.0.0.0", "PORT": "9000"}, "http://127.0.0.1:9000"),  # noqa: S104
        ({"SITE_URL": "http://192.168.1.20:8000", "PORT": "9000"}, "http://192.168.1.20:8000"),
    ],
)
def test_development_address_is_where_the_server_listens(env, expected):
    result = _settings("portal.settings.dev", env, "SITE_URL", "WAGTAILADMIN_BASE_URL")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [expected, expected]


def test_development_serves_the_host_of_its_address():
    env = {"SITE_URL": "http://192.168.1.20:8000"}
    result = _settings("portal.settings.dev", env, "ALLOWED_HOSTS")
    (hosts,) = json.loads(result.stdout)
    assert hosts == ["localhost", "127.0.0.1", "[::1]", "192.168.1.20"]


def test_make_run_gives_every_command_the_address_it_serves(tmp_path):
    """`make run PORT=9000`: migrate, the demo loaders and the server all see SITE_URL at :9000
    (each command is replaced by one that prints the SITE_URL it was given)."""
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "$SITE_URL $*"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT")}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--silent", "--assume-old=install", "run", "PORT=9000", f"PY={fake}"],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[-1] == "http://127.0.0.1:9000 manage.py runserver 127.0.0.1:9000"
    assert "http://127.0.0.1:9000 manage.py seed_demo" in lines
    assert {line.split()[0] for line in lines} == {"http://127.0.0.1:9000"}


# --- The Site and the check -------------------------------------------------------------------


def _site_check():
    return [m for m in checks.run_checks(databases=["default"]) if m.id == "portal.W002"]


@pytest.mark.django_db
def test_check_warns_while_the_site_is_at_another_address(settings):
    """Wagtail's migrations leave the Site at http://localhost: every link would point there."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    (warning,) = _site_check()
    assert warning.level == checks.WARNING
    assert "http://localhost" in warning.msg and "http://127.0.0.1:8000" in warning.msg
    assert "setup_site" in warning.hint
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8000)
    assert _site_check() == []


@pytest.mark.django_db
def test_check_warns_when_there_is_no_site(settings):
    Site.objects.all().delete()
    (warning,) = _site_check()
    assert "does not exist" in warning.msg


def test_site_check_reads_no_database_unless_asked():
    """Plain `check` (lint, runserver) has no database: the check must not touch one (this
    test has no database access, so a query would fail it)."""
    assert not [m for m in checks.run_checks() if m.id == "portal.W002"]


@pytest.mark.django_db
def test_saving_the_site_moves_the_content_version(django_capture_on_commit_callbacks):
    """Cached API answers and pages hold the Site's address in their links: moving the Site
    (setup_site, or Settings → Sites) must make every worker rebuild them."""
    before = freshness.current_version()
    site = Site.objects.get(is_default_site=True)
    site.port = 9000
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    assert freshness.current_version() > before
