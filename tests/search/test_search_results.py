"""Search that finds: `q` and `query`, each result's date, host and status, speakers by name
and organisation, a suggestion when nothing is found, and a constant number of queries."""

import datetime as dt
import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.domain.choices import Status
from search.results import suggest
from tests.factories import SpeakerFactory, add_speakers, event, series, translate

pytestmark = pytest.mark.django_db


def titles(response):
    return [item["page"].title for item in response.context["found"]]


@pytest.fixture
def schedule(event_index, chapter):
    bee = event(
        event_index,
        "Bee City",
        slug="bee-city",
        start_date=dt.date(2026, 5, 18),
        intro="Protect pollinators.",
    )
    add_speakers(bee, [SpeakerFactory(name="Shelly Candel", organisation="Bee City Canada")])
    translate(bee, "fr", title="Ville abeille", slug="ville-abeille", intro="Protéger.")
    event(
        chapter,
        "Chapter budget meeting",
        slug="budget",
        status=Status.CANCELLED,
        status_reason="Council budget week",
    )
    series(event_index, "Electeds call", slug="electeds", intro="Budget questions every week.")
    call_command("update_index", verbosity=0)
    return bee


@pytest.mark.parametrize("name", ["q", "query"])
def test_search_reads_q_and_keeps_query(client, schedule, name):
    response = client.get("/en/search/", {name: "pollinators"})
    assert titles(response) == ["Bee City"]
    assert response.context["query"] == "pollinators"


def test_search_form_submits_q(client, schedule):
    assert 'name="q"' in client.get("/en/search/").text


@pytest.mark.parametrize("words", ["Candel", "shelly candel", "Bee City Canada"])
def test_search_finds_an_event_by_its_speaker(client, schedule, words):
    assert titles(client.get("/en/search/", {"q": words})) == ["Bee City"]


def test_search_finds_the_speaker_on_the_translated_event(client, schedule):
    assert titles(client.get("/fr/search/", {"q": "Candel"})) == ["Ville abeille"]


def test_search_result_shows_date_host_and_status(client, schedule):
    text = client.get("/en/search/", {"q": "budget"}).text
    meeting = text[text.index("Chapter budget meeting") :]
    assert "Monday, May 18, 2026" in meeting
    assert "Hosted by: B.C. Chapter" in meeting
    assert "Cancelled — Council budget week" in meeting
    # A series says when it meets, with the time and zone of its calls.
    calls = text[text.index("Electeds call") :]
    assert "Every second Wednesday, 11:00" in calls
    assert "Elected officials only" in calls


def test_search_names_the_network_as_host_of_network_events(client, schedule):
    text = client.get("/en/search/", {"q": "pollinators"}).text
    assert "Hosted by: Climate Caucus (network-wide)" in text
    assert "Hosted by: Events" not in text
    fr = client.get("/fr/search/", {"q": "Candel"}).text
    assert "Organisé par\u202f: Caucus climat (tout le réseau)" in fr


def test_search_with_no_result_suggests_a_spelling_and_the_events_index(client, schedule):
    response = client.get("/en/search/", {"q": "Candle"})
    assert response.context["found"] == []
    assert response.context["suggestion"] == "candel"
    assert '<a href="/en/search/?q=candel">candel</a>' in response.text
    assert 'href="/en/events/"' in response.text
    fr = client.get("/fr/search/", {"q": "abeilles"})
    if connection.vendor != "postgresql":  # PostgreSQL finds it by stem (test_search_stemming)
        assert fr.context["suggestion"] == "abeille"
        assert 'href="/fr/evenements/"' in fr.text


def test_search_with_no_close_word_suggests_only_the_events_index(client, schedule):
    response = client.get("/en/search/", {"q": "zzyzx"})
    assert response.context["suggestion"] == ""
    assert "Did you mean" not in response.text
    assert 'href="/en/events/"' in response.text


def test_suggest_keeps_known_and_short_words():
    words = {"bee", "city", "candel", "abeille"}
    assert suggest(["Bee", "citty"], words) == "Bee city"
    assert suggest(["bee", "city"], words) == ""
    assert suggest(["cit"], words) == ""


def _count_search_queries(client):
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    client.get("/en/search/", {"q": "pollinators"})  # warm the site's caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", {"q": "pollinators"})
    return len(response.context["found"]), len(queries)


def _pollinator_events(event_index, chapter, n, start=0):
    for i in range(start, start + n):
        page = event(
            chapter if i % 2 else event_index, f"Pollinator call {i}", intro="About pollinators."
        )
        add_speakers(page, [SpeakerFactory(), SpeakerFactory()])


def test_search_queries_do_not_grow_with_results(client, event_index, chapter):
    _pollinator_events(event_index, chapter, 1)
    calls = series(chapter, "Pollinator series", intro="Pollinators every week.")
    override = event(
        calls,
        "Pollinator special",
        occurrence_date=dt.date(2026, 1, 21),
        start_date=dt.date(2026, 1, 21),
        intro="Pollinators.",
    )
    assert override.series_key
    small = _count_search_queries(client)
    _pollinator_events(event_index, chapter, 6, start=1)
    large = _count_search_queries(client)
    assert (small[0], large[0]) == (3, 9)
    assert small[1] == large[1]
