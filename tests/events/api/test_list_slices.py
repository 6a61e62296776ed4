"""The event list reads only the slice it returns (events.api.queries.listed_slots): the same
bytes as building the whole window (occurrences_between + filter_occurrences, sliced) for
every filter, alone and combined, on every page; and a query count that does not grow with
the schedule."""

import datetime as dt
import itertools

from wagtail.models import Locale

import pytest

from events.api import queries
from events.api.views import EventListView
from events.domain.choices import Audience, Status
from events.models import EventPage
from events.reads import occurrences
from tests.factories import SpeakerFactory, add, add_speakers, event, series, translate
from tests.helpers import clear_caches

pytestmark = pytest.mark.django_db

WINDOW = "start=2026-03-01&end=2026-06-01"
LATE_WINDOW = "start=2026-04-25T06:00:00Z&end=2026-05-20"
LIMIT = 4


@pytest.fixture
def schedule(event_index, chapter, working_group):
    """One-off events (translated, French only, tied, undated, out of the window), two series
    with overrides moved into and out of the window, cancelled, French only, with a speaker;
    a speaker linked in one language only."""
    french = Locale.objects.get(language_code="fr")
    ana = SpeakerFactory(name="Ana")
    ana_fr = ana.copy_for_translation(french)
    ana_fr.save()
    ben = SpeakerFactory(name="Ben")

    talk = event(event_index, "Talk", start_date=dt.date(2026, 3, 5))
    add_speakers(talk, [ana])
    talk_fr = translate(talk, "fr", title="Causerie")
    add_speakers(talk_fr, [ben])
    event(event_index, "Tied talk", start_date=dt.date(2026, 3, 5))
    meeting = event(chapter, "Meeting", start_date=dt.date(2026, 3, 20), audience=Audience.ELECTED)
    add_speakers(translate(meeting, "fr", title="Réunion"), [ana_fr])
    add(
        event_index.get_translation(french),
        EventPage(
            title="Seulement en français",
            slug="seulement",
            start_date=dt.date(2026, 4, 2),
            start_time=dt.time(9),
            end_time=dt.time(10),
            timezone="America/Montreal",
            audience=Audience.PUBLIC,
        ),
    )
    event(
        working_group,
        "Group talk",
        start_date=dt.date(2026, 4, 10),
        status=Status.CANCELLED,
        status_reason="Snow",
    )
    event(working_group, "Undated", start_date=dt.date(2026, 5, 1), date_tba=True)
    event(chapter, "Open meeting", start_date=dt.date(2026, 5, 20))
    event(event_index, "Later", start_date=dt.date(2026, 7, 1))
    for day in (8, 12, 24):
        add_speakers(event(event_index, f"Talk {day}", start_date=dt.date(2026, 4, day)), [ben])

    # Every other Wednesday from January 7th, 11:00 Pacific.
    calls = series(chapter, "Chapter calls")
    translate(calls, "fr", title="Appels de la section")
    add(calls, EventPage(title="Moved in", slug="in", occurrence_date=dt.date(2026, 2, 18),
                         start_date=dt.date(2026, 3, 10), start_time=dt.time(8),
                         end_time=dt.time(9)))  # fmt: skip
    add(calls, EventPage(title="Moved out", slug="out", occurrence_date=dt.date(2026, 4, 1),
                         start_date=dt.date(2026, 7, 1), start_time=dt.time(8),
                         end_time=dt.time(9)))  # fmt: skip
    add(calls, EventPage(title="Off", slug="off", occurrence_date=dt.date(2026, 4, 15),
                         status=Status.CANCELLED, status_reason="Snow"))  # fmt: skip
    guest = add(calls, EventPage(title="Guest", slug="guest",
                                 occurrence_date=dt.date(2026, 4, 29)))  # fmt: skip
    add_speakers(guest, [ana])
    translate(guest, "fr", title="Invitée")
    add(
        calls.get_translation(french),
        EventPage(title="Seulement", slug="seul", occurrence_date=dt.date(2026, 5, 13)),
    )
    weekly = series(
        working_group, "Group calls", first_date=dt.date(2026, 3, 2), frequency="weekly",
        interval=1, audience=Audience.PUBLIC, until=dt.date(2026, 4, 20),
    )  # fmt: skip
    # Its last date moved past its own end: listed only in windows that select the series.
    add(weekly, EventPage(title="Last, later", slug="later", occurrence_date=dt.date(2026, 4, 20),
                          start_date=dt.date(2026, 5, 5), start_time=dt.time(8),
                          end_time=dt.time(9)))  # fmt: skip
    return {
        "chapter": chapter.translation_key,
        "working_group": working_group.translation_key,
        "series": calls.translation_key,
        "weekly": weekly.translation_key,
        "ana": ana.translation_key,
        "ben": ben.translation_key,
    }


