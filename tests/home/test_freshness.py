"""The content version moves on every change a reader would see, once it is committed."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.core.cache import cache

import pytest

from home import freshness
from tests.factories import SpeakerFactory, event, translate
from tests.helpers import (
    LOCAL_AND_REDIS,
    REDIS_URL,
    RestrictionChange,
    cache_for,
    needs_redis,
    on_redis,
)

ROOT = Path(__file__).resolve().parents[2]


def test_current_version_is_stable_without_changes():
    assert freshness.current_version() == freshness.current_version()


def test_bump_moves_version_forward():
    before = freshness.current_version()

    after = freshness.bump()

    assert after == before + 1
    assert freshness.current_version() == after


def test_version_after_counter_lost_is_above_every_earlier_value():
    freshness.bump()
    before = freshness.current_version()
    cache.delete(freshness.KEY)  # evicted, or the cache was flushed

    assert freshness.current_version() > before
    assert freshness.bump() > before


def test_bump_without_counter_starts_one():
    cache.delete(freshness.KEY)

    value = freshness.bump()

    assert freshness.current_version() == value


@pytest.mark.django_db
def test_publish_bumps_version_again_after_commit(event_index, django_capture_on_commit_callbacks):
    before = freshness.current_version()
    with django_capture_on_commit_callbacks() as callbacks:
        page = event(event_index, "Council briefing")
        # Inside the transaction the version has moved, so this connection reads afresh; but
        # another worker may cache the old rows under it until the commit...
        during = freshness.current_version()
        assert during > before

    assert callbacks
    for callback in callbacks:
        callback()

    # ...so the commit moves it again, past every version seen during the transaction.
    assert freshness.current_version() > during
    assert page.live


@pytest.mark.django_db
def test_a_page_publish_moves_the_version_once_and_once_more_on_commit(
    event_index, django_capture_on_commit_callbacks
):
    """Wagtail sends `published` after `page_published` for a page: one move, not two, so each
    cached page is rendered once per publish, not once per version for the same content."""
    page = event(event_index, "Council briefing")
    page.title = "Council briefing, moved"
    before = freshness.current_version()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        during = freshness.current_version()

    assert (during - before, freshness.current_version() - before) == (1, 2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    ["unpublish", "move", "delete", "translate", "speaker", "image", "image deleted"],
)
def test_change_bumps_version(change, event_index, chapter, django_capture_on_commit_callbacks):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    page = event(event_index, "Council briefing")
    image = get_image_model().objects.create(title="Portrait", file=get_test_image_file())
    before = freshness.current_version()

    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublish":
            page.unpublish()
        elif change == "move":
            page.move(chapter, pos="last-child")
        elif change == "delete":
            page.delete()
        elif change == "translate":
            translate(page, "fr", title="Séance d'information")
        elif change == "image":
            # A new file or focal point: the renditions pages name are made anew.
            image.focal_point_x, image.focal_point_y = 10, 10
            image.focal_point_width = image.focal_point_height = 5
            image.save()
        elif change == "image deleted":
            image.delete()
        else:
            SpeakerFactory()

    assert freshness.current_version() > before


@pytest.mark.django_db
@pytest.mark.parametrize("action", RestrictionChange.ACTIONS)
@pytest.mark.parametrize("kind", ["page", "collection"])
def test_view_restriction_change_bumps_version_after_commit(
    kind, action, event_index, django_capture_on_commit_callbacks
):
    from wagtail.models import Collection

    if kind == "page":
        target = event(event_index, "Council briefing")
    else:
        target = Collection.get_first_root_node().add_child(name="Members' files")
    change = RestrictionChange(action, target).prepare()
    before = freshness.bump()

    with django_capture_on_commit_callbacks() as callbacks:
        change.apply()
        during = freshness.current_version()
        assert during > before

    assert callbacks
    for callback in callbacks:
        callback()
    assert freshness.current_version() > during


@pytest.mark.django_db
def test_draft_save_leaves_version_alone(event_index, django_capture_on_commit_callbacks):
    page = event(event_index, "Council briefing")
    before = freshness.current_version()

    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Council briefing (draft)"
        page.save_revision()

    assert freshness.current_version() == before


# The second process: reports the version it sees, then, given the version the publisher
# ended with, polls until it sees that one and reports when.
READER = """
import json, sys, time
import django
django.setup()
from home.freshness import current_version
print(json.dumps({"version": current_version()}), flush=True)
target = int(sys.stdin.readline())
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    version = current_version()
    if version >= target:
        break
    time.sleep(0.01)
