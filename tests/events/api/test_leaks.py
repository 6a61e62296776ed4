"""Drafts, unpublished pages, pages behind a view restriction and pages under an unpublished
branch appear on neither API: not in lists, not by id, not through their speakers."""

import datetime as dt

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from events.models import EventPage
from tests.factories import SpeakerFactory, add_speakers, event, series

pytestmark = pytest.mark.django_db

WINDOW = "start=2026-01-01&end=2027-12-01&limit=100"


def draft(parent, title):
    page = EventPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        start_date=dt.date(2026, 5, 18),
        start_time=dt.time(11),
        timezone="America/Vancouver",
        live=False,
        locale=parent.locale,
    )
    parent.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def hidden(event_index, chapter):
    """A public event, and one of each kind of hidden event, each with its own speaker."""
    public = event(event_index, title="Public talk")
    unpublished = event(event_index, title="Unpublished talk")
    unpublished.unpublish()
    restricted = event(event_index, title="Members talk")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    in_branch = event(chapter, title="Chapter talk")
    calls = series(chapter, title="Chapter calls")
    for translation in chapter.get_translations(inclusive=True):
        translation.unpublish()
    pages = {
        "public": public,
        "draft": draft(event_index, "Draft talk"),
        "unpublished": unpublished,
        "restricted": restricted,
        "in_branch": in_branch,
    }
    for name, page in pages.items():
        add_speakers(page, [SpeakerFactory(name=f"Speaker of {name}")])
    return {**pages, "series": calls}


def test_event_list_shows_only_the_public_event(client, hidden):
    data = client.get(f"/api/v1/events/?{WINDOW}").json()
    assert [e["title"] for e in data["results"]] == ["Public talk"]


@pytest.mark.parametrize("name", ["draft", "unpublished", "restricted", "in_branch", "series"])
def test_hidden_event_by_id_is_a_404(client, hidden, name):
    key = hidden[name].translation_key
    assert client.get(f"/api/v1/events/{key}/").status_code == 404


def test_hidden_series_and_its_occurrences_are_absent(client, hidden):
    key = hidden["series"].translation_key
    assert client.get("/api/v1/series/").json()["count"] == 0
    assert client.get(f"/api/v1/series/{key}/").status_code == 404
    assert client.get(f"/api/v1/events/{key}_20260107T110000/").status_code == 404
    assert client.get(f"/api/v1/events/?series={key}").status_code == 400


def test_unpublished_chapter_is_absent_and_not_a_filter(client, hidden, chapter):
    assert client.get("/api/v1/chapters/").json()["count"] == 0
    assert client.get(f"/api/v1/chapters/{chapter.translation_key}/").status_code == 404
    assert client.get(f"/api/v1/events/?chapter={chapter.translation_key}").status_code == 400


def test_speakers_of_hidden_events_are_not_listed(client, hidden):
    names = [s["name"] for s in client.get("/api/v1/speakers/").json()["results"]]
    assert names == ["Speaker of public"]


def test_content_api_lists_only_visible_pages(client, hidden):
    titles = {p["title"] for p in client.get("/api/v2/pages/?limit=20").json()["items"]}
    assert "Public talk" in titles
    assert not titles & {
        "Draft talk",
        "Unpublished talk",
        "Members talk",
        "Chapter talk",
        "Chapter calls",
        "B.C. Chapter",
    }


