"""events.api.caching: an anonymous answer kept as sent (bytes and headers) and answered, or
304'd, before DRF with no query; the rate limit still counts it; after a publish the answer
before may be served while one request builds the new one, never after a withdrawal (a token
holder's answers: tests/members/test_api_token.py)."""

import datetime as dt

from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.test import RequestFactory
from django.test.utils import override_settings

import pytest
from redis.connection import AbstractConnection

from events.api import caching
from events.api.views import EventListView
from home import freshness
from tests.factories import event, publish
from tests.helpers import (
    LOCAL_AND_REDIS,
    cache_for,
    following,
    needs_redis,
    on_redis,
    round_trips,
)

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/?start=2026-01-01&end=2026-12-31"


def _headers(response):
    return dict(response.items())


@needs_redis
def test_an_anonymous_miss_costs_one_round_trip_to_redis_and_its_keeping_one_more(
    client, schedule, settings, monkeypatch
):
    with on_redis(settings, "api-round-trips"):
        assert client.get(EVENTS).status_code == 200  # the scripts loaded, the version begun
        sent = []
        real = AbstractConnection.send_packed_command

        def send(connection, *args, **kwargs):
            sent.append(args)
            return real(connection, *args, **kwargs)

        monkeypatch.setattr(AbstractConnection, "send_packed_command", send)

        miss = client.get(f"{EVENTS}&limit=1")
        # The lookup (answer, rate limit, version and its start in one script); the keeping
        # (one pipeline). A second read of the version would be a third.
        assert (miss.status_code, len(sent)) == (200, 2)
        sent.clear()
        assert client.get(f"{EVENTS}&limit=1").content == miss.content
        assert len(sent) == 1


@pytest.mark.parametrize("n", [1, 20])
def test_a_kept_answer_is_the_same_bytes_and_headers_with_no_query(
    client, event_index, n, django_assert_num_queries
):
    for i in range(n):
        event(event_index, title=f"Talk {i}", start_date=dt.date(2026, 3, 1 + i % 28))
    url = f"{EVENTS}&limit={n}"
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert _headers(again) == _headers(first)
    assert len(again.json()["results"]) == n


def test_detail_and_language_chosen_by_header_are_kept_apart(client, schedule):
    detail = f"/api/v1/events/{schedule.translation_key}/"
    english = client.get(detail)
    french = client.get(detail, headers={"Accept-Language": "fr"})
    assert (english["Content-Language"], french["Content-Language"]) == ("en", "fr")
    assert english["ETag"] != french["ETag"]
    kept = client.get(detail, headers={"Accept-Language": "fr"})
    assert kept.content == french.content
    assert _headers(kept) == _headers(french)
    assert "Accept-Language" in kept["Vary"]


@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_a_304_from_the_kept_answer_has_no_query_and_the_headers_drf_gives(
    client, schedule, validator, monkeypatch, django_assert_num_queries
):
    first = client.get(EVENTS)
    header = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    headers = {validator: header[validator]}

    with django_assert_num_queries(0):
        kept = client.get(EVENTS, headers=headers)
    # The same request answered by the whole stack and DRF, as before answers were kept.
    monkeypatch.setattr(caching, "_conditional_view", lambda request: None)
    built = client.get(EVENTS, headers=headers)

    assert kept.status_code == built.status_code == 304
    assert kept.content == b""
    assert _headers(kept) == _headers(built)
    assert kept["ETag"] == first["ETag"]


def test_a_kept_answer_is_sent_before_sessions_locale_and_the_view(
    client, schedule, monkeypatch, django_assert_num_queries
):
    """events.api.caching.kept_answers answers it: neither the view nor the middleware below
    it runs (a made-up session cookie is not even looked up), and the answer and its 304 are
    the ones the whole stack gave."""
    first = client.get(EVENTS)
    client.cookies["sessionid"] = "made-up"

    def not_reached(*args, **kwargs):
        raise AssertionError("the view ran")

    monkeypatch.setattr(EventListView, "get", not_reached)
    monkeypatch.setattr(SessionMiddleware, "__call__", not_reached)
    with django_assert_num_queries(0):
        kept = client.get(EVENTS)
        not_modified = client.get(EVENTS, headers={"If-None-Match": first["ETag"]})

    assert kept.content == first.content
    assert _headers(kept) == _headers(first)
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]


