"""events.reads.access: the one policy deciding who sees access details
(docs/architecture.md#visibility-and-access-policy)."""

import datetime as dt

from django.contrib.auth.models import Group
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

import pytest

from events.domain.choices import Audience
from events.models import AccessDetails, EventPage
from events.reads.access import (
    ELECTED_OFFICIALS,
    access_details_for,
    may_see_access_details,
    visible,
)
from events.reads.occurrences import occurrence_for_page, occurrences_between
from tests.access_fixtures import *  # noqa: F403 - the policy's user fixtures
from tests.access_fixtures import CANARY, canary_details, make_user
from tests.factories import event, series

pytestmark = pytest.mark.django_db
UTC = dt.UTC

# who → audiences whose details they see
MATRIX = {
    "anonymous": set(),
    "staff_member": {Audience.PUBLIC, Audience.ELECTED_AND_STAFF},
    "elected": {Audience.PUBLIC, Audience.ELECTED_AND_STAFF, Audience.ELECTED},
    "cms_editor": set(),
    "superuser": set(),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_policy_matrix_admits_only_matching_members(request, event_index, who):
    user = request.getfixturevalue(who)
    for audience in Audience:
        page = event(event_index, title=f"Call {audience}", audience=audience)
        canary_details(page.translation_key, audience)
        expected = audience in MATRIX[who]
        assert may_see_access_details(user, page) is expected, audience
        assert may_see_access_details(user, occurrence_for_page(page)) is expected, audience
        details = access_details_for(user, [occurrence_for_page(page)])
        assert (str(page.translation_key) in details) is expected, audience


def test_superuser_in_member_group_sees_details(event_index, superuser):
    superuser.groups.add(Group.objects.get_or_create(name=ELECTED_OFFICIALS)[0])
    page = event(event_index, audience=Audience.ELECTED)
    assert may_see_access_details(superuser, page)


def test_inactive_member_sees_nothing(event_index, django_user_model):
    user = make_user(django_user_model, "gone", ELECTED_OFFICIALS, is_active=False)
    page = event(event_index, audience=Audience.PUBLIC)
    assert not may_see_access_details(user, page)


def test_series_details_apply_to_every_occurrence_unless_overridden(event_index, elected):
    calls = series(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    canary_details(calls.translation_key, "series")
    override = event(
        calls,
        title="Special",
        occurrence_date=dt.date(2026, 1, 21),
        start_date=None,
        start_time=None,
        end_time=None,
    )
    canary_details(override.translation_key, "override")
    occs = occurrences_between(
        dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 2, 10, tzinfo=UTC), "en"
    )
    details = access_details_for(elected, occs)
    by_date = {o.recurrence_id.date(): details[o.id].passcode for o in occs}
    assert by_date == {
        dt.date(2026, 1, 7): f"{CANARY}-series",
        dt.date(2026, 1, 21): f"{CANARY}-override",
        dt.date(2026, 2, 4): f"{CANARY}-series",
    }


def test_override_without_own_details_falls_back_to_series(event_index, elected):
    calls = series(event_index, audience=Audience.ELECTED)
    canary_details(calls.translation_key, "series")
    override = event(
        calls,
        title="Special",
        occurrence_date=dt.date(2026, 1, 21),
        start_date=None,
        start_time=None,
        end_time=None,
    )
    assert access_details_for(elected, [override])[str(override.translation_key)].passcode == (
        f"{CANARY}-series"
    )


def test_details_are_shared_by_every_translation(event_index, elected):
    from tests.factories import translate

    en = event(event_index, audience=Audience.ELECTED)
    fr = translate(en, "fr", title="Appel", slug="appel")
    canary_details(en.translation_key)
    assert access_details_for(elected, [occurrence_for_page(fr)])[str(fr.translation_key)]


@pytest.mark.parametrize("n", [1, 4])
def test_access_details_for_runs_constant_queries(event_index, django_user_model, n):
    user = make_user(django_user_model, f"member{n}", ELECTED_OFFICIALS)
    pages = [event(event_index, title=f"E{i}", audience=Audience.ELECTED) for i in range(n)]
    for page in pages:
        canary_details(page.translation_key, page.slug)
    occs = [occurrence_for_page(EventPage.objects.get(pk=p.pk)) for p in pages]
    with CaptureQueriesContext(connection) as queries:
        details = access_details_for(user, occs)
    assert len(details) == n
    # One for the user's member groups, one for the records.
    assert len(queries) == 2


def test_visible_is_the_same_for_members(event_index, elected):
    # Membership grants access details, never drafts: the listing has no member variant.
    live = event(event_index, title="Live")
    draft = event(event_index, title="Draft")
    draft.unpublish()
    qs = EventPage.objects.all()
    assert list(visible(qs)) == [live]
    assert may_see_access_details(elected, live)


def _get(client, user, page):
    if user is not None:
        client.force_login(user)
    return client.get(page.url)


@pytest.mark.parametrize(
    ("who", "shown"),
    [("anonymous", False), ("staff_member", False), ("cms_editor", False), ("elected", True)],
)
def test_event_page_shows_canary_only_to_entitled_member(request, client, event_index, who, shown):
    page = event(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    canary_details(page.translation_key)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = _get(client, user, page)
    assert response.status_code == 200
    # The include renders exactly what the page context grants (event_page.html includes it).
    fragment = render_to_string(
        "members/includes/access_details.html",
        {"access_details": response.context_data.get("access_details")},
    )
    assert (CANARY in fragment) is shown
    assert (CANARY in response.text) is False or shown
    cache_control = response.headers.get("Cache-Control", "")
    if shown:
        assert "private" in cache_control and "no-store" in cache_control
        assert f"https://meet.example.org/{CANARY}-event" in fragment
    else:
        assert "no-store" not in cache_control


@pytest.fixture
def detail_editor(cms_editor):
    """The CMS editor, given the dedicated permission (still in no member group)."""
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name="Access-detail editors")
    group.permissions.add(Permission.objects.get(codename="change_accessdetails"))
    cms_editor.groups.add(group)
    return type(cms_editor).objects.get(pk=cms_editor.pk)


def test_admin_view_is_forbidden_without_dedicated_permission(client, event_index, cms_editor):
    page = event(event_index, audience=Audience.ELECTED)
    canary_details(page.translation_key)
    client.force_login(cms_editor)
    response = client.get(f"/admin/access-details/{page.pk}/")
    assert response.status_code == 403
    assert CANARY not in response.text
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert "/admin/access-details/" not in edit.text
    assert CANARY not in edit.text


def test_admin_view_edits_one_record_for_all_languages(client, event_index, detail_editor):
    from tests.factories import translate

    page = event(event_index, audience=Audience.ELECTED)
    fr = translate(page, "fr", title="Appel", slug="appel")
    client.force_login(detail_editor)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert f"/admin/access-details/{page.pk}/" in edit.text
    response = client.get(f"/admin/access-details/{fr.pk}/")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    posted = client.post(
        f"/admin/access-details/{fr.pk}/",
        {"join_url": "https://meet.example.org/j/1", "dial_in": "", "passcode": "42"},
    )
    assert posted.status_code == 302
    details = AccessDetails.objects.get()
    assert (details.event_key, details.passcode) == (page.translation_key, "42")
    assert CANARY not in client.get(f"/admin/access-details/{page.pk}/").text
    bad = client.post(f"/admin/access-details/{page.pk}/", {"join_url": "not a url"})
    assert bad.status_code == 200
    assert "Enter a valid URL." in bad.text


def test_admin_view_refuses_other_page_types(client, event_index, detail_editor):
    client.force_login(detail_editor)
    # (LocaleMiddleware first tries the /en/ prefix for any 404, hence follow.)
    response = client.get(f"/admin/access-details/{event_index.pk}/", follow=True)
    assert response.status_code == 404
    assert not AccessDetails.objects.exists()


def test_admin_view_sends_anonymous_to_sign_in(client, event_index):
    page = event(event_index, audience=Audience.ELECTED)
    response = client.get(f"/admin/access-details/{page.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_series_page_context_has_details_only_for_entitled(client, event_index, elected):
    calls = series(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    canary_details(calls.translation_key, "series")
    assert client.get(calls.url).context_data["access_details"] is None
    client.force_login(elected)
    response = client.get(calls.url)
    assert response.context_data["access_details"].passcode == f"{CANARY}-series"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_request_access_path_is_in_the_language(client, home, language):
    from events.reads.access import request_access_path

    path = request_access_path(language)
    assert path == f"/{language}/account/request-access/"
    assert client.get(path).status_code == 200
