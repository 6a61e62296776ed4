"""Atom feeds (both languages, parsed by feedparser), the change log on the series page and in
/api/v1/changes/, and that no join detail reaches any of them."""

import datetime as dt

import feedparser
import pytest

from tests.access_fixtures import CANARY, canary_details
from tests.factories import translate
from tests.helpers import plain
from tests.notices.conftest import IN_THREE_WEEKS, publish_change


@pytest.fixture
def moved_series(calls):
    canary_details(calls.translation_key, "series")
    return publish_change(calls, start_time=dt.time(10), end_time=dt.time(11))


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/en/events/events.atom", "Climate Caucus — Events: upcoming events"),
        ("/fr/evenements/events.atom", "Caucus climat — Événements\u202f: événements à venir"),
    ],
)
def test_upcoming_atom_parses_in_both_languages(client, call, moved_series, path, title):
    response = client.get(path)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == title
    titles = [entry.title for entry in feed.entries]
    assert "Bee City" in titles and "Weekly call" in titles
    assert all(entry.id.startswith("http://testserver/api/v1/events/") for entry in feed.entries)


@pytest.mark.parametrize(
    ("language", "path", "headline"),
    [
        ("en", "/en/events/changes.atom", "New time"),
        ("fr", "/fr/evenements/changes.atom", "Nouvelle heure"),
    ],
)
def test_changes_atom_lists_material_changes_only(client, moved_series, language, path, headline):
    publish_change(moved_series, title="Weekly call (typo fixed)")
    feed = feedparser.parse(client.get(path).content)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 1
    assert feed.entries[0].title.startswith(headline)
    assert "→" in feed.entries[0].summary


def test_host_feeds_hold_only_their_events(client, chapter, event_index):
    from tests.factories import event

    here = event(chapter, title="Here", start_date=IN_THREE_WEEKS)
    event(event_index, title="Elsewhere", start_date=IN_THREE_WEEKS)
    publish_change(here, status="cancelled", status_reason="Room flooded")
    upcoming = feedparser.parse(client.get("/en/chapters/bc/events.atom").content)
    assert [e.title for e in upcoming.entries] == ["Cancelled: Here"]
    changes = feedparser.parse(client.get("/en/chapters/bc/changes.atom").content)
    assert [e.title for e in changes.entries] == ["Cancelled: Here"]
    assert "Room flooded" in changes.entries[0].summary


def test_pages_link_their_atom_feeds(client, event_index):
    html = client.get("/en/events/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Climate Caucus — Events: upcoming events" '
        'href="http://testserver/en/events/events.atom">'
    ) in html
    assert 'href="http://testserver/en/events/changes.atom"' in html


def test_no_atom_for_an_event_page_or_an_unknown_path(client, call):
    assert client.get(call.get_url() + "events.atom").status_code == 404
    assert client.get("/en/nowhere/changes.atom").status_code == 404


def test_no_join_details_in_any_feed_even_for_a_member(client, call, moved_series, elected_en):
    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    client.force_login(elected_en)
    for path in ("/en/events/events.atom", "/en/events/changes.atom", "/fr/evenements/events.atom"):
        body = client.get(path).content.decode()
        assert "Bee City" in body
        assert CANARY not in body
    api = client.get("/api/v1/changes/").content.decode()
    assert "Bee City" in api and CANARY not in api


@pytest.mark.parametrize(
    ("language", "heading", "label"), [("en", "Changes", "When"), ("fr", "Changements", "Quand")]
)
def test_series_page_shows_its_change_log(client, calls, language, heading, label):
    french = translate(calls, "fr", title="Appel hebdomadaire", slug="appel-hebdomadaire")
    publish_change(calls, start_time=dt.time(10), end_time=dt.time(11))
    page = french if language == "fr" else calls
    html = plain(client.get(page.get_url()).content.decode())
    assert f'<h2 id="changes">{heading}</h2>' in html
    assert f"<dt>{label}</dt>" in html
    assert "11:00 a.m. MST" in html or "11 h HNR" in html
    assert CANARY not in html


def test_changes_api_lists_changes_since(client, call, moved_series):
    publish_change(call, status="postponed", status_reason="Speaker unwell")
    everything = client.get("/api/v1/changes/?lang=en").json()
    assert everything["count"] == 2
    newest = everything["results"][0]
    assert newest["event"] == str(call.translation_key)
    assert newest["what"] == ["postponed"]
    assert newest["reason"] == "Speaker unwell"
    assert newest["before"]["status"] == "scheduled" and newest["after"]["status"] == "postponed"
    assert newest["sequence"] == 1 and newest["recurrence_id"] is None
    later = client.get("/api/v1/changes/", {"updated_since": newest["changed_at"]}).json()
    assert [c["id"] for c in later["results"]] == [newest["id"]]
    series_only = client.get("/api/v1/changes/", {"series": str(moved_series.translation_key)})
    assert [c["uid"] for c in series_only.json()["results"]] == [str(moved_series.translation_key)]
    french = client.get("/api/v1/changes/?lang=fr").json()["results"][0]
    assert french["summary"][0]["label"] == "Statut"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("updated_since=yesterday", "updated_since"),
        ("series=not-a-uuid", "series"),
        ("chapter=7c3049ed-a364-56fb-8915-6829959d2eb1", "chapter"),
        ("limit=0", "limit"),
        ("lang=", "lang"),
    ],
)
def test_changes_api_names_the_bad_parameter(client, db, query, name):
    response = client.get(f"/api/v1/changes/?{query}")
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("changes", [1, 3])
def test_changes_api_reads_the_same_number_of_queries_for_one_or_three(
    client, calls, django_assert_num_queries, changes
):
    for hour in range(10, 10 + changes):
        calls = publish_change(calls, start_time=dt.time(hour), end_time=dt.time(hour + 1))
    # The changes and which of their pages are public (freshness comes from the cache).
    with django_assert_num_queries(3):
        body = client.get("/api/v1/changes/?lang=en").json()
    assert body["count"] == changes
