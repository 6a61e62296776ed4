"""iCalendar feeds read as an outside consumer reads them: three parsers, the API's occurrences.

Windows are explicit (no frozen clock): `feeds.render()` takes the window the view would take
from the settings and today's date, so DST changes and golden files stay fixed.
"""

import datetime as dt
import os
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Collection, Locale, Page, PageViewRestriction

import icalendar
import pytest
import recurring_ical_events
import vobject

from chapters.models import ChapterPage
from events.calendar import feeds, ical
from events.domain.choices import Audience, Status
from events.models import AccessDetails, EventPage
from events.reads import occurrences
from tests.factories import SpeakerFactory, add, add_speakers, event, publish, series, translate
from tests.helpers import RestrictionChange, clear_caches

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
UTC = dt.UTC
# A window across both 2026 DST changes in Canada (8 March, 1 November).
START = dt.datetime(2026, 1, 1, tzinfo=UTC)
END = dt.datetime(2027, 1, 1, tzinfo=UTC)
DST_ZONES = ["America/Vancouver", "America/Toronto", "America/St_Johns", "America/Regina"]


# --- Reading feeds as a consumer ------------------------------------------------------------


def check_lines(body):
    """Every content line is at most 75 octets and ends with CRLF (RFC 5545 §3.1), and a client
    that breaks lines wherever Unicode does (U+2028, U+2029, NEL…: Python's splitlines(),
    JavaScript's line terminators) reads the very same lines."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    too_long = [line for line in lines if len(line) > 75]
    assert not too_long
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert body.decode().splitlines() == [line.decode() for line in lines]


def instant(value, zone):
    """UTC instant of a DTSTART/DTEND; an all-day date is floating: midnight where it is held."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(0), tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


def via_icalendar(body, start, end, zone="UTC"):
    """Occurrences as recurring-ical-events (on icalendar) expands them."""
    cal = icalendar.Calendar.from_ical(body)
    result = set()
    for e in recurring_ical_events.of(cal).between(start, end):
        result.add(
            (
                str(e["uid"]),
                instant(e["dtstart"].dt, zone),
                instant(e["dtend"].dt, zone),
                str(e.get("status")),
            )
        )
    return result


def via_vobject(body, start, end, zone="UTC"):
    """Occurrences as a vobject consumer expands them: its own VTIMEZONE reading, overrides
    replacing the master's instances by UID and RECURRENCE-ID."""
    cal = vobject.readOne(body.decode())
    events = list(getattr(cal, "vevent_list", []))
    overridden = {
        (e.uid.value, e.recurrence_id.value.astimezone(UTC))
        for e in events
        if hasattr(e, "recurrence_id")
    }
    result = set()
    for e in events:
        status = e.status.value
        begin, finish = instant(e.dtstart.value, zone), instant(e.dtend.value, zone)
        if hasattr(e, "rrule"):
            length = finish - begin
            for s in e.getrruleset().between(start - length, end, inc=True):
                s = s.astimezone(UTC)
                if (e.uid.value, s) not in overridden and s < end and s + length > start:
                    result.add((e.uid.value, s, s + length, status))
        elif begin < end and finish > start:
            result.add((e.uid.value, begin, finish, status))
    return result


def via_api(start, end, language="en", within=None):
    """The same occurrences as the API and pages list them (events.reads.occurrences)."""
    return {
        (o.uid, o.start, o.end, ical.STATUS_MAP[o.status])
        for o in occurrences.occurrences_between(start, end, language, within=within)
        if not o.date_tba
    }


def override(parent, title, day, **fields):
    """An occurrence's own page; without a date or time of its own it keeps the series' time."""
    keep = {"start_date": None, "start_time": None, "end_time": None, "timezone": ""}
    return event(parent, title=title, occurrence_date=day, **{**keep, **fields})


def render(page, language="en", start=START, end=END):
    body = feeds.render(page, language, start, end)
    check_lines(body)
    return body


def vevents(body):
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def pin(page, key, when):
    """Give a translation group a fixed id and publication time, for byte-exact golden files."""
    Page.objects.filter(translation_key=page.translation_key).update(
        translation_key=key, first_published_at=when, last_published_at=when
    )
    return type(page).objects.get(pk=page.pk)


