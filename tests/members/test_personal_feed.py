"""The personal calendar feed (members.feeds): the network's events, with the access details of
those the token's member may join, private and never cached; any bad secret is a plain 404."""

import datetime as dt

import icalendar
import pytest

from events.domain.choices import Audience
from members import tokens
from tests.access_fixtures import CANARY, canary_details
from tests.factories import event, series

pytestmark = pytest.mark.django_db

SOON = dt.date.today() + dt.timedelta(days=10)


def feed_url(raw, language="en"):
    return f"/members/feed/{raw}/{language}.ics"


def unfolded(body):
    """The feed's text with RFC 5545 line folding undone, so a canary split by it is found."""
    return body.replace(b"\r\n ", b"").decode()


def descriptions(body):
    """{SUMMARY: DESCRIPTION} of every VEVENT."""
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["summary"]): str(e["description"]) for e in cal.walk("VEVENT")}


@pytest.fixture
def calls(event_index):
    """An elected-only call, a call for electeds and staff, a public talk, and an elected-only
    series with two session pages: one with its own details, one that has none."""
    restricted = event(
        event_index, title="Electeds-Only Call", audience=Audience.ELECTED, start_date=SOON
    )
    staff_call = event(
        event_index, title="Working group", audience=Audience.ELECTED_AND_STAFF, start_date=SOON
    )
    public = event(event_index, title="Public talk", start_date=SOON)
    event(event_index, title="No details yet", audience=Audience.ELECTED, start_date=SOON)
    weekly = series(
        event_index, title="All-Caucus Call", first_date=SOON, frequency="weekly", interval=1
    )
    own = event(
        weekly,
        title="Session with its own details",
        occurrence_date=SOON + dt.timedelta(days=7),
        start_date=None,
        start_time=None,
        end_time=None,
    )
    inherits = event(
        weekly,
        title="Session with the series' details",
        occurrence_date=SOON + dt.timedelta(days=14),
        start_date=None,
        start_time=None,
        end_time=None,
    )
    for page in (restricted, staff_call, weekly, own):
        canary_details(page.translation_key, page.slug)
    return {
        "restricted": restricted,
        "staff_call": staff_call,
        "public": public,
        "series": weekly,
        "own": own,
        "inherits": inherits,
    }


def test_elected_feed_carries_the_details_of_every_event_they_may_join(client, calls, elected):
    raw = tokens.issue(elected, "feed")
    response = client.get(feed_url(raw))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = descriptions(response.content)
    restricted = text["Electeds-Only Call"]
    slug = calls["restricted"].slug
    assert f"Join link: https://meet.example.org/{CANARY}-{slug}" in restricted
    assert f"Dial-in: +1 555 0100 {CANARY}-{slug}" in restricted
    assert f"Passcode: {CANARY}-{slug}" in restricted
    assert f"Registration: Register with {CANARY}-{slug}" in restricted
    assert "please do not share them" in restricted
    assert f"Passcode: {CANARY}-{calls['staff_call'].slug}" in text["Working group"]
    # The series master carries the series' record; a session page its own, else the series'.
    assert f"Passcode: {CANARY}-{calls['series'].slug}" in text["All-Caucus Call"]
    own = text["Session with its own details"]
    assert f"Passcode: {CANARY}-{calls['own'].slug}" in own
    assert calls["series"].slug not in own.replace(calls["series"].url, "")
    inherits = text["Session with the series' details"]
    assert f"Passcode: {CANARY}-{calls['series'].slug}" in inherits
    # A public event (without a record here) needs no "request access" line, nor does an
    # event the member may join whose details are not written yet.
    assert CANARY not in text["Public talk"] and "Request access" not in text["Public talk"]
    assert "Request access" not in unfolded(response.content)


def test_personal_feed_is_private_never_stored_and_not_indexed(client, calls, elected):
    response = client.get(feed_url(tokens.issue(elected, "feed")))
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert not response.has_header("ETag") and not response.has_header("Last-Modified")
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not response.cookies


def test_personal_feed_holds_the_same_events_as_the_public_network_feed(client, calls, elected):
    def uids(body):
        cal = icalendar.Calendar.from_ical(body)
        return sorted((str(e["uid"]), str(e.get("recurrence-id", ""))) for e in cal.walk("VEVENT"))

    personal = client.get(feed_url(tokens.issue(elected, "feed"))).content
    public = client.get("/en/events/calendar.ics").content
    assert uids(personal) == uids(public)
    assert len(uids(personal)) == 7


