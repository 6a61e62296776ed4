"""Benchmark code stays out of the product: the portal serves no baseline and counts no query;
bench.settings (production's settings plus the benchmark's needs) serves both."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from home import freshness
from tests.factories import event

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/bench/ok", "/bench/redis", "/bench/json", "/bench/bare-events/", "/bench/bump"]
)
def test_portal_serves_no_baseline(client, home, path):
    # Unknown paths outside the language prefixes are redirected into one, then not found.
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert "X-Queries" not in response


def test_no_bench_setting_or_middleware_in_the_product():
    assert not hasattr(settings, "BENCHMARK_VIEWS")
    assert not [name for name in settings.MIDDLEWARE if "bench" in name]


def test_bench_urls_serve_baselines_beside_the_portal(client, settings, event_index):
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    event(event_index, "Heat pumps", start_date=timezone.now().date() + dt.timedelta(days=3))
    assert client.get("/bench/ok").content == b"ok"
    assert client.get("/bench/redis").content == b"ok"  # stored on the first read
    assert client.get("/bench/redis").content == b"ok"
    assert client.get("/bench/json").json()["count"] == 20
    with CaptureQueriesContext(connection) as queries:
        bare = client.get("/bench/bare-events/")
    assert [row["title"] for row in bare.json()["results"]] == ["Heat pumps"]
    assert bare["X-Queries"] == str(len(queries))
    # bench/growth.py's way past every cache: a new content version, as a publish makes.
    version = freshness.current_version()
    assert client.get("/bench/bump").content == str(version + 1).encode()
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/events/").status_code == 200


def test_bench_settings_are_production_plus_the_benchmarks_needs():
    """Imported with no SECRET_KEY in the environment, as production would refuse."""
    unset = ("SECRET_KEY", "REDIS_URL", "PAGE_CACHE_SECONDS", "SECURE_SSL_REDIRECT")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(json.dumps([s.ROOT_URLCONF, s.MIDDLEWARE[0], s.API_ANON_RATE, s.DEBUG,"
        " bool(s.SECRET_KEY), s.SECURE_SSL_REDIRECT, s.STORAGES['staticfiles']['BACKEND'],"
        " s.PAGE_CACHE_SECONDS]))\n"
    )
    out = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    urlconf, first, rate, debug, has_key, redirect, static, page_cache = json.loads(out.stdout)
    assert urlconf == "bench.urls"
    assert first == "bench.middleware.QueryCountMiddleware"
    assert rate == "100000000/minute"
    assert (debug, has_key, redirect) == (False, True, False)
    # Production's own choices are kept.
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert page_cache == 300
