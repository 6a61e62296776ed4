"""Site search: pages of the current language, visible to the public, paginated."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from events.visibility import visible

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("query", "").strip()
    error = ""
    results = Page.objects.none()
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Please shorten your search to %(max)d characters or fewer.") % {
            "max": MAX_QUERY_LENGTH
        }
    elif query:
        locale = Locale.get_active()
        results = visible(Page.objects.filter(locale=locale)).specific().search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": page, "error": error, "language": get_language()},
    )
