"""iCalendar (RFC 5545 / RFC 7986): small pure functions from domain objects to components.

Nothing here queries the database or reads the clock: the same occurrences, series and window
give the same bytes, so a feed's ETag can be computed without building it. `events.calendar.feeds`
selects what a feed holds and sets the HTTP headers; every property is decided here.

The calendar header and VTIMEZONEs are icalendar objects. VEVENTs, thousands in a network
feed, are `events.calendar.contentlines` components holding values already written: icalendar's
object model cost milliseconds per event (bench/results/feed_bench.txt), and the bytes are the same
(tests/events/calendar/test_contentlines.py).

Identity (docs/architecture.md#time-and-identity): a one-off event's UID and a series' UID are
the translation key of the page, the same in both languages; an occurrence of a series is
that series' UID plus its RECURRENCE-ID, the original local start, so creating or editing
its override page keeps it.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dateutil.rrule import rrulestr
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDDDTypes,
    vDuration,
    vRecur,
    vText,
)

from events.calendar import contentlines as lines
from events.domain import recurrence
from events.domain.choices import Agreement, Audience, SpeakerPart, Status, part_label

PRODID = "-//Climate Caucus//Events Portal//EN"
# How often a subscribed client should refetch; the HTTP cache (15 minutes) bounds it anyway.
REFRESH_INTERVAL = dt.timedelta(hours=1)
# A feed must hold a DTSTAMP even for a page with no publication date (imported, never
# published through Wagtail): a fixed instant keeps the bytes stable.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# VTIMEZONE rules start here, as Outlook and most published zone files do: a rule that
# applies "since 1970" covers every date a feed holds.
TZ_RULES_SINCE = 1970
DATE = lines.parameter("VALUE", "DATE")
CALENDAR_END = b"END:VCALENDAR\r\n"
# Not iCalendar TEXT (RFC 5545 §3.3.11): control characters other than tab and line feed.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")

BRAND = _("Climate Caucus")
ONLINE = _("Online")
SPEAKERS = _("Speakers:")

STATUS_MAP = {
    Status.SCHEDULED: "CONFIRMED",
    Status.TENTATIVE: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
    # A postponed call will not happen at the announced time: clients must not show it as on.
    Status.POSTPONED: "CANCELLED",
}
SUMMARY_PREFIX = {
    Status.CANCELLED: _("Cancelled: %(title)s"),
    Status.POSTPONED: _("Postponed: %(title)s"),
}
REASON_LINE = {
    Status.CANCELLED: _("Cancelled: %(reason)s"),
    Status.POSTPONED: _("Postponed: %(reason)s"),
}
# An event open to all whose join link is published openly: the link follows (a note).
JOIN_BELOW = _("Open to all — join with the link below")
HOW_TO_JOIN = {
    Audience.PUBLIC: _("Open to all — joining details on the event page"),
    Audience.ELECTED_AND_STAFF: _(
        "Open to elected officials and municipal staff only — joining details for members on "
        "the event page"
    ),
    Audience.ELECTED: _(
        "Open to elected officials only — joining details for members on the event page"
    ),
}


@dataclass
class FeedData:
    """What one feed holds, selected by `events.calendar.feeds`: everything the builders read."""

    title: str  # the page's title; the calendar's name is built from it in `language`
    description: str
    language: str
    url: str = ""  # the page the feed belongs to
    source: str = ""  # the feed's own URL
    occurrences: list = field(default_factory=list)  # one-offs and overrides (Occurrence)
    series: list = field(default_factory=list)  # EventSeriesPage masters
    speakers: dict = field(default_factory=dict)  # page pk -> [SpeakerLink]
    urls: dict = field(default_factory=dict)  # page pk -> absolute URL
    hosts: dict = field(default_factory=dict)  # page pk -> host title (chapter, group, index)
    # page pk -> extra DESCRIPTION blocks after "how to join" (events.calendar.feeds.join_notes)
    notes: dict = field(default_factory=dict)
    # page pk -> the join link published openly: the VEVENT's URL instead of the page's
    join_urls: dict = field(default_factory=dict)
    # page pk -> when its event last changed (events.reads.modified): LAST-MODIFIED, DTSTAMP
    modified: dict = field(default_factory=dict)
    # The zone described when no event is: RFC 5545 wants one component in every calendar.
    timezone: str = "UTC"


# --- Text -------------------------------------------------------------------------------------


class Text(vText):
    """TEXT escaped exactly as RFC 5545 §3.3.11 says (`contentlines.text`); icalendar's vText
    reads a typed "\\N" as a line break, so a title holding one would not round-trip, and
    writes U+2028, U+2029 and NEL raw, where some clients break lines."""

    def to_ical(self):
        return lines.text(str(self)).encode(self.encoding)


def clean_text(value):
    """TEXT as iCalendar can carry it: line breaks as LF, no other control characters."""
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", value)


@cache
def _phrases(language):
    """The fixed phrases of a VEVENT in `language`, translated once: gettext searches every
    app's catalog on each call, which cost more per event than writing the event."""
    with translation.override(language):
        return {
            "speakers": str(SPEAKERS),
            "parts": {
                (part.value, agreement.value): str(part_label(part, agreement))
                for part in SpeakerPart
                for agreement in Agreement
            },
            "how_to_join": {audience: str(text) for audience, text in HOW_TO_JOIN.items()},
            "join_below": str(JOIN_BELOW),
            "reason_line": {status: str(text) for status, text in REASON_LINE.items()},
            "summary_prefix": {status: str(text) for status, text in SUMMARY_PREFIX.items()},
            "status_words": {status: str(status.label) for status in SUMMARY_PREFIX},
            "online": str(ONLINE),
        }


