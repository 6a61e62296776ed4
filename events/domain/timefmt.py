"""Times the way Canadians read them, from CLDR data (Babel).

en-CA: "11:00 a.m. PDT / 2:00 p.m. EDT"; fr-CA: "11 h HAP / 14 h HAE" (OQLF style). Each time is
shown in the event's own zone and in the reference zones (settings.EVENTS_REFERENCE_TIMEZONES).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from babel import Locale
from babel import dates as babel_dates

from home.i18n import BABEL_LOCALES, babel_locale


@functools.cache
def _metazones_by_abbreviation():
    """{English CLDR short name: (metazone, variant)}, e.g. "MST": ("America_Mountain",
    "standard"): the names the zone database's own abbreviations stand for."""
    names = {}
    meta_zones = Locale.parse(BABEL_LOCALES["en"]).meta_zones
    for metazone in meta_zones:
        short = meta_zones[metazone].get("short", {})
        for variant in ("standard", "daylight"):
            if short.get(variant):
                names.setdefault(short[variant], (metazone, variant))
    return names


def _metazone_name(aware, language, width):
    """The CLDR name of the rules actually in force at `aware`, or None to use Babel's own.

    Babel maps a zone to one metazone whatever the date, so after a province changes its rules
    it would still call America/Vancouver at UTC-7 "PST" (UTC-8). The zone database's
    abbreviation for the instant ("MST") names the metazone that really applies; CLDR then
    gives its name in the reader's language ("HNR").
    """
    abbreviation = aware.tzname()
    found = _metazones_by_abbreviation().get(abbreviation)
    if found is None:
        return None
    english = babel_dates.get_timezone_name(aware, "short", locale=BABEL_LOCALES["en"])
    if english == abbreviation:
        return None  # Babel's metazone is the right one: keep its names (and their fallbacks)
    metazone, variant = found
    names = Locale.parse(babel_locale(language)).meta_zones[metazone].get(width, {})
    return names.get(variant)


def zone_abbreviation(aware, language):
    """CLDR short zone name (PDT, HAP) of the rules in force; where CLDR has none, its long
    name ("Yukon Time"), never the offset ("-0700") Babel falls back to."""
    name = _metazone_name(aware, language, "short") or babel_dates.get_timezone_name(
        aware, "short", locale=babel_locale(language)
    )
    if any(char.isdigit() for char in name):
        return zone_long_name(aware, language)
    return name


def zone_long_name(aware, language):
    """CLDR long zone name (Pacific Daylight Time), for screen readers."""
    return _metazone_name(aware, language, "long") or babel_dates.get_timezone_name(
        aware, "long", locale=babel_locale(language)
    )


NBSP = "\u00a0"
# A listing formats the same few dates, times and zones again and again (a weekly call, the
# same reference zones), and CLDR lookups are most of a listing's formatting cost: results are
# kept, bounded, by everything they depend on (settings' reference zones included).
FORMAT_CACHE = 4096


def clock(aware, language):
    """The local clock time without zone: "11:00 a.m." / "9 h", "14 h 30".

    French follows the Office québécois de la langue française: no leading zero, no ":00"
    ("9 h", not CLDR's "09 h 00"), and no-break spaces so that a line never breaks inside.
    """
    if language.split("-")[0] == "fr":
        if aware.minute:
            return f"{aware.hour}{NBSP}h{NBSP}{aware.minute:02d}"
        return f"{aware.hour}{NBSP}h"
    return babel_dates.format_time(aware, "short", locale=babel_locale(language))


@dataclass(frozen=True)
class ZonedTime:
    text: str  # "11:00 a.m. PDT"
    long_text: str  # "11:00 a.m. Pacific Daylight Time"
    zone: str  # IANA name


def zoned_times(instant, event_zone, language):
    """The instant in the event's zone, then each reference zone with another offset or name."""
    references = tuple(settings.EVENTS_REFERENCE_TIMEZONES)
    return list(_zoned_times(instant, event_zone, language, references))


@functools.lru_cache(maxsize=FORMAT_CACHE)
def _zoned_times(instant, event_zone, language, references):
    zones = [event_zone] + [z for z in references if z != event_zone]
    result, seen = [], set()
    for zone in zones:
        local = instant.astimezone(ZoneInfo(zone))
        abbr = zone_abbreviation(local, language)
        key = (local.utcoffset(), abbr)
        if key in seen:
            continue
        seen.add(key)
        text = clock(local, language)
        # A no-break space keeps the zone with its time ("11 h HAP" never splits).
        result.append(
            ZonedTime(f"{text}{NBSP}{abbr}", f"{text} {zone_long_name(local, language)}", zone)
        )
    return tuple(result)


def times_text(instant, event_zone, language):
    """ "11:00 a.m. PDT / 2:00 p.m. EDT": the announced times in one line (the month's calls,
    a series' When, a moved date's original time)."""
    return " / ".join(t.text for t in zoned_times(instant, event_zone, language))


def date_text(instant, event_zone, language, fmt="full"):
    """The local date in the event's zone: "Wednesday, May 18, 2022" / "mercredi 18 mai 2022"."""
    local = instant.astimezone(ZoneInfo(event_zone))
    return _date_text(local.date(), fmt, language)


@functools.lru_cache(maxsize=FORMAT_CACHE)
def _date_text(day, fmt, language):
    return babel_dates.format_date(day, fmt, locale=babel_locale(language))


def month_text(instant, event_zone, language):
    """ "June 2026" / "juin 2026", for dates to be announced and listing headings."""
    local = instant.astimezone(ZoneInfo(event_zone))
    return _month_text(local.year, local.month, language)


@functools.lru_cache(maxsize=FORMAT_CACHE)
def _month_text(year, month, language):
    return babel_dates.format_skeleton(
        "yMMMM", dt.date(year, month, 1), locale=babel_locale(language)
    )
