"""Recurrence: plain-words rules, their RFC 5545 form, and DST-correct expansion.

A series repeats at a *local* wall-clock time in its IANA zone. Expansion therefore runs on
naive local date-times and attaches the zone afterwards, so 11:00 Pacific stays 11:00 Pacific
on both sides of a DST change (and in Newfoundland's -3:30 and Saskatchewan's fixed offset).
Occurrences are computed, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule as du

WEEKLY = "weekly"
MONTHLY_WEEKDAY = "monthly_weekday"
MONTHLY_LAST_WEEKDAY = "monthly_last_weekday"
MONTHLY_DAY = "monthly_day"

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DU_DAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)

# Hard stop for open-ended rules: nobody plans a call series beyond this many occurrences.
MAX_OCCURRENCES = 2000


@dataclass(frozen=True)
class Rule:
    """A recurrence in the terms an editor uses, anchored on the series' first date.

    weekly: every `interval` weeks on the first date's weekday; monthly_weekday: every
    `interval` months on the same nth weekday (the 3rd Monday); monthly_last_weekday: on the last
    such weekday; monthly_day: on the same day of the month. Ends on `until` (a local date,
    inclusive) or after `count` occurrences, or never.
    """

    frequency: str
    first_date: dt.date
    start_time: dt.time
    interval: int = 1
    until: dt.date | None = None
    count: int | None = None

    @property
    def weekday(self) -> int:
        return self.first_date.weekday()

    @property
    def setpos(self) -> int:
        """The nth weekday of the month that the first date falls on (-1: the last)."""
        if self.frequency == MONTHLY_LAST_WEEKDAY:
            return -1
        return min(4, (self.first_date.day - 1) // 7 + 1)

    def dtstart(self) -> dt.datetime:
        """The first date's naive local start (the rule's DTSTART)."""
        return dt.datetime.combine(self.first_date, self.start_time)

    def to_dateutil(self) -> du.rrule:
        """The rule as a dateutil rrule over naive local date-times."""
        kwargs = {"dtstart": self.dtstart(), "interval": max(1, self.interval), "cache": False}
        if self.frequency == WEEKLY:
            freq = du.WEEKLY
            kwargs["byweekday"] = _DU_DAYS[self.weekday]
        elif self.frequency in (MONTHLY_WEEKDAY, MONTHLY_LAST_WEEKDAY):
            freq = du.MONTHLY
            kwargs["byweekday"] = _DU_DAYS[self.weekday](self.setpos)
        elif self.frequency == MONTHLY_DAY:
            freq = du.MONTHLY
            kwargs["bymonthday"] = self.first_date.day
        else:
            raise ValueError(f"unknown frequency {self.frequency!r}")
        if self.until:
            kwargs["until"] = dt.datetime.combine(self.until, dt.time.max)
        elif self.count:
            kwargs["count"] = self.count
        return du.rrule(freq, **kwargs)

    def to_ical(self, tz: ZoneInfo) -> str:
        """The RFC 5545 RRULE value; UNTIL in UTC, as RFC 5545 requires with a TZID'd DTSTART."""
        if self.frequency == WEEKLY:
            parts = ["FREQ=WEEKLY", f"BYDAY={ICAL_DAYS[self.weekday]}"]
        elif self.frequency in (MONTHLY_WEEKDAY, MONTHLY_LAST_WEEKDAY):
            parts = ["FREQ=MONTHLY", f"BYDAY={self.setpos}{ICAL_DAYS[self.weekday]}"]
        else:
            parts = ["FREQ=MONTHLY", f"BYMONTHDAY={self.first_date.day}"]
        if self.interval > 1:
            parts.insert(1, f"INTERVAL={self.interval}")
        if self.until:
            last = self.last_local_start()
            if last is not None:
                until_utc = localize(last, tz).astimezone(dt.UTC)
                parts.append(f"UNTIL={until_utc:%Y%m%dT%H%M%SZ}")
        elif self.count:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)

    def first_local_start(self) -> dt.datetime | None:
        """The first occurrence (the first date itself unless the rule skips it)."""
        return self.to_dateutil().after(self.dtstart(), inc=True)

    def last_local_start(self) -> dt.datetime | None:
        """The last occurrence of a bounded rule, or None for an open-ended or empty one."""
        if self.count:
            starts = list(self.to_dateutil()[:MAX_OCCURRENCES])
            return starts[-1] if starts else None
        if self.until:
            return self.to_dateutil().before(dt.datetime.combine(self.until, dt.time.max), inc=True)
        return None


def rule_weekday(weekday):
    """A weekday number (0 = Monday), validated."""
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0..6")
    return weekday


def localize(naive: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Attach a zone to a local wall-clock time.

    A time skipped by a spring-forward gap moves forward by the gap, as calendar clients do;
    an ambiguous time in the autumn overlap is its first (daylight) instance.
    """
    aware = naive.replace(tzinfo=tz, fold=0)
    # fold=0 in a gap reads the time with the pre-transition offset; normalising through UTC
    # gives the wall-clock time after the gap (02:30 -> 03:30 on a spring-forward night).
    return aware.astimezone(dt.UTC).astimezone(tz)


def local_starts(rule: Rule, after: dt.datetime, before: dt.datetime) -> list[dt.datetime]:
    """Naive local starts with after <= start < before (both naive local)."""
    starts = rule.to_dateutil().between(after, before, inc=True)
    return [s for s in starts if s < before][:MAX_OCCURRENCES]


def expand(rule: Rule, tz: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Aware starts of the occurrences that begin in [start, end) (aware bounds, any zone)."""
    # Widen the local window by a day each side: the bounds' local dates depend on the zone.
    after = start.astimezone(tz).replace(tzinfo=None) - dt.timedelta(days=1)
    before = end.astimezone(tz).replace(tzinfo=None) + dt.timedelta(days=1)
    result = []
    for naive in local_starts(rule, after, before):
        aware = localize(naive, tz)
        if start <= aware < end:
            result.append(aware)
    return result


def next_dates(rule: Rule, tz: ZoneInfo, now: dt.datetime, n: int = 6) -> list[dt.datetime]:
    """The next n aware starts at or after now."""
    naive_now = now.astimezone(tz).replace(tzinfo=None)
    result = []
    for naive in rule.to_dateutil().xafter(naive_now, count=n, inc=True):
        result.append(localize(naive, tz))
    return result


def produces(rule: Rule, day: dt.date) -> bool:
    """Whether the rule has an occurrence on this local date."""
    return dt.datetime.combine(day, rule.start_time) in rule.to_dateutil()


def is_empty(rule: Rule) -> bool:
    """Whether the rule yields no date at all (e.g. an until before the first date)."""
    return rule.first_local_start() is None