def test_a_bad_parameter_gets_its_400_while_the_answer_is_kept(client, schedule):
    """Only the URL as sent selects a kept answer: a request that differs from a kept one by a
    refused parameter is never answered from it, and gets the 400 naming the parameter."""
    assert client.get(EVENTS).status_code == 200
    assert client.get(EVENTS).status_code == 200  # kept
    for name, value in [("limit", "0"), ("lang", "xx"), ("start", "yesterday")]:
        response = client.get(f"{EVENTS}&{name}={value}")
        assert response.status_code == 400, name
        assert name in response.json(), name


def test_an_etag_list_or_a_weak_etag_still_answers_304(client, schedule):
    etag = client.get(EVENTS)["ETag"]
    for held in (f'"other", {etag}', f"W/{etag}"):
        assert client.get(EVENTS, headers={"If-None-Match": held}).status_code == 304


def test_a_refused_parameter_is_never_kept_and_names_the_parameter(client, schedule):
    url = f"{EVENTS}&limit=0"
    answers = [client.get(url) for _ in range(2)]
    assert [a.status_code for a in answers] == [400, 400]
    assert all("limit" in a.json() for a in answers)


@override_settings(API_ANON_RATE="2/minute")
@pytest.mark.parametrize("conditional", [False, True], ids=["200", "304"])
def test_kept_answers_and_304s_count_for_the_rate_limit(client, schedule, conditional):
    first = client.get(EVENTS)
    headers = {"If-None-Match": first["ETag"]} if conditional else {}
    second = client.get(EVENTS, headers=headers)
    third = client.get(EVENTS, headers=headers)
    assert [first.status_code, second.status_code, third.status_code] == [
        200,
        304 if conditional else 200,
        429,
    ]
    assert 0 < int(third["Retry-After"]) <= 60
    assert "detail" in third.json()
    assert "ETag" not in third


# --- Stale while one request builds, after a publish ---------------------------------------


@pytest.fixture
def stale_ok(settings):
    settings.PAGE_CACHE_MAX_STALE_SECONDS = 5


def _hold_the_build(url):
    """Take the build lock of the current version, as another worker building would."""
    key = EventListView().answer_key(RequestFactory().get(url))
    assert cache.add(f"{caching.ANSWER_KEY}lock{freshness.current_version()}{key}", 1, 5)


def _titles(response):
    return {e["title"] for e in response.json()["results"]}


def test_after_a_publish_the_answer_before_is_served_while_another_request_builds(
    client, schedule, stale_ok, django_assert_num_queries
):
    before = client.get(EVENTS)
    schedule.title = "Bee City (moved)"
    publish(schedule)
    _hold_the_build(EVENTS)

    with django_assert_num_queries(0):
        stale = client.get(EVENTS)
        not_modified = client.get(EVENTS, headers={"If-None-Match": before["ETag"]})

    assert stale.content == before.content
    assert stale["ETag"] == before["ETag"]
    # Served late: no client or proxy may keep it.
    assert stale["Cache-Control"] == "public, max-age=0"
    assert not_modified.status_code == 304
    assert not_modified["Cache-Control"] == "public, max-age=0"


