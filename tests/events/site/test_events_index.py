"""The events index: upcoming by default, past archive, combinable filters, pagination."""

import datetime as dt

from django.utils import timezone

import pytest

from events.domain import timefmt
from events.domain.choices import Audience, Status
from tests.factories import event, series, translate

pytestmark = pytest.mark.django_db


def soon(days):
    return timezone.now().date() + dt.timedelta(days=days)


@pytest.fixture
def schedule(event_index, chapter, working_group):
    """One-off events spread over hosts, audiences and statuses, plus a series."""
    return {
        "network": event(event_index, "Network call", slug="network", start_date=soon(5)),
        "chapter": event(
            chapter, "BC meeting", slug="bc-meeting", start_date=soon(10), audience=Audience.ELECTED
        ),
        "group": event(
            working_group,
            "Trails session",
            slug="trails",
            start_date=soon(15),
            audience=Audience.ELECTED_AND_STAFF,
        ),
        "cancelled": event(
            chapter,
            "BC cancelled",
            slug="bc-cancelled",
            start_date=soon(20),
            status=Status.CANCELLED,
            status_reason="Holiday",
        ),
        "past": event(event_index, "Old call", slug="old-call", start_date=soon(-30)),
        "series": series(
            event_index, "Electeds call", slug="electeds", first_date=soon(-60), interval=1
        ),
    }


def titles(response):
    return [occ.title for occ in response.context["listing"].object_list]


def test_index_lists_upcoming_by_default_with_series_expanded(client, schedule):
    response = client.get("/en/events/")
    found = titles(response)
    assert "Network call" in found
    assert "Old call" not in found
    # A weekly series shows one entry per upcoming week, not one per series.
    assert found.count("Electeds call") >= 2
    starts = [occ.start for occ in response.context["listing"].object_list]
    assert starts == sorted(starts)


def test_index_groups_upcoming_events_by_month(client, schedule):
    response = client.get("/en/events/")
    months = response.context["months"]
    assert months, "no month groups"
    first = response.context["listing"].object_list[0]
    assert months[0][0] == timefmt.month_text(first.start, first.timezone, "en")
    headings = [heading for heading, _items in months]
    assert len(headings) == len(set(headings)), "a month appears twice"
    assert f'<h3 class="month">{months[0][0]}</h3>' in response.text


def test_index_past_archive_lists_latest_first(client, schedule):
    response = client.get("/en/events/?when=past")
    found = titles(response)
    assert "Old call" in found
    assert "Network call" not in found
    starts = [occ.start for occ in response.context["listing"].object_list]
    assert starts == sorted(starts, reverse=True)


def test_index_filters_by_chapter(client, schedule):
    found = titles(client.get("/en/events/?chapter=bc"))
    assert set(found) == {"BC meeting", "BC cancelled"}


def test_index_filters_by_working_group(client, schedule):
    assert titles(client.get("/en/events/?working_group=outdoor-rec")) == ["Trails session"]


def test_index_filters_by_series(client, schedule):
    found = titles(client.get("/en/events/?series=electeds"))
    assert found and set(found) == {"Electeds call"}


def test_index_filters_by_audience_and_status(client, schedule):
    assert titles(client.get("/en/events/?audience=elected_officials_and_staff")) == [
        "Trails session"
    ]
    assert titles(client.get("/en/events/?status=cancelled")) == ["BC cancelled"]


def test_index_filters_combine(client, schedule):
    assert titles(client.get("/en/events/?chapter=bc&status=cancelled")) == ["BC cancelled"]
    assert titles(client.get("/en/events/?chapter=bc&audience=elected_officials")) == ["BC meeting"]
    # Two hosts at once: no event lives under both.
    assert titles(client.get("/en/events/?chapter=bc&working_group=outdoor-rec")) == []


def test_index_form_reflects_filters_in_the_url_and_works_without_javascript(client, schedule):
    response = client.get("/en/events/?chapter=bc&status=cancelled")
    assert '<form class="filters" method="get" action="/en/events/"' in response.text
    assert '<option value="bc" selected>' in response.text
    assert '<option value="cancelled" selected>' in response.text
    assert "Clear filters" in response.text


