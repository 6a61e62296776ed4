"""What an event page's "How to join" panel says about the call's time
(docs/architecture.md#visibility-and-access-policy).

Who may join is the access policy's answer (events.reads.access.reader_state); this module adds
what
the calendar says: a call that has passed, is cancelled, moved, or has no date yet offers no
join, request or add-to-calendar action, and says so in words. Pure functions of an occurrence
and the clock; the page's template (templates/events/includes/how_to_join.html) shows them.
"""

from django.utils import timezone

from events.domain import timefmt
from events.domain.choices import Status
from events.reads.occurrences import Occurrence

PAST, CANCELLED, DATE_TBA, UPCOMING = "past", "cancelled", "date_tba", "upcoming"


def time_state(occurrence, now=None):
    """One of PAST, CANCELLED, DATE_TBA, UPCOMING; cancelled wins over past.

    A series page passes itself: it has passed once its last date has (`ends_at`, None for a
    series without end)."""
    if occurrence.status == Status.CANCELLED:
        return CANCELLED
    if not isinstance(occurrence, Occurrence):
        ends = occurrence.ends_at
        return PAST if ends is not None and ends < (now or timezone.now()) else UPCOMING
    if occurrence.start is None or occurrence.date_tba:
        return DATE_TBA
    now = now or timezone.now()
    if (occurrence.end or occurrence.start) < now:
        return PAST
    return UPCOMING


def is_moved(occurrence):
    """Whether a series date takes place at another time than the series gives it."""
    return bool(
        isinstance(occurrence, Occurrence)
        and occurrence.override is not None
        and occurrence.recurrence_id is not None
        and occurrence.start is not None
        and occurrence.start != occurrence.recurrence_id
    )


def moved_from_text(occurrence, language):
    """ "Tuesday, December 8, 2026, 11:00 a.m. AST": the time a moved date replaces."""
    if not is_moved(occurrence):
        return ""
    zone = occurrence.series.timezone
    day = timefmt.date_text(occurrence.recurrence_id, zone, language)
    return f"{day}, {timefmt.times_text(occurrence.recurrence_id, zone, language).split(' / ')[0]}"


def took_place_text(occurrence, language):
    """ "Wednesday, May 18, 2022": the day a past call took place, in its own zone."""
    return timefmt.date_text(occurrence.start, occurrence.timezone, language)


def state(item, language, now=None):
    """What the panel and listings say of `item`'s time, as one dict."""
    current = time_state(item, now)
    return {
        "time": current,
        "took_place": took_place_text(item, language) if current == PAST else "",
        "moved_from": moved_from_text(item, language),
    }
