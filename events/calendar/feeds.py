"""iCalendar feeds at `<page URL>calendar.ics`: what a feed holds, and the view serving it.

Wagtail's page URL pattern admits no dot, so the feed has its own URL pattern in front of
Wagtail's (portal/urls.py). That view bypasses Wagtail's serve path and its
`before_serve_page` hooks, so it applies the visibility policy (`home.visibility`) itself:
a draft, unpublished, privately restricted page, or one under such a page, has no feed.

Feeds are cookieless and the same for every caller (docs/architecture.md#caching-and-freshness).
Their ETag comes from one aggregate query over what any feed can show, so a conditional
request is answered 304 without resolving the page or building the calendar.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, fields
from operator import attrgetter
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from wagtail.models import Locale, Page, Site

from events.calendar import ical
from events.domain.choices import Audience
from events.models import EventHost, EventIndexPage, EventPage, EventSeriesPage
from events.reads import access, hosts, modified, occurrences
from events.reads.speakers import speakers_for
from home import freshness
from home.visibility import is_visible, memo, per_version, per_version_entry, visible

FEED_SUFFIX = "calendar.ics"
FEED_PAGE_TYPES = (EventHost, EventSeriesPage, EventPage)
MAX_EVENTS = 5000
CACHE_SECONDS = 900
# A subscribed client may use a feed up to a day old while it refetches in the background.
STALE_SECONDS = 86400
# Part of every ETag: a change in how feeds are written must not be answered 304.
FEED_FORMAT = "3"


# --- Selection --------------------------------------------------------------------------------


def window(now=None):
    """The feed window: from EVENTS_FEED_PAST_DAYS ago to EVENTS_FEED_FUTURE_DAYS ahead.

    It starts at midnight UTC, so a feed is byte-identical (and keeps its ETag) all day.
    """
    now = now or timezone.now()
    today = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        today - dt.timedelta(days=settings.EVENTS_FEED_PAST_DAYS),
        today + dt.timedelta(days=settings.EVENTS_FEED_FUTURE_DAYS),
    )


def _page_urls(pages, request=None):
    """{page pk: absolute URL}, asking Wagtail once per tree and language, not once per page.

    A page's URL is its tree's base URL plus its url_path below the tree's root, so the base
    found for one page serves every other page of the same root and language.
    """
    roots = sorted((root.root_path for root in Site.get_site_root_paths()), key=len, reverse=True)
    bases, urls = {}, {}
    for page in pages:
        root = next((r for r in roots if page.url_path.startswith(r)), None)
        suffix = page.url_path[len(root) :] if root else None
        key = (root, page.locale_id)
        if key not in bases:
            full = page.get_full_url(request)
            bases[key] = full[: len(full) - len(suffix)] if full and root else None
            urls[page.pk] = full or ""
        elif bases[key] is None:
            urls[page.pk] = page.get_full_url(request) or ""
        else:
            urls[page.pk] = bases[key] + suffix
    return urls


@dataclass(slots=True)
class EventRow:
    """The columns of an EventPage that a feed reads, fetched without building the page.

    Wagtail's page constructor (every field, modelcluster's child relations) cost more per
    event than writing the event; a feed holds thousands. Occurrences, speakers, URLs and
    `events.calendar.ical` read these attributes as they read a page's.
    """

    pk: int
    translation_key: uuid.UUID
    locale_id: int
    language_code: str
    path: str
    url_path: str
    title: str
    intro: str
    first_published_at: dt.datetime | None
    last_published_at: dt.datetime | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    timezone: str
    status: str
    status_reason: str
    audience: str
    sequence: int
    all_day: bool
    date_tba: bool
    series_key: uuid.UUID | None
    occurrence_date: dt.date | None
    group_published: dt.datetime | None  # events.reads.modified.with_group_published
    locale: Locale = field(init=False)

    @property
    def id(self):
        return self.pk

    def get_full_url(self, request=None):
        """The page's URL as Wagtail builds it, from its url_path."""
        return Page(id=self.pk, url_path=self.url_path, locale_id=self.locale_id).get_full_url(
            request
        )


