"""Small assertions and marks shared by the suite."""

import contextlib
import os
import re
import time

import pytest

# Redis as CI and production run it: tests of the Lua scripts and of what workers share run on
# it when REDIS_URL is set, and CI always sets it (a skip there would hide them).
REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL and os.environ.get("CI") != "true",
    reason="REDIS_URL is unset (CI always sets it)",
)
# A fixture's params: the test cache, and Redis.
LOCAL_AND_REDIS = ["local", pytest.param("redis", marks=needs_redis)]


@contextlib.contextmanager
def on_redis(settings, name, prefix=None):
    """The default cache on Redis, under a key prefix of this test's own (`name`, made unique,
    unless `prefix` is given), whose keys are deleted afterwards; yields the cache."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL or "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix or f"{name}-{os.getpid()}-{time.monotonic_ns()}",
        },
    }
    try:
        yield caches["default"]
    finally:
        caches["default"].delete_pattern("*")


@contextlib.contextmanager
def following(settings, name):
    """on_redis() with answers kept per process (home.near), once this process follows the
    content version (its thread subscribed and read it); yields the Watch."""
    from home import freshness, near

    settings.NEAR_CACHE_BYTES = 1024 * 1024
    with on_redis(settings, name):
        freshness.current_version()  # the counter exists before the watch reads it
        watch = near.watch(freshness.KEY)
        deadline = time.monotonic() + 5
        while watch.current() is None:
            assert time.monotonic() < deadline, "the watch did not follow within 5 s"
            time.sleep(0.01)
        try:
            yield watch
        finally:
            watch.stop()


def round_trips(monkeypatch, watch=None):
    """A list that grows by one per command sent to Redis from now on (the commands' args),
    leaving out `watch`'s own subscription (its PINGs)."""
    from redis.connection import AbstractConnection

    sent = []
    real = AbstractConnection.send_packed_command

    def send(connection, *args, **kwargs):
        if watch is None or watch.pubsub is None or connection is not watch.pubsub.connection:
            sent.append(args)
        return real(connection, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", send)
    return sent


class Renders:
    """A view counting its renders; its body names the render."""

    def __init__(self):
        self.count = 0

    def __call__(self, request):
        from django.http import HttpResponse

        self.count += 1
        return HttpResponse(f"render {self.count}")


def cache_for(param, settings, name):
    """on_redis() for the "redis" param of LOCAL_AND_REDIS, nothing for "local"."""
    return on_redis(settings, name) if param == "redis" else contextlib.nullcontext()


def clear_caches():
    """Empty this test process's caches and only those.

    On Redis, ``cache.clear()`` is FLUSHDB: it would also empty the other pytest-xdist worker's
    keys in the shared database, mid-test, and break its query counts. Keys carry a per-worker
    prefix (settings/test.py), so deleting by pattern stays within this worker. Every key
    version too: Wagtail keeps its site root paths under version 2, which the default pattern
    (version 1) would leave in place, and the next test would not read them.
    """
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        cache = caches[alias]
        if hasattr(cache, "delete_pattern"):
            raw = cache.client.get_client(write=True)
            prefix = re.sub(r"([*?\[\]])", r"[\1]", cache.key_prefix)
            keys = list(raw.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                raw.delete(*keys)
        else:
            cache.clear()
    # And what this process kept per content version (a rolled-back database can repeat one).
    from home.visibility import forget_versions

    forget_versions()


def plain(text):
    """Text with CLDR's no-break spaces (U+00A0, U+202F) as plain spaces, for comparisons."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


# Wagtail 8.0.1 writes each new rendition through a SpooledTemporaryFile that it never closes
# (wagtail/images/models.py, generate_rendition_file); the garbage collector reports it as a
# ResourceWarning. Tests that render photos ignore exactly that report, nothing else.
ignore_rendition_file_leak = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <(function SpooledTemporaryFile.__del__|_io.FileIO)"
    ":pytest.PytestUnraisableExceptionWarning"
)


class RestrictionChange:
    """One way a view restriction changes, on a page or a collection: `prepare()` makes the
    restriction the change acts on (none to create), then `apply()` makes the change.

    "bulk_delete" is a queryset delete: no model delete(), so no log entry, only the signals.
    """

    ACTIONS = ("create", "change", "delete", "bulk_delete")

    def __init__(self, action, target):
        from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

        self.action = action
        if isinstance(target, Page):
            self.model, self.fields = PageViewRestriction, {"page": target}
        else:
            self.model, self.fields = CollectionViewRestriction, {"collection": target}
        self.restriction = None

    def prepare(self):
        if self.action != "create":
            self.restriction = self.model.objects.create(
                restriction_type=self.model.LOGIN, **self.fields
            )
        return self

    def apply(self):
        if self.action == "create":
            self.restriction = self.model.objects.create(
                restriction_type=self.model.LOGIN, **self.fields
            )
        elif self.action == "change":
            self.restriction.restriction_type = self.model.GROUPS
            self.restriction.save()
        elif self.action == "delete":
            self.restriction.delete()
        else:
            self.model.objects.filter(pk=self.restriction.pk).delete()