print(json.dumps({"version": version, "at": time.time()}), flush=True)
"""


@needs_redis
@pytest.mark.django_db
def test_publish_in_one_process_seen_by_another_within_a_second(
    event_index, settings, django_capture_on_commit_callbacks
):
    prefix = f"cv-test-{os.getpid()}-{time.monotonic_ns()}"
    location = REDIS_URL or "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            # The reader process runs portal.settings.test, which suffixes the xdist worker.
            "KEY_PREFIX": f"{prefix}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        },
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "REDIS_URL": location,
        "CACHE_KEY_PREFIX": prefix,
    }
    reader = subprocess.Popen(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", READER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = json.loads(reader.stdout.readline())
        assert first["version"] == freshness.current_version()

        with django_capture_on_commit_callbacks(execute=True):
            event(event_index, "Council briefing")
        published_at = time.time()
        expected = freshness.current_version()
        reader.stdin.write(f"{expected}\n")
        reader.stdin.flush()

        seen = json.loads(reader.stdout.readline())
    finally:
        reader.kill()
        reader.wait()
        reader.stdin.close()
        reader.stdout.close()
        cache.delete(freshness.KEY)

    assert seen["version"] == expected > first["version"]
    assert seen["at"] - published_at < 1.0


def test_versioned_read_gives_the_value_stored_under_the_current_version():
    version = freshness.current_version()
    cache.set(f"page:{version}:abc", {"body": "cached"})

    assert freshness.get_versioned("page:", ":abc") == (version, {"body": "cached"})
    newer = freshness.bump()
    assert freshness.get_versioned("page:", ":abc") == (newer, None)


def test_versioned_read_starts_a_lost_counter():
    cache.delete(freshness.KEY)

    version, value = freshness.get_versioned("page:", ":abc")

    assert value is None
    assert version == freshness.current_version()


@needs_redis
def test_versioned_read_on_redis_is_one_call(settings, monkeypatch):
    with on_redis(settings, "cv-lua") as backend:
        version = freshness.bump()
        backend.set(f"page:{version}:abc", {"body": "cached"})
        # The first use on a Redis server that never ran the script loads it (redis-py retries
        # EVALSHA after NOSCRIPT): count the steady state, as every later request sees it.
        freshness.get_versioned("page:", ":warm-up")
        calls = []
        raw = backend.client.get_client(write=False)
        real = raw.evalsha
        monkeypatch.setattr(raw, "evalsha", lambda *a, **k: calls.append(a) or real(*a, **k))
        # A second plain read would mean two round trips: the Lua script must do both.
        monkeypatch.setattr(backend, "get", lambda *a, **k: pytest.fail("plain GET used"))

        assert freshness.get_versioned("page:", ":abc") == (version, {"body": "cached"})
        assert len(calls) == 1


@pytest.fixture(params=LOCAL_AND_REDIS)
def either_cache(request, settings):
    """The test cache, and Redis (the Lua scripts), which CI runs."""
    with cache_for(request.param, settings, "count"):
        yield


def test_a_count_starts_at_the_first_request_and_again_once_its_time_is_over(either_cache):
    first = freshness.count_hit("hits:one", 60)
    second = freshness.count_hit("hits:one", 60)
    other = freshness.count_hit("hits:other", 60)

    assert (first.hits, second.hits, other.hits) == (1, 2, 1)
    assert 0 < second.seconds_left <= 60
    cache.delete("hits:one")  # as its expiry does
    assert freshness.count_hit("hits:one", 60).hits == 1


def test_a_lookup_counts_the_request_and_a_matching_etag_reads_only_the_head(either_cache):
    version = freshness.current_version()
    freshness.set_versioned("api:", version, ":k", '"e"', {"body": "b"}, 60, etag_head={"h": 1})

    matched = freshness.get_unless_matching("api:", ":k", '"e"', count=("hits:k", 60))
    other = freshness.get_unless_matching("api:", ":k", '"x"', count=("hits:k", 60))
    plain = freshness.get_unless_matching("api:", ":k", None)

    assert (matched.matched, matched.value, matched.counted.hits) == (True, {"h": 1}, 1)
    assert (other.matched, other.value, other.counted.hits) == (False, {"body": "b"}, 2)
    assert (plain.value, plain.counted) == ({"body": "b"}, None)


@needs_redis
def test_a_lookup_on_redis_reads_the_versions_start_in_the_same_call(settings):
    with on_redis(settings, "cv-state"):
        version = freshness.bump()
        expected = freshness.state()

        asked = freshness.get_unless_matching("api:", ":k", None, with_state=True)

        assert asked.state == expected
        assert asked.state.version == version
        assert freshness.get_unless_matching("api:", ":k", None).state is None
        # A hit reads nothing more: the request is answered.
        freshness.set_versioned("api:", version, ":k", '"e"', {"body": "b"}, 60)
        assert freshness.get_unless_matching("api:", ":k", None, with_state=True).state is None
        assert freshness.get_unless_matching("api:", ":new", None, with_state=True).state
        # A version with no start kept yet: the caller reads state(), which gives it one.
        cache.delete(f"{freshness.CHANGED_KEY}{version}")
        assert freshness.get_unless_matching("api:", ":new", None, with_state=True).state is None


def test_without_redis_a_lookup_leaves_the_state_to_its_caller(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    freshness.bump()

    assert freshness.get_unless_matching("api:", ":k", None, with_state=True).state is None


def test_shared_value_is_built_once_per_version():
    built = []

    def build():
        built.append(1)
        return ["value", len(built)]

    version = freshness.current_version()
    assert freshness.shared(version, "name", build) == ["value", 1]
    assert freshness.shared(version, "name", build) == ["value", 1]
    newer = freshness.bump()
    assert freshness.shared(newer, "name", build) == ["value", 2]
    assert len(built) == 2
