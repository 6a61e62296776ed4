"""The anonymous event list keeps each event it built for the content version
(events.api.views.events.anonymous_events): an answer from kept events is byte for byte the
answer built from scratch, in every window, language and page; a page whose events are all
kept reads nothing from the database, whatever the schedule; a member's answer never
reads or fills them, and a new content version drops them (nothing withdrawn is shown)."""

import datetime as dt

from wagtail.models import PageViewRestriction

import pytest

from events.api.caching import ConditionalAnswers
from events.api.views import EventListView
from events.domain.choices import Audience
from events.reads import occurrences
from home.visibility import forget_versions
from members import tokens
from tests.access_fixtures import CANARY, canary_details, elected  # noqa: F401 - a fixture
from tests.events.api.test_list_slices import (  # noqa: F401 - schedule is a fixture
    schedule,
    talks_and_a_series,
)
from tests.factories import event, series
from tests.helpers import clear_caches

pytestmark = pytest.mark.django_db

# Windows of every kind, DST changes included (America 2026-03-08, Europe 2026-03-29,
# 2026-10-25 and 2026-11-01), in both languages and on several pages.
WINDOWS = [
    "start=2026-03-01&end=2026-06-01",
    "start=2026-04-25T06:00:00Z&end=2026-05-20",
    "start=2026-03-07T12:00:00Z&end=2026-03-09T12:00:00Z",
    "start=2026-03-08T06:59:59Z&end=2026-03-30",
    "start=2026-03-29T00:30:00Z&end=2026-04-02",
    "start=2026-10-24T23:00:00Z&end=2026-11-02T12:00:00Z",
    "start=2026-02-01&end=2027-01-01",
    "start=2026-03-05T10:00:00Z",
]
PAGES = ["", "&limit=2", "&limit=3&offset=2", "&limit=1&offset=5", "&offset=100"]
LANGUAGES = ["&lang=en", "&lang=fr", ""]


@pytest.fixture
def built_each_time(monkeypatch):
    """No answer kept (events.api.caching): every request is built by the view."""
    monkeypatch.setattr(ConditionalAnswers, "keep", lambda *args, **kwargs: None)


def _from_scratch(monkeypatch):
    """The view as it was: every event of the page read and built (EventListView.answer)."""

    def anonymous_answer(self, request, count, following, previous, slots, language):
        page = occurrences.occurrences_for(slots)
        return self.answer(request, count, following, previous, page, language)

    monkeypatch.setattr(EventListView, "anonymous_answer", anonymous_answer)


def test_kept_events_give_the_bytes_built_from_scratch(
    client,
    schedule,  # noqa: F811 - the fixture
    built_each_time,
    monkeypatch,
):
    urls = [
        f"/api/v1/events/?{window}{page}{language}"
        for window in WINDOWS
        for page in PAGES
        for language in LANGUAGES
    ]
    headers = {"Accept-Language": "fr"}
    # Every event kept, from other windows and pages, then every answer from them.
    for url in urls:
        client.get(url, headers=headers)
    kept = {url: client.get(url, headers=headers) for url in urls}
    with monkeypatch.context() as patch:
        _from_scratch(patch)
        clear_caches()
        scratch = {url: client.get(url, headers=headers) for url in urls}
    listed = 0
    for url in urls:
        assert kept[url].status_code == 200, kept[url].content
        assert kept[url].content == scratch[url].content, url
        listed += len(kept[url].json()["results"])
    assert listed > 100  # the windows list events: the comparison is not of empty lists
    assert any("series" in e and e["series"] for e in kept[urls[0]].json()["results"])


# None: the slice comes from the version's index of one-off events and its series dates
# (occurrences.one_off_index, series_slots), and every event shown is kept.
KEPT_LIST_QUERIES = 0


@pytest.mark.parametrize("n", [2, 40])
def test_a_page_of_kept_events_reads_only_its_slice(
    client, event_index, chapter, n, built_each_time, django_assert_num_queries
):
    talks_and_a_series(event_index, chapter, n)
    url = "/api/v1/events/?start=2026-03-01&end=2026-06-01&limit=20"
    first = client.get(url).content
    with django_assert_num_queries(KEPT_LIST_QUERIES):
        again = client.get(url).content
    assert again == first
    assert len(client.get(url).json()["results"]) == min(20, n + 7)


# --- Never a member's details, never what was withdrawn --------------------------------------

EVENTS = "/api/v1/events/?start=2026-05-01&end=2026-05-31&lang=en"


@pytest.fixture
def calls(event_index):
    restricted = event(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    public = event(event_index, title="Public talk", start_date=dt.date(2026, 5, 20))
    weekly = series(
        event_index, title="All-Caucus Call", first_date=dt.date(2026, 5, 6), frequency="weekly"
    )
    for page in (restricted, weekly):
        canary_details(page.translation_key, page.slug)
    return {"restricted": restricted, "public": public, "series": weekly}


@pytest.mark.parametrize("member_first", [False, True])
def test_kept_events_never_carry_a_members_details(
    client,
    calls,
    elected,  # noqa: F811 - the fixture
    built_each_time,
    member_first,
):
    token = {"Authorization": f"Token {tokens.issue(elected, 'api')}"}
    if member_first:
        assert CANARY in client.get(EVENTS, headers=token).content.decode()
    for _ in range(2):  # built, then from the kept events
        anonymous = client.get(EVENTS)
        assert anonymous.status_code == 200
        titles = {e["title"] for e in anonymous.json()["results"]}
        assert {"Electeds-Only Call", "Public talk", "All-Caucus Call"} <= titles
        assert CANARY not in anonymous.content.decode()
        assert all(e["access_details"] is None for e in anonymous.json()["results"])
    # The member still gets their details once the anonymous events are kept.
    member = client.get(EVENTS, headers=token).json()["results"]
    details = {e["title"]: e["access_details"] for e in member}
    assert details["Electeds-Only Call"]["passcode"] == f"{CANARY}-{calls['restricted'].slug}"


def test_what_is_withdrawn_leaves_the_kept_events(client, calls, built_each_time):
    def titles():
        return {e["title"] for e in client.get(EVENTS).json()["results"]}

    assert "Public talk" in titles()
    assert "Public talk" in titles()  # kept
    calls["public"].unpublish()
    assert "Public talk" not in titles()
    PageViewRestriction.objects.create(
        page=calls["restricted"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "Electeds-Only Call" not in titles()
    forget_versions()
    assert titles() == {"All-Caucus Call"}
