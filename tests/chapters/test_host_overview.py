"""A chapter's or working group's page is an overview (events.reads.listings.host_overview): its
next 10 and last 5 events, each list ending with a link to the events index filtered to the
host, which lists them all; the link appears only when there are more than shown."""

import datetime as dt
import re

from django.utils import timezone

import pytest

from events.reads.listings import HOST_PAST, HOST_UPCOMING
from tests.factories import event

pytestmark = pytest.mark.django_db


def cards(html, section):
    """Titles of the event cards in the page's "upcoming" or "past" section."""
    part = re.search(rf'<section aria-labelledby="{section}">(.*?)</section>', html, re.S).group(1)
    return re.findall(r'class="event-title"><a href="[^"]*">([^<]*)</a>', part)


def see_all(html, section):
    part = re.search(rf'<section aria-labelledby="{section}">(.*?)</section>', html, re.S).group(1)
    found = re.search(r'<p class="more-link"><a [^>]*href="([^"]*)">([^<]*)</a>', part)
    return (found.group(1).replace("&amp;", "&"), found.group(2)) if found else None


def events_of(host, upcoming, past):
    today = timezone.now().date()
    for n in range(upcoming):
        event(host, f"Next {n:02d}", start_date=today + dt.timedelta(days=2 + n))
    for n in range(past):
        event(host, f"Last {n:02d}", start_date=today - dt.timedelta(days=2 + n))


def test_chapter_page_shows_the_next_and_last_few_and_links_to_all(client, event_index, chapter):
    events_of(chapter, HOST_UPCOMING + 2, HOST_PAST + 3)
    html = client.get(chapter.url).text

    assert cards(html, "upcoming") == [f"Next {n:02d}" for n in range(HOST_UPCOMING)]
    assert cards(html, "past") == [f"Last {n:02d}" for n in range(HOST_PAST)]
    upcoming_url, upcoming_text = see_all(html, "upcoming")
    past_url, past_text = see_all(html, "past")
    assert (upcoming_url, upcoming_text) == ("/en/events/?chapter=bc", "See all upcoming events")
    assert (past_url, past_text) == ("/en/events/?when=past&chapter=bc", "See all past events")

    # The index behind the links lists every one of them, and says which filter is on.
    everything = client.get(upcoming_url).text
    assert f"{HOST_UPCOMING + 2} events" in everything
    assert "Next 11" in everything
    assert 'role="alert"' not in everything
    archive = client.get(past_url).text
    assert f"{HOST_PAST + 3} events" in archive
    assert "Last 07" in archive


def test_no_link_when_everything_is_shown(client, event_index, chapter):
    events_of(chapter, HOST_UPCOMING, HOST_PAST)
    html = client.get(chapter.url).text
    assert len(cards(html, "upcoming")) == HOST_UPCOMING
    assert len(cards(html, "past")) == HOST_PAST
    assert see_all(html, "upcoming") is None
    assert see_all(html, "past") is None


def test_french_working_group_links_to_the_french_index_with_its_own_slug(
    client, event_index, working_group
):
    french = working_group.get_translations().get(locale__language_code="fr").specific
    events_of(french, HOST_UPCOMING + 1, 0)
    html = client.get(french.url).text
    url, text = see_all(html, "upcoming")
    assert (url, text) == (
        "/fr/evenements/?working_group=plein-air",
        "Voir tous les événements à venir",
    )
    listed = client.get(url).text
    assert 'role="alert"' not in listed
    assert f"{HOST_UPCOMING + 1} événements" in listed
    assert see_all(html, "past") is None