FILTERS = [
    {},
    {"chapter": "chapter"},
    {"working_group": "working_group"},
    {"series": "series"},
    {"series": "weekly"},
    {"speaker": "ana"},
    {"speaker": "ben"},
    {"audience": Audience.PUBLIC},
    {"status": Status.CANCELLED},
    {"chapter": "chapter", "series": "series"},
    {"chapter": "chapter", "working_group": "working_group"},
    {"working_group": "working_group", "series": "weekly", "audience": Audience.PUBLIC},
    {"chapter": "chapter", "audience": Audience.ELECTED, "status": Status.SCHEDULED},
    {"series": "series", "speaker": "ana"},
    {"chapter": "chapter", "speaker": "ana"},
    {"speaker": "ben", "audience": Audience.PUBLIC},
]


def _url(schedule, filters, language, offset, window=WINDOW):
    named = {
        name: schedule[value] if name in ("chapter", "working_group", "series", "speaker")
        else value
        for name, value in filters.items()
    }  # fmt: skip
    query = "&".join(f"{name}={value}" for name, value in named.items())
    return f"/api/v1/events/?{window}&lang={language}&limit={LIMIT}&offset={offset}&{query}"


@pytest.fixture(params=["index", "database"])
def one_offs_from(request, monkeypatch):
    """The one-off events of a slice from the content version's index (once built), or from
    the database (before it is built, and for a speaker filter)."""
    if request.param == "database":
        monkeypatch.setattr(occurrences, "one_off_index", lambda *args: None)
    return request.param


