"""Site search: pages of the current language, visible to the public, paginated, with the
query's words marked in an excerpt of each result."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from home.visibility import visible
from search import highlight

PAGE_SIZE = 10


def _excerpt_source(page):
    """The plain text an excerpt is cut from: the introduction (plain) and the body (rich)."""
    body = highlight.html_to_text(str(getattr(page, "body", "") or ""))
    return " ".join(filter(None, [getattr(page, "intro", ""), body]))


def search(request):
    query = request.GET.get("query", "").strip()
    error = ""
    terms = []
    results = Page.objects.none()
    if len(query) > highlight.MAX_QUERY_LENGTH:
        error = _("Please shorten your search to %(max)d characters or fewer.") % {
            "max": highlight.MAX_QUERY_LENGTH
        }
    elif query and highlight.is_mostly_operators(query):
        error = _("Please search for words: symbols such as & | ! ( ) are not needed.")
    elif query:
        terms = highlight.terms_of(query)
        pages = visible(Page.objects.filter(locale=Locale.get_active())).specific()
        results = pages.search(" ".join(terms), operator="and")
    paginator = Paginator(results, PAGE_SIZE)
    listing = paginator.get_page(request.GET.get("page") or 1)
    found = [
        {"page": page, "excerpt": highlight.excerpt(_excerpt_source(page), terms)}
        for page in listing.object_list
    ]
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": listing, "found": found, "error": error},
    )
