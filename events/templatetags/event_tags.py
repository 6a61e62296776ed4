"""Template access to the domain's time formatting; no logic of its own."""

import datetime as dt
import functools
import json
from types import SimpleNamespace
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Site

from events.calendar import addtocalendar
from events.domain import recurrence_text, timefmt
from events.domain.choices import CANADIAN_TIMEZONES
from events.models import EventIndexPage
from events.site import how_to_join as how_to_join_state
from events.site import structured_data
from home.visibility import per_version_entry

register = template.Library()


def _language():
    return (get_language() or "en").split("-")[0]


@register.simple_tag
def when(occurrence):
    """Date and multi-zone time of an occurrence, with machine-readable <time> elements."""
    return _when_html(
        _language(), occurrence.start, occurrence.timezone, occurrence.all_day,
        occurrence.date_tba, tuple(settings.EVENTS_REFERENCE_TIMEZONES),
    )  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _when_html(language, start, zone, all_day, date_tba, references):
    """The fragment for an instant, zone, language and reference zones (timefmt.zoned_times
    reads them): it depends on nothing else, and a listing renders dozens, so each is
    rendered once per process (translations do not change while it runs)."""
    occurrence = SimpleNamespace(start=start, timezone=zone, all_day=all_day, date_tba=date_tba)
    context = {"occurrence": occurrence}
    if start is not None:
        if date_tba:
            context["month"] = timefmt.month_text(start, zone, language)
        else:
            context["date"] = timefmt.date_text(start, zone, language)
            if not all_day:
                context["times"] = timefmt.zoned_times(start, zone, language)
    with translation.override(language):
        return get_template("events/includes/when.html").render(context)


# Fragments kept per content version in each process; past this many, the kept ones are dropped.
FRAGMENTS_KEPT = 2000


def _kept(context, template_name, key, values):
    """`template_name` rendered with `values` (and the request), once per content version for
    `key` in the active language and the request's site
    (docs/architecture.md#caching-and-freshness): for fragments that show only pages' fields,
    fixed within a version, and links relative to the site (no clock, no reader). Rendered on
    its own, with only what it uses, not inside the page's whole context as an include is."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    key = (template_name, get_language(), site.pk if site else None, *key)
    return per_version_entry(
        "kept-fragments", key,
        lambda: get_template(template_name).render({**values, "request": request}),
        limit=FRAGMENTS_KEPT,
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def event_card(context, occ, heading_level=None, is_past=False, is_featured=False):
    """One event in a list (includes/event_card.html). A listing shows dozens, and the same
    cards come back on every listing of a content version (the index, hosts' pages, the home
    page): each is rendered once per version (_kept)."""
    flags = (heading_level, bool(is_past), bool(is_featured))
    values = {"occ": occ, "heading_level": heading_level, "is_past": is_past}
    values["is_featured"] = is_featured
    return _kept(context, "includes/event_card.html", (occ.id, occ.page.pk, *flags), values)


@register.simple_tag(takes_context=True)
def series_links(context, series):
    """The events index's list of series, their links and rules in words
    (includes/series_links.html), rendered once per content version (_kept)."""
    key = tuple(s.pk for s in series)
    return _kept(context, "includes/series_links.html", key, {"series": series})


@register.simple_tag(takes_context=True)
def index_filters(context):
    """The events index's filter form (includes/index_filters.html): its choices, the page's
    link and the filters chosen. With none chosen (the index as most readers see it, in each
    of its three tabs) it is rendered once per content version (_kept); filtered, for each
    request, so that the many combinations of filters never crowd the kept cards out."""
    page, filters = context["page"], context["filters"]
    values = {"page": page, "filters": filters, "options": context["options"]}
    if filters.active:
        return get_template("includes/index_filters.html").render(
            {**values, "request": context.get("request")}
        )
    return _kept(context, "includes/index_filters.html", (page.pk, filters.when), values)


@register.simple_tag
def how_to_join(item):
    """Past, cancelled, date to be announced or upcoming, and a moved date's original time."""
    return how_to_join_state.state(item, _language())


@register.simple_tag
def moved_from(occurrence):
    """The day and time a moved series date replaces, or "" (pages and listings)."""
    return how_to_join_state.moved_from_text(occurrence, _language())


@register.simple_tag
def network_contact_email():
    """Whom a signed-in reader not entitled to a call writes to (NETWORK_CONTACT_EMAIL)."""
    return settings.NETWORK_CONTACT_EMAIL


@register.simple_tag
def canadian_timezones():
    """(IANA name, label) of Canada's zones, west to east: the zone picker's first group."""
    return CANADIAN_TIMEZONES


@register.filter
def next_call(occurrences):
    """The first dated, not cancelled occurrence of a list: the home page's featured next call."""
    return next((o for o in occurrences if o.start and not o.date_tba and not o.is_cancelled), None)


@register.filter
def utc_iso(instant):
    """The UTC instant for <time datetime>: "2026-05-18T18:00:00Z" (empty for no time)."""
    if not instant:
        return ""
    return instant.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The characters json_script escapes, so that data can never close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """A <script type="application/ld+json"> element, escaped as json_script escapes.

    json_script itself always writes type="application/json", which search engines ignore.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


@register.simple_tag(takes_context=True)
def event_meta(context, occurrence, host=None, speakers=()):
    """Add-to-calendar links and schema.org data of the page's occurrence, as one dict."""
    request = context["request"]
    page = context["page"]
    # <head> and <main> are separate template blocks: compute once per page and request.
    cache = request.__dict__.setdefault("_event_meta", {})
    if page.pk not in cache:
        join_url = context.get("public_join_url")
        cache[page.pk] = _event_meta(request, page, occurrence, host, speakers, join_url)
    return cache[page.pk]


def _event_meta(request, page, occurrence, host, speakers, join_url=None):
    url = page.get_full_url(request)
    image_url = None
    image = getattr(page, "image", None)
    if image is not None:
        image_url = request.build_absolute_uri(image.get_rendition("fill-1200x630").url)
    return {
        "google": addtocalendar.google_calendar_url(occurrence, url),
        "outlook": addtocalendar.outlook_url(occurrence, url),
        "microsoft365": addtocalendar.outlook_url(occurrence, url, addtocalendar.MICROSOFT_365),
        "image_url": image_url,
        "jsonld": structured_data.event_jsonld(
            occurrence,
            url=url,
            host=host,
            host_url=host.get_full_url(request) if host is not None else None,
            # The network-wide index is the network itself, not a part of it.
            host_is_network=isinstance(host, EventIndexPage),
            speakers=speakers,
            image_url=image_url,
            join_url=join_url,
        ),
    }


@register.filter
def host_name(host):
    """Who hosts an event, in words a reader understands: a chapter's or working group's title,
    and for the network-wide events index (titled "Events") the network's name."""
    if issubclass(host.specific_class, EventIndexPage):
        return _("Climate Caucus (network-wide)")
    return host.title


@register.simple_tag
def rule_text(series):
    """A series' rule in plain words in the current language."""
    return recurrence_text.describe(series.rule, _language())


@register.simple_tag
def rule_when(series):
    """A series' rule and the time of its calls ("Every second Wednesday, 11 h HNP / 14 h HNE")."""
    return recurrence_text.schedule_text(series, _language())


@register.simple_tag
def query_with(items, **extra):
    """A query string of the (name, value) pairs `items` plus `extra` (pagination links)."""
    return urlencode([*items, *extra.items()])
