"""iCalendar feeds read as an outside consumer reads them: three parsers, the API's occurrences."""

import datetime as dt

import icalendar
import pytest

from tests.factories import event, series

pytestmark = pytest.mark.django_db


def parse(response):
    return icalendar.Calendar.from_ical(response.content)


def test_event_index_feed_lists_one_off_and_series(client, event_index):
    event(event_index, title="Bee City", slug="bee-city", start_date=dt.date.today())
    series(event_index, title="Electeds-Only Call", slug="electeds", first_date=dt.date(2026, 1, 7))
    response = client.get("/en/events/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = parse(response)
    titles = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert titles == ["Bee City", "Electeds-Only Call"]
