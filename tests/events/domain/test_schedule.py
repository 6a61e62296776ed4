"""One schedule per translation group (docs/architecture.md#translation-sync), stable ids, and
SEQUENCE."""

import datetime as dt

from django.test import TestCase

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

import pytest

from events.models import EventPage, EventSeriesPage
from events.reads.occurrences import occurrence_for_page, occurrences_between
from tests.factories import event, publish, series
from tests.helpers import plain

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def localize_translate(page, language):
    """Translate through wagtail-localize, as the translation editor does, and publish."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code=language)
    )
    # wagtail-localize publishes on commit; the test transaction never commits, so run it here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    return type(page).objects.get(
        translation_key=page.translation_key, locale__language_code=language
    )


def publish_change(page, **fields):
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    return publish(draft)


@pytest.fixture
def fr_index(event_index):
    return event_index.get_translation(Locale.objects.get(language_code="fr"))


def test_time_change_on_source_shows_in_french_at_once(client, event_index):
    en = event(event_index, title="Bee City", slug="bee-city", start_date=dt.date(2026, 5, 18))
    fr = localize_translate(en, "fr")
    publish_change(en, start_time=dt.time(13), end_time=dt.time(14))
    # Nobody synced or republished the French translation.
    fr_row = EventPage.objects.get(pk=fr.pk)
    assert fr_row.start_time == dt.time(13)
    assert fr_row.starts_at == dt.datetime(2026, 5, 18, 20, tzinfo=UTC)
    page = client.get(fr_row.url)
    assert "13 h HAP" in plain(page.text)
    assert "11 h HAP" not in plain(page.text)


def test_republishing_a_stale_translation_keeps_the_source_time(event_index):
    en = event(event_index, title="Bee City", slug="bee-city", start_date=dt.date(2026, 5, 18))
    fr = localize_translate(en, "fr")
    publish_change(en, start_date=dt.date(2026, 5, 25))
    # The translation source still holds the old date; saving the target must not bring it back.
    with TestCase.captureOnCommitCallbacks(execute=True):
        Translation.objects.get(target_locale=fr.locale).save_target(publish=True)
    assert EventPage.objects.get(pk=fr.pk).start_date == dt.date(2026, 5, 25)


def test_french_first_page_is_the_schedule_source(fr_index, event_index):
    fr = event(fr_index, title="Premier appel", slug="premier-appel", timezone="America/Toronto")
    en = localize_translate(fr, "en")
    publish_change(fr, start_time=dt.time(12), end_time=dt.time(13))
    assert EventPage.objects.get(pk=en.pk).start_time == dt.time(12)
    # An English edit of the schedule cannot win over the French source.
    publish_change(EventPage.objects.get(pk=en.pk), start_time=dt.time(9))
    assert EventPage.objects.get(pk=en.pk).start_time == dt.time(12)


def test_translation_editor_form_shows_source_schedule_read_only(event_index, admin_user):
    en = event(event_index, title="Bee City", slug="bee-city")
    fr = localize_translate(en, "fr")
    publish_change(en, start_time=dt.time(13), end_time=dt.time(14))
    form_class = EventPage.get_edit_handler().get_form_class()
    form = form_class(instance=EventPage.objects.get(pk=fr.pk), for_user=admin_user)
    assert form.fields["start_time"].disabled
    assert form.initial["start_time"] == dt.time(13)
    assert not form.fields["title"].disabled
    en_form = form_class(instance=en, for_user=admin_user)
    assert not en_form.fields["start_time"].disabled


def test_ids_are_stable_across_languages_and_edits(event_index):
    en = event(event_index, title="Bee City", slug="bee-city")
    fr = localize_translate(en, "fr")
    before = occurrence_for_page(en).id
    publish_change(en, title="Bee City: pollinators", start_time=dt.time(12), end_time=dt.time(13))
    assert occurrence_for_page(EventPage.objects.get(pk=en.pk)).id == before
    assert (
        occurrence_for_page(EventPage.objects.get(pk=fr.pk)).id == before == str(en.translation_key)
    )


def test_occurrence_id_survives_the_later_creation_of_an_override(event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    window = (dt.datetime(2026, 3, 1, tzinfo=UTC), dt.datetime(2026, 3, 31, tzinfo=UTC))
    before = {o.start.date(): o.id for o in occurrences_between(*window, "en")}
    override = event(
        calls, title="Guest", start_date=None, start_time=None, end_time=None, timezone="",
        occurrence_date=dt.date(2026, 3, 18),
    )  # fmt: skip
    after = {o.start.date(): o for o in occurrences_between(*window, "en")}
    assert after[dt.date(2026, 3, 18)].id == before[dt.date(2026, 3, 18)]
    assert after[dt.date(2026, 3, 18)].page.pk == override.pk
    assert set(before) == set(after)
    # Rescheduling the override keeps its id (the original start, as in RECURRENCE-ID).
    publish_change(override, start_date=dt.date(2026, 3, 19), start_time=dt.time(9))
    moved = [o for o in occurrences_between(*window, "en") if o.page.pk == override.pk]
    assert moved[0].id == before[dt.date(2026, 3, 18)]
    assert moved[0].start == dt.datetime(2026, 3, 19, 16, tzinfo=UTC)


def test_sequence_rises_on_time_or_status_change_only(event_index):
    en = event(event_index, title="Bee City", slug="bee-city")
    fr = localize_translate(en, "fr")
    assert en.sequence == 0
    en = publish_change(en, title="Bee City (typo fixed)")
    assert en.sequence == 0
    en = publish_change(en, start_time=dt.time(12), end_time=dt.time(13))
    assert en.sequence == 1
    en = publish_change(en, status="cancelled", status_reason="Speaker unwell")
    assert en.sequence == 2
    assert EventPage.objects.get(pk=fr.pk).sequence == 2


def test_series_time_change_moves_inheriting_overrides(event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    override = event(
        calls, title="Guest", start_date=None, start_time=None, end_time=None, timezone="",
        occurrence_date=dt.date(2026, 3, 18),
    )  # fmt: skip
    calls = publish_change(calls, start_time=dt.time(10), end_time=dt.time(11))
    assert calls.sequence == 1
    moved = EventPage.objects.get(pk=override.pk)
    assert moved.starts_at == dt.datetime(2026, 3, 18, 17, tzinfo=UTC)  # 10:00 PDT


def test_series_translation_follows_rule_change(event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    fr = localize_translate(calls, "fr")
    publish_change(calls, interval=1)
    fr_row = EventSeriesPage.objects.get(pk=fr.pk)
    assert fr_row.interval == 1
    assert fr_row.rrule == "FREQ=WEEKLY;BYDAY=WE"
