"""The "How to join" panel of event and series pages (issue 12 item 2): one panel, decided by the
access policy for the reader in front of it and by the call's place in time."""

import datetime as dt

from django.utils import timezone

import pytest

from events.domain.choices import Audience, Status
from tests.access_fixtures import *  # noqa: F403 - the policy's user fixtures
from tests.access_fixtures import CANARY, canary_details
from tests.factories import event, series
from tests.helpers import plain

pytestmark = pytest.mark.django_db


def soon(days):
    return timezone.now().date() + dt.timedelta(days=days)


def panel(response):
    text = response.text
    start = text.index('<section class="how-to-join')
    return text[start : text.index("</section>", start)]


@pytest.fixture
def call(event_index):
    page = event(
        event_index,
        title="Electeds call",
        slug="electeds",
        start_date=soon(5),
        audience=Audience.ELECTED,
    )
    canary_details(page.translation_key, page.slug)
    return page


def test_anonymous_reader_of_a_restricted_call_is_told_who_may_join(client, call):
    html = panel(client.get(call.url))
    assert "Who may join: elected officials who are members of the network" in plain(html)
    assert 'href="/en/account/login/?next=/en/events/electeds/"' in html
    assert 'href="/en/account/request-access/"' in html
    assert CANARY not in html


def test_sign_in_link_keeps_the_page_in_french(client, call):
    from tests.factories import translate

    translate(call, "fr", title="Appel des élus", slug="appel")
    html = panel(client.get("/fr/evenements/appel/"))
    assert 'href="/fr/account/login/?next=/fr/evenements/appel/"' in html


def test_signed_in_reader_not_entitled_is_told_why_and_whom_to_write_to(
    client, call, staff_member, settings
):
    settings.NETWORK_CONTACT_EMAIL = "members@example.org"
    client.force_login(staff_member)
    html = panel(client.get(call.url))
    assert "your account is not an elected official" in plain(html)
    assert 'href="mailto:members@example.org"' in html
    assert "Request access" not in html and "login" not in html and CANARY not in html


def test_entitled_member_gets_the_join_details_in_the_panel(client, call, elected):
    client.force_login(elected)
    html = panel(client.get(call.url))
    assert f"https://meet.example.org/{CANARY}-electeds" in html
    assert "Request access" not in html


def test_past_call_says_when_it_took_place_and_offers_no_action(client, event_index):
    calls = series(
        event_index,
        title="Calls",
        slug="calls",
        first_date=soon(-21),
        frequency="weekly",
        interval=1,
    )
    past = event(
        calls,
        title="Calls: last week",
        slug="last-week",
        occurrence_date=soon(-21) + dt.timedelta(days=14),
        start_date=None,
        start_time=None,
        end_time=None,
    )
    response = client.get(past.url)
    html = panel(response)
    assert "This call took place on" in plain(html)
    assert "Next date:" in html and 'href="/en/events/calls/' in html
    for action in ("Request access", "Sign in", "Add to calendar", "calendar.ics"):
        assert action not in html
    assert 'id="add-to-calendar"' not in response.text


def test_cancelled_call_has_a_banner_a_struck_time_and_a_next_date(client, event_index):
    calls = series(
        event_index, title="Calls", slug="calls", first_date=soon(1), frequency="weekly", interval=1
    )
    day = soon(1) + dt.timedelta(days=7)
    off = event(
        calls,
        title="Calls: conference week",
        slug="off",
        occurrence_date=day,
        status=Status.CANCELLED,
        status_reason="Everyone is at the conference",
        start_date=None,
        start_time=None,
        end_time=None,
    )
    response = client.get(off.url)
    text = plain(response.text)
    assert "This call is cancelled.</strong> Everyone is at the conference" in text
    assert '<div class="struck">' in response.text
    assert 'id="add-to-calendar"' not in response.text
    html = panel(response)
    assert "Request access" not in html and "Sign in" not in html
    assert "Next date:" in html


def test_moved_date_says_from_when_and_why_on_the_page_and_in_listings(client, event_index):
    first = soon(1)
    calls = series(
        event_index,
        title="Calls",
        slug="calls",
        first_date=first,
        frequency="weekly",
        interval=1,
        audience=Audience.PUBLIC,
    )
    day = first + dt.timedelta(days=7)
    moved = event(
        calls,
        title="Calls",
        slug="moved",
        occurrence_date=day,
        start_date=day + dt.timedelta(days=2),
        start_time=dt.time(13),
        end_time=dt.time(14),
        status_reason="The council meets that day",
    )
    original = day.strftime("%A, %B ") + str(day.day)
    page = plain(client.get(moved.url).text)
    assert f"Moved from {original}" in page and "11:00" in page
    assert "The council meets that day" in page
    listing = plain(client.get(calls.url).text)
    assert f"Moved from {original}" in listing and "The council meets that day" in listing


def test_date_to_be_announced_offers_the_hosts_calendar(client, event_index):
    tba = event(
        event_index,
        title="Spring summit",
        slug="summit",
        start_date=soon(60),
        date_tba=True,
        start_time=None,
        end_time=None,
    )
    response = client.get(tba.url)
    html = panel(response)
    assert "Date to be announced" in html
    assert "webcal://" in html and "/en/events/calendar.ics" in html
    assert 'id="add-to-calendar"' not in response.text
