"""A URL's page found in one query (home.routing) is the page Wagtail's own walk finds."""

from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from events.models import EventPage
from tests.factories import event, series

pytestmark = pytest.mark.django_db


def both(home, *slugs):
    request = RequestFactory().get("/")
    ours = home.route(request, list(slugs))
    wagtails = Page.route(home, request, list(slugs))
    return ours, wagtails


def test_a_series_date_is_the_page_wagtail_finds_with_its_parents_linked(home, chapter):
    weekly = series(chapter, "Weekly", slug="weekly")
    date = event(weekly, "Date", slug="date", occurrence_date=weekly.first_date, start_date=None)
    ours, wagtails = both(home, "chapters", "bc", "weekly", "date")
    assert ours.page == wagtails.page == date
    assert type(ours.page) is EventPage
    parents = [ours.page.get_parent(), ours.page.get_parent().get_parent()]
    assert [p.pk for p in parents] == [weekly.pk, chapter.pk]


def test_the_pages_on_the_path_are_one_query(home, chapter):
    event(chapter, "Call", slug="call")
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        home.route(request, ["chapters", "bc", "call"])
    assert len(queries) == 2  # the pages on the path, then the one served in its own form


@pytest.mark.parametrize("slugs", [["chapters", "nowhere"], ["nowhere"], ["chapters", "bc", "x"]])
def test_a_path_naming_no_page_is_404(home, chapter, slugs):
    with pytest.raises(Http404):
        home.route(RequestFactory().get("/"), slugs)


def test_a_page_not_live_is_404(home, chapter):
    call = event(chapter, "Call", slug="call")
    call.unpublish()
    with pytest.raises(Http404):
        home.route(RequestFactory().get("/"), ["chapters", "bc", "call"])


def test_a_path_kept_for_its_version_follows_a_publish_and_an_unpublish(client, home, chapter):
    """The pages along a path are kept per content version (home.visibility.per_version_entry):
    a publish (a new title, a new slug) or an unpublish moves the version, and the next request
    routes afresh."""
    call = event(chapter, "Call", slug="call")
    assert b"<h1>Call</h1>" in client.get("/en/chapters/bc/call/").content
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/chapters/bc/call/").status_code == 200
    assert not [q for q in queries if 'FROM "wagtailcore_page"' in q["sql"]]
    call.title = "Renamed"
    call.save_revision().publish()
    assert b"<h1>Renamed</h1>" in client.get("/en/chapters/bc/call/").content
    call.slug = "moved"
    call.save_revision().publish()
    assert client.get("/en/chapters/bc/call/").status_code == 404
    assert b"<h1>Renamed</h1>" in client.get("/en/chapters/bc/moved/").content
    call.unpublish()
    assert client.get("/en/chapters/bc/moved/").status_code == 404


def test_pages_are_found_by_url_path_through_an_index(client, home, chapter):
    """Wagtail does not index url_path; home's migration 0002 does. A route's pages on the path
    and a feed's page are found by it: without the index each read the whole page table (about
    1.3 ms of the database's CPU per 10,000 pages)."""
    call = event(chapter, "Call", slug="call")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(call.url).status_code == 200
        assert client.get(call.url + "calendar.ics").status_code == 200
    by_path = [
        q["sql"] for q in queries if '"url_path" IN' in q["sql"] or '"url_path" =' in q["sql"]
    ]
    assert len(by_path) == 2, by_path  # the route's walk, the feed's page
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    index = indexes.get("home_page_url_path_idx")
    assert index is not None and index["columns"] == ["url_path"], indexes.keys()
    if connection.vendor == "postgresql":
        # Equality and IN are all that is asked of it, with no limit on a path's length.
        assert index["type"] == "hash"
        # A test's handful of pages is found as cheaply through the path index: the plan
        # chooses ours only at scale (bench/results: 10,000 pages).
        return
    with connection.cursor() as cursor:
        for sql in by_path:
            # The captured SQL has its parameters in place, as SQLite quotes them.
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "home_page_url_path_idx" in plan, plan
