"""What an event's own page reads: its occurrence, speakers, host, and its series' next dates.

A constant handful of queries whatever the number of speakers or dates: the speakers and
their photos' renditions (three; the speakers' translations only for speakers linked in
another language), the series' overrides (one), the join page (one, for an
event not open to all). The page's series and host are the parents the router read already
(home.routing), so they cost nothing more when the page is served.
"""

from operator import attrgetter

from django.utils import timezone

from events.domain import recurrence
from events.domain.choices import Audience
from events.models import EventPage
from events.reads import hosts, listings, occurrences
from events.reads.images import with_photo_renditions
from events.reads.speakers import speakers_for
from home.visibility import is_visible, per_version_entry

SERIES_NEXT_DATES = 4
# Pages whose speakers are kept per content version in each process (event_detail).
SPEAKERS_KEPT = 1000


def series_dates(series, language, start, end):
    """The occurrences of one visible `series` overlapping [start, end), overrides applied:
    what `occurrences.occurrences_between(start, end, language, within=series)` gives, without
    reading again the series its caller holds (one query: the overrides)."""
    if not is_visible(series):
        return []
    events = EventPage.objects.select_related("locale")
    found = occurrences.own_or_fallback(
        occurrences.overrides_in_window(events, [series.translation_key], start, end), language
    )
    by_date = {
        o.occurrence_date: o
        for o in occurrences.prefer_language(found, language, key=attrgetter("translation_key"))
    }
    margin = occurrences.OVERRIDE_MARGIN
    days = set()
    result = []
    for original in recurrence.expand(series.rule, series.tz, start - margin, end + margin):
        days.add(original.date())
        result.append(occurrences.series_occurrence(series, original, by_date.get(original.date())))
    # An override whose original date lies outside the window but moved into it.
    for day, override in by_date.items():
        if day not in days:
            result.append(
                occurrences.series_occurrence(series, series.occurrence_start(day), override)
            )
    result = [o for o in result if o.start and o.start < end and o.end > start]
    return sorted(result, key=lambda o: (o.start, o.id))


def next_in_series(series, language, now=None, exclude=None, n=SERIES_NEXT_DATES):
    """The next `n` occurrences of a series (overrides applied), without `exclude` (an id)."""
    now = now or timezone.now()
    upcoming = series_dates(series, language, now, now + listings.UPCOMING_WINDOW)
    return [o for o in upcoming if o.id != exclude][:n]


def page_speakers(page, language):
    """The page's speakers in `language`, their photos' renditions loaded."""
    return with_photo_renditions(speakers_for([page], language, others_only=True)[page.pk])


def event_detail(page, language, now=None, *, kept=False):
    """Everything an event page shows beyond its own fields (access details aside). `kept`:
    the speakers are read once per content version and page in each process
    (docs/architecture.md#caching-and-freshness; a speaker's edit and the page's publish move
    the version), not for a preview, whose page is not the one saved."""
    occurrence = occurrences.occurrence_for_page(page)
    if kept:
        speakers = per_version_entry(
            "event-speakers",
            (page.pk, language),
            lambda: page_speakers(page, language),
            limit=SPEAKERS_KEPT,
        )
    else:
        speakers = page_speakers(page, language)
    detail = {
        "occurrence": occurrence,
        "speakers": speakers,
        "host": hosts.host_of(page),
        "series_next": [],
        "next_date": None,
        "join_page": None,
    }
    if occurrence.series is not None:
        detail["series_next"] = next_in_series(
            occurrence.series, language, now=now, exclude=occurrence.id
        )
        detail["next_date"] = listings.next_date(detail["series_next"])
    if occurrence.audience != Audience.PUBLIC:
        detail["join_page"] = listings.join_page(language)
    return detail
