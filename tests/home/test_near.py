"""Each process keeps the answers of the current version and sends them again without asking
Redis, for as long as it follows the version's changes (home.near); never an answer of a version
it no longer knows as current."""

import time

from django.core.cache import cache
from django.test import RequestFactory

import pytest

from home import freshness, near
from portal.page_cache import AnonymousPageCacheMiddleware
from tests.helpers import Renders, following, needs_redis, round_trips

pytestmark = needs_redis


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time given"
        time.sleep(0.01)


@pytest.fixture
def watch(settings):
    """The page cache on Redis with answers kept per process, once this process follows the
    version."""
    settings.PAGE_CACHE_SECONDS = 300
    with following(settings, "near") as found:
        yield found


def page_keys():
    return cache.keys("page:*")


def another_process_bumps(stale_ok=False):
    """What a bump in another process does here: only Redis moves (and publishes)."""
    seconds = 5 if stale_ok else 0
    return freshness._bump_on_redis(seconds, 0 if stale_ok else 5)


def test_a_kept_page_is_sent_again_without_asking_redis(watch, monkeypatch):
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    first = middleware(RequestFactory().get("/en/"))
    sent = round_trips(monkeypatch, watch)

    again = middleware(RequestFactory().get("/en/"))
    not_modified = middleware(
        RequestFactory().get("/en/", headers={"if-none-match": first["ETag"]})
    )

    assert sent == []
    assert view.count == 1
    assert (again.status_code, again["X-Page-Cache"], again.content) == (200, "hit", b"render 1")
    assert (not_modified.status_code, not_modified["X-Page-Cache"]) == (304, "hit")


@pytest.mark.parametrize("stale_ok", [False, True])
def test_a_bump_in_another_process_ends_the_kept_page_here_once_its_message_is_read(
    watch, settings, stale_ok
):
    settings.PAGE_CACHE_MAX_STALE_SECONDS = 0
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    assert middleware(RequestFactory().get("/en/"))["X-Page-Cache"] == "hit"

    moved = another_process_bumps(stale_ok)
    wait_for(lambda: watch.current() == moved)
    after = middleware(RequestFactory().get("/en/"))

    assert (after["X-Page-Cache"], after.content) == ("miss", b"render 2")


def test_a_page_stored_by_another_process_is_kept_here_once_read(watch):
    """An answer read from Redis for the current version is kept: the next asks nothing."""
    version = freshness.current_version()
    other = AnonymousPageCacheMiddleware(Renders())
    other(RequestFactory().get("/en/"))
    watch.store.clear()  # as if stored by another process

    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    read = middleware(RequestFactory().get("/en/"))
    cache.delete_many(page_keys())
    again = middleware(RequestFactory().get("/en/"))

    assert view.count == 0
    assert read.content == again.content == b"render 1"
    assert watch.current() == version


def test_the_page_before_served_late_after_a_publish_is_never_kept(watch, settings):
    settings.PAGE_CACHE_MAX_STALE_SECONDS = 5
    settings.PAGE_CACHE_REVALIDATE_INLINE = True
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    moved = another_process_bumps(stale_ok=True)
    wait_for(lambda: watch.current() == moved)
    # Another worker holds the render lock: this one gets the page before, late.
    assert cache.add(f"page:lock{moved}:{middleware.digest(RequestFactory().get('/en/'))}", 1, 5)

    late = middleware(RequestFactory().get("/en/"))

    assert (late["X-Page-Cache"], late.content) == ("stale", b"render 1")
    assert (
        watch.store.get("page:" + f":{middleware.digest(RequestFactory().get('/en/'))}", moved)
        is None
    )


def test_a_process_that_cannot_confirm_its_subscription_asks_redis(watch):
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    cache.delete_many(page_keys())
    watch.confirmed = time.monotonic() - near.TRUST_SECONDS - 1  # no pong for too long

    response = middleware(RequestFactory().get("/en/"))

    assert (response["X-Page-Cache"], response.content) == ("miss", b"render 2")


def test_a_lost_subscription_empties_what_was_kept_and_is_followed_again(watch):
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    cut = watch.pubsub
    cut.connection.disconnect()  # Redis restarted, the connection dropped

    wait_for(lambda: watch.pubsub is not cut and watch.current() is not None)
    cache.delete_many(page_keys())
    response = middleware(RequestFactory().get("/en/"))

    assert (response["X-Page-Cache"], response.content) == ("miss", b"render 2")


def test_a_version_lower_than_the_one_known_empties_what_was_kept(watch):
    version = watch.current()
    watch.store.put("page::x", version, '"e"', None, {"body": b"x"})

    watch.moved(version - 10)

    assert watch.current() == version - 10
    assert watch.store.get("page::x", version) is None


def test_a_read_older_than_a_message_never_takes_the_process_back(watch):
    version = watch.current()
    watch.moved(version + 1)

    watch.saw(version)

    assert watch.current() == version + 1


def test_the_store_keeps_its_bound_least_recently_used_out():
    store = near.Store(limit=3000)
    for n in range(5):
        store.put(f"k{n}", 1, None, None, {"gzip": b"x" * 800})
        store.get("k0", 1)  # k0 is read each time: it stays

    assert store.size <= 3000
    assert store.get("k0", 1) is not None
    assert store.get("k1", 1) is None
    assert store.get("k4", 1) is not None
    assert store.get("k4", 2) is None  # another version's entry is never found


def test_what_a_lookup_and_a_store_find_for_one_version_merges():
    store = near.Store(limit=10_000)
    store.put("k", 7, '"a"', {"headers": []}, None)  # a 304's lookup: the ETag and head
    store.put("k", 7, None, None, {"gzip": b"x"})  # a 200's: the value

    assert store.get("k", 7)[1:4] == ('"a"', {"headers": []}, {"gzip": b"x"})

    store.put("k", 8, None, None, {"gzip": b"y"})

    assert store.get("k", 8)[1:4] == (None, None, {"gzip": b"y"})


def test_a_kept_page_is_read_from_redis_again_after_a_while(watch, monkeypatch):
    """Redis's entry times out (PAGE_CACHE_SECONDS) and is what a publish serves late: a page
    is never sent from here for longer than KEEP_SECONDS without reading it there."""
    monkeypatch.setattr(near, "KEEP_SECONDS", 0.2)
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    cache.delete_many(page_keys())  # as if timed out in Redis
    assert middleware(RequestFactory().get("/en/")).content == b"render 1"  # kept here

    time.sleep(0.25)
    again = middleware(RequestFactory().get("/en/"))

    assert (again["X-Page-Cache"], again.content) == ("miss", b"render 2")
    assert cache.keys("page:*")  # stored in Redis again

    # ...and kept here again, for another while.
    cache.delete_many(page_keys())
    assert middleware(RequestFactory().get("/en/")).content == b"render 2"


def test_an_expired_entry_stored_again_is_kept_again(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(near.time, "monotonic", lambda: now[0])
    store = near.Store(limit=10_000)
    store.put("k", 7, '"a"', {"headers": []}, {"gzip": b"x"})
    now[0] += near.KEEP_SECONDS + 1
    assert store.get("k", 7) is None

    store.put("k", 7, '"a"', None, {"gzip": b"x"})  # read from Redis again

    assert store.get("k", 7)[1:4] == ('"a"', None, {"gzip": b"x"})
    now[0] += near.KEEP_SECONDS - 1
    assert store.get("k", 7) is not None