def test_every_filter_and_page_is_the_whole_windows_answer(
    client, schedule, monkeypatch, one_offs_from
):
    """Each answer is compared with the same request built the former way: every occurrence
    of the window, filtered in Python, sliced."""
    monkeypatch.setattr(EventListView, "answers_from_cache", lambda *a: False)
    # Hundreds of requests from one address: not the rate limit's test.
    monkeypatch.setattr(EventListView, "throttle_classes", ())
    whole = queries.reads_every_occurrence
    compared = non_empty = 0
    for filters, language in itertools.product(FILTERS, ("en", "fr")):
        first = client.get(_url(schedule, filters, language, 0))
        assert first.status_code == 200, first.content
        count = first.json()["count"]
        last = max(0, (count - 1) // LIMIT * LIMIT)
        for offset in sorted({0, LIMIT, last // 2 // LIMIT * LIMIT, last, count, count + 100}):
            url = _url(schedule, filters, language, offset)
            sliced = client.get(url)
            monkeypatch.setattr(queries, "reads_every_occurrence", lambda params: True)
            built = client.get(url)
            monkeypatch.setattr(queries, "reads_every_occurrence", whole)
            assert sliced.status_code == built.status_code == 200
            assert sliced.content == built.content, (url, sliced.json(), built.json())
            compared += 1
            non_empty += bool(sliced.json()["results"])
    # Enough pages hold results for the comparison to mean something, and the filters meet
    # one-off events, series dates and their overrides.
    assert non_empty > 40
    # A window after the weekly series' own end: its moved last date is not listed (the
    # series is not selected), though the series dates kept for the window's blocks hold it.
    for filters in ({}, {"series": "weekly"}, {"working_group": "working_group"}):
        url = _url(schedule, filters, "en", 0, window=LATE_WINDOW)
        sliced = client.get(url)
        monkeypatch.setattr(queries, "reads_every_occurrence", lambda params: True)
        built = client.get(url)
        monkeypatch.setattr(queries, "reads_every_occurrence", whole)
        assert sliced.content == built.content
        assert "Last, later" not in sliced.content.decode()
    everything = client.get(_url(schedule, {}, "en", 0).replace(f"limit={LIMIT}", "limit=100"))
    titles = {e["title"] for e in everything.json()["results"]}
    assert {"Moved in", "Off", "Guest", "Seulement", "Seulement en français", "Talk"} <= titles
    assert "Moved out" not in titles and "Last, later" in titles
    assert compared > 100


def test_the_default_window_is_the_whole_windows_answer(client, schedule, monkeypatch):
    """The default window (from now, a year) too; and the text search stays on the former
    path, so it is the same by construction."""
    monkeypatch.setattr(EventListView, "answers_from_cache", lambda *a: False)
    url = "/api/v1/events/?limit=3&offset=3"
    sliced = client.get(url)
    monkeypatch.setattr(queries, "reads_every_occurrence", lambda params: True)
    assert client.get(url).content == sliced.content


def test_an_offset_past_the_end_is_an_empty_page_as_before(client, schedule):
    data = client.get(_url(schedule, {}, "en", 100_000)).json()
    assert data["results"] == [] and data["count"] > 0 and data["next"] is None
    assert f"offset={100_000 - LIMIT}&" in data["previous"]
    assert client.get(_url(schedule, {}, "en", 100_001)).status_code == 400


# --- Query counts --------------------------------------------------------------------------

# The page's occurrences and their related records (events.api.queries.related_for), plus the
# slice's reads: hidden branches, the one-off events' index (occurrences.one_off_index; both
# once per content version, every cache being emptied here), the series and their overrides
# (one expansion per content version), the pages shown.
SLICED_LIST_QUERIES = 12
# Filtered by speaker, the one-off events are read from the database (no index): the longest
# one-off event, the count and the first rows instead of the index, plus the speaker's
# overrides and the public speakers (the view checks the id).
SPEAKER_LIST_QUERIES = 16


def talks_and_a_series(event_index, chapter, n):
    """`n` talks in March 2026 with one speaker (returned), and a chapter's series with an
    override."""
    speaker = SpeakerFactory()
    for i in range(n):
        talk = event(event_index, f"Talk {i}", start_date=dt.date(2026, 3, 1 + i % 28))
        add_speakers(talk, [speaker])
    calls = series(chapter, "Chapter calls")
    add(calls, EventPage(title="Guest", slug="guest", occurrence_date=dt.date(2026, 3, 4)))
    return speaker


@pytest.mark.parametrize("n", [2, 40])
def test_a_chosen_window_reads_the_same_number_of_queries_whatever_its_size(
    client, event_index, chapter, n, django_assert_num_queries
):
    speaker = talks_and_a_series(event_index, chapter, n)
    # Counted on the second request, as in test_http: the first one also loads Wagtail's site
    # root paths and content types; every cache is emptied in between.
    client.get(f"/api/v1/events/?{WINDOW}&limit=20")
    clear_caches()
    with django_assert_num_queries(SLICED_LIST_QUERIES):
        data = client.get(f"/api/v1/events/?{WINDOW}&limit=20").json()
    assert data["count"] == n + 7
    assert len(data["results"]) == min(20, n + 7)
    # Another window, filtered by speaker. The talks of March 1st have ended by March 2nd.
    clear_caches()
    with django_assert_num_queries(SPEAKER_LIST_QUERIES):
        url = f"/api/v1/events/?start=2026-03-02&end=2026-06-01&speaker={speaker.translation_key}"
        data = client.get(url).json()
    assert data["count"] == sum(1 for i in range(n) if i % 28)
