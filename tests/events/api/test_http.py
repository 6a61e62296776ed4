"""HTTP behaviour of /api/v1/: conditional requests, caching headers, CORS, cookies, throttling,
and query budgets that do not grow with the page size."""

import datetime as dt

from django.test.utils import override_settings

from wagtail.models import Collection, PageViewRestriction

import pytest

from tests.factories import SpeakerFactory, add_speakers, event, publish, series
from tests.helpers import RestrictionChange, clear_caches

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/?start=2026-01-01&end=2026-12-31"


def test_answer_has_etag_last_modified_and_public_cache_control(client, schedule):
    response = client.get(EVENTS)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"


def test_if_none_match_answers_304_without_a_query(client, schedule, django_assert_num_queries):
    etag = client.get(EVENTS)["ETag"]
    # The content version (home.freshness) is read from the cache: no query at all.
    with django_assert_num_queries(0):
        response = client.get(EVENTS, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_answers_304_without_a_query(client, schedule, django_assert_num_queries):
    last_modified = client.get(EVENTS)["Last-Modified"]
    with django_assert_num_queries(0):
        response = client.get(EVENTS, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304


def test_304_for_a_filter_is_answered_before_looking_the_filter_up(
    client, schedule, chapter, django_assert_num_queries
):
    url = f"{EVENTS}&chapter={chapter.translation_key}"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    "change", ["publish", "unpublish", "restrict", "unrestrict", "speaker", "new event"]
)
def test_etag_changes_with_the_schedule(client, schedule, event_index, change):
    before = client.get(EVENTS)["ETag"]
    if change == "publish":
        schedule.title = "Bee City (moved)"
        publish(schedule)
    elif change == "unpublish":
        schedule.unpublish()
    elif change == "restrict":
        PageViewRestriction.objects.create(
            page=schedule, restriction_type=PageViewRestriction.LOGIN
        )
    elif change == "unrestrict":
        restriction = PageViewRestriction.objects.create(
            page=schedule, restriction_type=PageViewRestriction.LOGIN
        )
        before = client.get(EVENTS)["ETag"]
        restriction.delete()
    elif change == "speaker":
        speaker = schedule.speaker_links.first().speaker
        speaker.organisation = "Elsewhere"
        speaker.save()
    else:
        event(event_index, title="Another")
    response = client.get(EVENTS, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response["ETag"] != before


@pytest.mark.parametrize("action", RestrictionChange.ACTIONS)
@pytest.mark.parametrize("kind", ["page", "collection"])
def test_etag_changes_with_any_view_restriction_change(client, schedule, chapter, kind, action):
    """The event list's own freshness state sees every restriction change (the page cache's
    content version and the CDN purge do too: tests/portal)."""
    if kind == "page":
        target = schedule
    else:
        target = Collection.get_first_root_node().add_child(name="Members' files")
    change = RestrictionChange(action, target).prepare()
    # A newer restriction elsewhere: the newest restriction's id alone would not move.
    PageViewRestriction.objects.create(page=chapter, restriction_type=PageViewRestriction.LOGIN)
    before = client.get(EVENTS)["ETag"]

    change.apply()

    response = client.get(EVENTS, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response["ETag"] != before


def test_restricting_a_chapter_without_events_changes_the_chapters_answer(client, chapter):
    before = client.get("/api/v1/chapters/")
    assert before.json()["count"] == 1

    for page in chapter.get_translations(inclusive=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    after = client.get("/api/v1/chapters/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after.json()["count"] == 0


def test_etag_differs_by_language_and_parameters(client, schedule):
    etags = {
        client.get(url)["ETag"]
        for url in (EVENTS, f"{EVENTS}&lang=fr", f"{EVENTS}&limit=1", f"{EVENTS}&offset=1")
    }
    assert len(etags) == 4


def test_answers_are_cookieless_and_identical_for_every_anonymous_caller(client, schedule):
    from django.test import Client

    first = client.get(EVENTS)
    other = Client(HTTP_USER_AGENT="Other/1.0", REMOTE_ADDR="10.0.0.9")
    other.cookies["sessionid"] = "whatever"
    second = other.get(EVENTS)
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert not first.cookies and not second.cookies
    assert "Set-Cookie" not in first


def test_vary_accept_language_only_when_the_header_chooses(client, schedule):
    negotiated = client.get(EVENTS, headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    fixed = client.get(f"{EVENTS}&lang=fr")
    assert "Accept-Language" in negotiated["Vary"]
    assert "Accept-Language" not in fixed.get("Vary", "")
    assert negotiated["Content-Language"] == fixed["Content-Language"] == "fr"
    assert negotiated.json()["results"] == fixed.json()["results"]


def test_accept_language_picks_the_best_supported_language(client, schedule):
    response = client.get(EVENTS, headers={"Accept-Language": "de, fr;q=0.5, en;q=0.4"})
    assert response["Content-Language"] == "fr"
    unknown = client.get(EVENTS, headers={"Accept-Language": "de"})
    assert unknown["Content-Language"] == "en"


def test_cors_is_open_for_get(client, schedule):
    response = client.get(EVENTS, headers={"Origin": "https://partner.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        EVENTS,
        headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"},
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_writes_are_refused(client, schedule):
    assert client.post(EVENTS, {}).status_code == 405


@override_settings(API_ANON_RATE="2/minute")
def test_anonymous_throttle_answers_429_with_retry_after(client, schedule):
    codes = [client.get("/api/v1/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.get("/api/v1/")
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


@pytest.mark.parametrize("n", [1, 50])
def test_event_list_query_count_does_not_grow_with_the_page(
    client, event_index, n, django_assert_num_queries
):
    for i in range(n):
        page = event(event_index, title=f"Talk {i}", start_date=dt.date(2026, 3, 1 + i % 28))
        add_speakers(page, [SpeakerFactory(), SpeakerFactory()])
    series(event_index, title="Calls", first_date=dt.date(2026, 6, 3))
    # Counted on the second request: the first one also loads Wagtail's site root paths and
    # content types into their caches; the answer cache is cleared in between.
    client.get(f"{EVENTS}&limit={n}")
    clear_caches()
    with django_assert_num_queries(EVENT_LIST_QUERIES):
        data = client.get(f"{EVENTS}&limit={n}").json()
    assert len(data["results"]) == n
    assert sum(len(e["speakers"]) for e in data["results"]) == 2 * n


# Measured once (the site root paths cache is cleared too, hence one Site query); the point
# is that the 1- and 50-event runs share it. One of them reads the join links published openly
# for the events open to all (events.reads.access.public_join_links). 13 since the list reads
# only its slice (events.api.queries.listed_slots): the window's count, its first rows and the
# pages shown are three queries where the whole window's events were one. 14 with the longest
# one-off event (occurrences.longest_one_off), read once per content version. 12 since the
# one-off events come from the version's index (occurrences.one_off_index): one query builds
# it, where the longest event, the count and the first rows were three.
EVENT_LIST_QUERIES = 12


@pytest.mark.parametrize("n", [1, 20])
def test_updated_since_query_count_does_not_grow_with_the_changes(
    client, event_index, n, django_assert_num_queries
):
    from django.utils import timezone

    pages = [
        event(event_index, title=f"Talk {i}", start_date=dt.date(2026, 3, 1 + i % 28))
        for i in range(n)
    ]
    calls = [series(event_index, title=f"Calls {i}") for i in range(n)]
    since = timezone.now()
    for page in pages:
        page.start_date = dt.date(2027, 3, 1)  # out of the window
        publish(page)
    for page in calls:
        page.start_time, page.end_time = dt.time(9), dt.time(10)
        publish(page)
    url = f"{EVENTS}&limit={n}&updated_since={since.isoformat().replace('+00:00', 'Z')}"
    client.get(url)
    clear_caches()
    with django_assert_num_queries(UPDATED_SINCE_QUERIES):
        data = client.get(url).json()
    # Every event left the window; each series has new occurrence ids, its old ones removed.
    assert len(data["removed"]) == n + n * 26
    assert data["count"] == n * 26


# With the longest one-off event (occurrences.longest_one_off), read once per content version.
UPDATED_SINCE_QUERIES = 15


def test_what_is_hidden_is_read_again_when_the_schedule_changes(client, schedule, chapter):
    """Hidden branches are kept per process for one schedule state, never across states."""

    def titles():
        return {e["title"] for e in client.get(EVENTS).json()["results"]}

    assert "Bee City" in titles()
    restriction = PageViewRestriction.objects.create(
        page=schedule, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Bee City" not in titles()
    restriction.delete()
    assert "Bee City" in titles()
    chapter.unpublish()
    assert titles() == {"Bee City"}


def test_a_window_is_expanded_once_per_content_version(client, schedule, event_index):
    """Pages and filters of one window share its occurrences until the content changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(f"{EVENTS}&limit=1")
    with CaptureQueriesContext(connection) as second:
        page_two = client.get(f"{EVENTS}&limit=1&offset=1").json()
    assert len(second) < len(first)
    assert page_two["count"] == client.get(f"{EVENTS}&audience=public").json()["count"] + 26
    schedule.title = "Bee City (renamed)"
    publish(schedule)
    titles = {e["title"] for e in client.get(f"{EVENTS}&limit=100").json()["results"]}
    assert "Bee City (renamed)" in titles
    assert "Bee City" not in titles