def test_staff_feed_has_only_the_staff_call_details(client, calls, staff_member):
    response = client.get(feed_url(tokens.issue(staff_member, "feed")))
    body = unfolded(response.content)
    assert f"{CANARY}-{calls['staff_call'].slug}" in body
    assert body.count(CANARY) == 4  # join link, dial-in, passcode, registration: one event
    text = descriptions(response.content)
    assert (
        "Request access: http://testserver/en/account/request-access/"
        in (text["Electeds-Only Call"])
    )


def test_french_personal_feed_speaks_french(client, calls, elected):
    from tests.factories import translate

    translate(calls["restricted"], "fr", title="Appel des élu·e·s", slug="appel-des-elus")
    response = client.get(feed_url(tokens.issue(elected, "feed"), "fr"))
    text = descriptions(response.content)
    assert f"Code d’accès\u202f: {CANARY}-{calls['restricted'].slug}" in text["Appel des élu·e·s"]
    assert "merci de ne pas les partager" in text["Appel des élu·e·s"]
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["x-wr-calname"]) == "Caucus climat — Événements"


@pytest.mark.parametrize("case", ["wrong", "revoked", "replaced", "inactive", "api kind", "lang"])
def test_bad_secret_is_a_plain_404_without_details(client, calls, elected, case):
    raw = tokens.issue(elected, "feed")
    url = feed_url(raw)
    if case == "wrong":
        url = feed_url(raw[:-2] + ("AA" if not raw.endswith("AA") else "BB"))
    elif case == "revoked":
        tokens.revoke(elected, "feed")
    elif case == "replaced":
        tokens.issue(elected, "feed")
    elif case == "inactive":
        elected.is_active = False
        elected.save()
    elif case == "api kind":
        url = feed_url(tokens.issue(elected, "api"))
    else:
        url = feed_url(raw, "de")
    response = client.get(url)
    # 404, not 403 (nothing to learn about the secret) and not LocaleMiddleware's redirect.
    assert response.status_code == 404
    assert CANARY not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_revoking_takes_effect_at_once_even_with_the_page_cache_on(
    client, calls, elected, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    raw = tokens.issue(elected, "feed")
    assert CANARY in unfolded(client.get(feed_url(raw)).content)
    tokens.revoke(elected, "feed")
    assert client.get(feed_url(raw)).status_code == 404


def test_public_feed_never_has_details_and_says_how_to_request_access(client, calls, elected):
    tokens.issue(elected, "feed")
    client.force_login(elected)  # a session changes nothing: feeds are cookieless
    for url in ("/en/events/calendar.ics", "/fr/evenements/calendar.ics"):
        response = client.get(url)
        assert CANARY not in unfolded(response.content), url
    text = descriptions(client.get("/en/events/calendar.ics").content)
    ask = "Not a member yet? Request access: http://testserver/en/account/request-access/"
    assert ask in text["Electeds-Only Call"]
    assert ask in text["Working group"] and ask in text["All-Caucus Call"]
    assert "Request access" not in text["Public talk"]


@pytest.mark.parametrize("n", [1, 20])
def test_personal_feed_query_count_does_not_grow(
    n, client, event_index, elected, django_assert_num_queries
):
    for i in range(n):
        page = event(
            event_index,
            title=f"Call {i}",
            audience=Audience.ELECTED,
            start_date=SOON + dt.timedelta(days=i),
        )
        canary_details(page.translation_key, page.slug)
        weekly = series(event_index, title=f"Series {i}", first_date=SOON)
        canary_details(weekly.translation_key, weekly.slug)
    raw = tokens.issue(elected, "feed")
    # Counted on the second request: the first fills the per-process and shared caches
    # (content types, locales, the site's root paths) that earlier tests may have filled.
    client.get(feed_url(raw))
    # 9: the hidden branches are read once per content version, not again on this request.
    with django_assert_num_queries(9):
        response = client.get(feed_url(raw))
    assert unfolded(response.content).count(f"Passcode: {CANARY}") == 2 * n
