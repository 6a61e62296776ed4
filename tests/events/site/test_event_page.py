"""The event page: badges, host, series, speakers, add to calendar, who may join, metadata."""

import datetime as dt
import json
import re

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

import pytest

from events.domain.choices import Audience, Status
from events.models import EventPage
from home.models import StandardPage
from tests.factories import SpeakerFactory, add, add_speakers, event, series, translate
from tests.helpers import ignore_rendition_file_leak, plain

pytestmark = pytest.mark.django_db


def soon(days):
    return timezone.now().date() + dt.timedelta(days=days)


def jsonld(response):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def join_pages(home, fr_home):
    join = add(home, StandardPage(title="How to join", slug="join"))
    translate(join, "fr", title="Comment adhérer", slug="adherer")
    return join


def test_event_page_announces_a_cancellation_in_a_notice(client, chapter):
    event(
        chapter,
        "BC meeting",
        slug="bc-meeting",
        start_date=soon(3),
        status=Status.CANCELLED,
        status_reason="Speaker ill",
    )
    text = client.get("/en/chapters/bc/bc-meeting/").text
    # A banner with the reason (issue 12): no join or add-to-calendar action below.
    notice = (
        '<div class="notice notice--cancelled"><p><strong>This call is cancelled.</strong>'
        " Speaker ill</p>"
    )
    assert notice in text
    # Said once: not again as a badge.
    assert 'class="badge status-cancelled"' not in text


def test_event_page_says_when_an_event_has_passed(client, chapter, event_index):
    event(chapter, "Old meeting", slug="old", start_date=soon(-3))
    event(event_index, "Next meeting", slug="next", start_date=soon(3))
    passed = '<div class="notice notice--past"><p>This event has passed.</p></div>'
    assert passed in client.get("/en/chapters/bc/old/").text
    assert passed not in client.get("/en/events/next/").text


def test_event_page_calendar_links_are_buttons(client, event_index):
    event(event_index, "Bee City", slug="bee-city", start_date=soon(3))
    text = client.get("/en/events/bee-city/").text
    assert '<a class="button" href="/en/events/bee-city/calendar.ics" type="text/calendar">' in text
    assert text.count('class="button button--secondary" href="https://') == 3


def test_event_page_shows_status_with_reason_and_audience_badges(client, chapter):
    event(
        chapter,
        "BC meeting",
        slug="bc-meeting",
        start_date=soon(3),
        status=Status.POSTPONED,
        status_reason="Council budget week",
        audience=Audience.ELECTED,
    )
    text = client.get("/en/chapters/bc/bc-meeting/").text
    assert "Postponed — Council budget week" in text
    assert '<span class="badge audience">Elected officials only</span>' in text
    assert '<a href="/en/chapters/bc/">B.C. Chapter</a>' in text


def test_event_page_restricted_event_says_who_may_join_and_links_to_request_access(
    client, event_index, join_pages
):
    page = event(
        event_index, "Members call", slug="members", audience=Audience.ELECTED, start_date=soon(9)
    )
    translate(page, "fr", title="Appel des membres", slug="membres")
    en = client.get("/en/events/members/").text
    assert "Who may join: elected officials who are members of the network" in en
    with translation.override("en"):
        request_url = reverse("members:request_access")
    assert f'<a class="button button--secondary" href="{request_url}">Request access</a>' in en
    assert '<a href="/en/join/?next=/en/events/members/">' in en
    fr = client.get("/fr/evenements/membres/").text
    assert "Qui peut participer\u202f: les élus et élues membres du réseau" in fr
    with translation.override("fr"):
        request_url = reverse("members:request_access")
    assert f'<a class="button button--secondary" href="{request_url}">Demander l’accès</a>' in fr
    assert '<a href="/fr/adherer/?next=/fr/evenements/membres/">' in fr


def test_event_page_public_event_has_no_access_section(client, event_index, join_pages):
    event(event_index, "Open call", slug="open", audience=Audience.PUBLIC)
    text = client.get("/en/events/open/").text
    assert "Who may join" not in text
    assert "Request access" not in text


