"""The portal's URLs plus the benchmark's baselines (bench/views.py) under /bench/."""

from django.urls import path

from bench import views
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/ok", views.ok, name="bench-ok"),
    path("bench/redis", views.redis_read, name="bench-redis"),
    path("bench/json", views.prebuilt_json, name="bench-json"),
    path("bench/bare-events/", views.bare_events, name="bench-bare-events"),
    path("bench/bump", views.bump, name="bench-bump"),
    *portal_urlpatterns,
]
