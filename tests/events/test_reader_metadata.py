"""iCalendar and JSON-LD details a reader's apps and search engines see (issue 12 item 6)."""

import datetime as dt
import json
import re

from django.utils import translation

import pytest

from events.calendar import ical
from events.domain.choices import Status
from tests.factories import event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        ("en", "Electeds-Only Call — cancelled", "Electeds-Only Call — cancelled"),
        (
            "en",
            "Electeds-Only Call: conference week",
            "Cancelled: Electeds-Only Call: conference week",
        ),
        ("fr", "Appel des élus — annulé", "Appel des élus — annulé"),
        ("fr", "Appel des élus", "Annulé\u202f: Appel des élus"),
    ],
)
def test_cancelled_prefix_is_not_doubled(language, title, expected):
    with translation.override(language):
        assert ical.summary(title, Status.CANCELLED) == expected


def jsonld(response):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(found[0])


def test_date_to_be_announced_has_no_partial_date(client, event_index):
    event(
        event_index,
        "Summit",
        slug="summit",
        start_date=dt.date(2026, 12, 1),
        date_tba=True,
        start_time=None,
        end_time=None,
    )
    data = jsonld(client.get("/en/events/summit/"))
    assert "startDate" not in data and "endDate" not in data
    assert not re.search(r'"\d{4}-\d{2}"', json.dumps(data))


def test_organizer_is_the_network_from_settings_with_its_chapter(client, chapter, settings):
    settings.NETWORK_NAME = "Test Network"
    settings.NETWORK_URL = "https://network.example/"
    event(chapter, "Chapter call", slug="chapter-call")
    data = jsonld(client.get("/en/chapters/bc/chapter-call/"))
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Test Network",
        "url": "https://network.example/",
        "subOrganization": {
            "@type": "Organization",
            "name": "B.C. Chapter",
            "url": "http://testserver/en/chapters/bc/",
        },
    }
