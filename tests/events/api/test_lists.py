"""The API root and the series, chapter, working-group and speaker endpoints."""

from wagtail.models import Locale

import pytest

from tests.factories import SpeakerFactory, add_speakers, event, series, translate

pytestmark = pytest.mark.django_db


def test_root_links_every_endpoint_and_each_language_calendar(client, event_index):
    data = client.get("/api/v1/").json()
    for name in ("events", "series", "chapters", "working_groups", "speakers", "schema", "docs"):
        assert client.get(data[name]).status_code == 200, name
    assert data["content_api"] == "http://testserver/api/v2/pages/"
    assert data["calendars"] == {
        "en": "http://testserver/en/events/calendar.ics",
        "fr": "http://testserver/fr/evenements/calendar.ics",
    }


def test_series_list_and_detail(client, chapter):
    calls = series(chapter, title="Chapter calls", intro="Every second Wednesday.")
    translate(calls, "fr", title="Appels de la section", slug="appels")
    (item,) = client.get("/api/v1/series/?lang=fr").json()["results"]
    key = str(calls.translation_key)
    assert (item["id"], item["title"], item["language"]) == (key, "Appels de la section", "fr")
    assert item["rrule"] == calls.rrule
    assert (item["start_time"], item["end_time"], item["timezone"]) == (
        "11:00:00",
        "12:00:00",
        "America/Vancouver",
    )
    assert item["host"]["type"] == "chapter"
    assert item["host"]["name"] == "Section C.-B."
    assert item["events"] == f"http://testserver/api/v1/events/?series={key}"
    assert set(item["translations"]) == {"en", "fr"}
    assert client.get(f"/api/v1/series/{key}/?lang=fr").json() == item


def test_chapters_and_working_groups(client, chapter, working_group):
    chapters = client.get("/api/v1/chapters/?lang=fr").json()["results"]
    assert [(c["id"], c["name"]) for c in chapters] == [
        (str(chapter.translation_key), "Section C.-B.")
    ]
    groups = client.get("/api/v1/working-groups/").json()["results"]
    assert [(g["id"], g["name"]) for g in groups] == [
        (str(working_group.translation_key), "Outdoor Rec")
    ]
    detail = client.get(f"/api/v1/chapters/{chapter.translation_key}/").json()
    assert detail["url"] == "http://testserver/en/chapters/bc/"
    assert detail["ics_url"] == "http://testserver/en/chapters/bc/calendar.ics"
    assert detail["events"].endswith(f"?chapter={chapter.translation_key}")


def test_speakers_in_the_language_asked_for(client, event_index):
    speaker = SpeakerFactory(name="Ada Lovelace", role="Mayor")
    french = speaker.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.role = "Mairesse"
    french.save()
    add_speakers(event(event_index), [speaker])
    (en,) = client.get("/api/v1/speakers/").json()["results"]
    (fr,) = client.get("/api/v1/speakers/?lang=fr").json()["results"]
    assert en["id"] == fr["id"] == str(speaker.translation_key)
    assert (en["title"], en["language"]) == ("Mayor", "en")
    assert (fr["title"], fr["language"]) == ("Mairesse", "fr")
    assert client.get(f"/api/v1/speakers/{speaker.translation_key}/?lang=fr").json() == fr


def test_lists_paginate_with_limit_and_offset(client, event_index):
    for n in range(3):
        series(event_index, title=f"Series {n}")
    first = client.get("/api/v1/series/?limit=2").json()
    second = client.get(first["next"]).json()
    assert first["count"] == second["count"] == 3
    assert [s["title"] for s in first["results"] + second["results"]] == [
        "Series 0",
        "Series 1",
        "Series 2",
    ]
    assert second["next"] is None