def assert_golden(name, body):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(body)
    assert body.decode() == path.read_bytes().decode()


# --- Three parsers agree with the API across DST ------------------------------------------------


@pytest.mark.parametrize("zone", DST_ZONES)
def test_feed_expands_like_api_across_dst_changes(zone, event_index):
    weekly = series(
        event_index,
        title="Electeds-Only Call",
        first_date=dt.date(2026, 1, 7),
        until=dt.date(2026, 12, 16),
        timezone=zone,
    )
    moved = override(
        weekly,
        "Moved call",
        dt.date(2026, 3, 4),
        start_date=dt.date(2026, 3, 12),
        start_time=dt.time(15),
        end_time=dt.time(16),
    )
    cancelled = override(
        weekly,
        "No call",
        dt.date(2026, 10, 28),
        status=Status.CANCELLED,
        status_reason="Municipal elections",
    )
    event(event_index, title="Before the change", start_date=dt.date(2026, 3, 7), timezone=zone)
    event(event_index, title="After the change", start_date=dt.date(2026, 3, 9), timezone=zone)
    event(
        event_index,
        title="Ambiguous hour",
        start_date=dt.date(2026, 11, 1),
        start_time=dt.time(1, 30),
        end_time=dt.time(2, 30),
        timezone=zone,
    )
    event(
        event_index, title="All day", start_date=dt.date(2026, 11, 2), all_day=True, timezone=zone
    )

    body = render(event_index)
    api = via_api(START, END)
    assert len(api) == 25 + 4  # every second Wednesday of 2026 from 7 January, and 4 one-offs
    assert via_icalendar(body, START, END, zone) == api
    assert via_vobject(body, START, END, zone) == api
    # Local times stay local: 11:00 in the zone on both sides of both changes.
    starts = {
        s.astimezone(ZoneInfo(zone)).time()
        for uid, s, _end, status in api
        if uid == str(weekly.translation_key) and s.date() != dt.date(2026, 3, 12)
    }
    assert starts == {dt.time(11)}
    statuses = {
        e.get("recurrence-id").dt.date(): str(e["status"])
        for e in vevents(body)
        if e.get("recurrence-id")
    }
    assert statuses == {moved.occurrence_date: "CONFIRMED", cancelled.occurrence_date: "CANCELLED"}


