"""Contract of /api/v1/events/: representation, filters, stable ids, incremental sync, and
agreement with the HTML event index."""

import datetime as dt

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from events.api.serializers import EventSerializer
from events.domain.choices import Audience, Status
from events.models import EventPage
from tests.factories import SpeakerFactory, add, add_speakers, event, publish, series, translate

pytestmark = pytest.mark.django_db

MAY = "start=2026-05-01&end=2026-05-31"


def results(client, query):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_event_representation_has_every_documented_field(client, event_index):
    page = event(event_index, title="Bee City", intro="Pollinators in town.")
    translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    add_speakers(page, [SpeakerFactory(name="Ada Lovelace", role="Mayor", organisation="Town")])
    (item,) = results(client, MAY)
    assert tuple(item) == EventSerializer.Meta.fields
    key = str(page.translation_key)
    assert item["id"] == item["uid"] == key
    assert item["recurrence_id"] is None
    assert (item["title"], item["summary"], item["language"]) == (
        "Bee City",
        "Pollinators in town.",
        "en",
    )
    assert item["start"] == "2026-05-18T11:00:00-07:00"
    assert item["end"] == "2026-05-18T12:00:00-07:00"
    assert item["timezone"] == "America/Vancouver"
    assert item["month"] is None
    assert item["url"] == f"http://testserver/en/events/{page.slug}/"
    assert item["ics_url"] == item["url"] + "calendar.ics"
    assert item["translations"] == {
        "en": item["url"],
        "fr": "http://testserver/fr/evenements/ville-abeille/",
    }
    assert (item["status"], item["status_reason"], item["audience"]) == (
        "scheduled",
        "",
        "public",
    )
    assert item["host"] == {
        "type": "network",
        "id": str(event_index.translation_key),
        "name": "Events",
        "url": "http://testserver/en/events/",
    }
    assert item["series"] is None
    assert item["speakers"] == [
        {
            "id": item["speakers"][0]["id"],
            "name": "Ada Lovelace",
            "role": "presenter",
            "role_label": "Presenter",
            "title": "Mayor",
            "organisation": "Town",
            "language": "en",
            "photo": None,
        }
    ]
    assert item["image"] is None
    # The group's latest publication: the French copy was published after the English page.
    latest = max(p.last_published_at for p in page.get_translations(inclusive=True))
    assert dt.datetime.fromisoformat(item["last_modified"]) == latest


def test_access_details_never_appear(client, event_index):
    # A fixed slug: a random one ("join-despite-exist") could carry a searched word.
    event(event_index, title="Members call", slug="members-call", audience=Audience.ELECTED)
    # The key `join_url` is always there (null unless published openly for an event open to
    # all, tests/members/test_public_join_link.py); no other trace of joining details.
    text = client.get(f"/api/v1/events/?{MAY}").text.lower().replace('"join_url":null', "")
    for word in ("join", "zoom", "dial", "passcode", "password", "meeting_url"):
        assert word not in text


def test_series_occurrence_has_uid_recurrence_id_and_series(client, event_index):
    calls = series(event_index, title="All-Caucus Call")
    item = results(client, MAY)[0]
    key = str(calls.translation_key)
    # Every second Wednesday from January 7th: May 13th is the first in May.
    assert item["id"] == f"{key}_20260513T110000"
    assert item["uid"] == key
    assert item["recurrence_id"] == item["start"] == "2026-05-13T11:00:00-07:00"
    assert item["series"] == {
        "id": key,
        "title": "All-Caucus Call",
        "url": f"http://testserver/en/events/{calls.slug}/",
        "rrule": calls.rrule,
    }


def test_date_to_be_announced_has_null_times_and_its_month(client, event_index):
    event(event_index, title="Summit", start_date=dt.date(2026, 9, 14), date_tba=True)
    (item,) = results(client, "start=2026-09-01&end=2026-09-30")
    assert (item["start"], item["end"], item["month"], item["date_tba"]) == (
        None,
        None,
        "2026-09",
        True,
    )


# Wagtail's Image.generate_rendition_file leaves its SpooledTemporaryFile to the garbage
# collector (a ResourceWarning); collected here, so it is not blamed on a later test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_event_image_has_renditions_with_size_and_alt(client, event_index, settings, tmp_path):
    import gc

    from wagtail_factories import ImageFactory

    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory(title="Bees on a flower", file__width=1200, file__height=800)
    event(event_index, title="Bee City", image=image)
    (item,) = results(client, MAY)
    assert item["image"]["alt"] == image.default_alt_text
    assert (item["image"]["width"], item["image"]["height"]) == (1200, 800)
    names = [r["name"] for r in item["image"]["renditions"]]
    assert names == ["card", "large"]
    card = item["image"]["renditions"][0]
    assert (card["width"], card["height"]) == (800, 450)
    assert card["url"].startswith("http://testserver/media/images/")
    gc.collect()


