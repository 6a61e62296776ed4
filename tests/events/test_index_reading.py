"""The events index reads well on a phone (issue 13 item 4): "This month" first, filters folded
behind a <details> button, Subscribe near the top with a copy button, a <title> naming the
filter and the page, network events hosted by the network in words."""

import datetime as dt
import re

from django.utils import timezone

import pytest

from events.domain.choices import Audience
from events.models import EventPage
from events.reads import listings
from tests.factories import event, translate

pytestmark = pytest.mark.django_db


def title_of(text):
    return re.search(r"<title>(.*?)</title>", text, re.S).group(1).strip()


@pytest.fixture
def upcoming(event_index, chapter):
    today = timezone.now().date()
    for n in range(25):
        page = event(
            chapter if n % 2 else event_index,
            f"Call {n}",
            start_date=today + dt.timedelta(days=2 + n * 3),
            audience=Audience.ELECTED if n % 3 else Audience.PUBLIC,
        )
        if n == 0:
            translate(page, "fr", title="Appel 0", slug="appel-0")
    return today


def test_index_offers_this_month_first(client, upcoming):
    text = client.get("/en/events/").text
    tabs = text[text.index('class="when-tabs"') :]
    assert tabs.index("This month") < tabs.index("Upcoming events") < tabs.index("Past events")
    month = client.get("/en/events/", {"when": "month"})
    assert month.status_code == 200
    end = listings.month_end(timezone.now()).date()
    dates = [upcoming + dt.timedelta(days=2 + n * 3) for n in range(25)]
    # Within a day of the month's end (zones differ): the calls of this month, none after.
    shown = month.context["listing"].paginator.count
    assert sum(d < end for d in dates) - 1 <= shown <= sum(d <= end for d in dates)
    assert shown < len(dates)
    assert 'aria-current="page">This month' in month.text


def test_index_folds_filters_behind_a_button(client, upcoming):
    text = client.get("/en/events/").text
    assert '<details class="filter-panel js-open-wide">' in text
    assert "<summary>Filter events</summary>" in text
    assert (
        '<details class="filter-panel js-open-wide" open>'
        in client.get("/en/events/", {"audience": "public"}).text
    )


def test_index_shows_subscribe_before_the_events_with_a_copy_button(client, upcoming):
    text = client.get("/en/events/").text
    assert text.index('class="subscribe') < text.index('class="event-card')
    assert 'class="button button--secondary js-copy" data-copy="feed-url-' in text


def test_index_title_names_the_filter_and_the_page(client, upcoming, chapter):
    plain = title_of(client.get("/en/events/").text)
    filtered = title_of(client.get("/en/events/", {"chapter": "bc"}).text)
    second = title_of(client.get("/en/events/", {"page": "2"}).text)
    past = title_of(client.get("/en/events/", {"when": "past", "audience": "public"}).text)
    assert plain == "Events · Climate Caucus Events"
    assert filtered == "Events — B.C. Chapter · Climate Caucus Events"
    assert second == "Events — page 2 · Climate Caucus Events"
    assert past == "Events — Past events — Open to all · Climate Caucus Events"
    assert len({plain, filtered, second, past}) == 4


def test_network_event_is_hosted_by_the_network_in_words(client, upcoming):
    page = EventPage.objects.get(title="Call 0")
    en = client.get(page.url).text
    fr = client.get(EventPage.objects.get(title="Appel 0").url).text
    assert "Climate Caucus (network-wide)</a></dd>" in en
    assert ">Events</a></dd>" not in en
    assert "Caucus climat (tout le réseau)</a></dd>" in fr