@override_settings(API_ANON_RATE="4/minute")
def test_the_first_request_after_a_publish_gets_the_answer_before_and_its_worker_builds_the_new(
    client, schedule, stale_ok, caplog
):
    """Stale-while-revalidate as the page cache does it: the caller holding the build lock is
    answered at once with the answer before, the new one is built after (inline in tests; a
    thread of the worker in production, home.revalidation) and the next caller gets it. The
    build is the same request's: counted once for the rate limit."""
    before = client.get(EVENTS)
    schedule.title = "Bee City (moved)"
    publish(schedule)

    with caplog.at_level("INFO", logger="events.api.caching"):
        first = client.get(EVENTS)
    second = client.get(EVENTS)
    third = client.get(EVENTS)

    assert first.content == before.content
    assert first["Cache-Control"] == "public, max-age=0"
    assert "built after its caller was answered" in caplog.text
    assert "Bee City (moved)" in _titles(second)
    assert third.content == second.content
    assert second["ETag"] != before["ETag"]
    assert second["Cache-Control"] == third["Cache-Control"] == "public, max-age=60"
    # Four requests in all, the build not among them: the fifth is over the rate.
    assert client.get(EVENTS).status_code == 429


@pytest.mark.parametrize("withdrawal", ["unpublish", "restrict"])
def test_a_withdrawal_never_serves_the_answer_before(client, schedule, stale_ok, withdrawal):
    from wagtail.models import PageViewRestriction

    assert "Bee City" in _titles(client.get(EVENTS))
    if withdrawal == "unpublish":
        schedule.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=schedule, restriction_type=PageViewRestriction.LOGIN
        )
    _hold_the_build(EVENTS)

    response = client.get(EVENTS)

    assert "Bee City" not in _titles(response)
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_failed_precondition_is_still_a_412(client, schedule):
    etag = client.get(EVENTS)["ETag"]
    assert client.get(EVENTS, headers={"If-Match": '"other"'}).status_code == 412
    assert client.get(EVENTS, headers={"If-Match": etag}).status_code == 200


def test_only_the_default_window_is_kept_per_version(client, schedule):
    """A window the client chose is built for its request alone: kept per content version, as
    the default window is, a client asking for thousands of windows would fill each worker's
    memory with their occurrences (the benchmark's misses grew a worker by 200 MB).

    A plain list reads only its slice (events.api.queries.listed_slots) and keeps no window's
    occurrences; its series dates are kept per block of days, not per window. The default
    window's occurrences are kept for the lists that build them all (`q`, `updated_since`)."""
    from events.reads import occurrences
    from home import visibility

    def kept(kind):
        return [
            name
            for name in visibility._per_version["items"]
            if isinstance(name, tuple) and name[0] == kind
        ]

    visibility.forget_versions()
    starts = [dt.datetime(2026, 1, day, tzinfo=dt.UTC) for day in range(1, 6)]
    for start in starts:
        assert client.get(f"/api/v1/events/?start={start:%Y-%m-%d}").status_code == 200
        assert client.get(f"/api/v1/events/?start={start:%Y-%m-%d}&q=bee").status_code == 200
    assert kept("occurrences") == []
    blocks = {
        (occurrences._block_start(s), occurrences._block_start(s + dt.timedelta(days=365)))
        for s in starts
    }
    assert len(kept("series-slots")) == len(blocks) < len(starts)
    assert client.get("/api/v1/events/").status_code == 200
    assert kept("occurrences") == []
    assert client.get("/api/v1/events/?q=bee").status_code == 200
    assert len(kept("occurrences")) == 1


@pytest.mark.parametrize(
    "accept, status",
    [("text/html", 406), ("application/json; indent=4", 200), ("application/xml", 406)],
)
def test_what_accept_asks_for_is_drfs_answer_never_the_kept_one(client, schedule, accept, status):
    """The kept answer is compact JSON for a caller that takes it; any other Accept goes to
    DRF, before and after an answer is kept, and what DRF answers it is never kept."""
    asked_first = client.get(EVENTS, headers={"Accept": accept})
    plain = client.get(EVENTS)
    asked = client.get(EVENTS, headers={"Accept": accept})  # an answer is kept by now
    assert asked_first.status_code == asked.status_code == status
    for taken in ("application/json", "*/*", "text/html;q=0.9, application/json", None):
        headers = {"Accept": taken} if taken else {}
        assert client.get(EVENTS, headers=headers).content == plain.content, taken
    if status == 200:
        # DRF's indented rendering, not the compact bytes (which it did not replace).
        assert asked.content != plain.content
        assert asked.json() == plain.json()