# EventRow's attributes as lookups, in order.
EVENT_COLUMNS = tuple(
    "locale__language_code" if f.name == "language_code" else f.name
    for f in fields(EventRow)
    if f.init
)


def _event_rows(queryset):
    """[EventRow] for the pages of `queryset`, in its order; one query."""
    locales, rows = {}, []
    for values in queryset.values_list(*EVENT_COLUMNS):
        row = EventRow(*values)
        if row.locale_id not in locales:
            locales[row.locale_id] = Locale(id=row.locale_id, language_code=row.language_code)
        row.locale = locales[row.locale_id]
        rows.append(row)
    return rows


def _occurrence_pages(start, end, language, scope, limit):
    """One-off events and series overlapping the window, then the overrides of those series.

    A constant number of queries; every query through `visible()`.
    """
    events = EventPage.objects.all()
    # Each language may hold its own copy of an event: fetch enough rows for `limit` groups.
    rows = limit * len(settings.WAGTAIL_CONTENT_LANGUAGES)
    one_offs = occurrences.one_offs_in_window(events.filter(date_tba=False), start, end, scope)
    series = occurrences.series_in_window(
        modified.with_group_published(EventSeriesPage.objects.select_related("locale")),
        start,
        end,
        scope,
    )
    # Rows in the feed's language, plus other languages' only where it has none: on a
    # translated schedule, half the rows to read (same single query, a subquery more).
    one_offs = modified.with_group_published(occurrences.own_or_fallback(one_offs, language))
    one_offs = _event_rows(one_offs.order_by("starts_at")[:rows])
    result = [
        occurrences.event_from_page(p) for p in occurrences.prefer_language(one_offs, language)
    ]
    series = occurrences.prefer_language(series.order_by("starts_at")[:rows], language)
    by_key = {s.translation_key: s for s in series}
    if by_key:
        overrides = occurrences.overrides_in_window(
            events.filter(date_tba=False), by_key, start, end
        )
        overrides = modified.with_group_published(occurrences.own_or_fallback(overrides, language))
        for override in occurrences.prefer_language(_event_rows(overrides[:rows]), language):
            parent = by_key[override.series_key]
            original = parent.occurrence_start(override.occurrence_date)
            result.append(occurrences.series_occurrence(parent, original, override))
    return result, series


class Note:
    """A DESCRIPTION block of labelled lines, written in the language of the event it is in.

    Kept lazy until ical writes the event (under the event's language), so an untranslated
    event in the French feed gets English labels, like the rest of its text.
    """

    def __init__(self, *lines, footer=None):
        self.lines = [(template, value) for template, value in lines if value]
        self.footer = footer

    def __str__(self):
        lines = [str(template) % {"value": value} for template, value in self.lines]
        return "\n".join(lines + ([str(self.footer)] if self.footer else []))


def _access_note(details):
    """The access details of one event as a DESCRIPTION block."""
    return Note(
        (_("Join link: %(value)s"), details.join_url),
        (_("Dial-in: %(value)s"), details.dial_in),
        (_("Passcode: %(value)s"), details.passcode),
        (_("Registration: %(value)s"), details.registration_notes),
        footer=_("These details are for you as a member: please do not share them."),
    )


