"""Admin, documents and machine endpoints outside the language prefix; pages inside /en/, /fr/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from events.api import urls as events_api
from events.api.content import router as content_api
from events.calendar import feeds
from events.site import newsletter
from home.sitemaps import VisiblePagesSitemap
from members.feeds import personal_calendar
from notices.api import ChangeListView
from notices.feeds import page_atom
from portal import health
from search import views as search_views

# /api/v1/: the schedule's resources (events.api), the public change log (notices), then the
# JSON 404 for anything else.
API_V1 = [
    *events_api.resources,
    path("changes/", ChangeListView.as_view(), name="change-list"),
    *events_api.fallback,
]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include((API_V1, "api-v1"))),
    path("api/v2/", content_api.urls),
    # A member's personal feed: outside the language prefixes and the page cache (members.feeds).
    path(
        "members/feed/<str:token>/<str:language>.ics",
        personal_calendar,
        name="personal_calendar",
    ),
    # One sitemap for both languages: pages link to their translations with hreflang.
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": VisiblePagesSitemap}}, name="sitemap"),
    # For load balancers and uptime probes: the database and the cache, never redirected.
    path("healthz", health.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# "/" has no page of its own: LocaleMiddleware redirects it to /en/ or /fr/ by Accept-Language.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("this-month/", newsletter.this_month, name="this_month"),
    # Before Wagtail's pattern, which admits no dot: every page's feed is `<its URL>calendar.ics`.
    re_path(r"^(?P<path>.*/)?calendar\.ics$", feeds.page_calendar, name="page_calendar"),
    re_path(r"^(?P<path>.*/)?(?P<kind>events|changes)\.atom$", page_atom, name="page_atom"),
    path("account/notices/", include("notices.urls")),
    path("account/", include("members.urls")),
    path("", include(wagtail_urls)),
)
