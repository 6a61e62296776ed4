"""A publish purges the listings and feeds that show the page, in every language; a view
restriction's creation, change or removal purges the same, and a whole hidden branch."""

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection, PageViewRestriction

import pytest

from tests.factories import event, series, translate
from tests.helpers import RestrictionChange

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


ROOT = "http://testserver"


def test_publishing_a_chapter_event_purges_the_network_listings_too(
    chapter, event_index, purged, django_capture_on_commit_callbacks
):
    """The events index and its feed list every event of the tree, not only its children."""
    page = event(chapter, "Chapter call", slug="chapter-call")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert {
        f"{ROOT}/en/chapters/bc/chapter-call/",
        f"{ROOT}/en/chapters/bc/calendar.ics",
        f"{ROOT}/en/events/",
        f"{ROOT}/en/events/calendar.ics",
        f"{ROOT}/fr/evenements/calendar.ics",
    } <= purged


@pytest.mark.parametrize("action", RestrictionChange.ACTIONS)
def test_page_restriction_purges_what_a_publish_of_the_page_does(
    chapter, event_index, purged, django_capture_on_commit_callbacks, action
):
    page = event(chapter, "Chapter call", slug="chapter-call")
    translate(page, "fr", title="Appel de la section", slug="appel")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    on_publish = set(purged)
    change = RestrictionChange(action, page).prepare()
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change.apply()

    assert f"{ROOT}/en/chapters/bc/chapter-call/" in on_publish
    assert on_publish <= purged


@pytest.mark.parametrize("hide", ["restrict", "unpublish"])
def test_hiding_a_host_purges_every_page_below_it(
    chapter, event_index, purged, django_capture_on_commit_callbacks, hide
):
    """A restriction or an unpublish hides a whole branch: each page in it, and its feed."""
    page = event(chapter, "Chapter call", slug="chapter-call")
    calls = series(chapter, "Chapter calls", slug="calls")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if hide == "restrict":
            PageViewRestriction.objects.create(
                page=chapter, restriction_type=PageViewRestriction.LOGIN
            )
        else:
            chapter.unpublish()

    assert {
        f"{ROOT}{page.url}",
        f"{ROOT}{page.url}calendar.ics",
        f"{ROOT}{calls.url}",
        f"{ROOT}{calls.url}calendar.ics",
        f"{ROOT}/en/events/",
        f"{ROOT}/en/events/calendar.ics",
        f"{ROOT}/api/v1/events/",
    } <= purged


@pytest.mark.parametrize("action", RestrictionChange.ACTIONS)
def test_collection_restriction_purges_its_documents_and_the_images_api(
    home, purged, django_capture_on_commit_callbacks, action
):
    collection = Collection.get_first_root_node().add_child(name="Members' files")
    inner = collection.add_child(name="Minutes")
    document = Document.objects.create(
        title="Minutes", file="documents/minutes.pdf", collection=inner
    )
    image = get_image_model().objects.create(
        title="Map", file="original_images/map.png", width=10, height=10, collection=collection
    )
    change = RestrictionChange(action, collection).prepare()
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change.apply()

    assert {
        f"{ROOT}/documents/{document.pk}/minutes.pdf",
        f"{ROOT}/api/v2/images/",
        f"{ROOT}/api/v2/images/{image.pk}/",
    } <= purged
