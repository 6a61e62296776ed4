"""What the reader pages list: upcoming and past occurrences, series, an event's details, and
the filtered, paginated events index.

Page `get_context` methods call these; each runs a constant number of queries whatever the
number of events, occurrences or speakers.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from events.domain import timefmt
from events.domain.choices import Audience, Status
from events.models import EventHost, EventIndexPage, EventSeriesPage
from events.reads import hosts, occurrences
from home import navigation
from home.models import StandardPage
from home.visibility import per_version, visible

UPCOMING_WINDOW = dt.timedelta(days=366)
PAST_WINDOW = dt.timedelta(days=366)
# The index's past archive reaches further back than the short "past events" lists.
ARCHIVE_WINDOW = dt.timedelta(days=5 * 366)
INDEX_PAGE_SIZE = 20


def upcoming_and_past(language, within=None, now=None, upcoming_limit=50, past_limit=20):
    """The next `upcoming_limit` occurrences (including what is on now) and the last
    `past_limit` that have ended (latest first); only as many events read as can be shown."""
    now = now or timezone.now()
    upcoming = occurrences.slots_between(
        now, now + UPCOMING_WINDOW, language, within=within, first=upcoming_limit
    )[:upcoming_limit]
    past = []
    if past_limit:
        past = occurrences.slots_between(
            now - PAST_WINDOW, now, language, within=within, first=-past_limit, ended_by=now
        )
        past = [o for o in past if o.end and o.end <= now][::-1][:past_limit]
    pages = occurrences.pages_for(upcoming + past)
    return {
        "upcoming": occurrences.occurrences_for(upcoming, pages),
        "past": occurrences.occurrences_for(past, pages),
    }


# A chapter's or working group's page is an overview: its next and last few events, and links
# to the events index filtered to it, which pages through all of them by month.
HOST_UPCOMING = 10
HOST_PAST = 5


def host_overview(host, request):
    """What a host's page lists: its next HOST_UPCOMING and last HOST_PAST events, whether
    there are more of each, and the events index's URLs filtered to the host (None without
    an index); one more event of each read than shown, to know."""
    language = host.locale.language_code
    found = upcoming_and_past(
        language, within=host, upcoming_limit=HOST_UPCOMING + 1, past_limit=HOST_PAST + 1
    )
    index = navigation.first_of(navigation.top_pages(language), EventIndexPage)
    upcoming_url = past_url = None
    if index is not None:
        url = index.get_url(request)
        name = "chapter" if host.host_kind == "chapter" else "working_group"
        upcoming_url = f"{url}?{urlencode({name: host.slug})}"
        past_url = f"{url}?{urlencode({'when': PAST, name: host.slug})}"
    return {
        "upcoming": found["upcoming"][:HOST_UPCOMING],
        "past": found["past"][:HOST_PAST],
        "more_upcoming": len(found["upcoming"]) > HOST_UPCOMING,
        "more_past": len(found["past"]) > HOST_PAST,
        "index_upcoming_url": upcoming_url,
        "index_past_url": past_url,
    }


def series_in(language):
    """The visible series, one per group in `language` where translated, by title; read once
    per content version (visibility.per_version)."""

    def build():
        pages = visible(EventSeriesPage.objects.select_related("locale")).order_by("title")
        return occurrences.prefer_language(pages, language)

    return per_version(("series-in", language), build)


def join_page(language):
    """The "how to join / request access" page in `language`: the first plain page of its home
    (the same page the home page links to)."""
    return navigation.first_of(navigation.top_pages(language), StandardPage)


def next_date(upcoming):
    """The first upcoming occurrence that takes place (not cancelled), or None: where a past or
    cancelled date's "How to join" panel sends the reader."""
    return next((o for o in upcoming if not o.is_cancelled and o.start and not o.date_tba), None)


def sections(language):
    """Chapters and working groups to list on the home page; read once per content version."""

    def build():
        pages = visible(Page.objects.type(*hosts.section_types()).select_related("locale"))
        return sorted(occurrences.prefer_language(pages, language), key=lambda p: p.path)

    return per_version(("sections", language), build)


# --- The events index: filters, archive, pagination ------------------------------------------

UPCOMING, PAST, MONTH = "upcoming", "past", "month"


@dataclass
class IndexFilters:
    """The reader's choices on the events index, validated; `errors` says what was ignored."""

    when: str = UPCOMING
    chapter: Page | None = None
    working_group: Page | None = None
    series: Page | None = None
    audience: str = ""
    status: str = ""
    errors: list = field(default_factory=list)

    @property
    def active(self):
        return any((self.chapter, self.working_group, self.series, self.audience, self.status))

    @property
    def chosen_names(self):
        """What the reader chose, in words, for the page's <title> ("B.C. Chapter")."""
        names = [p.title for p in (self.chapter, self.working_group, self.series) if p]
        if self.audience:
            names.append(Audience(self.audience).label)
        if self.status:
            names.append(Status(self.status).label)
        return names

    def query_items(self):
        """The filters as (name, value) pairs for URLs (pagination keeps them)."""
        items = [("when", self.when)] if self.when != UPCOMING else []
        for name in ("chapter", "working_group", "series"):
            if getattr(self, name) is not None:
                items.append((name, getattr(self, name).slug))
        items += [(n, getattr(self, n)) for n in ("audience", "status") if getattr(self, n)]
        return items


def filter_options(language):
    """Choices of the index's filter form: chapters, working groups and series, by slug; the
    pages read once per content version."""
    chapters, groups = per_version(("host-options", language), lambda: _host_options(language))
    return {
        "chapter": chapters,
        "working_group": groups,
        "series": series_in(language),
        "audience": list(Audience.choices),
        "status": list(Status.choices),
    }


