import datetime as dt

from wagtail.models import PageViewRestriction

import pytest

from events.models import EventPage, ScheduleChange
from events.reads.occurrences import occurrence_id
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


# --- Only what was public is recorded: an anonymous caller could have held nothing else --------


def draft(parent, title="Draft", **fields):
    fields = {
        "start_date": dt.date(2026, 5, 18),
        "start_time": dt.time(11),
        "timezone": "America/Vancouver",
        **fields,
    }
    page = EventPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        live=False,
        locale=parent.locale,
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def mixed_host(chapter):
    """A chapter holding one public event, a draft, an unpublished event, and a restricted one."""
    public = event(chapter, "Public")
    gone = event(chapter, "Gone")
    gone.unpublish()
    private = event(chapter, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft(chapter)
    ScheduleChange.objects.all().delete()
    return public


def test_unpublishing_a_host_records_only_its_public_events(chapter, mixed_host):
    chapter.unpublish()
    assert removed_keys() == {str(mixed_host.translation_key)}


def test_unpublishing_a_host_with_its_descendants_records_only_its_public_events(
    chapter, mixed_host, admin_user
):
    """The admin's "unpublish with subpages": the host first, then each live page below."""
    from wagtail.actions.unpublish_page import UnpublishPageAction

    UnpublishPageAction(chapter, user=admin_user, include_descendants=True).execute()
    assert removed_keys() == {str(mixed_host.translation_key)}


def test_deleting_a_host_records_only_its_public_events(chapter, mixed_host):
    chapter.delete()
    assert removed_keys() == {str(mixed_host.translation_key)}


def test_restricting_a_host_records_only_its_public_events(chapter, mixed_host):
    PageViewRestriction.objects.create(page=chapter, restriction_type=PageViewRestriction.LOGIN)
    assert removed_keys() == {str(mixed_host.translation_key)}


def test_changing_or_adding_a_restriction_on_a_hidden_page_records_nothing(event_index):
    page = event(event_index)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    ScheduleChange.objects.all().delete()
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert removed_keys() == set()
    # Still a change for the freshness state (events.api.queries.schedule_state).
    assert ScheduleChange.objects.filter(kind=ScheduleChange.Kind.CONTENT).count() == 2


def test_moving_a_public_event_into_a_hidden_branch_records_it(event_index, chapter):
    page = event(event_index)
    PageViewRestriction.objects.create(page=chapter, restriction_type=PageViewRestriction.LOGIN)
    ScheduleChange.objects.all().delete()
    page.move(chapter, pos="last-child")
    assert removed_keys() == {str(page.translation_key)}


def test_moving_an_event_out_of_a_hidden_branch_records_nothing(event_index, chapter):
    page = event(chapter)
    PageViewRestriction.objects.create(page=chapter, restriction_type=PageViewRestriction.LOGIN)
    ScheduleChange.objects.all().delete()
    page.move(event_index, pos="last-child")
    assert removed_keys() == set()


def test_deleting_a_public_override_records_its_occurrence_and_a_draft_one_nothing(
    event_index,
):
    calls = series(event_index)
    public = add(
        calls, EventPage(title="Special", slug="special", occurrence_date=dt.date(2026, 1, 21))
    )
    hidden = draft(calls, "Unfinished", occurrence_date=dt.date(2026, 2, 4), start_date=None)
    ScheduleChange.objects.all().delete()
    public.delete()
    hidden.delete()
    original = calls.occurrence_start(dt.date(2026, 1, 21))
    assert removed_keys() == {occurrence_id(calls.translation_key, original)}