def join_notes(found, series, language, page_url, user=None, published=None):
    """{page pk: [DESCRIPTION block]}: access details where `user` may see them, else for a
    restricted event, where to request access. Two queries with a member, none without.

    Who may see what is events.reads.access's decision alone; `user` None is the public feed.
    """
    details = access.access_details_for(user, [*found, *series]) if user is not None else {}
    if published is None:
        published = access.public_join_links([*found, *series])
    parts = urlsplit(page_url)
    request_url = (
        f"{parts.scheme}://{parts.netloc}{access.request_access_path(language)}"
        if parts.netloc
        else access.request_access_path(language)
    )
    ask = Note((_("Not a member yet? Request access: %(value)s"), request_url))
    notes = {}
    items = [(occ.page.pk, occ.id, occ) for occ in found]
    items += [(s.pk, str(s.translation_key), s) for s in series]
    for pk, item_id, item in items:
        if item_id in details:
            notes[pk] = [_access_note(details[item_id])]
        elif item_id in published:
            notes[pk] = [Note((_("Join link: %(value)s"), published[item_id]))]
        elif item.audience != Audience.PUBLIC and not access.may_see_access_details(user, item):
            notes[pk] = [ask]
    return notes


def public_join_urls(found, series, published):
    """{page pk: join link} of the events open to all whose link is published openly (the
    VEVENT's URL), from `published`: events.reads.access.public_join_links of the same events."""
    urls = {occ.page.pk: published[occ.id] for occ in found if occ.id in published}
    for item in series:
        if str(item.translation_key) in published:
            urls[item.pk] = published[str(item.translation_key)]
    return urls


def feed_data(page, language, start, end, request=None, limit=MAX_EVENTS, user=None):
    """Everything the feed of `page` holds over [start, end), in `language` where translated.

    With `user`, a member's personal feed: the events they may join carry their access details.
    Outside a request the hidden branches are read once for the whole feed, as in one.
    """
    with memo("feed"):
        return _feed_data(page, language, start, end, request, limit, user)


def _feed_data(page, language, start, end, request, limit, user):
    page = page.specific
    if isinstance(page, EventPage):
        # One event (its window aside): what it holds but its URLs and a member's notes is read
        # once per content version in each process, as its page's speakers are
        # (events.reads.event_page; a publish, a speaker's edit or an access change moves the
        # version).
        found, series, latest, speakers, titles, published = per_version_entry(
            "event-feeds",
            (page.pk, language, limit),
            lambda: _feed_content(page, language, None, None, limit),
            limit=FEEDS_KEPT,
        )
    else:
        found, series, latest, speakers, titles, published = _feed_content(
            page, language, start, end, limit
        )
    pages = [occ.page for occ in found] + series
    url = page.get_full_url(request) or ""
    return ical.FeedData(
        title=page.title,
        description=page.intro,
        language=language,
        url=url,
        source=url + FEED_SUFFIX if url else "",
        occurrences=found,
        series=series,
        speakers=speakers,
        urls=_page_urls(pages, request),
        hosts=titles,
        notes=join_notes(found, series, language, url, user, published),
        join_urls=public_join_urls(found, series, published),
        modified={
            **{occ.page.pk: modified.last_modified(occ, latest) for occ in found},
            **{s.pk: modified.series_last_modified(s, latest) for s in series},
        },
        timezone=_own_zone(page),
    )


def _feed_content(page, language, start, end, limit):
    """(occurrences, series, their last changes, speakers, hosts' titles, links published
    openly) of the feed of `page` over [start, end) (one event's whatever the window)."""
    if isinstance(page, EventPage):
        occ = occurrences.occurrence_for_page(page)
        found, series = ([] if occ.date_tba or occ.start is None else [occ]), []
        latest = modified.group_latest([occ.page] + ([occ.series] if occ.series else []))
    else:
        # The network's index holds every event of the tree (both languages' indexes).
        scope = occurrences.scope_of(None if isinstance(page, EventIndexPage) else page)
        found, series = _occurrence_pages(start, end, language, scope, limit)
        latest = modified.annotated_latest([occ.page for occ in found] + series)
    found.sort(key=attrgetter("start"))
    series.sort(key=attrgetter("starts_at"))
    # The cap counts VEVENTs; the earliest are kept, as a client shows the near future first.
    found = found[: max(0, limit - len(series))] if len(series) < limit else []
    series = series[:limit]
    speakers = speakers_for(
        [occ.page for occ in found if occ.series is None or occ.override],
        language,
        names_only=True,
    )
    titles = hosts.host_titles([occ.page for occ in found] + series)
    # The links published openly, shown in DESCRIPTION and as URL (events.reads.access decides).
    published = access.public_join_links([*found, *series])
    return found, series, latest, speakers, titles, published