def test_ids_are_equal_across_languages(client, event_index):
    page = event(event_index, title="Bee City")
    translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    calls = series(event_index, title="Calls")
    translate(calls, "fr", title="Appels", slug="appels")
    en = results(client, f"{MAY}&lang=en")
    fr = results(client, f"{MAY}&lang=fr")
    assert [e["id"] for e in en] == [e["id"] for e in fr]
    assert {e["language"] for e in en} == {"en"}
    assert {e["language"] for e in fr} == {"fr"}
    assert {e["title"] for e in fr} == {"Ville abeille", "Appels"}


def test_untranslated_event_falls_back_and_says_its_language(client, event_index):
    event(event_index, title="Bee City")
    (item,) = results(client, f"{MAY}&lang=fr")
    assert (item["title"], item["language"]) == ("Bee City", "en")


def test_ids_survive_an_edit_and_a_reschedule(client, event_index):
    page = event(event_index, title="Bee City")
    before = results(client, MAY)[0]["id"]
    page.title = "Bee City, revised"
    page.start_date = dt.date(2026, 5, 20)
    page = publish(page)
    (after,) = results(client, MAY)
    assert after["id"] == before
    assert after["title"] == "Bee City, revised"
    assert after["start"].startswith("2026-05-20")
    assert after["sequence"] == 1


def test_occurrence_id_survives_the_creation_of_an_override_page(client, event_index):
    calls = series(event_index, title="Calls")
    before = {e["id"]: e for e in results(client, MAY)}
    add(
        calls,
        EventPage(
            title="Calls: heat pumps",
            slug="heat-pumps",
            occurrence_date=dt.date(2026, 5, 13),
            start_date=dt.date(2026, 5, 14),
            start_time=dt.time(9),
            end_time=dt.time(10),
            status=Status.SCHEDULED,
        ),
    )
    after = {e["id"]: e for e in results(client, MAY)}
    assert after.keys() == before.keys()
    moved = after[f"{calls.translation_key}_20260513T110000"]
    assert moved["title"] == "Calls: heat pumps"
    assert moved["start"] == "2026-05-14T09:00:00-07:00"
    assert moved["recurrence_id"] == "2026-05-13T11:00:00-07:00"
    detail = client.get(f"/api/v1/events/{moved['id']}/").json()
    assert detail == moved


def test_filters_by_chapter_working_group_series_and_speaker(
    client, event_index, chapter, working_group
):
    network = event(event_index, title="Network talk")
    in_chapter = event(chapter, title="Chapter talk")
    event(working_group, title="Group talk")
    calls = series(chapter, title="Chapter calls")
    speaker = SpeakerFactory()
    add_speakers(in_chapter, [speaker])
    add_speakers(network, [SpeakerFactory()])

    def titles(query):
        return sorted({e["title"] for e in results(client, f"{MAY}&{query}")})

    assert titles(f"chapter={chapter.translation_key}") == ["Chapter calls", "Chapter talk"]
    assert titles(f"working_group={working_group.translation_key}") == ["Group talk"]
    assert titles(f"series={calls.translation_key}") == ["Chapter calls"]
    assert titles(f"speaker={speaker.translation_key}") == ["Chapter talk"]
    both = f"chapter={chapter.translation_key}&working_group={working_group.translation_key}"
    assert titles(both) == []


def test_chapter_filter_accepts_the_id_from_either_language(client, event_index, chapter):
    event(chapter, title="Chapter talk")
    fr_chapter = chapter.get_translations().get()
    assert fr_chapter.translation_key == chapter.translation_key
    query = f"{MAY}&chapter={chapter.translation_key}&lang=fr"
    assert [e["title"] for e in results(client, query)] == ["Chapter talk"]


def test_filters_by_audience_status_and_q(client, event_index):
    event(event_index, title="Open house", audience=Audience.PUBLIC)
    event(
        event_index,
        title="Élus seulement",
        audience=Audience.ELECTED,
        status=Status.CANCELLED,
        status_reason="Snow",
    )
    assert [e["title"] for e in results(client, f"{MAY}&audience=elected_officials")] == [
        "Élus seulement"
    ]
    cancelled = results(client, f"{MAY}&status=cancelled")
    assert [(e["title"], e["status_reason"]) for e in cancelled] == [("Élus seulement", "Snow")]
    assert [e["title"] for e in results(client, f"{MAY}&q=ELUS")] == ["Élus seulement"]
    assert [e["title"] for e in results(client, f"{MAY}&q=open")] == ["Open house"]