def calendar_name(title):
    """The localized calendar name: "Climate Caucus — B.C. Chapter"."""
    return f"{BRAND} — {clean_text(title)}"


def speaker_line(link, phrases=None):
    """One speaker as a plain-text line: name, role, organisation and part.

    `phrases`: `_phrases()` of the active language, when the caller has them already.
    """
    phrases = phrases or _phrases(translation.get_language())
    speaker = link.speaker
    details = ", ".join(clean_text(p) for p in (speaker.role, speaker.organisation) if p)
    name = f"{clean_text(speaker.name)} ({details})" if details else clean_text(speaker.name)
    return f"{name} — {phrases['parts'][link.part, speaker.agreement]}"


def description(page, occ_status, reason, audience, speakers, url, notes=(), join_link=False):
    """The plain-text DESCRIPTION: summary, reason, speakers, how to join, notes, the page.

    `join_link`: the notes carry the event's join link, published openly (an event open to all).
    """
    phrases = _phrases(translation.get_language())
    blocks = []
    if getattr(page, "intro", ""):
        blocks.append(page.intro)
    if occ_status in REASON_LINE and reason:
        blocks.append(phrases["reason_line"][occ_status] % {"reason": reason})
    if speakers:
        lines = [phrases["speakers"]] + [f"• {speaker_line(link, phrases)}" for link in speakers]
        blocks.append("\n".join(lines))
    # A join link or passcode only ever comes in `notes`, which events.calendar.feeds fills from
    # events.reads.access: for a member's personal feed, or a link published openly for an event
    # open to all; never a restricted event's in a public feed.
    how_to_join = phrases["how_to_join"]
    if join_link and audience == Audience.PUBLIC:
        blocks.append(phrases["join_below"])
    else:
        blocks.append(how_to_join.get(audience, how_to_join[Audience.ELECTED]))
    blocks.extend(str(note) for note in notes)
    if url:
        blocks.append(url)
    # Each block cleaned alone: a trailing CR must not merge with the separator's LF.
    return "\n\n".join(clean_text(block) for block in blocks)


