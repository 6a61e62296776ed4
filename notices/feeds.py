"""Atom feeds per language (Django's syndication framework): the upcoming events of the
network or of one host, and its change log (docs/notices.md).

`<host URL>events.atom` and `<host URL>changes.atom`, where the host is the events index (the
whole network), a chapter or a working group, as `calendar.ics` follows any page's URL
(portal/urls.py). They read the schedule through `events.reads.occurrences` and the change log
through `notices.selectors`, both filtered by the visibility policy; nothing here reads
`events.reads.access`, so no join detail can reach a feed (tests/notices/test_feeds.py).
"""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from chapters.models import ChapterPage, WorkingGroupPage
from events.calendar import ical
from events.models import EventIndexPage
from events.reads import modified, occurrences
from home.visibility import is_visible, visible
from notices import selectors, text

HOST_TYPES = (EventIndexPage, ChapterPage, WorkingGroupPage)
HORIZON = dt.timedelta(days=90)
MAX_ITEMS = 50
SUFFIXES = {"events": "events.atom", "changes": "changes.atom"}


def resolve_host(request, path):
    """The visible host page at `path` under the site root in the active language, or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized
    page = visible(Page.objects.filter(url_path=root.url_path + (path or ""))).first()
    if page is None or not issubclass(page.specific_class or Page, HOST_TYPES):
        raise Http404
    return page.specific


def links(page, request=None):
    """[{"title", "url"}]: the Atom feeds of a host page (none for other pages)."""
    if page is None or not isinstance(page, HOST_TYPES) or not is_visible(page):
        return []
    url = page.get_full_url(request)
    if not url:
        return []
    with translation.override(page.locale.language_code):
        name = str(ical.calendar_name(page.title))
        return [
            {"title": _("%(name)s: upcoming events") % {"name": name}, "url": url + "events.atom"},
            {"title": _("%(name)s: changes") % {"name": name}, "url": url + "changes.atom"},
        ]


class HostFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=900"
        return response

    def get_object(self, request, path=None):
        self.request = request
        self.language = translation.get_language()
        self.host = resolve_host(request, path)
        return self.host

    def link(self, obj):
        return obj.get_full_url(self.request)

    def feed_url(self, obj):
        return self.link(obj) + SUFFIXES[self.kind]

    def item_guid_is_permalink(self, item):
        return False


class UpcomingEventsFeed(HostFeed):
    """The next events of a host (the whole network for the events index), soonest first."""

    kind = "events"

    def title(self, obj):
        return _("%(name)s: upcoming events") % {"name": ical.calendar_name(obj.title)}

    def subtitle(self, obj):
        return obj.intro or None

    def items(self, obj):
        now = timezone.now()
        within = None if isinstance(obj, EventIndexPage) else obj
        found = occurrences.occurrences_between(now, now + HORIZON, self.language, within=within)
        self.urls = {}
        found = [o for o in found if not o.date_tba][:MAX_ITEMS]
        pages = [o.page for o in found] + [o.series for o in found if o.series is not None]
        self.latest = modified.group_latest(pages)
        return found

    def item_title(self, occ):
        return ical.summary(occ.title, occ.status)

    def item_link(self, occ):
        if occ.page.pk not in self.urls:
            self.urls[occ.page.pk] = occ.page.get_full_url(self.request)
        return self.urls[occ.page.pk]

    def item_description(self, occ):
        parts = [text.when(occ.start, occ.timezone or "UTC", self.language)]
        if occ.status_reason and occ.status != "scheduled":
            parts.append(f"{occ.status_label}: {occ.status_reason}")
        if getattr(occ.page, "intro", ""):
            parts.append(occ.page.intro)
        return "\n\n".join(str(part) for part in parts)

    def item_guid(self, occ):
        return self.request.build_absolute_uri(reverse("api-v1:event-detail", args=[occ.id]))

    def item_pubdate(self, occ):
        return occ.page.first_published_at

    def item_updateddate(self, occ):
        return modified.last_modified(occ, self.latest) or occ.page.first_published_at


class ChangesFeed(HostFeed):
    """A host's change log: material changes of its events, newest first."""

    kind = "changes"

    def title(self, obj):
        return _("%(name)s: changes") % {"name": ical.calendar_name(obj.title)}

    def items(self, obj):
        hosts = () if isinstance(obj, EventIndexPage) else (obj.translation_key,)
        changes = selectors.changes_of(host_keys=hosts, limit=MAX_ITEMS)
        pages = Page.objects.live().filter(translation_key__in={c.page_key for c in changes})
        chosen = occurrences.prefer_language(pages.select_related("locale"), self.language)
        self.pages = {page.translation_key: page for page in chosen}
        return changes

    def item_title(self, change):
        return f"{text.headline(change, self.language)}: {change.title(self.language)}"

    def item_link(self, change):
        page = self.pages.get(change.page_key)
        return page.get_full_url(self.request) if page else self.link(self.host)

    def item_description(self, change):
        lines = [
            f"{label}: {before} → {after}"
            for label, before, after in text.lines(change, self.language)
        ]
        reason = change.reason(self.language)
        if reason:
            lines.append(_("Reason: %(reason)s") % {"reason": reason})
        return "\n".join(lines)

    def item_guid(self, change):
        base = self.request.build_absolute_uri(reverse("api-v1:change-list"))
        return f"{base}#{change.key}"

    def item_pubdate(self, change):
        return change.changed_at

    def item_updateddate(self, change):
        return change.changed_at


def page_atom(request, path=None, kind="events"):
    """GET `<host URL>events.atom` or `<host URL>changes.atom`; a feed object per request,
    as it keeps what it looked up for its items."""
    view = UpcomingEventsFeed() if kind == "events" else ChangesFeed()
    return view(request, path=path)
