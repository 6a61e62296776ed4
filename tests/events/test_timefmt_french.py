"""Hours as a Québec reader expects them (OQLF): "9 h", "14 h 30", never "09 h 00", with
no-break spaces inside a time and between a time and its zone; a series says when it meets."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from events.domain import recurrence, timefmt
from events.domain.recurrence_text import schedule_text

PACIFIC = ZoneInfo("America/Vancouver")
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("hour", "minute", "french"),
    [(9, 0, f"9{NBSP}h"), (14, 30, f"14{NBSP}h{NBSP}30"), (0, 5, f"0{NBSP}h{NBSP}05")],
)
def test_french_clock_is_oqlf_style(hour, minute, french):
    aware = dt.datetime(2026, 5, 18, hour, minute, tzinfo=PACIFIC)
    assert timefmt.clock(aware, "fr") == french
    assert timefmt.clock(aware, "fr-ca") == french


def test_english_clock_keeps_cldr_form():
    aware = dt.datetime(2026, 5, 18, 9, 0, tzinfo=PACIFIC)
    assert timefmt.clock(aware, "en") == "9:00\u202fa.m."


def test_zoned_times_keep_each_time_with_its_zone():
    instant = dt.datetime(2026, 5, 18, 18, 0, tzinfo=dt.UTC)
    text = timefmt.times_text(instant, "America/Vancouver", "fr")
    assert text == f"11{NBSP}h{NBSP}HAP / 14{NBSP}h{NBSP}HAE"
    # The only ordinary spaces are around the separator between two zones.
    assert text.count(" ") == 2


class Series:
    """What schedule_text reads of a series page."""

    def __init__(self, **fields):
        self.first_date = dt.date(2026, 1, 7)  # a Wednesday
        self.start_time = dt.time(11)
        self.timezone = "America/Vancouver"
        self.__dict__.update(fields)
        self.tz = ZoneInfo(self.timezone)
        self.rule = recurrence.Rule(
            frequency=recurrence.WEEKLY,
            first_date=self.first_date,
            start_time=self.start_time or dt.time(0),
            interval=2,
        )

    def occurrence_start(self, day):
        return recurrence.localize(dt.datetime.combine(day, self.start_time), self.tz)


def test_series_when_gives_day_time_and_zones():
    now = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    en = schedule_text(Series(), "en", now=now).replace("\u202f", " ").replace(NBSP, " ")
    fr = schedule_text(Series(), "fr", now=now)
    assert en == "Every second Wednesday, 11:00 a.m. PST / 2:00 p.m. EST"
    assert fr == f"Un mercredi sur deux, 11{NBSP}h{NBSP}HNP / 14{NBSP}h{NBSP}HNE"


def test_series_without_time_gives_its_rule_only():
    assert schedule_text(Series(start_time=None), "en") == "Every second Wednesday"
