"""Property tests: any text editors type survives a feed unchanged and never injects a line.

The builders in events.calendar.ical are pure, so these run on unsaved pages without a database.
"""

import datetime as dt
import re
from urllib.parse import quote

from wagtail.models import Locale

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from events.calendar import ical
from events.domain.choices import Audience, Status
from events.models import EventPage, EventSeriesPage, Speaker
from events.reads.occurrences import Occurrence, series_occurrence
from events.reads.speakers import SpeakerLink
from tests.events.calendar.test_ical import check_lines

UTC = dt.UTC
NASTY = [",", ";", "\\", ":", '"', "\r\n", "\n", "\r", "\t", "\\n", "\\,", "😀", "👩‍👩‍👧",
         "שלום", "مرحبا", "\u202e", "BEGIN:VEVENT", "\r\nX-INJECTED:1\r\n", "\nEND:VEVENT\n",
         " ", "é", "\u00a0", "^",
         # Line boundaries to Unicode (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR): a client that
         # splits on them would read a property injected after one.
         "\x85", "\u2028", "\u2029", "\u2028X-INJECTED:1\u2029", "\x85END:VEVENT\x85"]  # fmt: skip
# Any character a title can hold: control characters other than tab and line breaks are not
# iCalendar TEXT (RFC 5545 §3.3.11) and are dropped by ical.clean_text, checked separately.
TYPED = st.characters(blacklist_categories=("Cc", "Cs"))
text = st.lists(st.one_of(TYPED, st.sampled_from(NASTY)), max_size=60).map("".join)
# 10 kB: a pasted document as a summary.
big = (
    st.lists(st.one_of(TYPED, st.sampled_from(NASTY)), min_size=1, max_size=20)
    .map("".join)
    .map(lambda s: (s * (10240 // len(s) + 1))[:10240])
)
EXPECTED_VEVENT = {
    "UID", "DTSTART", "DTEND", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "SUMMARY",
    "DESCRIPTION", "URL", "LOCATION", "CATEGORIES", "STATUS",
}  # fmt: skip
EXPECTED_CALENDAR = {
    "PRODID", "VERSION", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "DESCRIPTION",
    "X-WR-CALDESC", "URL", "SOURCE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL",
}  # fmt: skip
PUBLISHED = dt.datetime(2026, 2, 2, 17, 30, tzinfo=UTC)


# Every line boundary str.splitlines() knows, as a feed writes them: a line break.
LINE_BOUNDARIES = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def as_ical_text(value):
    """What an iCalendar TEXT value can round-trip: every line boundary becomes LF."""
    return LINE_BOUNDARIES.sub("\n", value)


def build(title, intro, speaker, status=Status.SCHEDULED):
    page = EventPage(
        id=1,
        page_ptr_id=1,
        title=title,
        intro=intro,
        locale=Locale(language_code="en"),
        first_published_at=PUBLISHED,
        last_published_at=PUBLISHED,
    )
    start = dt.datetime(2026, 3, 8, 18, tzinfo=UTC)
    occ = Occurrence(
        id="k", uid="k", page=page, start=start, end=start + dt.timedelta(hours=1),
        timezone="America/Vancouver", status=status, status_reason=intro,
        audience=Audience.ELECTED, sequence=0,
    )  # fmt: skip
    data = ical.FeedData(
        title=title,
        description=intro,
        language="en",
        url="https://example.org/en/events/",
        source="https://example.org/en/events/calendar.ics",
        occurrences=[occ],
        speakers={1: [SpeakerLink(Speaker(name=speaker, role=title, organisation=""), "host")]},
        urls={1: "https://example.org/en/events/x/"},
        hosts={1: title},
    )
    return ical.feed(data, 2026, 2027).to_ical()


def check(body, title, intro, speaker):
    check_lines(body)
    cal = icalendar.Calendar.from_ical(body)
    # Empty text leaves its property out; nothing else is ever missing or added.
    assert set(cal.keys()) == EXPECTED_CALENDAR - (
        {"DESCRIPTION", "X-WR-CALDESC"} if not as_ical_text(intro) else set()
    )
    (vevent,) = cal.walk("VEVENT")
    assert len(cal.subcomponents) == 2  # the VTIMEZONE and the one VEVENT: nothing injected
    assert set(vevent.keys()) == EXPECTED_VEVENT - (set() if title else {"CATEGORIES"})
    assert str(vevent["summary"]) == as_ical_text(title)
    # icalendar keeps NAME and X- properties raw; vobject reads them as TEXT, as clients do.
    card = vobject.readOne(body.decode())
    assert card.x_wr_calname.value == f"Climate Caucus — {as_ical_text(title)}"
    assert card.contents["name"][0].value == card.x_wr_calname.value
    if title:
        assert vevent["categories"].cats == [as_ical_text(title)]
    described = str(vevent["description"])
    assert described.startswith(as_ical_text(intro) + "\n\n" if intro else "Speakers:\n")
    assert f"• {as_ical_text(speaker)} ({as_ical_text(title)})" in described or not title
    # A second, independent parser reads the same values.
    assert card.vevent.summary.value == as_ical_text(title)
    assert card.vevent.description.value == described


@settings(max_examples=150, deadline=None, database=None)
@given(title=text, intro=text, speaker=text)
def test_text_round_trips_and_injects_nothing(title, intro, speaker):
    check(build(title, intro, speaker), title, intro, speaker)


@settings(max_examples=15, deadline=None, database=None)
@given(title=big, intro=big, speaker=big)
def test_ten_kilobyte_text_round_trips(title, intro, speaker):
    body = build(title, intro, speaker)
    check(body, title, intro, speaker)
    assert len(body) > 3 * 10240


def test_control_characters_are_dropped_not_written():
    body = build("a\x00b\x07c\x1bd\x7fe", "", "x")
    check_lines(body)
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["summary"]) == "abcde"


@pytest.mark.parametrize("boundary", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_unicode_line_boundaries_inject_nothing(boundary):
    injected = f"Call{boundary}X-INJECTED:1{boundary}END:VEVENT"
    body = build(injected, injected, injected)
    check(body, injected, injected, injected)
    lines = body.decode().splitlines()
    assert not [line for line in lines if line.startswith("X-INJECTED")]
    assert lines.count("END:VEVENT") == 1
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["summary"]) == "Call\nX-INJECTED:1\nEND:VEVENT"


@pytest.mark.parametrize("boundary", ["\x85", "\u2028", "\u2029", "\r\n"])
def test_uris_with_line_boundaries_inject_nothing(boundary):
    page = EventPage(
        id=1, page_ptr_id=1, title="Call", locale=Locale(language_code="en"),
        first_published_at=PUBLISHED, last_published_at=PUBLISHED,
    )  # fmt: skip
    start = dt.datetime(2026, 3, 8, 18, tzinfo=UTC)
    occ = Occurrence(
        id="k", uid="k", page=page, start=start, end=start + dt.timedelta(hours=1),
        timezone="UTC", status=Status.SCHEDULED, status_reason="", audience=Audience.PUBLIC,
        sequence=0,
    )  # fmt: skip
    url = f"https://example.org/en/{boundary}X-INJECTED:1/"
    data = ical.FeedData(
        title="Events", description="", language="en", url=url, source=url + "calendar.ics",
        occurrences=[occ], urls={1: url},
    )  # fmt: skip
    body = ical.feed(data, 2026, 2027).to_ical()
    check_lines(body)
    assert "X-INJECTED" not in {line.split(":")[0] for line in body.decode().splitlines()}
    cal = icalendar.Calendar.from_ical(body)
    (vevent,) = cal.walk("VEVENT")
    escaped = "https://example.org/en/" + quote(boundary) + "X-INJECTED:1/"
    assert str(vevent["url"]) == str(cal["url"]) == escaped
    assert str(cal["source"]) == escaped + "calendar.ics"


def test_cancelled_occurrence_keeps_its_reason():
    body = build("Call", "Municipal elections", "x", status=Status.CANCELLED)
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"
    assert str(vevent["summary"]) == "Cancelled: Call"
    assert "Cancelled: Municipal elections" in str(vevent["description"])


def test_override_is_written_with_series_uid_and_recurrence_id():
    en = Locale(language_code="en")
    call = EventSeriesPage(
        id=2, page_ptr_id=2, title="Call", locale=en, first_date=dt.date(2026, 1, 7),
        frequency="weekly", interval=2, start_time=dt.time(11), end_time=dt.time(12),
        timezone="America/St_Johns",
        audience=Audience.PUBLIC, status=Status.SCHEDULED,
    )  # fmt: skip
    call.translation_key = "00000000-0000-4000-8000-000000000002"
    topic = EventPage(
        id=3, page_ptr_id=3, title="Topic", locale=en, occurrence_date=dt.date(2026, 3, 18)
    )
    topic.starts_at = dt.datetime(2026, 3, 18, 15, tzinfo=UTC)
    topic.ends_at = topic.starts_at + dt.timedelta(hours=2)
    topic.status, topic.sequence, topic.timezone = Status.SCHEDULED, 1, "America/St_Johns"
    original = call.occurrence_start(dt.date(2026, 3, 18))
    occ = series_occurrence(call, original, topic)
    data = ical.FeedData(title="n", description="", language="en", occurrences=[occ])
    (vevent,) = icalendar.Calendar.from_ical(ical.feed(data, 2026, 2027).to_ical()).walk("VEVENT")
    assert str(vevent["uid"]) == call.translation_key
    assert vevent["recurrence-id"].to_ical() == b"20260318T110000"
    assert vevent["recurrence-id"].params["TZID"] == "America/St_Johns"
    assert vevent["dtstart"].to_ical() == b"20260318T123000"  # 15:00 UTC in NDT (UTC−2:30)
    assert int(vevent["sequence"]) == 1


def test_typed_backslash_n_stays_literal():
    # Found by the property test: icalendar's own escaping turns a typed "\N" into a line break.
    title = r"C:\New folder, \N; \n"
    check(build(title, title, title), title, title, title)
