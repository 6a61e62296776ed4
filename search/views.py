"""Site search: pages of the current language, visible to the public, paginated, with the
query's words marked in an excerpt of each result, and each event's date, host and status.

The query is read from `q` (the usual name) or `query` (older links). Speakers are found by
name and organisation through their events' index entries (EventPage.search_fields).
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from events.models import EventIndexPage
from home.visibility import visible
from search import highlight, results

PAGE_SIZE = 10


def search(request):
    query = (request.GET.get("q") or request.GET.get("query") or "").strip()
    error = ""
    terms = []
    found_pages = Page.objects.none()
    locale = Locale.get_active()
    if len(query) > highlight.MAX_QUERY_LENGTH:
        error = _("Please shorten your search to %(max)d characters or fewer.") % {
            "max": highlight.MAX_QUERY_LENGTH
        }
    elif query and highlight.is_mostly_operators(query):
        error = _("Please search for words: symbols such as & | ! ( ) are not needed.")
    elif query:
        terms = highlight.terms_of(query)
        pages = visible(Page.objects.filter(locale=locale)).specific()
        found_pages = pages.search(" ".join(terms), operator="and")
    paginator = Paginator(found_pages, PAGE_SIZE)
    listing = paginator.get_page(request.GET.get("page") or 1)
    context = {
        "query": query,
        "results": listing,
        "found": results.describe(list(listing.object_list), terms),
        "error": error,
        "suggestion": "",
        "events_index": None,
    }
    if terms and not paginator.count:
        suggestion = results.suggest(terms, results.vocabulary(locale))
        if suggestion:
            context["suggestion"] = suggestion
            context["suggestion_url"] = f"{reverse('search')}?{urlencode({'q': suggestion})}"
        context["events_index"] = visible(EventIndexPage.objects.filter(locale=locale)).first()
    return TemplateResponse(request, "search/search.html", context)
