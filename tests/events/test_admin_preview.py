"""Previews: framed by the admin's own origin only; a series shows the dates of its unsaved rule."""

import datetime as dt
import re

from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from tests.events.admin.test_admin import event_form
from tests.factories import event, series

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def series_form(first_date, **overrides):
    data = {
        "title": "Electeds call",
        "slug": "electeds-call",
        "intro": "",
        "body": rich_text(""),
        "first_date": first_date.isoformat(),
        "start_time": "11:00",
        "end_time": "12:00",
        "timezone": "America/Vancouver",
        "frequency": "weekly",
        "interval": "1",
        "until": "",
        "count": "",
        "audience": "elected_officials",
        "status": "scheduled",
        "status_reason": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def preview(client, url, form):
    posted = client.post(url, form)
    assert posted.json() == {"is_valid": True, "is_available": True}
    return client.get(url + "?mode=")


def listed_dates(html):
    """The distinct ISO dates of the "Next calls" cards, in order (a card has several times)."""
    section = html.split('id="next"', 1)[1].split("</section>", 1)[0]
    return list(dict.fromkeys(d[:10] for d in re.findall(r'<time datetime="([^"]+)"', section)))


def test_preview_may_be_framed_by_the_admin_only(admin_client, event_index):
    page = event(event_index, start_date=TODAY + dt.timedelta(days=3))
    form = event_form(start_date=(TODAY + dt.timedelta(days=10)).isoformat())
    response = preview(admin_client, f"/admin/pages/{page.pk}/edit/preview/", form)
    assert response.status_code == 200
    assert "<h1>Chapter meeting</h1>" in response.text
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "'none'" not in policy.split("frame-ancestors", 1)[1]
    # The rest of the public policy holds in the preview too.
    assert "script-src 'self'" in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_public_pages_still_refuse_every_frame(client, event_index):
    page = event(event_index, start_date=TODAY + dt.timedelta(days=3))
    response = client.get(page.url)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_series_preview_lists_the_unsaved_rule(admin_client, event_index):
    monday = TODAY + dt.timedelta(days=7 - TODAY.weekday())
    calls = series(event_index, "Electeds call", first_date=monday, interval=2)
    url = f"/admin/pages/{calls.pk}/edit/preview/"
    every_week = listed_dates(preview(admin_client, url, series_form(monday)).text)
    every_second = listed_dates(preview(admin_client, url, series_form(monday, interval="2")).text)
    assert every_week[:3] == [(monday + dt.timedelta(weeks=w)).isoformat() for w in range(3)]
    assert every_second[:3] == [(monday + dt.timedelta(weeks=2 * w)).isoformat() for w in range(3)]


def test_preview_of_a_series_never_saved_lists_its_dates(admin_client, event_index):
    first = TODAY + dt.timedelta(days=2)
    url = f"/admin/pages/add/events/eventseriespage/{event_index.pk}/preview/"
    dates = listed_dates(preview(admin_client, url, series_form(first)).text)
    assert dates[:3] == [(first + dt.timedelta(weeks=w)).isoformat() for w in range(3)]
