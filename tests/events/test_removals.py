import datetime as dt

from wagtail.models import PageViewRestriction

import pytest

from events.models import ScheduleChange
from events.occurrences import occurrence_id
from tests.factories import SpeakerFactory, add, event, series

pytestmark = pytest.mark.django_db


def removed_keys():
    return set(
        ScheduleChange.objects.filter(kind=ScheduleChange.Kind.REMOVED).values_list(
            "key", flat=True
        )
    )


def test_unpublishing_an_event_records_its_id(event_index):
    page = event(event_index)
    page.unpublish()
    assert removed_keys() == {str(page.translation_key)}


def test_unpublishing_a_host_records_every_event_under_it(chapter):
    one_off = event(chapter)
    calls = series(chapter)
    chapter.unpublish()
    assert removed_keys() == {str(one_off.translation_key), str(calls.translation_key)}


def test_deleting_an_override_records_the_occurrence_id(event_index):
    from events.models import EventPage

    calls = series(event_index)
    override = add(
        calls, EventPage(title="Special", slug="special", occurrence_date=dt.date(2026, 1, 21))
    )
    override.delete()
    original = calls.occurrence_start(dt.date(2026, 1, 21))
    assert removed_keys() == {occurrence_id(calls.translation_key, original)}


def test_restricting_a_page_records_the_events_under_it(chapter):
    page = event(chapter)
    PageViewRestriction.objects.create(page=chapter, restriction_type=PageViewRestriction.LOGIN)
    assert removed_keys() == {str(page.translation_key)}


def test_editing_a_speaker_is_logged_as_a_content_change(locales):
    speaker = SpeakerFactory()
    speaker.role = "Mayor"
    speaker.save()
    kinds = list(ScheduleChange.objects.values_list("kind", flat=True))
    assert kinds == [ScheduleChange.Kind.CONTENT, ScheduleChange.Kind.CONTENT]