def test_index_invalid_filter_values_get_a_message_not_an_error(client, schedule):
    response = client.get("/en/events/?chapter=nowhere&audience=aliens&when=tomorrow&page=x")
    assert response.status_code == 200
    assert "There is no chapter “nowhere”" in response.text
    assert "There is no audience “aliens”" in response.text
    assert 'role="alert"' in response.text
    # The remaining listing is the unfiltered upcoming one.
    assert "Network call" in titles(response)


def test_index_paginates_and_keeps_filters_in_page_links(client, event_index):
    for day in range(25):
        event(event_index, f"Call {day:02}", start_date=soon(day + 1), audience=Audience.ELECTED)
    first = client.get("/en/events/?audience=elected_officials")
    assert len(titles(first)) == 20
    assert "audience=elected_officials&amp;page=2" in first.text
    second = client.get("/en/events/?audience=elected_officials&page=2")
    assert titles(second) == [f"Call {day:02}" for day in range(20, 25)]


def test_index_page_past_the_end_shows_last_page_with_message(client, schedule):
    response = client.get("/en/events/?page=40")
    assert response.status_code == 200
    assert "That page of results does not exist" in response.text


def test_index_in_french_shows_untranslated_events_marked_with_their_language(client, schedule):
    translate(schedule["network"], "fr", title="Appel du réseau", slug="appel-reseau")
    response = client.get("/fr/evenements/")
    assert "Appel du réseau" in titles(response)
    assert "BC meeting" in titles(response)
    assert '<article class="event-card" lang="en">' in response.text
    assert "Élus et élues seulement" in response.text


def test_a_view_restriction_hides_series_dates_kept_for_the_version(client, event_index, chapter):
    """Series dates are kept per content version (occurrences.series_slots); restricting
    their host moves the version, so the next render no longer lists them."""
    from wagtail.models import PageViewRestriction

    series(chapter, "BC weekly", slug="bc-weekly", first_date=soon(-7))
    assert "BC weekly" in client.get("/en/events/").content.decode()

    PageViewRestriction.objects.create(page=chapter, restriction_type="login")
    assert "BC weekly" not in client.get("/en/events/").content.decode()


def test_the_filter_form_kept_per_version_is_each_tabs_own(client, schedule):
    """Without a filter the form is rendered once per content version and tab
    ({% index_filters %}): each tab keeps its own checked choice, a filtered page its own
    selection, and a page served again is byte for byte its first render."""
    from home.visibility import forget_versions

    urls = ["/en/events/", "/en/events/?when=past", "/en/events/?chapter=bc", "/fr/evenements/"]
    forget_versions()
    first = {url: client.get(url).content.decode() for url in urls}
    for url in urls:
        assert client.get(url).content.decode() == first[url]
    assert 'value="upcoming" checked' in first["/en/events/"]
    assert 'value="past" checked' not in first["/en/events/"]
    assert 'value="past" checked' in first["/en/events/?when=past"]
    assert "selected" not in first["/en/events/"].split("</form>")[0]
    assert "selected" in first["/en/events/?chapter=bc"].split("</form>")[0]
    assert "Filtrer les événements" in first["/fr/evenements/"]


def test_an_event_longer_than_any_before_it_is_listed_while_it_lasts(client, event_index):
    """Listings read one-off events from their window's start less the longest event
    (occurrences.longest_one_off, kept per content version): a longer event, published, moves
    the version and is still listed on its last day, as are the events of the window."""
    event(event_index, "Short call", slug="short", start_date=soon(3))
    assert "Short call" in client.get("/en/events/").text  # the longest, kept: one hour
    event(
        event_index,
        "Ten-day summit",
        slug="summit",
        start_date=soon(-8),
        end_date=soon(2),
        all_day=True,
    )
    listed = client.get("/en/events/").text
    assert "Ten-day summit" in listed and "Short call" in listed