def test_vtimezone_is_rule_based_and_outlives_2038():
    zone = ical.vtimezone("America/St_Johns", 2026, 2028)
    text = zone.to_ical().decode()
    assert "RDATE" not in text
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in text
    assert "TZOFFSETFROM:-0330" in text and "TZOFFSETTO:-0230" in text
    # vobject reads the zone from these rules alone; check a date far past 2038.
    cal = vobject.readOne(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + text + "BEGIN:VEVENT\r\nUID:u\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=America/St_Johns:20450710T110000\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    start = cal.vevent.dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=-2, minutes=-30)
    assert ical.vtimezone("America/St_Johns", 2026, 2028) is zone  # computed once


def test_vtimezone_without_dst_is_one_standard_component():
    text = ical.vtimezone("America/Regina", 2026, 2028).to_ical().decode()
    assert text.count("BEGIN:STANDARD") == 1
    assert "DAYLIGHT" not in text and "RRULE" not in text
    assert "TZOFFSETTO:-0600" in text


# --- Golden files -------------------------------------------------------------------------------

PUBLISHED = dt.datetime(2026, 2, 2, 17, 30, tzinfo=UTC)
EDITED = dt.datetime(2026, 2, 9, 18, 0, tzinfo=UTC)


def test_golden_one_off_event(event_index):
    page = event(
        event_index,
        title="Bee City: pollinators, parks; and you",
        slug="bee-city",
        intro="How three towns became Bee Cities.",
        start_date=dt.date(2026, 5, 18),
    )
    add_speakers(
        page,
        [
            SpeakerFactory(name="Ana Ruiz", organisation="Victoria"),
            SpeakerFactory(name="Luc Tremblay", role="Mayor", organisation=""),
        ],
    )
    page = pin(page, uuid.UUID("00000000-0000-4000-8000-000000000001"), PUBLISHED)
    assert_golden("one_off.ics", render(page))


def golden_series(event_index):
    weekly = series(
        event_index,
        title="Electeds-Only Call",
        slug="electeds-only-call",
        intro="Bi-weekly call for elected officials.",
        first_date=dt.date(2026, 1, 7),
    )
    translate(
        weekly,
        "fr",
        title="Appel des élu·e·s",
        slug="appel-des-elus",
        intro="Appel aux deux semaines pour les élu·e·s.",
    )
    weekly = pin(weekly, uuid.UUID("00000000-0000-4000-8000-000000000002"), PUBLISHED)
    topic = override(weekly, "Heat pumps for town halls", dt.date(2026, 3, 4), slug="heat-pumps")
    add_speakers(topic, [SpeakerFactory(name="Dana Whitehorse", organisation="Yukon")])
    translate(topic, "fr", title="Thermopompes pour les mairies", slug="thermopompes")
    pin(topic, uuid.UUID("00000000-0000-4000-8000-000000000003"), EDITED)
    off = override(
        weekly,
        "No call: spring break",
        dt.date(2026, 3, 18),
        slug="spring-break",
        status=Status.CANCELLED,
        status_reason="Spring break",
    )
    pin(off, uuid.UUID("00000000-0000-4000-8000-000000000004"), EDITED)
    return weekly


def test_golden_series_with_override_and_cancellation(event_index):
    weekly = golden_series(event_index)
    window = (dt.datetime(2026, 2, 1, tzinfo=UTC), dt.datetime(2026, 4, 1, tzinfo=UTC))
    assert_golden("series.ics", render(weekly, "en", *window))


def test_golden_french_feed(event_index):
    weekly = golden_series(event_index)
    window = (dt.datetime(2026, 2, 1, tzinfo=UTC), dt.datetime(2026, 4, 1, tzinfo=UTC))
    body = render(weekly.get_translation(Locale.objects.get(language_code="fr")), "fr", *window)
    assert "Thermopompes pour les mairies" in icalendar.Calendar.from_ical(body).to_ical().decode()
    assert_golden("series_fr.ics", body)


# --- Content ------------------------------------------------------------------------------------


def test_feed_header_names_the_page_and_refresh(client, chapter):
    event(chapter, title="Caucus call", start_date=dt.date.today())
    cal = icalendar.Calendar.from_ical(client.get("/en/chapters/bc/calendar.ics").content)
    assert str(cal["prodid"]) == ical.PRODID
    assert str(cal["version"]) == "2.0" and str(cal["calscale"]) == "GREGORIAN"
    assert str(cal["method"]) == "PUBLISH"
    assert str(cal["x-wr-calname"]) == str(cal["name"]) == "Climate Caucus — B.C. Chapter"
    assert cal["refresh-interval"].params["VALUE"] == "DURATION"
    assert cal["refresh-interval"].dt == dt.timedelta(hours=1)
    assert cal["x-published-ttl"].to_ical() == b"PT1H"  # an X- property: kept as written


def test_event_properties_for_restricted_audience(event_index):
    page = event(
        event_index,
        title="Caucus strategy",
        audience=Audience.ELECTED,
        intro="Plans for the spring.",
        start_date=dt.date(2026, 6, 3),
    )
    add_speakers(page, [SpeakerFactory(name="Ana Ruiz", organisation="Victoria")])
    (vevent,) = vevents(render(page))
    text = str(vevent["description"])
    assert text.startswith("Plans for the spring.")
    assert "Ana Ruiz (Councillor, Victoria) — Presenter" in text
    assert "Open to elected officials only — joining details for members on the event page" in text
    assert text.endswith("http://testserver/en/events/" + page.slug + "/")
    assert str(vevent["location"]) == "Online"
    assert str(vevent["status"]) == "CONFIRMED"
    assert vevent["categories"].cats == ["Events"]
    assert vevent["dtstart"].params["TZID"] == "America/Vancouver"
    assert vevent["dtstamp"].dt == page.last_published_at.replace(microsecond=0)
    assert vevent["created"].dt == page.first_published_at.replace(microsecond=0)


def test_all_day_event_is_a_date_and_tba_is_left_out(event_index):
    event(
        event_index,
        title="Summit",
        all_day=True,
        start_date=dt.date(2026, 6, 3),
        end_date=dt.date(2026, 6, 4),
    )
    event(event_index, title="Some time in June", date_tba=True, start_date=dt.date(2026, 6, 1))
    (vevent,) = vevents(render(event_index))
    assert vevent["dtstart"].dt == dt.date(2026, 6, 3)
    assert vevent["dtend"].dt == dt.date(2026, 6, 5)
    assert vevent["dtstart"].params.get("VALUE") == "DATE"


def test_series_master_has_rrule_with_utc_until(event_index):
    weekly = series(
        event_index, title="Call", first_date=dt.date(2026, 1, 7), until=dt.date(2026, 6, 30)
    )
    (master,) = vevents(render(weekly))
    rule = master["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2] and rule["BYDAY"] == ["WE"]
    assert rule["UNTIL"] == [dt.datetime(2026, 6, 24, 18, tzinfo=UTC)]
    assert master["dtstart"].params["TZID"] == "America/Vancouver"
    assert master["categories"].cats == ["Events", "Call"]


def test_empty_feed_is_a_valid_calendar(event_index, settings):
    """RFC 5545's icalbody is calprops plus 1*component: with nothing scheduled, the feed
    still holds one, the VTIMEZONE of the zone every time is shown in first."""
    settings.EVENTS_REFERENCE_TIMEZONES = ["America/Halifax", "America/Toronto"]
    body = render(event_index)
    cal = icalendar.Calendar.from_ical(body)
    assert cal.walk("VEVENT") == [] and str(cal["prodid"]) == ical.PRODID
    assert [(c.name, str(c["tzid"])) for c in cal.subcomponents] == [
        ("VTIMEZONE", "America/Halifax")
    ]
    assert vobject.readOne(body.decode()).prodid.value == ical.PRODID


def test_feed_of_an_event_with_no_date_describes_its_own_zone(event_index):
    """A date-to-be-announced event has no VEVENT: its calendar holds its zone instead."""
    tba = event(
        event_index,
        title="Some time in June",
        date_tba=True,
        start_date=dt.date(2026, 6, 1),
        timezone="America/St_Johns",
    )
    cal = icalendar.Calendar.from_ical(render(tba))
    assert [(c.name, str(c["tzid"])) for c in cal.subcomponents] == [
        ("VTIMEZONE", "America/St_Johns")
    ]


def test_feed_caps_the_number_of_events(event_index):
    for day in range(1, 6):
        event(event_index, title=f"Event {day}", start_date=dt.date(2026, 6, day))
    series(event_index, title="Call", first_date=dt.date(2026, 1, 7))
    data = feeds.feed_data(event_index, "en", START, END, limit=3)
    assert len(data.series) == 1
    assert [o.title for o in data.occurrences] == ["Event 1", "Event 2"]


def test_untranslated_event_appears_in_french_feed_marked_english(event_index):
    event(event_index, title="English only", start_date=dt.date(2026, 6, 3))
    fr_index = event_index.get_translation(Locale.objects.get(language_code="fr"))
    (vevent,) = vevents(render(fr_index, "fr"))
    assert str(vevent["summary"]) == "English only"
    assert vevent["summary"].params["LANGUAGE"] == "en"


# --- Identity -----------------------------------------------------------------------------------


def test_occurrence_uid_survives_override_creation_and_edit(event_index):
    weekly = series(event_index, title="Call", first_date=dt.date(2026, 1, 7))
    key = str(weekly.translation_key)
    day = dt.date(2026, 3, 18)
    original = dt.datetime(2026, 3, 18, 18, tzinfo=UTC)  # 11:00 PDT

    def instance():
        cal = icalendar.Calendar.from_ical(render(weekly))
        (found,) = list(recurring_ical_events.of(cal).at(day))
        return str(found["uid"]), found.get("recurrence-id"), int(found.get("sequence", 0))

    assert instance()[0] == key
    page = override(weekly, "Heat pumps", day)
    uid, rid, sequence = instance()
    assert (uid, rid.dt.astimezone(UTC), sequence) == (key, original, 0)
    page.title = "Heat pumps for town halls"
    publish(page)
    assert instance() == (uid, rid, sequence)  # a typo fix is no new version
    page.start_time, page.end_time = dt.time(13), dt.time(14)
    page.start_date = day
    publish(page)
    uid, rid2, sequence2 = instance()
    assert (uid, rid2.dt) == (key, rid.dt) and sequence2 > sequence  # a new time is


def test_uid_is_the_same_in_both_languages(event_index):
    page = event(event_index, title="Bee City", start_date=dt.date(2026, 6, 3))
    fr_page = translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    (en,), (fr,) = vevents(render(page)), vevents(render(fr_page, "fr"))
    assert str(en["uid"]) == str(fr["uid"]) == str(page.translation_key)
    assert str(fr["summary"]) == "Ville abeille"


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 50])
def test_render_query_count_does_not_grow(n, event_index, chapter, django_assert_num_queries):
    speaker = SpeakerFactory(name="Ana Ruiz")
    for i in range(n):
        page = event(
            chapter if i % 2 else event_index,
            title=f"Event {i}",
            start_date=dt.date(2026, 6, 1) + dt.timedelta(days=i),
        )
        add_speakers(page, [speaker])
        weekly = series(event_index, title=f"Call {i}", first_date=dt.date(2026, 1, 7))
        override(weekly, f"Topic {i}", dt.date(2026, 2, 4))
    feeds.render(event_index, "en", START, END)  # per-process caches (content types) warm
    clear_caches()  # the site's root paths are read (one query) on every render alike
    # 11: the hidden branches and the longest one-off event (occurrences.longest_one_off) read
    # once for the whole feed (home.visibility.memo); one for the join links published openly
    # (events.reads.access.public_join_links); each event's last change (events.reads.modified)
    # read within the window's own queries.
    with django_assert_num_queries(11):
        body = feeds.render(event_index, "en", START, END)
    assert len(vevents(body)) == 3 * n


