"""Issue 12, done when (5): the demo served for real (a live server on a real port, SITE_URL at
its address, as `make run` sets it), and every absolute URL found in /api/v1/, /api/v1/events/,
a feed, the sitemap and an event page's subscribe and hreflang links answers 200 there.

webcal:// links are fetched as http://; the Google and Outlook links are checked for the URL
they carry (the feed to subscribe to, or the event page to add). The only other hosts allowed
are those providers', schema.org's (JSON-LD's vocabulary) and the network's own site
(settings.NETWORK_URL, JSON-LD's organizer).
"""

import html
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from django.core.management import call_command

import icalendar
import pytest

from events.models import EventPage

# The live server reads from another thread: committed data, hence a transactional database;
# serialized_rollback restores the migrations' rows (root page, locale, Site) for each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = re.compile(r"""(?:https?|webcal)://[^\s"'<>\\]+""")
PROVIDERS = (
    "https://calendar.google.com/",
    "https://outlook.live.com/",
    "https://outlook.office.com/",
)
OTHER_HOSTS = {"calendar.google.com", "outlook.live.com", "outlook.office.com", "schema.org"}


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def urls_in_json(value):
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls_in_json(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in_json(v)]
    return URL.findall(value) if isinstance(value, str) else []


def urls_in_feed(body):
    calendar = icalendar.Calendar.from_ical(body)
    found = [str(calendar["url"]), str(calendar["source"])]
    for component in calendar.walk("VEVENT"):
        found += [str(component["url"]), *URL.findall(str(component["description"]))]
    return found


def page_links(page_html):
    """Every absolute URL on a page (links, hreflang, og:url, JSON-LD, the subscribe links,
    the feed address to copy), and its hreflang links alone."""
    hreflang = re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)"', page_html)
    return URL.findall(html.unescape(page_html)), hreflang


def embedded_url(url):
    """The URL a calendar provider's link carries: the feed to subscribe to (`cid`, `url`)
    or the event page of an "add to calendar" link (`location`)."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    (found,) = query.get("cid") or query.get("url") or query["location"]
    return found


def test_every_absolute_url_answers_on_the_served_address(live_server, settings):
    settings.SITE_URL = live_server.url  # what `make run` gives every command
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    found = []
    for path in ("/api/v1/", "/api/v1/events/?limit=100"):
        status, body = fetch(base + path)
        assert status == 200, path
        found += urls_in_json(json.loads(body))
    status, body = fetch(base + "/en/events/calendar.ics")
    assert status == 200
    found += urls_in_feed(body)
    status, body = fetch(base + "/sitemap.xml")
    assert status == 200
    found += re.findall(r"<loc>([^<]+)</loc>", body.decode())
    found += re.findall(r'hreflang="[^"]+" href="([^"]+)"', body.decode())
    # An event (add to calendar: Google, Outlook, its .ics) and its series (subscribe: the
    # calendar app by webcal://, Google, Outlook), each with its hreflang links.
    bee = EventPage.objects.get(slug="bee-city", locale__language_code="en")
    for page, kinds in (
        (bee, ("https://calendar.google.com/", "https://outlook.live.com/")),
        (
            bee.get_parent(),
            ("webcal://", "https://calendar.google.com/", "https://outlook.live.com/"),
        ),
    ):
        status, body = fetch(page.get_full_url())
        assert status == 200
        links, hreflang = page_links(body.decode())
        assert len(hreflang) == 3  # en, fr, x-default
        assert all(any(u.startswith(kind) for u in links) for kind in kinds), page.title
        found += links

    ours, elsewhere = set(), set()
    for url in found:
        host = urllib.parse.urlsplit(url).hostname
        if url.startswith(PROVIDERS):
            elsewhere.add(url)
            url = embedded_url(url)
        elif host not in ("localhost", "127.0.0.1"):
            elsewhere.add(url)
            continue
        ours.add(url.replace("webcal://", "http://", 1))
    network = urllib.parse.urlsplit(settings.NETWORK_URL).hostname
    assert {urllib.parse.urlsplit(u).hostname for u in elsewhere} <= OTHER_HOSTS | {network}
    assert any("calendar.google.com" in u for u in elsewhere)
    assert any("outlook.live.com" in u for u in elsewhere)
    # Every link of ours is on the served address: none to http://localhost/ or another port.
    assert {u for u in ours if not u.startswith(base + "/")} == set()
    assert len(ours) > 50
    failures = {}
    for url in sorted(ours):
        status, _body = fetch(url)
        if status != 200:
            failures[url] = status
    assert failures == {}