# --- Answers kept per process, counted in blocks (home.near) ----------------------------------


@needs_redis
@override_settings(API_ANON_RATE="400/minute")
def test_a_process_following_the_version_answers_a_kept_answer_and_its_304_without_redis(
    client, schedule, settings, monkeypatch
):
    """A block of 4 numbers per trip to Redis (a hundredth of the rate): the first request
    takes it, the next three ask Redis nothing."""
    with following(settings, "api-near") as watch:
        first = client.get(EVENTS)  # kept, and counted: 4 numbers taken, 1 used
        sent = round_trips(monkeypatch, watch)

        again = client.get(EVENTS)
        not_modified = client.get(EVENTS, headers={"If-None-Match": first["ETag"]})
        other = client.get(EVENTS, headers={"If-None-Match": '"other"'})
        assert sent == []
        fifth = client.get(EVENTS)
        fifth_trips = len(sent)

    assert again.content == other.content == fifth.content == first.content
    assert _headers(again) == _headers(first)
    assert not_modified.status_code == 304
    assert fifth_trips == 1  # the fifth took the next block (and read nothing more)


@needs_redis
@override_settings(API_ANON_RATE="400/minute")
def test_numbers_taken_in_blocks_never_let_more_requests_through_than_the_rate(
    client, schedule, settings
):
    with following(settings, "api-near-rate"):
        statuses = [client.get(EVENTS).status_code for _ in range(401)]

    assert statuses[:400] == [200] * 400
    assert statuses[400] == 429


def test_a_block_ends_with_its_numbers_or_its_window(monkeypatch):
    from home.near import Leases

    leases = Leases()
    leases.give("client", 2, 3, seconds=60)
    assert [leases.take("client")[0], leases.take("client")[0], leases.take("client")] == [
        2,
        3,
        None,
    ]
    leases.give("client", 5, 9, seconds=0)
    assert leases.take("client") is None


# --- A URL's answer is kept from its second miss ---------------------------------------------


@pytest.fixture(params=LOCAL_AND_REDIS)
def second_miss(request, settings, monkeypatch):
    """Production's rule (kept from the second miss), on the test cache and on Redis; yields
    the list of the answers kept (their keys)."""
    settings.API_KEEP_FROM_SECOND_MISS = True
    kept = []
    real = caching.ConditionalAnswers.keep

    def keep(view, response, version, key, *args):
        kept.append(key)
        return real(view, response, version, key, *args)

    monkeypatch.setattr(caching.ConditionalAnswers, "keep", keep)
    with cache_for(request.param, settings, "api-second-miss"):
        yield kept


def test_a_urls_first_miss_is_not_kept_its_second_is_and_its_third_is_a_hit(
    client, schedule, second_miss, django_assert_num_queries
):
    url = f"{EVENTS}&limit=3"
    first = client.get(url)
    assert second_miss == []
    second = client.get(url)
    assert len(second_miss) == 1
    with django_assert_num_queries(0):
        third = client.get(url)

    assert first.content == second.content == third.content
    assert len(second_miss) == 1
    assert client.get(f"{EVENTS}&limit=4").status_code == 200
    assert len(second_miss) == 1  # another URL: its own first miss


def test_a_url_kept_before_a_change_is_kept_at_its_first_miss_after_it(
    client, schedule, second_miss
):
    url = f"{EVENTS}&limit=3"
    client.get(url)
    client.get(url)
    freshness.bump()  # a withdrawal: nothing from before is served

    client.get(url)

    assert len(second_miss) == 2