def _folded(text):
    """Text without accents or case, to compare words ("Annulé" and "annule")."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def summary(title, status):
    """SUMMARY: the title, prefixed for clients that ignore STATUS (Outlook, some Apple ones),
    unless the title already says it ("Electeds-Only Call — cancelled" is not "Cancelled:
    Electeds-Only Call — cancelled")."""
    title = clean_text(title)
    phrases = _phrases(translation.get_language())
    prefix = phrases["summary_prefix"].get(status)
    if not prefix or _folded(phrases["status_words"][status]) in _folded(title):
        return title
    return prefix % {"title": title}


# --- Time zones -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """One change of UTC offset, as a wall-clock time in the offset it leaves."""

    local: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    is_dst: bool

    def signature(self):
        # What a yearly rule must repeat, the date aside (that is the RRULE's part).
        return (
            self.local.month,
            self.local.weekday(),
            self.local.time(),
            self.offset_from,
            self.offset_to,
            self.name,
            self.is_dst,
        )


def _observance(moment, tz):
    """What a VTIMEZONE observance states at an instant: offset, name, daylight or not."""
    local = moment.astimezone(tz)
    return local.utcoffset(), local.tzname(), bool(local.dst())


def transitions(tz, year):
    """The changes of `tz`'s observance during `year` (its offset, or only its name and
    daylight flag: British Columbia's PDT became a permanent MST without moving the clock),
    found by bisection over the year's days."""
    utc = dt.UTC
    day = dt.timedelta(days=1)
    moment = dt.datetime(year, 1, 1, tzinfo=utc)
    stop = dt.datetime(year + 1, 1, 1, tzinfo=utc)
    found = []
    while moment < stop:
        following = moment + day
        state = _observance(moment, tz)
        before = state[0]
        if state != _observance(following, tz):
            low, high = moment, following
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _observance(middle, tz) == state:
                    low = middle
                else:
                    high = middle
            local_after = high.astimezone(tz)
            found.append(
                Transition(
                    local=(high + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=local_after.utcoffset(),
                    name=local_after.tzname(),
                    is_dst=bool(local_after.dst()),
                )
            )
        moment = following
    return found


def _byday(dates, weekday):
    """The RRULE day selection that picks every one of `dates` (one a year, same month)."""
    code = recurrence.ICAL_DAYS[weekday]
    ordinals = {(d.day - 1) // 7 + 1 for d in dates}
    if len(ordinals) == 1 and min(ordinals) <= 4:
        return {"BYDAY": [f"{ordinals.pop()}{code}"]}
    if all(d.day + 7 > pycalendar.monthrange(d.year, d.month)[1] for d in dates):
        return {"BYDAY": [f"-1{code}"]}
    # "Weekday on or after day N" (tzdata's Sun>=N): a seven-day window of month days.
    first = min(d.day for d in dates)
    return {"BYDAY": [code], "BYMONTHDAY": list(range(first, first + 7))}


def _first_date_matching(year, month, byday):
    """The first date in `month` of `year` that an RRULE day selection picks."""
    rule = vRecur({"FREQ": "YEARLY", "BYMONTH": [month], **byday})
    start = dt.datetime(year, 1, 1)
    return rrulestr(rule.to_ical().decode(), dtstart=start).after(start, inc=True).date()


@cache
def vtimezone(tzid, first_year, last_year):
    """A compact, rule-based VTIMEZONE for `tzid`, true for the years given and rules since 1970.

    Built from the zone's transitions in those years as yearly RRULEs (what Outlook reads),
    not icalendar's add_missing_timezones(), whose RDATE lists stop in 2038. A zone whose rules
    change within the years gets one rule per period, each bounded by UNTIL.
    """
    tz = ZoneInfo(tzid)
    # From the year before: the observance in force on 1 January of the first year is the one
    # the previous year's last transition began. Seven extra years so every weekday rule shows
    # both its 4th and 5th-week forms.
    years = range(first_year - 1, max(last_year, first_year + 7) + 1)
    by_year = {year: transitions(tz, year) for year in years}
    component = Timezone()
    # Every text value of a feed goes through contentlines.text (Text), even the zone's names.
    component.add("tzid", Text(tzid))
    periods = []  # [(signature tuple, [years])]
    for year in years:
        signature = tuple(t.signature() for t in by_year[year])
        if periods and periods[-1][0] == signature:
            periods[-1][1].append(year)
        else:
            periods.append((signature, [year]))
    for index, (signature, period_years) in enumerate(periods):
        is_first, is_last = index == 0, index == len(periods) - 1
        if not signature:
            component.add_component(_fixed_offset(tz, period_years[0], is_first))
            continue
        for position in range(len(signature)):
            steps = [by_year[y][position] for y in period_years]
            component.add_component(_yearly_rule(steps, is_first, is_last))
    return component


def _fixed_offset(tz, year, is_first):
    """A STANDARD component for a period without DST (Regina, or a zone that dropped DST)."""
    moment = dt.datetime(year, 7, 1, tzinfo=dt.UTC).astimezone(tz)
    part = TimezoneStandard()
    part.add("dtstart", dt.datetime(TZ_RULES_SINCE if is_first else year, 1, 1))
    part.add("tzoffsetfrom", moment.utcoffset())
    part.add("tzoffsetto", moment.utcoffset())
    part.add("tzname", Text(moment.tzname()))
    return part


def _yearly_rule(steps, is_first, is_last):
    """A STANDARD or DAYLIGHT component repeating the same transition every year."""
    first = steps[0]
    month = first.local.month
    byday = _byday([s.local.date() for s in steps], first.local.weekday())
    start_year = TZ_RULES_SINCE if is_first else first.local.year
    start_date = _first_date_matching(start_year, month, byday)
    part = TimezoneDaylight() if first.is_dst else TimezoneStandard()
    part.add("dtstart", dt.datetime.combine(start_date, first.local.time()))
    part.add("tzoffsetfrom", first.offset_from)
    part.add("tzoffsetto", first.offset_to)
    part.add("tzname", Text(first.name))
    rule = {"FREQ": "YEARLY", "BYMONTH": [month], **byday}
    if not is_last:
        rule["UNTIL"] = (steps[-1].local - steps[-1].offset_from).replace(tzinfo=dt.UTC)
    part.add("rrule", vRecur(rule))
    return part


# --- Components -------------------------------------------------------------------------------


def calendar(data, method="PUBLISH"):
    """The VCALENDAR with its header properties (RFC 5545 and RFC 7986) and no component.

    `method`: PUBLISH for feeds; REQUEST or CANCEL (RFC 5546) for the e-mailed updates of
    the notices app, which writes its VEVENTs with this module so they match the feeds'.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    # NAME and X- properties have no registered type in icalendar: without vText their text
    # would go out unescaped (a line break in a title would start a new property).
    name, about = calendar_name(data.title), clean_text(data.description)
    cal.add("name", Text(name))
    cal.add("x-wr-calname", Text(name))
    if about:
        cal.add("description", Text(about))
        cal.add("x-wr-caldesc", Text(about))
    # URIs through contentlines.uri: a line boundary in one must not start a line.
    if data.url:
        cal.add("url", lines.uri(data.url))
    if data.source:
        cal.add("source", lines.uri(data.source), parameters={"VALUE": "URI"})
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    return cal


def _zoned(instant, tzid):
    """An aware instant as wall-clock time in `tzid` (written with TZID=)."""
    return instant.astimezone(ZoneInfo(tzid or "UTC"))


@cache
def _zone_form(tzinfo):
    """(";TZID=…", "Z" or "") as icalendar writes a DATE-TIME in `tzinfo`: UTC and its
    aliases take a "Z" and no TZID. It depends on the zone alone, so it is asked once."""
    value = vDDDTypes(dt.datetime(2000, 1, 1, tzinfo=tzinfo))
    params = value.params.to_ical().decode()
    return (f";{params}" if params else ""), ("Z" if value.to_ical().endswith(b"Z") else "")


def _add_time(vevent, name, moment):
    """A DATE (written VALUE=DATE) or an aware DATE-TIME, written in its own zone."""
    if isinstance(moment, dt.datetime):
        params, suffix = _zone_form(moment.tzinfo)
        vevent.add(name, lines.date_time(moment) + suffix, params)
    else:
        vevent.add(name, lines.date_value(moment), DATE)


def _utc(moment):
    return lines.date_time(moment.astimezone(dt.UTC)) + "Z"


@cache
def _rrule(rule):
    """An RRULE value as icalendar writes it (its own order of the rule parts)."""
    return vRecur.from_ical(rule).to_ical().decode()


def _stamps(vevent, created, modified):
    """DTSTAMP, CREATED, LAST-MODIFIED from the publication dates, never from the clock."""
    stamp = _utc(modified or created or EPOCH)
    vevent.add("DTSTAMP", stamp)
    if created:
        vevent.add("CREATED", _utc(created))
    vevent.add("LAST-MODIFIED", stamp)


def _common(vevent, page, status, reason, audience, data, categories):
    """SUMMARY, DESCRIPTION, URL, LOCATION, CATEGORIES and STATUS, shared by every VEVENT."""
    url = data.urls.get(page.pk, "")
    speakers = data.speakers.get(page.pk, [])
    language = page.locale.language_code
    # A page shown in the other language because it is not translated says so.
    marked = lines.parameter("LANGUAGE", language) if language != data.language else ""
    # An untranslated page is written wholly in its own language (marked above), so its
    # summary never mixes a French "Annulé" with an English title.
    active = translation.get_language()
    with nullcontext() if language == active else translation.override(language):
        vevent.add("SUMMARY", lines.text(summary(page.title, status)), marked)
        notes = data.notes.get(page.pk, ())
        join_link = page.pk in data.join_urls
        text = description(page, status, reason, audience, speakers, url, notes, join_link)
        vevent.add("DESCRIPTION", lines.text(text), marked)
    url = data.join_urls.get(page.pk) or url
    if url:
        vevent.add("URL", lines.uri(url))
    vevent.add("LOCATION", lines.text(_phrases(active)["online"]))
    names = [clean_text(c) for c in categories if c]
    if names:
        vevent.add("CATEGORIES", ",".join(lines.text(name) for name in names))
    vevent.add("STATUS", STATUS_MAP.get(status, "CONFIRMED"))


def occurrence_event(occ, data):
    """A VEVENT for a one-off event or for one occurrence of a series that has its own page."""
    vevent = lines.Component("VEVENT", Event.canonical_order)
    vevent.add("UID", lines.text(occ.uid))
    page = occ.page
    if occ.all_day:
        tz = ZoneInfo(occ.timezone or "UTC")
        _add_time(vevent, "DTSTART", occ.start.astimezone(tz).date())
        _add_time(vevent, "DTEND", occ.end.astimezone(tz).date())
    else:
        _add_time(vevent, "DTSTART", _zoned(occ.start, occ.timezone))
        _add_time(vevent, "DTEND", _zoned(occ.end, occ.timezone))
    if occ.recurrence_id is not None:
        _add_time(vevent, "RECURRENCE-ID", _zoned(occ.recurrence_id, occ.series.timezone))
    vevent.add("SEQUENCE", str(int(occ.sequence)))
    created = page.first_published_at
    _stamps(vevent, created, data.modified.get(page.pk))
    categories = [data.hosts.get(page.pk)]
    if occ.series is not None:
        categories.append(occ.series.title)
    _common(vevent, page, occ.status, occ.status_reason, occ.audience, data, categories)
    return vevent


def series_event(series, data):
    """The master VEVENT of a series: its first start and its RRULE (UNTIL in UTC)."""
    vevent = lines.Component("VEVENT", Event.canonical_order)
    vevent.add("UID", lines.text(str(series.translation_key)))
    first = recurrence.localize(series.rule.first_local_start(), series.tz)
    _add_time(vevent, "DTSTART", first)
    _add_time(vevent, "DTEND", first + series.duration)
    vevent.add("RRULE", _rrule(series.rrule or series.rule.to_ical(series.tz)))
    vevent.add("SEQUENCE", str(int(series.sequence)))
    _stamps(vevent, series.first_published_at, data.modified.get(series.pk))
    categories = [data.hosts.get(series.pk), series.title]
    _common(vevent, series, series.status, series.status_reason, series.audience, data, categories)
    return vevent


def timezones_used(occurrences, series):
    """Every TZID the events will be written with, sorted for stable output."""
    zones = {s.timezone for s in series}
    for occ in occurrences:
        if not occ.all_day:
            zones.add(occ.timezone or "UTC")
        if occ.series is not None:
            zones.add(occ.series.timezone)
    # UTC needs no VTIMEZONE: it is written with a "Z", not a TZID.
    return sorted(z for z in zones if z and z != "UTC")


class Written(bytes):
    """iCalendar already written: `to_ical()` gives the bytes, as icalendar's objects do."""

    def to_ical(self):
        return bytes(self)


@cache
def _vtimezone_ical(tzid, first_year, last_year):
    return vtimezone(tzid, first_year, last_year).to_ical()


def feed(data, first_year, last_year, method="PUBLISH"):
    """The whole VCALENDAR: header, one VTIMEZONE per zone used (or, with no event, the
    VTIMEZONE of `data.timezone`), then the events in order.

    `first_year`..`last_year` are the feed window's years, which the VTIMEZONE rules must cover.
    The few header and VTIMEZONE components go through icalendar; the VEVENTs, thousands in
    a network feed, through `events.calendar.contentlines`, to the same bytes (see that module).
    """
    with translation.override(data.language):
        # The header's own END line closes the feed, after the components.
        header = calendar(data, method).to_ical()
        head, end = header[: -len(CALENDAR_END)], header[-len(CALENDAR_END) :]
        parts = [head]
        zones = timezones_used(data.occurrences, data.series)
        if not data.occurrences and not data.series:
            # Nothing scheduled: the page's own zone keeps the calendar valid (RFC 5545
            # requires a component; some clients refuse a calendar without one).
            zones = [data.timezone or "UTC"]
        for tzid in zones:
            parts.append(_vtimezone_ical(tzid, first_year, last_year))
        components = [
            (s.starts_at, str(s.translation_key), "", series_event(s, data)) for s in data.series
        ]
        for occ in data.occurrences:
            rid = occ.recurrence_id.isoformat() if occ.recurrence_id else ""
            components.append((occ.start, occ.uid, rid, occurrence_event(occ, data)))
        # By start, then UID and RECURRENCE-ID: the same content always gives the same bytes.
        components.sort(key=lambda c: (c[0], c[1], c[2]))
        parts.extend(component.to_ical() for *_key, component in components)
    parts.append(end)
    return Written(b"".join(parts))
