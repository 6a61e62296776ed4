"""Zone names in announced times: always a name, never an offset (issue 13)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from events import timefmt

INSTANT = dt.datetime(2026, 12, 2, 19, tzinfo=dt.UTC)
OFFSET = re.compile(r"[+\-−]\d")


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Yukon Time"), ("fr", "heure normale du Yukon")]
)
def test_yukon_time_is_named_where_cldr_has_no_abbreviation(language, name):
    # CLDR has no short name for Yukon time; Babel falls back to "-0700".
    times = timefmt.zoned_times(INSTANT, "America/Whitehorse", language)
    assert times[0].zone == "America/Whitehorse"
    assert times[0].text.endswith(name)
    assert not OFFSET.search(timefmt.times_text(INSTANT, "America/Whitehorse", language))


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
