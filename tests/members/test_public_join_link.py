"""The join link published openly (issue 12 item 2): on every public surface for an event open
to all whose editor chose it, and never a restricted event's, nor any other access detail.

Leak tests in the manner of test_leaks.py: the canary in every field of the records, then every
public surface (page, JSON-LD, the public feeds, the API) read anonymously.
"""

import datetime as dt
import json
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from events.admin.views import AccessDetailsForm
from events.domain.choices import Audience
from events.models import AccessDetails
from events.reads import access
from events.reads.occurrences import event_from_page
from tests.access_fixtures import CANARY, canary_details
from tests.factories import event, series, translate

pytestmark = pytest.mark.django_db
# A Wednesday ten to sixteen days ahead: the open series' first call and its session's date.
_AHEAD = timezone.now().date() + dt.timedelta(days=10)
SOON = _AHEAD + dt.timedelta(days=(2 - _AHEAD.weekday()) % 7)


def unfolded(body):
    return body.replace(b"\r\n ", b"").decode()


@pytest.fixture
def calls(event_index):
    """An open talk publishing its link, an open talk not publishing it, a restricted call whose
    record says "publish" (written behind the form's back: the policy must still refuse), and
    an open series publishing its link with one session page."""
    talk = event(event_index, title="Bee City talk", slug="bee", start_date=SOON)
    translate(talk, "fr", title="Ville abeille", slug="abeille")
    quiet = event(event_index, title="Quiet talk", slug="quiet", start_date=SOON)
    restricted = event(
        event_index,
        title="Electeds call",
        slug="electeds",
        start_date=SOON,
        audience=Audience.ELECTED,
    )
    open_series = series(
        event_index,
        title="All-Caucus",
        slug="all-caucus",
        audience=Audience.PUBLIC,
        first_date=SOON,
    )
    session = event(
        open_series,
        title="All-Caucus: adaptation",
        slug="adaptation",
        occurrence_date=SOON + dt.timedelta(days=(2 - SOON.weekday()) % 7),
        start_date=None,
        start_time=None,
        end_time=None,
    )
    for page, publish in ((talk, True), (quiet, False), (restricted, True), (open_series, True)):
        record = canary_details(page.translation_key, page.slug)
        record.publish_openly = publish
        record.save()
    return {
        "talk": talk,
        "quiet": quiet,
        "restricted": restricted,
        "series": open_series,
        "session": session,
    }


def link(page):
    return f"https://meet.example.org/{CANARY}-{page.slug}"


def test_policy_publishes_only_open_events_links(calls):
    found = access.public_join_links(
        [event_from_page(calls[name]) for name in ("talk", "quiet", "restricted")]
    )
    assert found == {str(calls["talk"].translation_key): link(calls["talk"])}


def test_policy_answers_in_one_query(calls, django_assert_num_queries):
    items = [event_from_page(calls[name]) for name in ("talk", "quiet", "restricted")]
    with django_assert_num_queries(1):
        access.public_join_links(items)
    with django_assert_num_queries(0):
        access.public_join_links([event_from_page(calls["restricted"])])


def _canaries(text):
    return set(re.findall(rf"{CANARY}-[\w-]+", text))


def test_event_page_shows_the_published_link_to_anyone(client, calls):
    response = client.get(calls["talk"].url)
    text = response.text
    assert f'href="{link(calls["talk"])}"' in text
    # Only the link: dial-in, passcode and notes stay for members.
    assert _canaries(text) == {f"{CANARY}-bee"}
    assert "no-store" not in response.get("Cache-Control", "")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)[1])
    assert ld["location"] == {"@type": "VirtualLocation", "url": link(calls["talk"])}
    # The French page too: one record per translation group.
    assert link(calls["talk"]) in client.get("/fr/evenements/abeille/").text


def test_series_link_reaches_its_session_and_series_pages(client, calls):
    assert link(calls["series"]) in client.get(calls["series"].url).text
    assert link(calls["series"]) in client.get(calls["session"].url).text


@pytest.mark.parametrize("name", ["quiet", "restricted"])
def test_unpublished_or_restricted_links_reach_no_page(client, calls, name):
    text = client.get(calls[name].url).text
    assert _canaries(text) == set()
    assert "Join or register" not in text


