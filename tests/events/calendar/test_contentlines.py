"""The direct content-line writer against icalendar: the same bytes for the same data.

events.calendar.ical writes VEVENTs through events.calendar.contentlines instead of icalendar's
object model.
These tests hold it to icalendar's own output: line by line for arbitrary text (escaping,
folding on UTF-8 boundaries, escapes never split), and whole VEVENTs against a reference
built with icalendar's objects the way events.calendar.ical built them before. No database.
"""

import datetime as dt
import re
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from django.utils import translation

from wagtail.models import Locale

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from events.calendar import contentlines, ical
from events.domain import recurrence
from events.domain.choices import Audience, SpeakerPart, Status
from events.models import EventPage, EventSeriesPage, Speaker
from events.reads.occurrences import Occurrence, series_occurrence
from events.reads.speakers import SpeakerLink
from tests.events.calendar.test_ical import check_lines
from tests.events.calendar.test_ical_text import NASTY, TYPED, as_ical_text

UTC = dt.UTC
# Any text, line breaks of every kind and control characters included: the writer escapes
# what it is given, whether or not ical.clean_text has run.
ANY = st.characters(blacklist_categories=("Cs",))
# Every line boundary of str.splitlines() beyond CR and LF: the writer turns each into an
# escaped line break, as it does CR and LF, so no client can split a line at one.
BOUNDARIES = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
text = st.lists(
    st.one_of(ANY, st.sampled_from([*NASTY, *BOUNDARIES, "^", "\\N", "\r"])), max_size=80
).map("".join)
big = (
    st.lists(st.one_of(TYPED, st.sampled_from(NASTY)), min_size=1, max_size=20)
    .map("".join)
    .map(lambda s: (s * (10240 // len(s) + 1))[:10240])
)
# Unescaped values (URIs, parameters' neighbours): anything but a line break.
raw = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"))
# URIs, line boundaries included: the writer percent-encodes those.
uri = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(BOUNDARIES))
).map("".join)
URI_BOUNDARY = re.compile("[\r\n" + "".join(BOUNDARIES) + "]")
ZONES = ["America/Vancouver", "America/St_Johns", "America/Regina", "Asia/Kolkata", "UTC"]


def one_property(name, value, params=""):
    vevent = contentlines.Component("VEVENT", icalendar.Event.canonical_order)
    vevent.add(name, value, params)
    return vevent.to_ical()


def icalendar_property(name, value, **params):
    vevent = icalendar.Event()
    vevent.add(name, value, parameters=params or None)
    return vevent.to_ical()


# --- Lines ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, database=None)
@given(value=text)
def test_text_line_is_icalendars_and_parses_back(value):
    written = one_property("SUMMARY", contentlines.text(value))
    # events.calendar.ical.Text is the property type the feeds used; icalendar's vText the same but
    # for a typed "\N", which it reads as a line break, and for the line boundaries other than
    # CR and LF, which it writes raw: given them as LF, it writes what the writer does.
    assert written == icalendar_property("summary", ical.Text(value))
    if "\\N" not in value:
        assert written == icalendar_property("summary", icalendar.vText(as_ical_text(value)))
    check_lines(written)
    parsed = icalendar.Event.from_ical(written)["summary"]
    assert str(parsed) == as_ical_text(value)


@settings(max_examples=20, deadline=None, database=None)
@given(value=big)
def test_ten_kilobyte_text_line_is_icalendars(value):
    written = one_property("DESCRIPTION", contentlines.text(value))
    assert written == icalendar_property("description", ical.Text(value))
    check_lines(written)
    assert str(icalendar.Event.from_ical(written)["description"]) == as_ical_text(value)


@pytest.mark.parametrize("boundary", BOUNDARIES)
def test_every_line_boundary_is_written_as_an_escaped_line_break(boundary):
    assert contentlines.text(f"a{boundary}b") == "a\\nb"
    written = one_property("SUMMARY", contentlines.text(f"a{boundary}X-INJECTED:1"))
    assert written.decode().splitlines() == [
        "BEGIN:VEVENT",
        "SUMMARY:a\\nX-INJECTED:1",
        "END:VEVENT",
    ]


@settings(max_examples=200, deadline=None, database=None)
@given(value=uri)
def test_uri_is_one_line_with_only_line_boundaries_encoded(value):
    written = one_property("URL", contentlines.uri(value))
    check_lines(written)
    assert written == icalendar_property("url", contentlines.uri(value))
    (line,) = written.replace(b"\r\n ", b"").decode().splitlines()[1:-1]
    assert line == "URL:" + URI_BOUNDARY.sub(lambda found: quote(found.group()), value)
    assert unquote(line) == unquote("URL:" + value)


@settings(max_examples=300, deadline=None, database=None)
@given(prefix=st.integers(0, 80), value=raw)
def test_folding_is_icalendars(prefix, value):
    # Every offset of the fold against multi-byte characters, backslashes and carets.
    line = "X" * prefix + ":" + value
    assert contentlines.fold(line) == Contentline(line).to_ical()


def test_folding_keeps_an_escape_and_a_character_whole():
    line = "DESCRIPTION:" + "a" * 61 + "\\,b" + "é" * 40 + "😀" * 30
    folded = contentlines.fold(line)
    assert folded == Contentline(line).to_ical()
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert b"\\\r\n" not in folded
    folded.decode()  # no character split between two lines


@given(value=st.sampled_from(["en", "fr", "fr-CA", "x;y", 'a"b', "a:b", "a,b"]))
def test_parameters_are_icalendars(value):
    assert one_property("SUMMARY", "x", contentlines.parameter("LANGUAGE", value)) == (
        icalendar_property("summary", "x", LANGUAGE=value)
    )


@given(
    moment=st.datetimes(
        min_value=dt.datetime(1970, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([ZoneInfo(z) for z in ZONES + ["Etc/UTC"]] + [UTC]),
    ),
    as_date=st.booleans(),
)
def test_dates_and_times_are_icalendars(moment, as_date):
    value = moment.date() if as_date else moment
    vevent = contentlines.Component("VEVENT", icalendar.Event.canonical_order)
    ical._add_time(vevent, "DTSTART", value)
    assert vevent.to_ical() == icalendar_property("dtstart", value)


def test_component_orders_properties_as_icalendar():
    names = ["URL", "STATUS", "UID", "DTSTART", "SUMMARY", "CATEGORIES", "SEQUENCE", "DTSTAMP"]
    ours, theirs = contentlines.Component("VEVENT", icalendar.Event.canonical_order), {}
    for name in names:
        ours.add(name, "1")
        theirs[name] = "1"
    reference = icalendar.Event()
    for name in names:
        reference.add(name, icalendar.vText("1"))
    assert ours.to_ical() == reference.to_ical()


# --- Whole VEVENTs against icalendar's object model ----------------------------------------------


# The builders as events.calendar.ical wrote them with icalendar's objects before the direct writer
# (commit e56280b), kept here as the oracle; only the names differ.


def _reference_stamps(vevent, created, modified):
    stamp = (modified or created or ical.EPOCH).astimezone(UTC)
    vevent.add("dtstamp", stamp)
    if created:
        vevent.add("created", created.astimezone(UTC))
    vevent.add("last-modified", stamp)


def _reference_common(vevent, page, status, reason, audience, data, categories):
    url = data.urls.get(page.pk, "")
    speakers = data.speakers.get(page.pk, [])
    with translation.override(page.locale.language_code):
        vevent.add("summary", ical.Text(ical.summary(page.title, status)))
        text = ical.description(page, status, reason, audience, speakers, url)
        vevent.add("description", ical.Text(text))
    if url:
        # Since then, a line boundary in a URI is percent-encoded (contentlines.uri).
        vevent.add("url", URI_BOUNDARY.sub(lambda found: quote(found.group()), url))
    vevent.add("location", ical.Text(ical.ONLINE))
    names = [ical.clean_text(c) for c in categories if c]
    if names:
        prop = icalendar.vCategory([])
        prop.cats = [ical.Text(v) for v in names]
        vevent.add("categories", prop)
    vevent.add("status", ical.STATUS_MAP.get(status, "CONFIRMED"))
    if page.locale.language_code != data.language:
        vevent["summary"].params["LANGUAGE"] = page.locale.language_code
        vevent["description"].params["LANGUAGE"] = page.locale.language_code


def reference_occurrence_event(occ, data):
    vevent = icalendar.Event()
    vevent.add("uid", occ.uid)
    page = occ.page
    if occ.all_day:
        tz = ZoneInfo(occ.timezone or "UTC")
        vevent.add("dtstart", occ.start.astimezone(tz).date())
        vevent.add("dtend", occ.end.astimezone(tz).date())
    else:
        vevent.add("dtstart", ical._zoned(occ.start, occ.timezone))
        vevent.add("dtend", ical._zoned(occ.end, occ.timezone))
    if occ.recurrence_id is not None:
        vevent.add("recurrence-id", ical._zoned(occ.recurrence_id, occ.series.timezone))
    vevent.add("sequence", occ.sequence)
    _reference_stamps(vevent, page.first_published_at, data.modified.get(page.pk))
    categories = [data.hosts.get(page.pk)]
    if occ.series is not None:
        categories.append(occ.series.title)
    _reference_common(vevent, page, occ.status, occ.status_reason, occ.audience, data, categories)
    return vevent.to_ical()


def reference_series_event(series, data):
    vevent = icalendar.Event()
    vevent.add("uid", str(series.translation_key))
    first = recurrence.localize(series.rule.first_local_start(), series.tz)
    vevent.add("dtstart", first)
    vevent.add("dtend", first + series.duration)
    vevent.add("rrule", icalendar.vRecur.from_ical(series.rrule or series.rule.to_ical(series.tz)))
    vevent.add("sequence", series.sequence)
    _reference_stamps(vevent, series.first_published_at, data.modified.get(series.pk))
    categories = [data.hosts.get(series.pk), series.title]
    _reference_common(
        vevent, series, series.status, series.status_reason, series.audience, data, categories
    )
    return vevent.to_ical()


PUBLISHED = st.one_of(
    st.none(),
    st.datetimes(
        min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
)


@settings(max_examples=120, deadline=None, database=None)
@given(
    title=text,
    intro=text,
    speaker=text,
    host=text,
    url=raw,
    zone=st.sampled_from(ZONES + [""]),
    language=st.sampled_from(["en", "fr"]),
    page_language=st.sampled_from(["en", "fr"]),
    status=st.sampled_from(list(Status)),
    audience=st.sampled_from(list(Audience)),
    part=st.sampled_from(list(SpeakerPart)),
    all_day=st.booleans(),
    published=PUBLISHED,
    modified=PUBLISHED,
    sequence=st.integers(0, 1000),
    start=st.datetimes(
        min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
)
def test_occurrence_vevent_is_icalendars(
    title, intro, speaker, host, url, zone, language, page_language, status, audience, part,
    all_day, published, modified, sequence, start,
):  # fmt: skip
    page = EventPage(
        id=1, page_ptr_id=1, title=title, intro=intro,
        locale=Locale(language_code=page_language),
        first_published_at=published, last_published_at=modified,
    )  # fmt: skip
    occ = Occurrence(
        id="k", uid="00000000-0000-4000-8000-000000000001", page=page, start=start,
        end=start + dt.timedelta(minutes=90), timezone=zone, status=status,
        status_reason=intro, audience=audience, sequence=sequence, all_day=all_day,
    )  # fmt: skip
    speakers = [SpeakerLink(Speaker(name=speaker, role=title, organisation=host), part)]
    data = ical.FeedData(
        title="t", description="", language=language, occurrences=[occ],
        speakers={1: speakers}, urls={1: url} if url.strip() else {}, hosts={1: host},
    )  # fmt: skip
    with translation.override(language):
        written = ical.occurrence_event(occ, data).to_ical()
        assert written == reference_occurrence_event(occ, data)
    (vevent,) = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + written + b"END:VCALENDAR\r\n"
    ).walk("VEVENT")
    with translation.override(page_language):
        assert str(vevent["summary"]) == as_ical_text(ical.summary(title, status))


@settings(max_examples=40, deadline=None, database=None)
@given(
    title=text,
    zone=st.sampled_from(ZONES),
    status=st.sampled_from(list(Status)),
    override_title=text,
    moved=st.integers(-600, 600),
    frequency=st.sampled_from(["weekly", "monthly_weekday", "monthly_last_weekday", "monthly_day"]),
)
def test_series_and_override_vevents_are_icalendars(
    title, zone, status, override_title, moved, frequency
):
    en = Locale(language_code="en")
    call = EventSeriesPage(
        id=2, page_ptr_id=2, title=title, locale=en, first_date=dt.date(2026, 1, 7),
        frequency=frequency, interval=1, start_time=dt.time(11), end_time=dt.time(12),
        timezone=zone, audience=Audience.PUBLIC, status=status,
        first_published_at=dt.datetime(2026, 1, 2, tzinfo=UTC),
    )  # fmt: skip
    call.translation_key = "00000000-0000-4000-8000-000000000002"
    topic = EventPage(
        id=3, page_ptr_id=3, title=override_title, locale=Locale(language_code="fr"),
        occurrence_date=dt.date(2026, 3, 7),
    )  # fmt: skip
    original = call.occurrence_start(dt.date(2026, 3, 7))
    topic.starts_at = original + dt.timedelta(minutes=moved)
    topic.ends_at = topic.starts_at + dt.timedelta(hours=2)
    topic.status, topic.sequence, topic.timezone = Status.SCHEDULED, 1, "America/Toronto"
    occ = series_occurrence(call, original, topic)
    data = ical.FeedData(title="n", description="", language="en", hosts={2: "Events"})
    with translation.override("en"):
        assert ical.series_event(call, data).to_ical() == reference_series_event(call, data)
        assert ical.occurrence_event(occ, data).to_ical() == reference_occurrence_event(occ, data)
