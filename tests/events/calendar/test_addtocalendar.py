import datetime as dt
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from events.calendar.addtocalendar import MICROSOFT_365, google_calendar_url, outlook_url

URL = "https://example.org/en/events/bee-city/"


def occurrence(**kwargs):
    values = {
        "title": "Bee City",
        "start": dt.datetime(2026, 5, 18, 18, tzinfo=dt.UTC),
        "end": dt.datetime(2026, 5, 18, 19, tzinfo=dt.UTC),
        "timezone": "America/Vancouver",
        "all_day": False,
        "date_tba": False,
        "page": SimpleNamespace(intro="Protect pollinators."),
    }
    values.update(kwargs)
    return SimpleNamespace(**values)


def query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_google_link_has_utc_times_zone_and_page_address():
    params = query(google_calendar_url(occurrence(), URL))
    assert params["action"] == "TEMPLATE"
    assert params["text"] == "Bee City"
    assert params["dates"] == "20260518T180000Z/20260518T190000Z"
    assert params["ctz"] == "America/Vancouver"
    assert params["details"] == f"Protect pollinators.\n\n{URL}"


def test_google_link_all_day_uses_local_dates_with_exclusive_end():
    occ = occurrence(
        all_day=True,
        start=dt.datetime(2026, 5, 18, 7, tzinfo=dt.UTC),  # midnight Pacific
        end=dt.datetime(2026, 5, 19, 7, tzinfo=dt.UTC),
    )
    assert query(google_calendar_url(occ, URL))["dates"] == "20260518/20260519"


def test_outlook_links_outlook_com_and_microsoft_365():
    params = query(outlook_url(occurrence(), URL))
    assert params["startdt"] == "2026-05-18T18:00:00Z"
    assert params["enddt"] == "2026-05-18T19:00:00Z"
    assert params["subject"] == "Bee City"
    assert params["allday"] == "false"
    assert outlook_url(occurrence(), URL).startswith("https://outlook.live.com/")
    assert outlook_url(occurrence(), URL, MICROSOFT_365).startswith("https://outlook.office.com/")


def test_no_links_while_the_date_is_to_be_announced():
    assert google_calendar_url(occurrence(date_tba=True), URL) is None
    assert outlook_url(occurrence(start=None), URL) is None