# --- HTTP ---------------------------------------------------------------------------------------


def test_feed_answers_directly_with_cache_headers(client, event_index):
    page = event(event_index, title="Bee City", start_date=dt.date.today())
    response = client.get("/en/events/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cache_control = set(response["Cache-Control"].split(", "))
    assert {"public", "max-age=900", "stale-while-revalidate=86400"} <= cache_control
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert response.has_header("Last-Modified")
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    assert [str(e["uid"]) for e in vevents(response.content)] == [str(page.translation_key)]


def test_feed_head_has_headers_without_body(client, event_index):
    event(event_index, title="Bee City", start_date=dt.date.today())
    get, head = client.get("/en/events/calendar.ics"), client.head("/en/events/calendar.ics")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Type"] == get["Content-Type"]


def test_conditional_request_is_answered_304_in_two_queries(
    client, event_index, django_assert_max_num_queries
):
    event(event_index, title="Bee City", start_date=dt.date.today())
    first = client.get("/en/events/calendar.ics")
    with django_assert_max_num_queries(2):
        again = client.get("/en/events/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get("/en/events/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_publishing_changes_the_etag(client, event_index):
    page = event(event_index, title="Bee City", start_date=dt.date.today())
    first = client.get("/en/events/calendar.ics")["ETag"]
    event(event_index, title="Another", start_date=dt.date.today())
    second = client.get("/en/events/calendar.ics")["ETag"]
    page.unpublish()
    third = client.get("/en/events/calendar.ics", HTTP_IF_NONE_MATCH=second)
    assert len({first, second, third["ETag"]}) == 3 and third.status_code == 200
    assert [str(e["summary"]) for e in vevents(third.content)] == ["Another"]


@pytest.mark.parametrize("action", RestrictionChange.ACTIONS)
@pytest.mark.parametrize("kind", ["page", "collection"])
def test_view_restriction_change_changes_the_etag(client, event_index, kind, action):
    shown = event(event_index, title="Bee City", start_date=dt.date.today())
    other = event(event_index, title="Another", start_date=dt.date.today())
    if kind == "page":
        target = other
    else:
        target = Collection.get_first_root_node().add_child(name="Members' files")
    change = RestrictionChange(action, target).prepare()
    # A newer restriction elsewhere: the newest restriction's id alone would not move.
    PageViewRestriction.objects.create(page=shown, restriction_type=PageViewRestriction.LOGIN)
    first = client.get("/en/events/calendar.ics")

    change.apply()

    again = client.get("/en/events/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_feed_of_each_page_type_in_its_language(client, event_index, chapter, working_group):
    today = dt.date.today()
    bc = event(chapter, title="B.C. call", start_date=today)
    translate(bc, "fr", title="Appel C.-B.", slug="appel-cb")
    event(working_group, title="Trails", start_date=today)
    weekly = series(event_index, title="Call", first_date=today - dt.timedelta(days=7))
    override(weekly, "Topic", today + dt.timedelta(days=7))
    feeds_by_url = {
        "/fr/sections/section-cb/calendar.ics": ["Appel C.-B."],
        "/en/chapters/bc/calendar.ics": ["B.C. call"],
        "/en/working-groups/outdoor-rec/calendar.ics": ["Trails"],
        f"/en/events/{weekly.slug}/calendar.ics": ["Call", "Topic"],
        f"/en/events/{bc.slug}/calendar.ics": None,  # not under the events index: no such page
        f"/en/chapters/bc/{bc.slug}/calendar.ics": ["B.C. call"],
        "/fr/evenements/calendar.ics": ["Appel C.-B.", "Call", "Topic", "Trails"],
    }
    for url, titles in feeds_by_url.items():
        response = client.get(url)
        if titles is None:
            assert response.status_code == 404, url
            continue
        assert response.status_code == 200, url
        assert sorted(str(e["summary"]) for e in vevents(response.content)) == titles, url


def test_pages_without_feed_answer_404(client, home, event_index):
    assert client.get("/en/calendar.ics").status_code == 404  # the home page
    assert client.get("/en/no-such-page/calendar.ics").status_code == 404
    assert client.post("/en/events/calendar.ics").status_code == 405


# --- Visibility ---------------------------------------------------------------------------------


def test_draft_unpublished_and_private_pages_have_no_feed_and_stay_out(
    client, event_index, chapter
):
    today = dt.date.today()
    draft = EventPage(
        title="Draft",
        slug="draft",
        start_date=today,
        start_time=dt.time(11),
        timezone="America/Vancouver",
        live=False,
    )
    event_index.add_child(instance=draft)
    draft.save_revision()  # saved, never published
    gone = event(event_index, title="Unpublished", start_date=today)
    gone.unpublish()
    private = event(event_index, title="Private", start_date=today)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    hidden_chapter = add(chapter.get_parent(), ChapterPage(title="Hidden", slug="hidden"))
    under_private = event(hidden_chapter, title="In a private chapter", start_date=today)
    PageViewRestriction.objects.create(
        page=hidden_chapter, restriction_type=PageViewRestriction.LOGIN
    )
    under_unpublished = event(chapter, title="In an unpublished chapter", start_date=today)
    chapter.unpublish()
    shown = event(event_index, title="Shown", start_date=today)
    for page in (draft, gone, private, hidden_chapter, under_private, under_unpublished, chapter):
        url = page.get_url_parts()[2] + "calendar.ics"
        assert client.get(url).status_code == 404, url
    network = vevents(client.get("/en/events/calendar.ics").content)
    assert [str(e["uid"]) for e in network] == [str(shown.translation_key)]
    fr_network = vevents(client.get("/fr/evenements/calendar.ics").content)
    assert [str(e["uid"]) for e in fr_network] == [str(shown.translation_key)]


def _by_path(queries):
    return [q for q in queries if '"url_path" =' in q["sql"]]


@pytest.mark.parametrize("change", ["unpublish", "restrict", "unpublish the chapter"])
def test_a_feed_page_kept_for_its_version_is_found_again_after_a_change(
    client, event_index, chapter, change
):
    """A feed's page is read by its path once per content version in each process
    (events.calendar.feeds._resolve); whatever hides it moves the version, and the next
    request finds no page."""
    call = event(chapter, title="Call", start_date=dt.date.today())
    url = call.get_url_parts()[2] + "calendar.ics"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).status_code == 200
    assert len(_by_path(first.captured_queries)) == 1
    assert _by_path(again.captured_queries) == []  # kept for this version
    if change == "unpublish":
        call.unpublish()
    elif change == "restrict":
        PageViewRestriction.objects.create(page=call, restriction_type=PageViewRestriction.LOGIN)
    else:
        chapter.unpublish()
    assert client.get(url).status_code == 404
    assert client.get("/en/no-such-page/calendar.ics").status_code == 404


@pytest.mark.parametrize("change", ["speaker renamed", "speaker added", "host renamed", "link"])
def test_what_an_event_feed_holds_kept_for_its_version_is_read_again_after_a_change(
    client, event_index, chapter, change
):
    """One event's feed reads its speakers, hosts, last change and openly published link once
    per content version in each process (events.calendar.feeds._feed_data); every change to
    them moves the version, and the next request shows it."""
    call = event(chapter, title="Call", start_date=dt.date.today() + dt.timedelta(days=3))
    speaker = SpeakerFactory(name="Ana Ruiz")
    add_speakers(call, [speaker])
    call = publish(call)
    url = call.get_url_parts()[2] + "calendar.ics"
    before = client.get(url).content
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content == before
    assert again.captured_queries == []  # kept for this version
    if change == "speaker renamed":
        speaker.name = "Ana Ruiz-Silva"
        speaker.save()
        shown = b"Ana Ruiz-Silva"
    elif change == "speaker added":
        add_speakers(call, [SpeakerFactory(name="Li Wei")], part="moderator")
        publish(call)
        shown = b"Li Wei"
    elif change == "host renamed":
        chapter.title = "Renamed Chapter"
        publish(chapter)
        shown = b"Renamed Chapter"
    else:
        AccessDetails.objects.create(
            event_key=call.translation_key,
            join_url="https://meet.example.org/j/77",
            publish_openly=True,
        )
        shown = b"https://meet.example.org/j/77"
    assert shown not in before
    assert shown in client.get(url).content.replace(b"\r\n ", b"")


# --- Links --------------------------------------------------------------------------------------


def test_feed_url_and_subscribe_control(event_index, home):
    assert feeds.feed_url(event_index) == "http://testserver/en/events/calendar.ics"
    assert feeds.feed_url(home) is None
    request = RequestFactory().get("/en/events/")
    html = render_to_string(
        "includes/calendar_links.html", {"page": event_index, "request": request}
    )
    assert 'href="webcal://testserver/en/events/calendar.ics"' in html
    assert (
        "https://calendar.google.com/calendar/render?cid="
        "webcal%3A%2F%2Ftestserver%2Fen%2Fevents%2Fcalendar.ics" in html
    )
    assert (
        "https://outlook.live.com/calendar/0/addfromweb?url="
        "http%3A%2F%2Ftestserver%2Fen%2Fevents%2Fcalendar.ics&amp;name=Climate%20Caucus" in html
    )
    assert 'value="http://testserver/en/events/calendar.ics" readonly' in html
    assert '<label for="feed-url-' in html
    head = render_to_string("includes/calendar_head.html", {"page": event_index})
    assert '<link rel="alternate" type="text/calendar"' in head
    assert 'href="http://testserver/en/events/calendar.ics"' in head


def test_private_page_offers_no_subscribe_control(event_index):
    PageViewRestriction.objects.create(page=event_index, restriction_type=PageViewRestriction.LOGIN)
    assert render_to_string("includes/calendar_links.html", {"page": event_index}).strip() == ""


def test_french_feed_speaks_french(client, chapter):
    page = event(chapter, title="Caucus call", start_date=dt.date.today(), status=Status.CANCELLED,
                 status_reason="Élections")  # fmt: skip
    translate(page, "fr", title="Appel du caucus", slug="appel")
    cal = icalendar.Calendar.from_ical(client.get("/fr/sections/section-cb/calendar.ics").content)
    assert str(cal["name"]) == "Caucus climat — Section C.-B."
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["summary"]) == "Annulé\u202f: Appel du caucus"
    assert str(vevent["location"]) == "En ligne"
    assert "Annulé\u202f: Élections" in str(vevent["description"])
    assert "Ouvert à toutes et à tous" in str(vevent["description"])


def test_page_urls_match_wagtail(event_index, chapter):
    pages = [event_index, chapter, event(chapter, title="A"), event(event_index, title="B")]
    pages += [p.get_translation(Locale.objects.get(language_code="fr")) for p in pages[:2]]
    assert feeds._page_urls(pages) == {p.pk: p.get_full_url() for p in pages}
