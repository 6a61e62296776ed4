"""Zone names in announced times: always a name, never an offset (issue 13)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from events.domain import timefmt

INSTANT = dt.datetime(2026, 12, 2, 19, tzinfo=dt.UTC)
OFFSET = re.compile(r"[+\-−]\d")


@pytest.mark.parametrize(("language", "name"), [("en", "MST"), ("fr", "HNR")])
def test_yukon_time_is_named_where_cldr_has_no_abbreviation(language, name):
    # CLDR has no short name for Yukon time (Babel falls back to "-0700"); the zone database
    # calls it MST, which CLDR names in each language.
    times = timefmt.zoned_times(INSTANT, "America/Whitehorse", language)
    assert times[0].zone == "America/Whitehorse"
    assert times[0].text.endswith(name)
    assert not OFFSET.search(" / ".join(t.text for t in times))


@pytest.mark.parametrize(
    ("zone", "language", "short", "long"),
    [
        # Since November 2026 British Columbia keeps UTC-7 (IANA 2026f): CLDR's metazone for
        # Vancouver still says "Pacific", whose standard time is UTC-8. The name must fit the
        # clock: Mountain Standard Time.
        ("America/Vancouver", "en", "MST", "Mountain Standard Time"),
        ("America/Vancouver", "fr", "HNR", "heure normale des Rocheuses"),
        ("America/Edmonton", "en", "CST", "Central Standard Time"),
        ("America/Winnipeg", "fr", "HNE", "heure normale de l’Est"),
    ],
)
def test_zone_names_follow_the_rules_in_force(zone, language, short, long):
    local = INSTANT.astimezone(ZoneInfo(zone))
    assert timefmt.zone_abbreviation(local, language) == short
    assert timefmt.zone_long_name(local, language) == long


def test_summer_names_before_the_change_stay_cldrs():
    july = dt.datetime(2026, 7, 2, 18, tzinfo=dt.UTC).astimezone(ZoneInfo("America/Vancouver"))
    assert timefmt.zone_abbreviation(july, "en") == "PDT"
    assert timefmt.zone_abbreviation(july, "fr") == "HAP"


def test_zone_rules_come_from_the_tzdata_package_not_the_system():
    # Debian 12's zone files (2025b) still have Vancouver on UTC-8 this winter; the browser's
    # and calendar apps' rules do not. The settings point zoneinfo at the tzdata package.
    assert INSTANT.astimezone(ZoneInfo("America/Vancouver")).utcoffset() == dt.timedelta(hours=-7)


@pytest.mark.parametrize(
    ("zone", "language", "abbreviation"),
    [
        ("America/Toronto", "en", "EST"),
        ("America/Toronto", "fr", "HNE"),
        ("America/Halifax", "fr", "HNA"),
        ("America/St_Johns", "en", "NST"),
    ],
)
def test_zones_with_an_abbreviation_keep_it(zone, language, abbreviation):
    assert timefmt.zone_abbreviation(INSTANT.astimezone(ZoneInfo(zone)), language) == abbreviation
