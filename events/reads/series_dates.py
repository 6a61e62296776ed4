"""The coming dates of one series, from its rule as it stands in memory.

The series' edit view and its preview both read the series' form, not its last saved
revision: an editor who changes "Every" sees the dates of the new rule, and a series never
saved (no primary key yet) has dates too. Overrides (cancelled or moved dates) are read by
the series' translation key, which a new page already has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from events.domain import recurrence
from events.domain.choices import Status
from events.models import EventPage
from events.reads.occurrences import Occurrence, prefer_language, series_occurrence


@dataclass
class SeriesDate:
    """One date of a series: its original start and the occurrence readers see."""

    original: dt.datetime
    occurrence: Occurrence

    @property
    def override(self):
        return self.occurrence.override

    @property
    def is_cancelled(self):
        return self.occurrence.status == Status.CANCELLED

    @property
    def is_moved(self):
        occ = self.occurrence
        return self.override is not None and occ.start is not None and occ.start != self.original


def schedule_is_complete(series):
    return bool(series.first_date and series.start_time and series.tz)


def coming_dates(series, now=None, n=6):
    """The next `n` dates of `series`' rule (as in memory), each with its override if any.

    Two queries at most (none when the series has no rule yet), whatever `n` is.
    """
    if not schedule_is_complete(series):
        return []
    now = now or timezone.now()
    try:
        starts = recurrence.next_dates(series.rule, series.tz, now, n)
    except ValueError:
        # A rule the form has not validated yet (e.g. an until before the first date).
        return []
    overrides = {}
    if starts:
        days = [s.date() for s in starts]
        pages = EventPage.objects.select_related("locale").filter(
            series_key=series.translation_key, occurrence_date__in=days
        )
        language = series.locale.language_code if series.locale_id else None
        for page in prefer_language(pages, language) if language else pages:
            overrides[page.occurrence_date] = page
    return [
        SeriesDate(start, series_occurrence(series, start, overrides.get(start.date())))
        for start in starts
    ]
