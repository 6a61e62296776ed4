"""The event form as an editor meets it: only the fields a page uses, required ones marked,
each mistake on the field (and the tab) it concerns, nothing typed lost."""

import datetime as dt

import pytest

from events.models import EventSeriesPage
from tests.events.admin.test_admin import event_form
from tests.events.test_admin_preview import series_form
from tests.factories import event, series

pytestmark = pytest.mark.django_db


def test_a_one_off_event_has_no_occurrence_field(admin_client, event_index):
    response = admin_client.get(f"/admin/pages/add/events/eventpage/{event_index.pk}/")
    form = response.context["form"]
    assert "occurrence_date" not in form.fields
    assert form.fields["start_date"].required
    assert form.fields["timezone"].required
    assert 'name="occurrence_date"' not in response.text
    assert form.fields["title"].widget.attrs["maxlength"] == 255
    assert 'data-character-count="255"' in response.text


def test_a_date_of_a_series_names_its_occurrence(admin_client, event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7))
    response = admin_client.get(f"/admin/pages/add/events/eventpage/{calls.pk}/")
    assert response.context["form"].fields["occurrence_date"].required


def test_an_evening_past_midnight_suggests_the_end_date(admin_client, event_index):
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    form = event_form(start_time="22:00", end_time="00:30", intro="Late call for the north")
    response = admin_client.post(url, form)
    errors = response.context["form"].errors
    assert "set the end date to the next day" in errors["end_time"][0]
    # Nothing typed is lost.
    assert 'value="Late call for the north"' in response.text or "Late call for the north" in (
        response.text
    )
    assert 'value="22:00"' in response.text


def test_a_slug_clash_shows_on_the_title_too(admin_client, event_index):
    event(event_index, "Chapter meeting", slug="chapter-meeting")
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    response = admin_client.post(url, event_form())
    errors = response.context["form"].errors
    assert "slug" in errors
    assert "Promote tab" in errors["title"][0]
    # The title's error is on the Content tab, which the editor sees first.
    content = response.text.split('id="tab-content"', 1)[1].split('id="tab-promote"', 1)[0]
    assert "Another page here already has this page" in content


def test_a_series_on_the_31st_is_saved_with_a_warning(admin_client, event_index):
    url = f"/admin/pages/add/events/eventseriespage/{event_index.pk}/"
    form = series_form(dt.date(2027, 1, 31), frequency="monthly_day")
    response = admin_client.post(url, form, follow=True)
    assert EventSeriesPage.objects.filter(slug="electeds-call").exists()
    assert "Months without a day 31 are skipped" in response.text


def test_series_listing_shows_the_rule_beside_the_title(admin_client, event_index):
    series(event_index, "Electeds call", first_date=dt.date(2026, 1, 7), interval=2)
    series(event_index, "Electeds call", first_date=dt.date(2026, 1, 8), interval=1)
    response = admin_client.get(f"/admin/pages/{event_index.pk}/")
    assert "Electeds call · Every second Wednesday" in response.text
    assert "Electeds call · Every Thursday" in response.text
