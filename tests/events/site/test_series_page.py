import datetime as dt

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
    assert "<dd>Every second Wednesday</dd>" in en
    assert "<dd>Un mercredi sur deux</dd>" in fr
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
    assert "<dd>Monthly on the third Monday</dd>" in text
