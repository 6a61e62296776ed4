"""Hardening: deploy checks, security headers, CSP without inline scripts, throttled sign-in,
upload limits."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection

import pytest

from portal.uploads import SizeLimitedDocumentForm
from tests.access_fixtures import *  # noqa: F403 - the superuser fixture
from tests.access_fixtures import make_user
from tests.helpers import clear_caches

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
)


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.org",
        "SITE_URL": "https://example.org",
        # Production declares its proxies (portal.W001); 0: clients connect directly.
        "TRUSTED_PROXY_COUNT": "0",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/", "/fr/", "/en/account/login/", "/fr/account/request-access/"]
)
def test_public_pages_send_csp_and_have_no_inline_script(client, home, fr_home, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not INLINE_SCRIPT.findall(response.text)


@pytest.mark.django_db
def test_admin_is_left_without_csp(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


@pytest.mark.django_db
def test_admin_sign_in_is_throttled(client, django_user_model, settings):
    make_user(django_user_model, "chief", is_staff=True, is_superuser=True)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "chief", "password": "wrong"})
    # Even the right password is refused now, from this address…
    refused = client.post("/admin/login/", {"username": "chief", "password": "pw-chief"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    # …while the account's owner, from another address, is not locked out by those failures.
    accepted = client.post(
        "/admin/login/", {"username": "chief", "password": "pw-chief"}, REMOTE_ADDR="10.1.1.1"
    )
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"]
    client.logout()
    clear_caches()
    accepted = client.post("/admin/login/", {"username": "chief", "password": "pw-chief"})
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_member_sign_in_counts_failures_too(client, django_user_model, settings, home):
    make_user(django_user_model, "member")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/en/account/login/", {"username": "member", "password": "nope"})
    response = client.post("/en/account/login/", {"username": "member", "password": "pw-member"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "size", "error"),
    [("minutes.pdf", 64, "too big"), ("virus.exe", 8, "“exe” is not allowed")],
)
def test_document_uploads_are_limited_in_size_and_type(settings, name, size, error, superuser):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 32
    form_class = get_document_form(get_document_model())
    assert issubclass(form_class, SizeLimitedDocumentForm)
    form = form_class(
        data={"title": "Doc", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, b"x" * size)},
        user=superuser,
    )
    assert not form.is_valid()
    assert error in str(form.errors["file"]).lower()


@pytest.mark.django_db
def test_small_allowed_document_is_accepted(settings, superuser):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 32
    form = get_document_form(get_document_model())(
        data={"title": "Doc", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile("minutes.pdf", b"x" * 16)},
        user=superuser,
    )
    assert form.is_valid(), form.errors


# --- Permissions-Policy (issue 10, item 12) ---------------------------------------------------

# Browser features the portal never uses: no script on the site or in Wagtail's admin asks for
# them (static/js/localtime.js only reads Intl's time zone).
UNUSED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid")


def assert_features_off(response):
    policy = response.headers["Permissions-Policy"]
    directives = dict(item.strip().split("=", 1) for item in policy.split(","))
    for feature in UNUSED_FEATURES:
        assert directives[feature] == "()", feature
    # What the admin does use stays on: copy buttons (clipboard), full-screen previews.
    assert not {"clipboard-write", "clipboard-read", "fullscreen"} & set(directives)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/fr/",
        "/en/no-such-page/",
        "/en/account/login/",
        "/admin/login/",
        "/api/v1/",
        "/api/v1/docs/",
        "/api/v2/pages/",
        "/en/calendar.ics",
        "/healthz",
        "/static/js/localtime.js",
        "/",
    ],
)
def test_every_response_turns_off_unused_browser_features(client, home, fr_home, url):
    response = client.get(url)
    response.close()  # whitenoise's file stays open until then
    assert response.status_code < 500
    assert_features_off(response)


@pytest.mark.django_db
def test_cached_pages_and_304s_turn_off_unused_browser_features(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/en/")
    hit = client.get("/en/")
    not_modified = client.get("/en/", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert (hit["X-Page-Cache"], not_modified.status_code) == ("hit", 304)
    assert_features_off(hit)
    assert_features_off(not_modified)
