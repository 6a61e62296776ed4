"""Cancel or change one date of a series from its edit view: only dates of the rule, only for
editors who may add pages under the series; an existing date's page is opened, not doubled."""

import datetime as dt

from django.core.management import call_command

import pytest

from events.models import EventPage
from tests.access_fixtures import make_user
from tests.factories import series

pytestmark = pytest.mark.django_db


def test_a_date_outside_the_rule_is_not_found(admin_client, event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    # Django's LocaleMiddleware sends an admin 404 to the /en/ path first, which is a 404 too.
    response = admin_client.get(f"/admin/series-date/{calls.pk}/2026-01-14/cancel/", follow=True)
    assert response.status_code == 404
    assert not EventPage.objects.exists()


def test_cancelling_twice_opens_the_date_s_page(admin_client, event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    url = f"/admin/series-date/{calls.pk}/2026-01-21/cancel/"
    empty = admin_client.post(url, {"status_reason": ""})
    assert "This field is required." in empty.text
    admin_client.post(url, {"status_reason": "Holiday"})
    (page,) = EventPage.objects.filter(series_key=calls.translation_key)
    assert (page.occurrence_date, page.status, page.live) == (
        dt.date(2026, 1, 21),
        "cancelled",
        True,
    )
    again = admin_client.get(url)
    assert again.status_code == 302
    assert again.url == f"/admin/pages/{page.pk}/edit/"


def test_only_editors_of_the_series_branch_may_act(client, chapter, event_index, django_user_model):
    call_command("setup_groups")
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    own = series(chapter, first_date=dt.date(2026, 1, 7), interval=2)
    editor = make_user(django_user_model, "bc-lead", "Chapter editors: B.C. Chapter")
    client.force_login(editor)
    assert client.get(f"/admin/series-date/{calls.pk}/2026-01-21/change/").status_code == 403
    response = client.post(
        f"/admin/series-date/{own.pk}/2026-01-21/change/",
        {"start_date": "2026-01-22", "start_time": "14:00", "end_time": "15:00"},
    )
    assert response.status_code == 302
    (page,) = EventPage.objects.filter(series_key=own.translation_key)
    # A chapter editor may not publish: a draft, for the approval workflow.
    assert not page.live
    assert page.get_latest_revision().as_object().start_time == dt.time(14)


def test_the_date_s_form_says_the_series_own_time(admin_client, event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    response = admin_client.get(f"/admin/series-date/{calls.pk}/2026-01-21/cancel/")
    # 11:00 Pacific time, the series' time; not 19:00, the same instant in UTC.
    assert "Wednesday 21 January 2026, 11:00" in response.text


def test_the_date_s_form_speaks_the_french_admin(admin_client, event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    url = f"/admin/series-date/{calls.pk}/2026-01-21/cancel/"
    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert "Pourquoi cet appel est-il annulé\u202f?" in response.text
    assert "Annuler cet appel" in response.text
    assert "Retour à la série" in response.text
