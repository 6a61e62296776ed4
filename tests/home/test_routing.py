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


def test_a_page_url_is_wagtails_kept_for_its_version(home, fr_home, chapter):
    """KeptUrlMixin: a page's URL parts are Wagtail's own, computed once per content version,
    language and site; a new slug (a new version) gives the new URL."""
    from unittest import mock

    from django.utils import translation

    from home.visibility import content_version, forget_versions
    from tests.factories import translate

    call = event(chapter, "Call", slug="call")
    appel = translate(call, "fr", title="Appel", slug="appel")
    request = RequestFactory().get("/")
    forget_versions()
    with content_version(1):
        assert call.get_url_parts(request) == Page.get_url_parts(call, request)
        assert call.get_url(request) == "/en/chapters/bc/call/"
        with translation.override("fr"):
            assert appel.get_url(request) == "/fr/sections/section-cb/appel/"
        with mock.patch.object(Page, "get_url_parts", side_effect=AssertionError("computed")):
            assert call.get_url(request) == "/en/chapters/bc/call/"
            with translation.override("fr"):
                assert appel.get_url(request) == "/fr/sections/section-cb/appel/"
    call.slug = "moved"
    call.save_revision().publish()
    call.refresh_from_db()
    with content_version(2):
        assert call.get_url(request) == "/en/chapters/bc/moved/"


def test_links_follow_a_new_slug_on_the_next_request(client, home, chapter):
    call = event(chapter, "Call", slug="call")
    assert b'href="/en/chapters/bc/call/"' in client.get("/en/chapters/bc/").content
    call.slug = "moved"
    call.save_revision().publish()
    page = client.get("/en/chapters/bc/").content
    assert b'href="/en/chapters/bc/moved/"' in page and b"/bc/call/" not in page


def test_the_sites_root_paths_are_read_once_per_version(client, home, fr_home, chapter):
    """known_site hands Wagtail the sites' root paths kept for the version: a page request
    links its pages without reading them from the cache again."""
    from unittest import mock

    from wagtail.models import Site

    assert client.get("/en/chapters/bc/").status_code == 200
    with mock.patch.object(Site, "get_site_root_paths", side_effect=AssertionError("read")):
        page = client.get("/en/chapters/bc/")
    assert page.status_code == 200
    assert b'href="/fr/sections/section-cb/"' in page.content  # the French link, from them


def test_every_page_type_is_served_through_the_portal_base():
    """A new page type that forgot ServedPageMixin would skip the visibility policy's view
    restrictions and the kept URLs: every page model of the project's apps inherits it."""
    from wagtail.models import get_page_models

    from home.routing import ServedPageMixin

    ours = [m for m in get_page_models() if m.__module__.split(".")[0] in PROJECT_APPS]
    assert {m.__name__ for m in ours} >= {"HomePage", "EventPage", "ChapterPage"}
    assert [m.__name__ for m in ours if not issubclass(m, ServedPageMixin)] == []


PROJECT_APPS = {"home", "events", "chapters", "members", "search", "notices", "portal"}
