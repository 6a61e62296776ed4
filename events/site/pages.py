"""What the event pages and the home page show beyond their own fields, read by events.reads.

Page classes (events.models, home.models) cannot import the readers that list events: the
readers import the page classes. So the pages take their context from the registry in
home.page_context, and `register()` (called by events.apps at start-up) fills it with the
functions below. See docs/architecture.md#layers-and-import-contracts.
"""

from events.domain.recurrence_text import describe
from events.models import EventIndexPage
from events.reads import access, event_page, hosts, listings
from events.reads.series_dates import coming_dates
from home import page_context
from home.models import StandardPage
from home.visibility import per_version, visible


def language_of(page):
    return page.locale.language_code


def home_page(page, request, context):
    """The home page: the next events, the chapters and working groups, the events index and
    the "how to join" page."""
    language = language_of(page)

    def links():
        children = visible(page.get_children())
        return children.type(EventIndexPage).first(), children.type(StandardPage).first()

    events_index, join_page = per_version(("home-links", page.pk), links)
    return {
        "upcoming": listings.upcoming_and_past(language, upcoming_limit=8, past_limit=0)[
            "upcoming"
        ],
        "sections": listings.sections(language),
        "events_index": events_index,
        "join_page": join_page,
    }


def event_index(page, request, context):
    """The events index: the reader's filters, one page of the listing, months to head it."""
    language = language_of(page)
    found = listings.index_listing(request.GET, language)
    found["months"] = listings.month_groups(found["listing"].object_list, language)
    return found


def event_index_query(page, params, target):
    """The index's filters for its translation in `target` (host and series slugs translated)."""
    return listings.translate_filter_query(params, language_of(page), target)


def preview_dates(page, language):
    """A preview's dates: the rule as in the editor's form (unsaved, perhaps never saved), not
    the last saved one; past sessions only once the series exists."""
    upcoming = [d.occurrence for d in coming_dates(page, n=12)]
    past = []
    if page.pk:
        past = listings.upcoming_and_past(language, within=page, upcoming_limit=0)["past"]
    return {"upcoming": upcoming, "past": past}


def event_series(page, request, context):
    """A series: its coming and past dates, its rule in words, its host, and its own access
    details for an entitled member only (events.reads.access decides)."""
    language = language_of(page)
    if getattr(request, "is_preview", False):
        found = preview_dates(page, language)
    else:
        found = listings.upcoming_and_past(language, within=page)
    found["series_info"] = page
    found["rule_text"] = describe(page.rule, language)
    found["host"] = hosts.host_of(page)
    found.update(access.page_context(request, page))
    # Where the "How to join" panel sends a reader of a past or cancelled date.
    found["next_date"] = listings.next_date(found["upcoming"])
    found["join_page"] = listings.join_page(language)
    return found


def event(page, request, context):
    """An event: its occurrence, speakers, host and series' next dates; access details only for
    an entitled member (events.reads.access decides, nobody else)."""
    preview = getattr(request, "is_preview", False)
    found = event_page.event_detail(page, language_of(page), kept=not preview)
    found.update(access.page_context(request, found["occurrence"]))
    return found


def protect(page, request, response):
    """A page showing access details must never be stored by a shared (or browser) cache."""
    return access.protect_response(response)


def register():
    page_context.register("home.HomePage", context=home_page)
    page_context.register("events.EventIndexPage", context=event_index, query=event_index_query)
    page_context.register("events.EventSeriesPage", context=event_series, response=protect)
    page_context.register("events.EventPage", context=event, response=protect)
