"""A member's personal calendar feed: the whole network's events, as in the public feed of the
event index, where the events they may join also carry their access details.

The URL holds a personal secret (members.tokens, kind "feed") instead of a session, because
calendar apps send no cookies. It lives outside the language prefixes, so neither the page
cache nor a public feed's ETag ever touches it, and every answer is private and never stored.
A wrong, revoked or deactivated member's secret is a plain 404 from the same single lookup.
"""

from django.http import HttpResponse, HttpResponseNotFound
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from events.calendar import feeds, ical
from events.models import EventIndexPage
from events.reads import occurrences
from home.i18n import language_codes
from home.visibility import visible
from members import tokens
from members.models import PersonalToken


def feed_urls(request, raw):
    """{language: {"url": https URL, "webcal": webcal URL}} of the personal feed of `raw`."""
    urls = {}
    for language in language_codes():
        url = request.build_absolute_uri(reverse("personal_calendar", args=[raw, language]))
        urls[language] = {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}
    return urls


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    # The secret is in the URL: no page it links to may learn it, no search engine list it.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _network_index(language):
    """The event index in `language`, else in another language (the feed marks each event)."""
    indexes = visible(EventIndexPage.objects.select_related("locale"))
    found = occurrences.prefer_language(indexes, language)
    return found[0] if found else None


@require_safe
def personal_calendar(request, token, language):
    """GET/HEAD /members/feed/<secret>/<language>.ics: the member's feed, or 404."""
    user = tokens.user_for_token(token, PersonalToken.Kind.FEED)
    index = _network_index(language) if user is not None and language in language_codes() else None
    if index is None:
        return _private(HttpResponseNotFound(b"Not found", content_type="text/plain"))
    start, end = feeds.window()
    with translation.override(language):
        data = feeds.feed_data(index, language, start, end, request, user=user)
        # A client that refreshes from SOURCE must keep this feed, not the public one.
        data.source = request.build_absolute_uri()
        body = ical.feed(data, start.year, end.year).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return _private(response)