@pytest.mark.parametrize("name", ["draft", "unpublished", "restricted", "in_branch", "series"])
def test_content_api_hidden_page_by_id_is_a_404(client, hidden, name):
    response = client.get(f"/api/v2/pages/{hidden[name].pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


PAGE_CANARY = "pagecanary-9e07b1"


def test_event_restricted_after_its_answers_were_cached_is_gone_from_both_apis(
    client, event_index, django_capture_on_commit_callbacks
):
    """The second page case of issue 10 (the first, a live event under an unpublished parent,
    is `in_branch` above): answers built and cached while the event was public are not
    reused once it is restricted."""
    page = event(event_index, title=f"Briefing {PAGE_CANARY}")
    add_speakers(page, [SpeakerFactory(name=f"Speaker {PAGE_CANARY}")])
    urls = [
        f"/api/v1/events/?{WINDOW}",
        f"/api/v1/events/{page.translation_key}/",
        "/api/v1/speakers/",
        "/api/v2/pages/?type=events.EventPage",
        f"/api/v2/pages/{page.pk}/",
    ]
    for url in urls:
        client.get(url)
        assert PAGE_CANARY in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    for url in urls:
        assert PAGE_CANARY not in client.get(url).content.decode(), url


def test_content_api_is_locale_aware(client, event_index):
    from tests.factories import translate

    page = event(event_index, title="Bee City")
    translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    fr = client.get("/api/v2/pages/?locale=fr&type=events.EventPage&fields=title").json()
    assert [p["title"] for p in fr["items"]] == ["Ville abeille"]
    assert fr["items"][0]["meta"]["locale"] == "fr"


# --- `removed` (updated_since) names only what an anonymous caller could have held -------------


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def hidden_host(chapter, slug):
    """A second chapter, unpublished: a branch that hides whatever is moved under it."""
    from chapters.models import ChapterPage
    from tests.factories import add

    host = add(chapter.get_parent(), ChapterPage(title=slug, slug=slug))
    host.unpublish()
    return host


def case_draft_deleted(event_index, chapter, working_group):
    page = draft(event_index, "Draft talk")
    return page, page.delete


def case_draft_under_unpublished_host(event_index, chapter, working_group):
    page = draft(chapter, "Draft chapter talk")
    return page, chapter.unpublish


def case_restricted_then_unpublished(event_index, chapter, working_group):
    restrict(working_group)
    page = event(working_group, title="Members-only talk")
    return page, page.unpublish


def case_restricted_then_deleted(event_index, chapter, working_group):
    restrict(working_group)
    page = event(working_group, title="Members-only talk")
    return page, page.delete


def case_hidden_branch_restricted(event_index, chapter, working_group):
    page = event(chapter, title="Chapter talk")
    chapter.unpublish()
    return page, lambda: restrict(chapter)


def case_hidden_page_moved_to_another_hidden_branch(event_index, chapter, working_group):
    page = event(chapter, title="Chapter talk")
    chapter.unpublish()
    elsewhere = hidden_host(chapter, "dormant")
    return page, lambda: page.move(elsewhere, pos="last-child")


def case_draft_moved(event_index, chapter, working_group):
    page = draft(event_index, "Draft talk")
    return page, lambda: page.move(chapter, pos="last-child")


def case_restriction_changed(event_index, chapter, working_group):
    page = event(event_index, title="Private talk")
    restriction = restrict(page)

    def change():
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()

    return page, change


def case_unpublished_series_under_restricted_host(event_index, chapter, working_group):
    calls = series(chapter, title="Chapter calls")
    calls.unpublish()
    return calls, lambda: restrict(chapter)


REMOVAL_CASES = [
    case_draft_deleted,
    case_draft_under_unpublished_host,
    case_restricted_then_unpublished,
    case_restricted_then_deleted,
    case_hidden_branch_restricted,
    case_hidden_page_moved_to_another_hidden_branch,
    case_draft_moved,
    case_restriction_changed,
    case_unpublished_series_under_restricted_host,
]


@pytest.mark.parametrize("case", REMOVAL_CASES, ids=lambda case: case.__name__[5:])
def test_removed_names_no_event_an_anonymous_caller_could_never_have_seen(
    client, event_index, chapter, working_group, case
):
    never_seen, change = case(event_index, chapter, working_group)
    # The control: a public event that does leave the schedule in the same interval.
    seen = event(event_index, title="Public talk")
    since = timezone.now()

    change()
    seen.unpublish()

    stamp = since.isoformat().replace("+00:00", "Z")
    data = client.get(f"/api/v1/events/?{WINDOW}&updated_since={stamp}").json()
    removed = {r["id"] for r in data["removed"]}
    assert str(never_seen.translation_key) not in removed
    assert removed == {str(seen.translation_key)}
