"""The home page: the next call featured above the other upcoming events; date badges."""

import datetime as dt
import re

from django.utils import timezone

import pytest

from events.domain.choices import Status
from tests.factories import event, translate

pytestmark = pytest.mark.django_db


def soon(days):
    return timezone.now().date() + dt.timedelta(days=days)


def cards(html):
    return re.findall(
        r'<article class="event-card([^"]*)".*?class="event-title"><a [^>]*>([^<]*)<', html, re.S
    )


def test_home_features_the_first_dated_call_that_is_not_cancelled(client, event_index):
    event(event_index, "Month only", slug="month-only", start_date=soon(1), date_tba=True)
    event(
        event_index,
        "Called off",
        slug="called-off",
        start_date=soon(2),
        status=Status.CANCELLED,
        status_reason="Holiday",
    )
    event(event_index, "First real call", slug="first", start_date=soon(3))
    event(event_index, "Second call", slug="second", start_date=soon(4))
    html = client.get("/en/").text
    found = cards(html)
    featured = [title for classes, title in found if "is-featured" in classes]
    assert featured == ["First real call"]
    # Featured once, above the rest, which keep their order.
    assert [title for _classes, title in found] == [
        "First real call",
        "Month only",
        "Called off",
        "Second call",
    ]
    assert html.index('<h2 id="next-call">Next call</h2>') < html.index('id="next-events"')


def test_home_without_a_dated_call_features_nothing(client, event_index):
    event(event_index, "Month only", slug="month-only", start_date=soon(1), date_tba=True)
    html = client.get("/en/").text
    assert "is-featured" not in html
    assert 'id="next-call"' not in html
    assert [title for _classes, title in cards(html)] == ["Month only"]


def test_date_badge_shows_the_day_in_the_events_own_zone(client, event_index, fr_home):
    # 23:00 in Vancouver is 06:00 or 07:00 the next day in UTC: the badge keeps Vancouver's day.
    day = soon(10)
    page = event(
        event_index,
        "Late call",
        slug="late",
        start_date=day,
        start_time=dt.time(23),
        end_time=dt.time(23, 30),
    )
    translate(page, "fr", title="Appel tardif", slug="tardif")
    badge = re.compile(
        r'<div class="date-badge" aria-hidden="true">'
        r"<span>(.*?)</span><b>(.*?)</b><small>(.*?)</small>"
    )
    en = badge.search(client.get("/en/events/").text).groups()
    fr = badge.search(client.get("/fr/evenements/").text).groups()
    assert en == (day.strftime("%b"), str(day.day), day.strftime("%a"))
    french_months = ["jan", "fév", "mars", "avr", "mai", "juin"]
    french_months += ["juil", "août", "sept", "oct", "nov", "déc"]
    french_days = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
    assert fr == (french_months[day.month - 1], str(day.day), french_days[day.weekday()])


def test_date_badge_of_a_month_to_be_announced_has_no_day(client, event_index):
    event(event_index, "Month only", slug="month-only", start_date=soon(40), date_tba=True)
    html = client.get("/en/events/").text
    assert '<div class="date-badge" aria-hidden="true"><span>' in html
    assert "<b>?</b></div>" in html
    assert "<small>" not in html