def _own_zone(page):
    """The zone a feed with no event describes: an event's or series' own; for a host page
    (index, chapter, working group), which has none, the first zone every time is shown in."""
    return getattr(page, "timezone", "") or next(iter(settings.EVENTS_REFERENCE_TIMEZONES), "UTC")


def render(page, language, start, end, request=None):
    """The feed of `page` as iCalendar bytes."""
    data = feed_data(page, language, start, end, request)
    return ical.feed(data, start.year, end.year).to_ical()


# --- HTTP -------------------------------------------------------------------------------------


def validators(path, language, start, state):
    """The strong ETag and the Last-Modified time of a feed, from the content version
    (`home.freshness.state()`): no query, so a client whose copy is current costs one cache
    read."""
    key = "|".join(
        # SITE_URL: a feed's URLs change with the address (setup_site moves the Site with it).
        [FEED_FORMAT, settings.SITE_URL, path or "", language, start.isoformat()]
        + [str(state.version)]
    )
    # The salt is this module's name before it moved to events.calendar.
    etag = quote_etag(
        salted_hmac("events.calendar.feeds", key, algorithm="sha256").hexdigest()[:32]
    )
    # The window's start counts too: a feed's content moves with the calendar day.
    return etag, max(start, state.changed_at)


# Paths whose feed's page each process keeps per content version (home.routing.ROUTES_KEPT).
FEEDS_KEPT = 1000


def _resolve(request, path):
    """The feed's page: by URL path under the site root in the active language, if visible
    (through the url_path index of home's migration 0002).

    A path that names a feed's page is read once per content version in each process, as a
    page's route is (home.routing; docs/architecture.md#caching-and-freshness): which page a
    path names, and whether it is visible, change only with a new version (a publish, move,
    unpublish, deletion or view restriction moves it). A path naming none is read each time."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    url_path = site.root_page.localized.url_path + (path or "")
    page = per_version("feed-pages", dict).get(url_path)
    if page is None:
        page = visible(Page.objects.filter(url_path=url_path)).first()
        if page is None or not has_feed(page):
            raise Http404
        page = per_version_entry("feed-pages", url_path, lambda: page.specific, limit=FEEDS_KEPT)
    return page


def _headers(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(
        response, public=True, max_age=CACHE_SECONDS, stale_while_revalidate=STALE_SECONDS
    )
    return response


@require_safe
def page_calendar(request, path=None):
    """GET/HEAD `<page URL>calendar.ics`: the page's events as iCalendar, or 304 or 404."""
    language = translation.get_language()
    start, end = window()
    etag, last_modified = validators(path, language, start, freshness.state())
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    if not_modified is not None:
        return _headers(not_modified, etag, last_modified)
    page = _resolve(request, path)
    body = render(page, language, start, end, request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return _headers(response, etag, last_modified)


# --- Links ------------------------------------------------------------------------------------


def has_feed(page):
    """Whether a page type offers a calendar feed."""
    return issubclass(page.specific_class or Page, FEED_PAGE_TYPES)


def feed_url(page, request=None):
    """The absolute https (or http in development) URL of a page's feed, or None."""
    url = page.get_full_url(request)
    return url + FEED_SUFFIX if url and has_feed(page) else None


def subscribe_links(page, request=None):
    """The Subscribe control's links for a visible page with a feed, else None."""
    url = feed_url(page, request)
    if url is None or not is_visible(page):
        return None
    with translation.override(page.locale.language_code):
        name = str(ical.calendar_name(page.title))
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?url="
        + quote(url, safe="")
        + "&name="
        + quote(name, safe=""),
        "name": name,
    }
