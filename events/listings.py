"""What the reader pages list: upcoming and past occurrences, series, an event's details.

Page `get_context` methods call these; each runs a constant number of queries.
"""

import datetime as dt

from django.utils import timezone

from wagtail.models import Page

from events import occurrences
from events.models import EventIndexPage, EventSeriesPage
from events.speakers import speakers_for
from events.visibility import visible

UPCOMING_WINDOW = dt.timedelta(days=366)
PAST_WINDOW = dt.timedelta(days=366)


def upcoming_and_past(language, within=None, now=None, upcoming_limit=50, past_limit=20):
    now = now or timezone.now()
    upcoming = occurrences.occurrences_between(now, now + UPCOMING_WINDOW, language, within=within)
    past = occurrences.occurrences_between(now - PAST_WINDOW, now, language, within=within)
    # "Upcoming" includes what is on right now; "past" is what has ended.
    past = [o for o in past if o.end and o.end <= now]
    upcoming = [o for o in upcoming if not (o.end and o.end <= now)]
    return {"upcoming": upcoming[:upcoming_limit], "past": past[::-1][:past_limit]}


def series_in(language):
    pages = visible(EventSeriesPage.objects.select_related("locale")).order_by("title")
    return occurrences.prefer_language(pages, language)


def host_of(page):
    """The chapter, working group or event index an event or series belongs to."""
    from chapters.models import ChapterPage, WorkingGroupPage

    return (
        page.get_ancestors()
        .type(ChapterPage, WorkingGroupPage, EventIndexPage)
        .order_by("-depth")
        .specific()
        .first()
    )


def event_detail(page, language):
    occurrence = occurrences.occurrence_for_page(page)
    return {
        "occurrence": occurrence,
        "speakers": speakers_for([page], language)[page.pk],
        "host": host_of(page),
    }


def sections(language):
    """Chapters and working groups to list on the home page."""
    from chapters.models import ChapterPage, WorkingGroupPage

    pages = visible(Page.objects.type(ChapterPage, WorkingGroupPage).select_related("locale"))
    return sorted(occurrences.prefer_language(pages, language), key=lambda p: p.path)
