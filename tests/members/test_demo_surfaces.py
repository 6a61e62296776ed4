"""Issue 6 point 3, done when: on the demo schedule, the Electeds-Only Call's join link shows
for a signed-in elected official on its page, in the API with their token and in their
personal feed; signed out or as municipal staff on none of them, and the public feed says
how to request access."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

from events.models import EventSeriesPage
from members import tokens

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/demo/electeds-only-call"


@pytest.fixture
def demo(locales, settings):
    settings.DEBUG = True
    for command in ("seed_demo", "setup_groups", "seed_members_demo"):
        call_command(command, stdout=io.StringIO())
    settings.DEBUG = False
    users = get_user_model().objects
    calls = EventSeriesPage.objects.get(slug="electeds-only-call", locale__language_code="en")
    return {
        "calls": calls,
        "elected": users.get(username="elected@example.org"),
        "staff": users.get(username="staff@example.org"),
    }


def surfaces(client, demo, user):
    """The text of the call's page, its API events and the personal feed, as `user` sees them
    (None: signed out, no token, the public feed)."""
    calls = demo["calls"]
    api = f"/api/v1/events/?series={calls.translation_key}&lang=en"
    if user is None:
        client.logout()
        return {
            "page": client.get(calls.url).text,
            "api": client.get(api).text,
            "feed": client.get("/en/events/calendar.ics").content.replace(b"\r\n ", b"").decode(),
        }
    client.force_login(user)
    token = tokens.issue(user, "api")
    feed = client.get(f"/members/feed/{tokens.issue(user, 'feed')}/en.ics")
    assert feed.status_code == 200
    return {
        "page": client.get(calls.url).text,
        "api": client.get(api, headers={"Authorization": f"Token {token}"}).text,
        "feed": feed.content.replace(b"\r\n ", b"").decode(),
    }


def test_elected_official_sees_the_join_link_everywhere(client, demo):
    seen = surfaces(client, demo, demo["elected"])
    assert {name for name, text in seen.items() if JOIN in text} == {"page", "api", "feed"}


@pytest.mark.parametrize("who", [None, "staff"])
def test_signed_out_or_staff_see_it_nowhere(client, demo, who):
    seen = surfaces(client, demo, demo[who] if who else None)
    assert "Electeds-Only Call" in seen["page"] and "Electeds-Only Call" in seen["feed"]
    assert {name for name, text in seen.items() if JOIN in text} == set()
    # The demo's site is localhost.
    assert "Request access: http://testserver/en/account/request-access/" in seen["feed"]
