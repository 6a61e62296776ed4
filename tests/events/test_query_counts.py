"""Reader pages run the same number of queries for small and larger data (pretalx habit).

Each page is rendered once before counting: the first render fills per-process caches (site
root paths, content types, image renditions) that a warm server already holds.
"""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest

from events.domain.choices import Audience
from tests.factories import SpeakerFactory, add_speakers, event, series, translate
from tests.helpers import ignore_rendition_file_leak

pytestmark = pytest.mark.django_db


def soon(days):
    return timezone.now().date() + dt.timedelta(days=days)


def count_queries(client, url):
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def get_within(django_assert_num_queries, client, url, budget):
    """Render `url` (warm) asserting exactly `budget` queries; the failure lists them."""
    client.get(url)
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.fixture
def populate(event_index, chapter, working_group):
    made = iter(range(10_000))

    def build(n):
        for _ in range(n):
            i = next(made)
            host = (event_index, chapter, working_group)[i % 3]
            page = event(
                host, f"Event {i}", start_date=soon(i % 300 + 1), audience=Audience.ELECTED
            )
            if i % 2:
                translate(page, "fr", title=f"Événement {i}", slug=f"evenement-{i}")
        # Every build has series in both hosts: with none at all, occurrences_between skips
        # its override query, a difference of data shape rather than of size.
        for k in range(max(2, n // 5)):
            i = next(made)
            host = chapter if k % 2 else event_index
            series(host, f"Series {i}", first_date=soon(-7 - i % 7))

    return build


@pytest.mark.parametrize("language_url", ["/en/events/", "/fr/evenements/"])
def test_events_index_queries_do_not_grow_with_events(
    client, django_assert_num_queries, populate, language_url
):
    populate(2)
    small, _ = count_queries(client, language_url)
    populate(15)
    response = get_within(django_assert_num_queries, client, language_url, small)
    assert response.context["listing"].paginator.count > 30


def test_events_index_filtered_queries_do_not_grow_with_events(
    client, django_assert_num_queries, populate
):
    url = "/en/events/?chapter=bc&audience=elected_officials&when=upcoming"
    populate(2)
    small, _ = count_queries(client, url)
    populate(12)
    get_within(django_assert_num_queries, client, url, small)


def test_chapter_page_queries_do_not_grow_with_events(client, django_assert_num_queries, populate):
    populate(2)
    small, _ = count_queries(client, "/en/chapters/bc/")
    populate(15)
    response = get_within(django_assert_num_queries, client, "/en/chapters/bc/", small)
    assert len(response.context["upcoming"]) > 5


def test_series_page_queries_do_not_grow_with_occurrences(
    client, django_assert_num_queries, event_index
):
    short = series(event_index, "Short", slug="short", first_date=soon(-7), count=3)
    long = series(event_index, "Long", slug="long", first_date=soon(-7), interval=1)
    small, _ = count_queries(client, f"/en/events/{short.slug}/")
    response = get_within(django_assert_num_queries, client, f"/en/events/{long.slug}/", small)
    assert len(response.context["upcoming"]) > 20


# An event page served to an anonymous reader, uncached (issue 15: at most 15), once it was
# served in this content version: no query. The pages on its path (home.routing), its speakers
# with their photos' renditions and the link published openly are read once per content
# version and page in each process (home.visibility.per_version_entry), as the Site and its
# home in the reader's language (home.routing.known_site, HomePage.localized), the hidden
# branches, the translations (hreflang) and the pages under the home (the header and the join
# page) are. A series date's page reads its series' overrides (one: the window starts now); a
# signed-in member their user, groups and access details (three), and their session's row
# where sessions are the database's alone (with Redis they are cached_db: read from Redis).
EVENT_PAGE_QUERIES = 0
SERIES_DATE_QUERIES = 1
SESSION_ROW_QUERIES = 0 if settings.SESSION_ENGINE.endswith(".cached_db") else 1
MEMBER_QUERIES = 3 + SESSION_ROW_QUERIES
# The first request for an event page in this content version and process (what it keeps
# dropped: home.visibility.forget_versions): the pages on the path (one query), the page itself,
# the speakers (one: all of them linked in the page's language, as here; their translations are a
# second), the link published openly (an event open to all), and what every page keeps per
# version (the Site, its home, the hidden branches, the translations, the pages under the home).
# Photos add their renditions (one).
EVENT_PAGE_FIRST_QUERIES = 9
PHOTO_QUERIES = 1


def first_in_version(client, url):
    """The queries of `url`'s first request once what this process keeps per version is dropped."""
    from home.visibility import forget_versions

    forget_versions()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def speakers_with(photos, n):
    image_model = get_image_model()
    made = []
    for _ in range(n):
        photo = (
            image_model.objects.create(title="p", file=get_test_image_file()) if photos else None
        )
        made.append(SpeakerFactory(photo=photo, photo_alt="A portrait" if photo else ""))
    return made


@ignore_rendition_file_leak
@pytest.mark.parametrize("photos", [False, True])
def test_event_page_queries_same_for_1_and_10_speakers(
    client, django_assert_num_queries, event_index, settings, tmp_path, photos
):
    settings.MEDIA_ROOT = tmp_path
    one = event(event_index, "One", slug="one")
    add_speakers(one, speakers_with(photos, 1))
    ten = event(event_index, "Ten", slug="ten")
    add_speakers(ten, speakers_with(photos, 10))
    small, _ = count_queries(client, "/en/events/one/")
    assert small == EVENT_PAGE_QUERIES
    response = get_within(django_assert_num_queries, client, "/en/events/ten/", small)
    assert len(response.context["speakers"]) == 10
    # Read once per version: as many queries for ten speakers (with photos) as for one.
    first = first_in_version(client, "/en/events/one/")
    assert first_in_version(client, "/en/events/ten/") == first
    assert first == EVENT_PAGE_FIRST_QUERIES + (PHOTO_QUERIES if photos else 0)


def test_series_date_page_queries_same_for_1_and_10_speakers(
    client, django_assert_num_queries, chapter
):
    weekly = series(chapter, "Weekly", slug="weekly", first_date=soon(-7), interval=1)
    dates = [soon(-7 + 7 * k) for k in (2, 3)]
    one = event(weekly, "One", slug="one", occurrence_date=dates[0], start_date=None)
    add_speakers(one, speakers_with(False, 1))
    ten = event(weekly, "Ten", slug="ten", occurrence_date=dates[1], start_date=None)
    add_speakers(ten, speakers_with(False, 10))
    small, _ = count_queries(client, "/en/chapters/bc/weekly/one/")
    assert small == EVENT_PAGE_QUERIES + SERIES_DATE_QUERIES
    response = get_within(django_assert_num_queries, client, "/en/chapters/bc/weekly/ten/", small)
    assert len(response.context["speakers"]) == 10
    assert response.context["host"] == chapter
    assert one in [o.page for o in response.context["series_next"]]


def test_event_page_queries_for_a_member(client, django_assert_num_queries, event_index):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from events.reads.access import ELECTED_OFFICIALS

    page = event(event_index, "Call", slug="call", audience=Audience.ELECTED)
    add_speakers(page, speakers_with(False, 3))
    user = get_user_model().objects.create_user("m", "m@example.org", "pw")
    user.groups.add(Group.objects.get_or_create(name=ELECTED_OFFICIALS)[0])
    client.force_login(user)
    budget = EVENT_PAGE_QUERIES + MEMBER_QUERIES
    response = get_within(django_assert_num_queries, client, "/en/events/call/", budget)
    assert response.context["reader_state"] == "entitled"


@pytest.mark.parametrize("url", ["/en/chapters/bc/calendar.ics", "/fr/evenements/calendar.ics"])
def test_feed_queries_do_not_grow_with_events(client, django_assert_num_queries, populate, url):
    """A feed over HTTP, uncached: its page found by its path once per content version
    (events.calendar.feeds._resolve), its events, their last changes, join links, speakers and
    hosts each in one query, however many events it holds."""
    populate(2)
    small, before = count_queries(client, url)
    populate(15)
    response = get_within(django_assert_num_queries, client, url, small)
    assert response.content.count(b"BEGIN:VEVENT") >= before.content.count(b"BEGIN:VEVENT") + 5


# One event's feed, uncached, once served in this content version: none. Its page is kept per
# version (events.calendar.feeds._resolve), as is what its feed holds (the event's last change,
# the link published openly, its speakers and the hosts' titles: five queries the first time).
EVENT_FEED_QUERIES = 0


def test_event_feed_queries(client, django_assert_num_queries, populate, event_index):
    populate(3)
    page = event(event_index, "Open call", start_date=soon(3), audience=Audience.PUBLIC)
    add_speakers(page, [SpeakerFactory(name="Ana Ruiz"), SpeakerFactory(name="Li Wei")])
    response = get_within(
        django_assert_num_queries, client, page.url + "calendar.ics", EVENT_FEED_QUERIES
    )
    assert b"Ana Ruiz" in response.content and b"Li Wei" in response.content


# A listing page (home, events index, chapter, working group) served anonymously, uncached, once
# served in this content version: none. Its series' dates and the version's index of one-off
# events are kept per version (events.reads.occurrences), and so are the one-off events' pages
# of the slice it shows (occurrences.pages_for: one query the first time, for the whole slice).
LISTING_QUERIES = 0


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/fr/",
        "/en/events/",
        "/fr/evenements/",
        "/en/chapters/bc/",
        "/en/working-groups/outdoor-rec/",
    ],
)
def test_listing_pages_read_nothing_once_served_in_a_version(
    client, django_assert_num_queries, populate, url
):
    populate(15)
    response = get_within(django_assert_num_queries, client, url, LISTING_QUERIES)
    assert response.content.count(b"Event ") >= 3  # one-off events shown, from kept pages