def test_window_start_end_and_ordering(client, event_index):
    event(event_index, title="Later", start_date=dt.date(2026, 5, 20))
    event(event_index, title="Sooner", start_date=dt.date(2026, 5, 18))
    event(event_index, title="June", start_date=dt.date(2026, 6, 1))
    assert [e["title"] for e in results(client, MAY)] == ["Sooner", "Later"]
    # An end date includes that day; a date-time end is exclusive.
    assert [e["title"] for e in results(client, "start=2026-05-19&end=2026-05-20")] == ["Later"]
    late = "start=2026-05-19T00:00:00Z&end=2026-05-20T18:00:00Z"
    assert [e["title"] for e in results(client, late)] == []


def test_default_window_is_from_now_to_a_year_ahead(client, event_index):
    today = timezone.localdate()
    event(event_index, title="Past", start_date=today - dt.timedelta(days=3))
    event(event_index, title="Soon", start_date=today + dt.timedelta(days=3))
    event(event_index, title="Too far", start_date=today + dt.timedelta(days=400))
    assert [e["title"] for e in results(client, "")] == ["Soon"]


def test_pagination_links_walk_every_result_once(client, event_index):
    for day in range(1, 6):
        event(event_index, title=f"Day {day}", start_date=dt.date(2026, 5, day))
    first = client.get(f"/api/v1/events/?{MAY}&limit=2").json()
    assert first["count"] == 5
    assert first["previous"] is None
    seen = [e["title"] for e in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [e["title"] for e in page["results"]]
    assert seen == [f"Day {day}" for day in range(1, 6)]
    assert page["previous"].startswith("http://testserver/api/v1/events/?")


def test_updated_since_returns_changes_and_removals(client, event_index):
    kept = event(event_index, title="Kept")
    edited = event(event_index, title="Edited")
    removed = event(event_index, title="Removed")
    hidden = event(event_index, title="Hidden")
    calls = series(event_index, title="Calls")
    sync = client.get(f"/api/v1/events/?{MAY}").json()
    since = timezone.now()
    assert len(sync["results"]) == 6  # four events, calls on May 13th and 27th
    edited.title = "Edited again"
    publish(edited)
    removed.unpublish()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    calls.delete()
    query = f"{MAY}&updated_since={since.isoformat().replace('+00:00', 'Z')}"
    delta = client.get(f"/api/v1/events/?{query}").json()
    assert [e["title"] for e in delta["results"]] == ["Edited again"]
    assert sorted(r["id"] for r in delta["removed"]) == sorted(
        str(p.translation_key) for p in (removed, hidden, calls)
    )
    assert all(r["removed"] is True for r in delta["removed"])
    assert str(kept.translation_key) not in {r["id"] for r in delta["removed"]}


def test_updated_since_does_not_remove_an_event_still_shown_in_another_language(
    client, event_index
):
    page = event(event_index, title="Bee City")
    french = translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    since = timezone.now()
    french.unpublish()
    delta = client.get(f"/api/v1/events/?{MAY}&lang=fr&updated_since={since:%Y-%m-%dT%H:%M:%S.%fZ}")
    data = delta.json()
    assert data["removed"] == []
    assert [(e["title"], e["language"]) for e in data["results"]] == [("Bee City", "en")]


def test_api_and_html_list_the_same_events(client, event_index, chapter):
    """The event index page and the API agree on which events a reader sees."""
    today = timezone.localdate()
    for offset in (5, 40, 100):
        event(event_index, title=f"In {offset} days", start_date=today + dt.timedelta(days=offset))
    event(chapter, title="Chapter", start_date=today + dt.timedelta(days=12))
    series(chapter, title="Calls", first_date=dt.date(2026, 1, 7))
    private = event(event_index, title="Private", start_date=today + dt.timedelta(days=8))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    now = timezone.now()
    start = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now + dt.timedelta(days=300)).strftime("%Y-%m-%dT%H:%M:%SZ")
    api_ids, url = set(), f"/api/v1/events/?start={start}&end={end}&limit=100"
    while url:
        page = client.get(url).json()
        api_ids |= {e["id"] for e in page["results"]}
        url = page["next"]
    # The HTML index pages through a year: read every page, compare over the same horizon.
    cutoff = now + dt.timedelta(days=300)
    html_ids, number = set(), 1
    while True:
        html = client.get(f"/en/events/?page={number}")
        assert html.status_code == 200
        listing = html.context["listing"]
        html_ids |= {o.id for o in listing if o.start and o.start < cutoff}
        if not listing.has_next():
            break
        number += 1
    assert html_ids == api_ids
    assert str(private.translation_key) not in api_ids
    assert len(api_ids) >= 4


