"""Endpoints for machines (load balancers, the benchmark), outside the language prefix."""

from django.conf import settings
from django.urls import path

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
]

if settings.BENCHMARK_VIEWS:
    from . import bench_views

    urlpatterns += [
        path("bench/ok", bench_views.ok, name="bench-ok"),
        path("bench/json", bench_views.prebuilt_json, name="bench-json"),
    ]
