"""Leak tests (issue 6 §7): the canary in every access-detail field of restricted events,
series, drafts and private pages must appear nowhere it must not: not in the database outside
AccessDetails (revisions, translation sources, search index), not on any public page or admin
page for the wrong people — and it does appear for the entitled member.

The API with a member's token is checked here on the same `world`; the personal and public
feeds in test_personal_feed.py (their window is relative to today, `world`'s dates are not).
"""

import datetime as dt
import re

from django.db import connection
from django.test import TestCase

from wagtail.models import Page, PageViewRestriction

import pytest

from events.domain.choices import Audience
from events.models import AccessDetails, EventPage, EventSeriesPage
from members import tokens
from tests.access_fixtures import CANARY, canary_details
from tests.events.domain.test_schedule import localize_translate
from tests.factories import event, series

pytestmark = pytest.mark.django_db
LEAK_FREE_TABLES = {AccessDetails._meta.db_table}


@pytest.fixture
def world(event_index):
    restricted = event(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    staff_call = event(event_index, title="Working group", audience=Audience.ELECTED_AND_STAFF)
    calls = series(event_index, title="All-Caucus Call", audience=Audience.ELECTED)
    override = event(
        calls,
        title="All-Caucus: adaptation",
        occurrence_date=dt.date(2026, 1, 21),
        start_date=None,
        start_time=None,
        end_time=None,
    )
    draft = event(event_index, title="Draft call", audience=Audience.ELECTED)
    draft.unpublish()
    private = event(event_index, title="Private call", audience=Audience.ELECTED)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for page in (restricted, staff_call, calls, override, draft, private):
        canary_details(page.translation_key, page.slug)
    # Translate through wagtail-localize (TranslationSource, segments) and save new revisions.
    fr_restricted = localize_translate(restricted, "fr")
    fr_calls = localize_translate(calls, "fr")
    with TestCase.captureOnCommitCallbacks(execute=True):
        for page in (restricted, calls, override):
            page.save_revision().publish()
    return {
        "restricted": restricted,
        "staff_call": staff_call,
        "series": calls,
        "override": override,
        "draft": draft,
        "private": private,
        "fr_restricted": fr_restricted,
        "fr_series": fr_calls,
    }


def _tables_containing(needle):
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in LEAK_FREE_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if any(needle in str(row) for row in cursor.fetchall()):
                found.append(table)
    return found


def test_canary_is_only_in_access_details_table(world):
    assert AccessDetails.objects.filter(passcode__contains=CANARY).count() == 6
    assert _tables_containing(CANARY) == []
    # The scan can fail: the same search finds what a page field would have leaked.
    assert _tables_containing("Electeds-Only Call")


def test_access_details_are_no_page_api_or_search_field():
    names = {"join_url", "dial_in", "passcode", "registration_notes", "access_details"}
    for model in (EventPage, EventSeriesPage):
        assert not names & {f.name for f in model.api_fields}
        assert not names & {getattr(f, "field_name", None) for f in model.search_fields}
        assert not names & {f.name for f in model._meta.get_fields()}
    assert not hasattr(AccessDetails, "api_fields")
    assert not hasattr(AccessDetails, "search_fields")


def _public_urls(world):
    pages = Page.objects.live().specific()
    urls = {p.url for p in pages if p.url}
    # Search for the canary's words (the page echoes the query, so not the whole canary).
    words = [*CANARY.split("-"), "meet.example.org", "passcode"]
    urls |= {f"/{lang}/search/?query={word}" for lang in ("en", "fr") for word in words}
    urls |= {"/en/account/", "/fr/account/", "/en/account/request-access/"}
    return sorted(urls)


@pytest.mark.parametrize("who", ["anonymous", "staff_member", "cms_editor"])
def test_canary_reaches_no_public_url_for_the_unentitled(request, client, world, who):
    # Municipal staff are entitled to the staff call's details, and to nothing else here.
    allowed = set()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    if who == "staff_member":
        allowed = {world["staff_call"].translation_key}
    urls = _public_urls(world)
    assert len(urls) > 10
    for url in urls:
        response = client.get(url, follow=True)
        leaked = set(re.findall(rf"{CANARY}-[\w-]+", response.content.decode()))
        assert leaked <= {f"{CANARY}-{world['staff_call'].slug}" for _ in allowed}, url
        context = getattr(response, "context_data", None) or {}
        details = context.get("access_details")
        assert details is None or details.event_key in allowed, url


def test_staff_member_sees_staff_call_details_only(client, world, staff_member):
    client.force_login(staff_member)
    shown = client.get(world["staff_call"].url).context_data["access_details"]
    assert shown.passcode == f"{CANARY}-{world['staff_call'].slug}"
    assert client.get(world["restricted"].url).context_data["access_details"] is None


def test_cms_editor_sees_no_canary_in_the_admin(client, world, cms_editor):
    client.force_login(cms_editor)
    page = world["restricted"]
    urls = [
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.pk}/revisions/{page.latest_revision_id}/view/",
        f"/admin/pages/{world['override'].pk}/edit/",
        f"/admin/pages/{world['fr_series'].pk}/edit/",
        f"/admin/pages/{world['draft'].pk}/edit/",
        f"/admin/pages/{event_index_id(world)}/",
        f"/admin/pages/search/?q={CANARY.split('-')[1]}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert CANARY not in response.content.decode(), url
    assert client.get(f"/admin/access-details/{page.pk}/").status_code == 403


def event_index_id(world):
    return world["restricted"].get_parent().pk


def test_entitled_member_gets_canary_in_both_languages(client, world, elected):
    client.force_login(elected)
    for key, record in (("restricted", "restricted"), ("fr_restricted", "restricted")):
        response = client.get(world[key].url)
        details = response.context_data["access_details"]
        assert details.join_url == f"https://meet.example.org/{CANARY}-{world[record].slug}"
        assert "no-store" in response.headers["Cache-Control"]
    override = client.get(world["override"].url).context_data["access_details"]
    assert override.passcode == f"{CANARY}-{world['override'].slug}"
    # A draft is no page at all, for members too.
    assert client.get(f"/en/events/{world['draft'].slug}/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "staff_member", "cms_editor", "superuser", "elected"])
def test_api_gives_each_caller_only_the_details_they_may_see(request, client, world, who):
    # Drafts and view-restricted pages are in no answer, for members neither.
    allowed = {
        "anonymous": set(),
        "cms_editor": set(),
        "superuser": set(),
        "staff_member": {"staff_call"},
        "elected": {"restricted", "staff_call", "series", "override"},
    }[who]
    headers = {}
    if who != "anonymous":
        headers = {"Authorization": f"Token {tokens.issue(request.getfixturevalue(who), 'api')}"}
    seen = set()
    for language in ("en", "fr"):
        urls = [f"/api/v1/events/?start=2026-01-01&end=2026-12-31&limit=100&lang={language}"]
        urls += [
            f"/api/v1/events/{world[name].translation_key}/?lang={language}"
            for name in ("restricted", "staff_call", "draft", "private")
        ]
        for url in urls:
            response = client.get(url, headers=headers)
            assert response.status_code in (200, 404), url
            seen |= set(re.findall(rf"{CANARY}-([\w-]+)", response.content.decode()))
    assert seen == {world[name].slug for name in allowed}


# --- The two page cases of issue 10: a hidden branch, a restriction after caching ---------------

ENTITLED = {
    "anonymous": set(),
    "staff_member": {"staff_call"},
    "cms_editor": set(),
    "superuser": set(),
    "elected": {"restricted", "staff_call", "series", "override"},
}


@pytest.fixture
def hidden_branch(world, chapter):
    """A live elected-only event with access details, under a chapter that is then
    unpublished (the event itself stays live: Wagtail's router would serve it)."""
    page = event(chapter, title="Chapter caucus", audience=Audience.ELECTED)
    canary_details(page.translation_key, page.slug)
    chapter.unpublish()
    return page


@pytest.mark.parametrize("who", list(ENTITLED))
def test_canary_of_a_page_in_a_hidden_branch_reaches_no_one(
    request, client, world, hidden_branch, who
):
    """Nobody, the entitled member included, gets the details of a live event under an
    unpublished parent, or of a page behind a view restriction, on any page, feed or API."""
    headers = {}
    if who != "anonymous":
        user = request.getfixturevalue(who)
        client.force_login(user)
        headers = {"Authorization": f"Token {tokens.issue(user, 'api')}"}
    allowed = {world[name].slug for name in ENTITLED[who]}
    hidden = [hidden_branch, world["private"]]
    urls = _public_urls(world)
    urls += [page.url + "calendar.ics" for page in hidden]
    urls += [f"/api/v1/events/{page.translation_key}/" for page in hidden]
    urls += ["/api/v1/events/?start=2026-01-01&end=2026-12-31&limit=100"]
    assert hidden_branch.url in urls and world["private"].url in urls
    for url in urls:
        response = client.get(url, headers=headers, follow=True)
        leaked = set(re.findall(rf"{CANARY}-([\w-]+)", response.content.decode()))
        assert leaked <= allowed, url
    for page in hidden:
        response = client.get(page.url)
        assert response.status_code == 404, page.url
        assert page.title not in response.content.decode(), page.url


PAGE_CANARY = "pagecanary-41c8d2"


def test_page_restricted_after_caching_reaches_no_anonymous_surface(
    client, world, settings, django_capture_on_commit_callbacks
):
    """An editor makes a cached public page private: from the very next request, no anonymous
    page, listing, search, feed or API answer shows it (its content carries a canary)."""
    from django.core.management import call_command
    from django.utils import timezone

    settings.PAGE_CACHE_SECONDS = 300
    page = event(
        world["restricted"].get_parent(),
        title=f"Briefing {PAGE_CANARY}",
        intro=f"Agenda {PAGE_CANARY}",
        start_date=timezone.localdate() + dt.timedelta(days=3),
    )
    call_command("update_index", verbosity=0)
    today = timezone.localdate()
    urls = sorted(
        {
            *_public_urls(world),
            page.url,
            page.url + "calendar.ics",
            "/en/events/calendar.ics",
            f"/en/search/?query={PAGE_CANARY.split('-')[0]}",
            f"/api/v1/events/?start={today}&end={today + dt.timedelta(days=30)}",
            f"/api/v1/events/{page.translation_key}/",
            "/api/v2/pages/?type=events.EventPage&order=-id",
        }
    )
    shown = set()
    for url in urls:
        client.get(url)  # fills the page cache and the API's answer cache
        if PAGE_CANARY in client.get(url).content.decode():
            shown.add(url)
    assert {
        page.url,
        "/en/events/",
        "/en/events/calendar.ics",
        "/api/v2/pages/?type=events.EventPage&order=-id",
    } <= shown

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    for url in shown:
        assert PAGE_CANARY not in client.get(url).content.decode(), url
