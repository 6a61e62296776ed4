"""A publish purges the listings and feeds that show the page, in every language."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

import pytest

from tests.factories import event, translate

PURGED_URLS = set()
MOCK = {"mock": {"BACKEND": "tests.portal.test_purge.RecordingBackend"}}


class RecordingBackend(BaseBackend):
    """A CDN that records what it was asked to purge."""

    def purge(self, url):
        PURGED_URLS.add(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = MOCK
    PURGED_URLS.clear()
    yield PURGED_URLS
    PURGED_URLS.clear()


def test_publish_purges_listings_feeds_and_api_in_both_languages(
    event_index, purged, django_capture_on_commit_callbacks
):
    page = event(event_index, "Council briefing", slug="briefing")
    translate(page, "fr", title="Séance d'information", slug="seance")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    root = "http://testserver"
    assert {
        f"{root}/en/events/",
        f"{root}/en/events/calendar.ics",
        f"{root}/fr/evenements/",
        f"{root}/fr/evenements/calendar.ics",
        f"{root}/en/",
        f"{root}/fr/",
        f"{root}/en/events/briefing/calendar.ics",
        f"{root}/fr/evenements/seance/",
        f"{root}/api/v1/events/",
    } <= purged


def test_no_backend_no_purge(event_index, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    PURGED_URLS.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event(event_index, "Council briefing")

    assert not PURGED_URLS
    assert len(callbacks) > 0  # the content version still moved on
