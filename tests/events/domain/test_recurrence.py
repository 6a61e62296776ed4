import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from events.domain import recurrence
from events.domain.recurrence import MONTHLY_LAST_WEEKDAY, MONTHLY_WEEKDAY, WEEKLY, Rule

UTC = dt.UTC


def window(year):
    return dt.datetime(year, 1, 1, tzinfo=UTC), dt.datetime(year + 1, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "offsets"),
    [
        ("America/Toronto", (-5, -4, -4, -5)),
        ("America/St_Johns", (-3.5, -2.5, -2.5, -3.5)),
        ("America/Regina", (-6, -6, -6, -6)),  # Saskatchewan keeps standard time all year
        # British Columbia springs forward in March 2026 and stays there: from 1 November 2026
        # its clocks read UTC-7 all year (IANA tzdata 2026f, the rules the portal follows).
        ("America/Vancouver", (-8, -7, -7, -7)),
    ],
)
def test_expand_keeps_local_time_across_both_dst_changes(zone, offsets):
    tz = ZoneInfo(zone)
    rule = Rule(WEEKLY, dt.date(2026, 1, 7), dt.time(11), interval=1)
    starts = recurrence.expand(rule, tz, *window(2026))
    assert len(starts) == 52
    assert {s.astimezone(tz).time() for s in starts} == {dt.time(11)}
    by_day = {s.date(): s for s in starts}
    # Around the March change (2nd Sunday of March, 2026-03-08) and November (2026-11-01).
    days = [dt.date(2026, 3, 4), dt.date(2026, 3, 11), dt.date(2026, 10, 28), dt.date(2026, 11, 4)]
    for day, hours in zip(days, offsets, strict=True):
        assert by_day[day].utcoffset() == dt.timedelta(hours=hours), day


def test_expand_biweekly_wednesday_skips_alternate_weeks():
    rule = Rule(WEEKLY, dt.date(2026, 1, 7), dt.time(11), interval=2)
    starts = recurrence.expand(rule, ZoneInfo("America/Vancouver"), *window(2026))
    days = [s.date() for s in starts]
    assert days[:3] == [dt.date(2026, 1, 7), dt.date(2026, 1, 21), dt.date(2026, 2, 4)]
    assert all(d.weekday() == 2 for d in days)
    assert len(days) == 26


def test_monthly_third_monday_and_last_friday():
    tz = ZoneInfo("America/Toronto")
    third = Rule(MONTHLY_WEEKDAY, dt.date(2026, 1, 19), dt.time(14))
    assert [s.date() for s in recurrence.expand(third, tz, *window(2026))][:3] == [
        dt.date(2026, 1, 19),
        dt.date(2026, 2, 16),
        dt.date(2026, 3, 16),
    ]
    last = Rule(MONTHLY_LAST_WEEKDAY, dt.date(2026, 1, 30), dt.time(14))
    assert [s.date() for s in recurrence.expand(last, tz, *window(2026))][:2] == [
        dt.date(2026, 1, 30),
        dt.date(2026, 2, 27),
    ]


def test_until_and_count_bound_the_rule():
    tz = ZoneInfo("America/Vancouver")
    counted = Rule(WEEKLY, dt.date(2026, 1, 7), dt.time(11), count=3)
    assert len(recurrence.expand(counted, tz, *window(2026))) == 3
    until = Rule(WEEKLY, dt.date(2026, 1, 7), dt.time(11), until=dt.date(2026, 1, 21))
    assert [s.day for s in recurrence.expand(until, tz, *window(2026))] == [7, 14, 21]


def test_to_ical_writes_until_in_utc_at_the_last_occurrence():
    tz = ZoneInfo("America/Vancouver")
    rule = Rule(WEEKLY, dt.date(2026, 1, 7), dt.time(11), interval=2, until=dt.date(2026, 6, 30))
    # Last occurrence: Wednesday 2026-06-24 11:00 PDT = 18:00 UTC.
    assert rule.to_ical(tz) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20260624T180000Z"
    monthly = Rule(MONTHLY_WEEKDAY, dt.date(2026, 1, 19), dt.time(11), count=5)
    assert monthly.to_ical(tz) == "FREQ=MONTHLY;BYDAY=3MO;COUNT=5"


def test_produces_and_is_empty():
    rule = Rule(WEEKLY, dt.date(2026, 1, 7), dt.time(11), interval=2)
    assert recurrence.produces(rule, dt.date(2026, 1, 21))
    assert not recurrence.produces(rule, dt.date(2026, 1, 14))
    empty = Rule(WEEKLY, dt.date(2026, 1, 7), dt.time(11), until=dt.date(2026, 1, 6))
    assert recurrence.is_empty(empty)
    assert not recurrence.is_empty(rule)


def test_localize_moves_a_time_in_the_spring_gap_forward():
    tz = ZoneInfo("America/Vancouver")
    moved = recurrence.localize(dt.datetime(2026, 3, 8, 2, 30), tz)
    assert moved.replace(tzinfo=None) == dt.datetime(2026, 3, 8, 3, 30)
    assert moved.utcoffset() == dt.timedelta(hours=-7)
