"""/healthz answers for the database and the cache, and says which one failed."""

from unittest import mock

from django.db import OperationalError

import pytest

from portal import health
from tests.helpers import needs_redis, on_redis


@pytest.mark.django_db
def test_healthz_all_parts_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_outside_language_prefix_without_redirect(client):
    # A probe sending a French Accept-Language is answered, not redirected to /fr/healthz.
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert "Location" not in response


@pytest.mark.django_db
def test_healthz_database_down_answers_503_naming_database(client):
    cursor = mock.MagicMock()
    cursor.__enter__.return_value.execute.side_effect = OperationalError("connection refused")
    with mock.patch.object(health.connection, "cursor", return_value=cursor):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_cache_losing_writes_answers_503_naming_cache(client, settings):
    # A cache that accepts writes but keeps nothing (a full or misconfigured Redis).
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_unreachable_redis_answers_503_quickly(client, settings):
    # Port 9 (discard) is closed: the connection is refused, as when Redis is down.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
def test_healthz_post_not_allowed(client):
    assert client.post("/healthz").status_code == 405


@needs_redis
@pytest.mark.django_db
def test_healthz_against_real_redis_reports_ok_and_leaves_no_key(client, settings):
    with on_redis(settings, "healthz-test") as backend:
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "ok"}
        assert backend.keys("healthz:*") == []