def test_event_page_links_series_with_rule_and_next_dates(client, event_index):
    calls = series(event_index, "Electeds call", slug="electeds", first_date=soon(-14), interval=2)
    upcoming = calls.next_starts(n=2)
    override = add(
        calls,
        EventPage(
            title="Electeds call: housing", slug="housing", occurrence_date=upcoming[0].date()
        ),
    )
    text = plain(client.get(f"/en/events/electeds/{override.slug}/").text)
    weekday = calls.first_date.strftime("%A")
    assert f'<a href="/en/events/electeds/">Electeds call</a> — Every second {weekday}' in text
    assert "Next dates of Electeds call" in text
    section = text.split('id="series-next"')[1]
    # The next dates come from the series' rule and leave out this very occurrence.
    assert upcoming[1].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") in section
    assert upcoming[0].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") not in section


@ignore_rendition_file_leak
def test_event_page_speakers_have_responsive_modern_photos_with_alt_text(
    client, event_index, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = get_image_model().objects.create(title="portrait", file=get_test_image_file())
    page = event(event_index, "Bee City", slug="bee-city")
    speaker = SpeakerFactory(name="Shelly Candel", photo=photo, photo_alt="Shelly Candel smiling")
    add_speakers(page, [speaker])
    text = client.get("/en/events/bee-city/").text
    assert "<picture>" in text
    assert 'type="image/avif"' in text
    assert 'type="image/webp"' in text
    assert re.search(r'srcset="[^"]+ 96w, [^"]+ 192w"', text)
    assert 'alt="Shelly Candel smiling"' in text


def test_event_page_offers_ics_google_and_outlook_links(client, event_index):
    # A call to come: a past one offers no add-to-calendar action (issue 12).
    event(event_index, "Bee City", slug="bee-city", start_date=dt.date(2099, 5, 18))
    text = client.get("/en/events/bee-city/").text
    assert 'href="/en/events/bee-city/calendar.ics"' in text
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in text
    assert "dates=20990518T180000Z%2F20990518T190000Z" in text
    assert "https://outlook.live.com/calendar/0/action/compose?" in text
    assert "startdt=2099-05-18T18%3A00%3A00Z" in text


def test_event_page_time_elements_carry_the_date_and_the_utc_instant(client, event_index):
    event(event_index, "Bee City", slug="bee-city", start_date=dt.date(2026, 5, 18))
    text = client.get("/en/events/bee-city/").text
    # localtime.js reads the instant and the zones, the event's own zone first.
    assert (
        '<p class="when js-localtime" data-start="2026-05-18T18:00:00Z"'
        ' data-zones="America/Vancouver America/Toronto">'
    ) in text
    # One <time> per date and per zone's time, so none breaks across lines (portal.css).
    assert '<time datetime="2026-05-18">Monday, May 18, 2026</time>' in text
    zone_times = re.findall(r'<time datetime="([^"]+Z)">(.*?)</time>', text)
    assert [(instant, plain(re.sub("<[^>]+>", "|", inner))) for instant, inner in zone_times] == [
        ("2026-05-18T18:00:00Z", "|11:00 a.m. PDT||11:00 a.m. Pacific Daylight Time|"),
        ("2026-05-18T18:00:00Z", "|2:00 p.m. EDT||2:00 p.m. Eastern Daylight Time|"),
    ]
    assert '<script src="/static/js/localtime.js" defer></script>' in text
    # No inline script: the only <script> elements are the external file and JSON-LD data.
    scripts = re.findall(r"<script([^>]*)>", text)
    assert all('src="' in s or 'type="application/ld+json"' in s for s in scripts)


def test_event_page_json_ld_describes_a_cancelled_online_event_without_join_link(
    client, event_index
):
    page = event(
        event_index,
        "Bee City </script><script>alert(1)</script>",
        slug="bee-city",
        start_date=dt.date(2026, 5, 18),
        status=Status.CANCELLED,
        status_reason="Speaker ill",
    )
    add_speakers(page, [SpeakerFactory(name="Mike McCann", role="Councillor", organisation="")])
    response = client.get("/en/events/bee-city/")
    assert "<script>alert(1)" not in response.text
    data = jsonld(response)
    assert data["@type"] == "Event"
    assert data["name"] == "Bee City </script><script>alert(1)</script>"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": data["url"]}
    assert data["url"].endswith("/en/events/bee-city/")
    assert data["inLanguage"] == "en-CA"
    assert data["startDate"] == "2026-05-18T11:00:00-07:00"
    # The network organizes (settings.NETWORK_NAME, NETWORK_URL): an event of the network-wide
    # index names no part of it.
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Climate Caucus",
        "url": "https://www.climatecaucus.ca/",
    }
    assert data["performer"] == [
        {"@type": "Person", "name": "Mike McCann", "jobTitle": "Councillor"}
    ]


