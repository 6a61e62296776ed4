"""The editor's view: forms render, bad input comes back as a message on the field."""

import datetime as dt

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from events.models import EventPage
from tests.factories import series

pytestmark = pytest.mark.django_db


def event_form(**overrides):
    data = {
        "title": "Chapter meeting",
        "slug": "chapter-meeting",
        "intro": "",
        "occurrence_date": "",
        "start_date": "2026-05-27",
        "end_date": "",
        "start_time": "11:00",
        "end_time": "12:00",
        "timezone": "America/Vancouver",
        "audience": "public",
        "status": "scheduled",
        "status_reason": "",
        "body": rich_text(""),
        "speaker_links": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_creates_an_event_with_its_zone(admin_client, event_index):
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    response = admin_client.post(url, event_form(**{"action-publish": "publish"}))
    assert response.status_code == 302, response.content[:2000]
    page = EventPage.objects.get(slug="chapter-meeting")
    assert page.live
    assert page.starts_at == dt.datetime(2026, 5, 27, 18, tzinfo=dt.UTC)


def test_admin_shows_end_before_start_on_the_field(admin_client, event_index):
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    response = admin_client.post(url, event_form(end_time="10:00"))
    assert response.status_code == 200
    assert "The event ends before it starts." in response.text
    assert not EventPage.objects.filter(slug="chapter-meeting").exists()


def test_admin_refuses_an_override_of_a_date_the_series_lacks(admin_client, event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    url = f"/admin/pages/add/events/eventpage/{calls.pk}/"
    form = event_form(occurrence_date="2026-01-14", start_date="", start_time="", end_time="")
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "The series has no call on 2026-01-14" in response.text


def test_series_editor_previews_next_dates(admin_client, event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    response = admin_client.get(f"/admin/pages/{calls.pk}/edit/")
    assert response.status_code == 200
    assert 'class="occurrence-preview"' in response.text
    assert response.text.count("<time datetime=") >= 6


def test_editor_translates_an_event_with_wagtail_localize(admin_client, event_index, locales):
    from django.test import TestCase

    from tests.factories import event

    page = event(event_index, title="Ontario Chapter meeting", slug="ontario-meeting")
    fr = locales[1]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            f"/admin/localize/submit/page/{page.pk}/", {"locales": [fr.pk]}
        )
    assert response.status_code == 302
    french = EventPage.objects.get(translation_key=page.translation_key, locale=fr)
    # The schedule came with it; the text awaits the translator in the translation editor.
    assert french.starts_at == page.starts_at
    editor = admin_client.get(f"/admin/pages/{french.pk}/edit/")
    assert editor.status_code == 200
    # wagtail-localize's translation editor, not the plain page form.
    assert "Translation of Ontario Chapter meeting into French" in editor.text
