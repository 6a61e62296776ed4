"""When an event last changed (events.reads.modified): one answer for the API, the iCalendar
feeds and Atom, the latest publication in the event's translation group."""

import datetime as dt

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import feedparser
import icalendar
import pytest

from events.calendar import feeds
from events.models import EventPage
from events.reads import modified
from home.visibility import memo
from tests.factories import event, translate

pytestmark = pytest.mark.django_db

UTC = dt.UTC
FRENCH_PUBLISHED = dt.datetime(2026, 3, 1, 12, tzinfo=UTC)
ENGLISH_PUBLISHED = dt.datetime(2026, 3, 9, 15, 30, tzinfo=UTC)


@pytest.fixture
def moved(event_index):
    """An event translated into French, then moved and published in English only: the French
    row took the new time (events.domain.schedule) without a publication of its own."""
    soon = timezone.localdate() + dt.timedelta(days=10)
    english = event(event_index, title="Heat pumps", start_date=soon)
    french = translate(english, "fr", title="Thermopompes", slug="thermopompes")
    Page.objects.filter(pk=french.pk).update(last_published_at=FRENCH_PUBLISHED)
    Page.objects.filter(pk=english.pk).update(last_published_at=ENGLISH_PUBLISHED)
    return EventPage.objects.get(pk=english.pk), EventPage.objects.get(pk=french.pk)


def test_group_latest_is_the_latest_publication_of_any_translation(
    moved, django_assert_num_queries
):
    english, french = moved
    with memo("test"):
        modified.group_latest([english])  # the hidden branches, read once per request
        with django_assert_num_queries(1):
            latest = modified.group_latest([french])
    assert latest == {french.translation_key: ENGLISH_PUBLISHED}
    with django_assert_num_queries(0):
        assert modified.group_latest([]) == {}


def test_the_annotation_and_loaded_translations_give_the_same_answer(moved):
    english, french = moved
    (row,) = modified.with_group_published(EventPage.objects.filter(pk=french.pk))
    assert modified.annotated_latest([row]) == modified.group_latest([french])
    loaded = {english.translation_key: {"en": english, "fr": french}}
    assert modified.latest_from_translations(loaded) == modified.group_latest([french])


def test_a_hidden_translation_does_not_count(moved):
    english, french = moved
    PageViewRestriction.objects.create(page=english, restriction_type="login")
    assert modified.group_latest([french]) == {french.translation_key: FRENCH_PUBLISHED}


def test_feed_api_and_atom_agree_on_the_french_copy(client, moved):
    english, french = moved
    now = timezone.now()
    body = feeds.render(
        french.get_parent(), "fr", now - dt.timedelta(days=1), now + dt.timedelta(days=60)
    )
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert vevent["LAST-MODIFIED"].dt == ENGLISH_PUBLISHED
    assert vevent["DTSTAMP"].dt == ENGLISH_PUBLISHED

    (item,) = client.get("/api/v1/events/", {"lang": "fr"}).json()["results"]
    assert dt.datetime.fromisoformat(item["last_modified"]) == ENGLISH_PUBLISHED

    (entry,) = feedparser.parse(client.get("/fr/evenements/events.atom").content).entries
    assert dt.datetime.fromisoformat(entry.updated) == ENGLISH_PUBLISHED