def test_event_page_json_ld_postponed(client, event_index):
    event(
        event_index, "Call", slug="call", status=Status.POSTPONED, status_reason="Later this year"
    )
    assert jsonld(client.get("/en/events/call/"))["eventStatus"] == (
        "https://schema.org/EventPostponed"
    )


def test_event_page_head_has_hreflang_alternates_and_opengraph(client, event_index):
    page = event(event_index, "Bee City", slug="bee-city")
    translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    text = client.get("/fr/evenements/ville-abeille/").text
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/events/bee-city/">' in text
    )
    assert (
        '<link rel="alternate" hreflang="fr" '
        'href="http://testserver/fr/evenements/ville-abeille/">' in text
    )
    assert '<link rel="alternate" hreflang="x-default"' in text
    assert '<meta property="og:title" content="Ville abeille">' in text
    assert '<meta property="og:locale" content="fr_CA">' in text
    assert '<meta property="og:locale:alternate" content="en_CA">' in text
    assert '<a href="/en/events/bee-city/" hreflang="en" lang="en">English</a>' in text


def test_event_page_hreflang_omits_unpublished_or_private_translations(client, event_index):
    page = event(event_index, "Bee City", slug="bee-city")
    french = translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    PageViewRestriction.objects.create(page=french, restriction_type="login")
    text = client.get("/en/events/bee-city/").text
    assert 'hreflang="fr"' not in text.split("</head>")[0]
    assert "not translated yet" in text


def test_speakers_and_open_link_kept_for_a_version_follow_their_edits(client, event_index):
    """An event's speakers and its openly published link are read once per content version
    (events.reads.event_page, events.reads.access.page_context): a speaker's edit, a speaker
    link removed with a publish and access details saved move the version, and the page shows
    them at once."""
    from events.models import AccessDetails

    call = event(event_index, "Call", slug="call", audience=Audience.PUBLIC)
    speaker = SpeakerFactory(name="Ada Before")
    add_speakers(call, [speaker])
    url = "/en/events/call/"
    assert "Ada Before" in client.get(url).text
    assert "Ada Before" in client.get(url).text  # kept
    speaker.name = "Ada After"
    speaker.save()
    assert "Ada After" in client.get(url).text
    link = "https://meet.example.org/open"
    details = AccessDetails.objects.create(
        event_key=call.translation_key, join_url=link, publish_openly=True
    )
    assert link in client.get(url).text
    details.publish_openly = False
    details.save()
    assert link not in client.get(url).text
    call.speaker_links.all().delete()
    call.save_revision().publish()
    assert "Ada After" not in client.get(url).text


@ignore_rendition_file_leak
@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_event_page_kept_for_its_version_is_the_same_bytes(
    client, event_index, settings, tmp_path, language
):
    """What the page keeps per content version (its path's pages, speakers with photos, the
    open link) changes nothing it shows: served again, it is byte for byte its first render."""
    from events.models import AccessDetails
    from home.visibility import forget_versions

    settings.MEDIA_ROOT = tmp_path
    call = event(event_index, "Call : open", slug="call", audience=Audience.PUBLIC)
    photo = get_image_model().objects.create(title="p", file=get_test_image_file())
    add_speakers(call, [SpeakerFactory(photo=photo, photo_alt="A portrait"), SpeakerFactory()])
    AccessDetails.objects.create(
        event_key=call.translation_key, join_url="https://meet.example.org/x", publish_openly=True
    )
    translate(call, "fr", title="Appel : ouvert", slug="appel")
    url = "/en/events/call/" if language == "en" else "/fr/evenements/appel/"
    client.get(url)  # renditions made, as on a warm server
    forget_versions()
    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert "https://meet.example.org/x" in first.text
    assert first.content == again.content