def test_public_feeds_carry_only_published_links(client, calls):
    for url in (
        "/en/events/calendar.ics",
        "/fr/evenements/calendar.ics",
        calls["talk"].url + "calendar.ics",
    ):
        body = unfolded(client.get(url).content)
        assert _canaries(body) <= {f"{CANARY}-bee", f"{CANARY}-all-caucus"}, url
    body = unfolded(client.get("/en/events/calendar.ics").content)
    assert f"URL:{link(calls['talk'])}" in body
    assert f"Join link: {link(calls['talk'])}" in body
    assert f"URL:{link(calls['series'])}" in body
    # The text says where the link is: below, not "on the event page".
    at = body.index(f"Join link: {link(calls['talk'])}")
    assert "Open to all — join with the link below" in body[at - 200 : at]
    quiet = body[body.index("SUMMARY:Quiet talk") :]
    quiet = quiet[: quiet.index("END:VEVENT")]
    assert "Open to all — joining details on the event page" in quiet


def test_api_gives_join_url_only_for_published_open_events(client, calls):
    results = client.get("/api/v1/events/", {"lang": "en"}).json()["results"]
    by_title = {r["title"]: r["join_url"] for r in results}
    assert by_title["Bee City talk"] == link(calls["talk"])
    assert by_title["Quiet talk"] is None
    assert by_title["Electeds call"] is None
    assert by_title["All-Caucus: adaptation"] == link(calls["series"])
    assert _canaries(json.dumps(results)) <= {f"{CANARY}-bee", f"{CANARY}-all-caucus"}
    one = client.get(f"/api/v1/events/{calls['restricted'].translation_key}/").json()
    assert one["join_url"] is None and CANARY not in json.dumps(one)


def test_a_sync_learns_of_a_link_published_or_withdrawn(client, calls):
    """An API client syncing with `updated_since` gets an event whose join link was published
    (or withdrawn) since, though no page was published; a restricted event's details changing
    tells an anonymous client nothing."""
    since = timezone.now()

    def synced():
        answer = client.get("/api/v1/events/", {"lang": "en", "updated_since": since.isoformat()})
        assert answer.status_code == 200
        return {r["title"]: r["join_url"] for r in answer.json()["results"]}

    assert synced() == {}
    quiet = AccessDetails.objects.get(event_key=calls["quiet"].translation_key)
    quiet.publish_openly = True
    quiet.save()
    restricted = AccessDetails.objects.get(event_key=calls["restricted"].translation_key)
    restricted.passcode = "changed"
    restricted.save()
    assert synced() == {"Quiet talk": link(calls["quiet"])}
    talk = AccessDetails.objects.get(event_key=calls["talk"].translation_key)
    talk.publish_openly = False
    talk.save()
    assert synced() == {"Quiet talk": link(calls["quiet"]), "Bee City talk": None}


def test_form_refuses_to_publish_a_restricted_events_link():
    form = AccessDetailsForm(
        {"join_url": "https://meet.example.org/j/1", "publish_openly": "on"},
        instance=AccessDetails(event_key="5d8e0c55-3b77-4a36-9c39-7e7c5e6f4a11"),
        audience=Audience.ELECTED,
    )
    assert not form.is_valid()
    assert (
        "Only an event open to all can publish its join link openly"
        in (form.errors["publish_openly"][0])
    )


def test_form_wants_a_link_to_publish():
    form = AccessDetailsForm(
        {"join_url": "", "publish_openly": "on"},
        instance=AccessDetails(event_key="5d8e0c55-3b77-4a36-9c39-7e7c5e6f4a11"),
        audience=Audience.PUBLIC,
    )
    assert not form.is_valid()
    assert form.errors["join_url"] == ["Enter the join link to publish it openly."]


def test_page_refuses_to_become_restricted_while_its_link_is_published(calls):
    talk = calls["talk"]
    talk.audience = Audience.ELECTED
    with pytest.raises(ValidationError) as error:
        talk.full_clean()
    assert "published openly" in str(error.value.message_dict["audience"])


def test_admin_view_publishes_and_moves_the_feed_validators(client, calls, detail_editor):
    talk = calls["quiet"]
    client.force_login(detail_editor)
    before = client.get("/en/events/calendar.ics")
    posted = client.post(
        f"/admin/access-details/{talk.pk}/",
        {"join_url": "https://meet.example.org/open", "publish_openly": "on"},
    )
    assert posted.status_code == 302
    client.logout()
    after = client.get("/en/events/calendar.ics")
    assert after["ETag"] != before["ETag"]
    assert "https://meet.example.org/open" in unfolded(after.content)
    api = client.get("/api/v1/events/", {"lang": "en"}).json()["results"]
    assert "https://meet.example.org/open" in [r["join_url"] for r in api]


@pytest.fixture
def detail_editor(cms_editor):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Access-detail editors")
    group.permissions.add(Permission.objects.get(codename="change_accessdetails"))
    cms_editor.groups.add(group)
    return type(cms_editor).objects.get(pk=cms_editor.pk)
