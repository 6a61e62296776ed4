import datetime as dt
import re

import pytest

from tests.factories import series, translate

pytestmark = pytest.mark.django_db


def test_series_page_states_its_rule_in_each_language(client, event_index, chapter):
    calls = series(
        chapter,
        "Electeds call",
        slug="electeds",
        first_date=dt.date(2026, 1, 7),
        interval=2,
    )
    translate(calls, "fr", title="Appel des élus", slug="appel-des-elus")
    en = client.get("/en/chapters/bc/electeds/").text
    fr = client.get("/fr/sections/section-cb/appel-des-elus/").text
    assert "<dd>Every second Wednesday, 11:00" in en
    # The zones' names depend on the season of the next call (and B.C.'s rules since 2026).
    when = "<dd>Un mercredi sur deux, 11\u00a0h\u00a0H[A-Z]+ / 1[34]\u00a0h\u00a0H[A-Z]+E</dd>"
    assert re.search(when, fr)
    assert '<a href="/en/chapters/bc/">B.C. Chapter</a>' in en
    assert '/en/chapters/bc/electeds/calendar.ics"' in en  # the Subscribe control
    assert "Élus et élues seulement" in fr


def test_series_page_monthly_rule_in_french(client, event_index):
    series(
        event_index,
        "All-Caucus Call",
        slug="all-caucus",
        frequency="monthly_weekday",
        first_date=dt.date(2026, 1, 19),
        interval=1,
    )
    text = client.get("/en/events/all-caucus/").text
    assert "<dd>Monthly on the third Monday, " in text


def test_series_page_lists_coming_dates_compactly_with_exceptions_marked(client, event_index):
    from events.domain.choices import Status
    from tests.factories import event

    calls = series(event_index, "Electeds call", slug="electeds", first_date=dt.date(2026, 1, 7))
    dates = calls.rule.to_dateutil().xafter(dt.datetime(2026, 12, 1), count=3)
    first, second = (d.date() for d in list(dates)[:2])
    event(
        calls,
        "Holiday break",
        slug="holiday",
        occurrence_date=first,
        start_date=first,
        status=Status.CANCELLED,
        status_reason="Holidays",
    )
    event(
        calls,
        "Moved call",
        slug="moved",
        occurrence_date=second,
        start_date=second + dt.timedelta(days=1),
    )
    text = client.get("/en/events/electeds/").text
    upcoming = text[text.index('id="next"') : text.index('id="past"')]
    assert 'class="event-card' not in upcoming
    assert '<ol class="date-list">' in upcoming
    assert upcoming.count('<li class="date-line') >= 3
    assert 'class="date-line is-cancelled"' in upcoming
    assert "Cancelled — Holidays" in upcoming
    at = upcoming.index("Moved call")
    moved = upcoming[upcoming.rindex('<li class="date-line', 0, at) : upcoming.index("</li>", at)]
    assert '<p class="moved">Moved from ' in moved