def _host_options(language):
    sections = visible(
        Page.objects.type(*hosts.section_types()).select_related("locale", "content_type")
    )
    sections = sorted(
        occurrences.prefer_language(sections, language), key=lambda p: p.title.lower()
    )
    chapters = [p for p in sections if p.content_type.model_class().host_kind == "chapter"]
    return chapters, [p for p in sections if p.content_type.model_class().host_kind != "chapter"]


def _first_value(params, name):
    value = params.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def parse_filters(params, options):
    """Validate the query string against `options`; an unknown value is dropped with a message,
    never an error page."""
    filters = IndexFilters()
    labels = {
        "chapter": _("chapter"),
        "working_group": _("working group"),
        "series": _("series"),
        "audience": _("audience"),
        "status": _("status"),
    }
    when = _first_value(params, "when")
    if when in (UPCOMING, PAST, MONTH):
        filters.when = when
    elif when:
        filters.errors.append(
            _("“%(value)s” is not a choice for %(filter)s; showing upcoming events.")
            % {"value": when[:50], "filter": _("when")}
        )
    for name in ("chapter", "working_group", "series"):
        value = _first_value(params, name)
        if not value:
            continue
        match = next((p for p in options[name] if p.slug == value), None)
        if match is None:
            filters.errors.append(
                _("There is no %(filter)s “%(value)s”; that filter was not applied.")
                % {"filter": labels[name], "value": value[:50]}
            )
        setattr(filters, name, match)
    for name in ("audience", "status"):
        value = _first_value(params, name)
        if not value:
            continue
        if value in {code for code, _label in options[name]}:
            setattr(filters, name, value)
        else:
            filters.errors.append(
                _("There is no %(filter)s “%(value)s”; that filter was not applied.")
                % {"filter": labels[name], "value": value[:50]}
            )
    return filters


HOST_FILTERS = ("chapter", "working_group", "series")


def translate_filter_query(params, language, target):
    """The index's query string for the same filters in `target`: host and series slugs are a
    language's own ("bc-chapter" / "section-colombie-britannique"), the rest passes as is. A
    slug with no page, or no translation, stays (the index then says what it ignored)."""
    wanted = {name: _first_value(params, name) for name in HOST_FILTERS}
    slugs = {value for value in wanted.values() if value}
    translated = {}
    if slugs:
        sources = Page.objects.type(EventHost, EventSeriesPage).filter(
            slug__in=slugs, locale__language_code=language
        )
        keys = {page.translation_key: page.slug for page in sources}
        targets = visible(
            Page.objects.filter(translation_key__in=keys, locale__language_code=target)
        )
        translated = {keys[page.translation_key]: page.slug for page in targets}
    items = []
    for name, values in params.lists():
        if name in HOST_FILTERS:
            values = [translated.get(value.strip(), value) for value in values]
        items.append((name, values))
    return items


def month_end(now):
    """The end of `now`'s month in the network's first reference zone (the month a reader of
    the newsletter means), as an aware instant."""
    zone = ZoneInfo(settings.EVENTS_REFERENCE_TIMEZONES[0])
    local = now.astimezone(zone)
    first_next = (local.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return dt.datetime.combine(first_next.date(), dt.time(0), tzinfo=zone)


def filtered_slots(filters, language, now=None):
    """The slots (occurrences.Slot) matching `filters`, as a lazily read sequence: upcoming
    (soonest first) or past (latest first). Pages are loaded later, for the slice shown."""
    now = now or timezone.now()
    # Narrow the database query to the most specific host chosen; the other host filters are
    # checked on the pages' paths, across translations, so they combine (AND).
    scopes = [p for p in (filters.series, filters.chapter, filters.working_group) if p]
    within = scopes[0] if scopes else None
    if filters.when == PAST:
        start, end, ended_by, latest_first = now - ARCHIVE_WINDOW, now, now, True
    elif filters.when == MONTH:
        start, end, ended_by, latest_first = now, month_end(now), None, False
    else:
        start, end, ended_by, latest_first = now, now + UPCOMING_WINDOW, None, False
    return occurrences.slot_sequence(
        start,
        end,
        language,
        within=within,
        ended_by=ended_by,
        latest_first=latest_first,
        path_sets=[occurrences.translation_paths(other) for other in scopes[1:]],
        audience=filters.audience,
        status=filters.status,
    )


def index_listing(params, language, now=None, page_size=INDEX_PAGE_SIZE):
    """Everything the events index shows for a query string: filters, options, one page."""
    options = filter_options(language)
    filters = parse_filters(params, options)
    found = filtered_slots(filters, language, now=now)
    paginator = Paginator(found, page_size)
    page_number = _first_value(params, "page") or 1
    listing = paginator.get_page(page_number)
    if str(page_number) != "1" and str(listing.number) != str(page_number):
        filters.errors.append(
            _("That page of results does not exist; showing page %(n)d.") % {"n": listing.number}
        )
    listing.object_list = occurrences.occurrences_for(listing.object_list)
    return {
        "filters": filters,
        "options": options,
        "listing": listing,
        "filter_query": filters.query_items(),
        "series": options["series"],
    }


def month_groups(items, language):
    """[(month heading, [occurrence…])…] in order, each month in its event's own zone."""
    groups = []
    for occ in items:
        heading = timefmt.month_text(occ.start, occ.timezone, language) if occ.start else ""
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(occ)
    return groups
