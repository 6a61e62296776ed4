"""This month, for the newsletter (issue 13 item 6): a month's calls per language with the
announced times, printable, as plain text to copy; public information only; bad `month` a 400;
the same number of queries for few and many calls."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.domain.choices import Audience, Status
from tests.access_fixtures import CANARY, canary_details, elected  # noqa: F401 - fixture
from tests.factories import event, series, translate
from tests.helpers import plain

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(event_index, chapter):
    bee = event(
        event_index,
        "Bee City",
        slug="bee-city",
        start_date=dt.date(2026, 5, 18),
        start_time=dt.time(9),
        end_time=dt.time(10),
    )
    translate(bee, "fr", title="Ville abeille : protéger", slug="ville-abeille")
    meeting = event(
        chapter,
        "Chapter meeting",
        slug="meeting",
        start_date=dt.date(2026, 5, 20),
        audience=Audience.ELECTED,
        status=Status.POSTPONED,
        status_reason="Budget week",
    )
    canary_details(meeting.translation_key)
    calls = series(event_index, "Electeds call", slug="electeds", first_date=dt.date(2026, 5, 6))
    canary_details(calls.translation_key, "series")
    event(event_index, "June event", slug="june", start_date=dt.date(2026, 6, 2))
    return bee


def test_this_month_lists_the_months_calls_with_announced_times(client, month):
    text = plain(client.get("/en/this-month/", {"month": "2026-05"}).text)
    assert "This month: May 2026" in text
    assert "Bee City" in text
    assert "Monday, May 18, 2026 · 9:00 a.m. PDT / 12:00 p.m. EDT" in text
    assert "Hosted by" not in text
    assert "Climate Caucus (network-wide)" in text
    assert "Postponed — Budget week" in text
    assert "Elected officials only" in text
    # A series every second Wednesday from May 6: May 6 and 20.
    assert text.count("Electeds call") >= 2
    assert "June event" not in text


def test_this_month_in_french_uses_french_times_and_spacing(client, month):
    response = client.get("/fr/this-month/", {"month": "2026-05"})
    assert "Ville abeille\u202f: protéger" in response.text
    assert "lundi 18 mai 2026 · 9\u00a0h\u00a0HAP / 12\u00a0h\u00a0HAE" in response.text
    assert "Ville abeille\u202f: protéger" in response.context["plain_text"]
    assert "Caucus climat (tout le réseau)" in response.context["plain_text"]


def test_this_month_plain_text_block(client, month):
    text = client.get("/en/this-month/", {"month": "2026-05"}).context["plain_text"]
    assert text.startswith("May 2026\n\n")
    assert "\nBee City\nMonday, May 18, 2026 · 9:00" in text
    assert "http://testserver/en/events/bee-city/" in text


@pytest.mark.parametrize("user", [None, "elected"])
def test_this_month_never_shows_joining_details(client, month, user, request):
    if user:
        client.force_login(request.getfixturevalue(user))
    for language in ("en", "fr"):
        response = client.get(f"/{language}/this-month/", {"month": "2026-05"})
        assert response.status_code == 200
        assert CANARY not in response.text
        assert "meet.example.org" not in response.text


@pytest.mark.parametrize("value", ["2026-13", "May", "2026-5", "1999-01"])
def test_this_month_bad_month_is_a_400_naming_the_parameter(client, month, value):
    response = client.get("/en/this-month/", {"month": value})
    assert response.status_code == 400
    assert "month" in response.content.decode()


def test_this_month_queries_do_not_grow_with_calls(client, event_index, chapter):
    def count():
        client.get("/en/this-month/", {"month": "2026-05"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/this-month/", {"month": "2026-05"})
        return len(response.context["calls"]), len(queries)

    # The small month has one of each kind (a one-off and a series in each host).
    event(chapter, "One", start_date=dt.date(2026, 5, 4))
    event(event_index, "Two", start_date=dt.date(2026, 5, 4))
    series(chapter, "Monthly", first_date=dt.date(2026, 5, 6), frequency="monthly_day")
    series(event_index, "Weekly", first_date=dt.date(2026, 5, 6), interval=1)
    small = count()
    for day in range(5, 25):
        event(chapter if day % 2 else event_index, f"Call {day}", start_date=dt.date(2026, 5, day))
    series(chapter, "Second weekly", first_date=dt.date(2026, 5, 7), interval=1)
    large = count()
    assert (small[0], large[0]) == (7, 31)
    assert small[1] == large[1]