def delta(client, query, since, **headers):
    stamp = since.isoformat().replace("+00:00", "Z")
    response = client.get(f"/api/v1/events/?{query}&updated_since={stamp}", headers=headers)
    assert response.status_code in (200, 304), response.content
    return response


def test_updated_since_removes_an_event_moved_out_of_the_window_and_lists_it_back(
    client, event_index
):
    page = event(event_index, title="Bee City")
    event(event_index, title="Kept", start_date=dt.date(2026, 5, 20))
    held = {e["id"] for e in results(client, MAY)}
    key = str(page.translation_key)
    assert key in held
    since = timezone.now()
    page.start_date = dt.date(2026, 6, 10)
    page = publish(page)
    data = delta(client, MAY, since).json()
    assert data["results"] == []
    assert data["removed"] == [{"id": key, "uid": key, "removed": True}]
    # Back into the window: listed again under the same id, no longer a removal.
    since = timezone.now()
    page.start_date = dt.date(2026, 5, 19)
    publish(page)
    response = delta(client, MAY, since)
    data = response.json()
    assert [(e["id"], e["start"]) for e in data["results"]] == [(key, "2026-05-19T11:00:00-07:00")]
    assert data["removed"] == []
    # Nothing changed since: the same poll is answered 304.
    again = delta(client, MAY, since, **{"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_updated_since_removes_the_old_occurrence_ids_of_a_series_whose_time_changed(
    client, event_index
):
    calls = series(event_index, title="Calls")
    key = str(calls.translation_key)
    held = {e["id"] for e in results(client, MAY)}
    assert held == {f"{key}_20260513T110000", f"{key}_20260527T110000"}
    since = timezone.now()
    calls.start_time, calls.end_time = dt.time(12), dt.time(13)
    publish(calls)
    data = delta(client, MAY, since).json()
    assert [e["id"] for e in data["results"]] == [
        f"{key}_20260513T120000",
        f"{key}_20260527T120000",
    ]
    assert data["removed"] == [{"id": i, "uid": key, "removed": True} for i in sorted(held)]


def test_updated_since_removes_occurrences_a_rule_change_took_out_of_the_window(
    client, event_index
):
    calls = series(event_index, title="Calls")
    key = str(calls.translation_key)
    since = timezone.now()
    calls.until = dt.date(2026, 5, 20)
    publish(calls)
    data = delta(client, MAY, since).json()
    assert [e["id"] for e in data["results"]] == [f"{key}_20260513T110000"]
    assert data["removed"] == [{"id": f"{key}_20260527T110000", "uid": key, "removed": True}]


def test_updated_since_removes_an_occurrence_whose_own_page_moved_it_out(client, event_index):
    calls = series(event_index, title="Calls")
    key = str(calls.translation_key)
    override = add(
        calls,
        EventPage(
            title="Calls: heat pumps",
            slug="heat-pumps",
            occurrence_date=dt.date(2026, 5, 13),
            status=Status.SCHEDULED,
        ),
    )
    assert f"{key}_20260513T110000" in {e["id"] for e in results(client, MAY)}
    since = timezone.now()
    override.start_date = dt.date(2026, 6, 3)
    override.start_time, override.end_time = dt.time(11), dt.time(12)
    publish(override)
    data = delta(client, MAY, since).json()
    assert data["results"] == []
    assert data["removed"] == [{"id": f"{key}_20260513T110000", "uid": key, "removed": True}]


def test_updated_since_removes_an_event_that_no_longer_matches_the_filters(client, event_index):
    page = event(event_index, title="Open house", audience=Audience.PUBLIC)
    key = str(page.translation_key)
    query = f"{MAY}&audience=public"
    assert [e["id"] for e in results(client, query)] == [key]
    since = timezone.now()
    page.audience = Audience.ELECTED
    publish(page)
    assert delta(client, query, since).json()["removed"] == [
        {"id": key, "uid": key, "removed": True}
    ]
    # Without the filter it is still listed: a change, not a removal.
    unfiltered = delta(client, MAY, since).json()
    assert ([e["id"] for e in unfiltered["results"]], unfiltered["removed"]) == ([key], [])
