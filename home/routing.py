"""Finding the page a URL names in one query, not two per level of the tree.

Wagtail's `Page.route` walks down one level at a time: the child with the next slug, then that
child in its specific form, so an event at /en/chapters/bc/call/ costs six queries before it is
served. Every page's `url_path` already spells its slugs from the site's root, so the pages
along the path are read at once here (with their locale), linked as each other's parents as
Wagtail's own walk links them, and only the page served is read in its specific form. A page on
the way whose type routes its own sub-paths (overrides `route`) gets the rest of the path, as
in Wagtail's walk; so does a path that names no page, which answers 404 the same way.
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest
from django.utils import translation

from wagtail.models import Page, Site

from home.i18n import language_codes
from home.visibility import ServedRestrictionsMixin, per_version, per_version_entry


def _routes_itself(page):
    return (page.specific_class or Page).route is not Page.route


# Paths whose pages are kept per content version in each process; past this many, the kept
# ones are dropped (only paths that name a page are kept, so a request for any made-up path
# adds nothing).
ROUTES_KEPT = 1000


def route(root, request, path_components):
    """What `root.route(request, path_components)` returns in Wagtail's walk, in three queries
    or fewer: the pages on the path, the one served in its specific form (and its locale).

    A path that names a page is read once per content version in each process
    (home.visibility.per_version; docs/architecture.md#caching-and-freshness): its pages are
    fixed within a version, which every publish, move, unpublish or deletion moves. The page's
    own `route` still answers each request (a page not live is a 404)."""
    key = (root.pk, tuple(path_components))
    served = per_version("routes", dict).get(key)
    if served is None:
        served, rest, walk = _walk(root, path_components)
        if walk:
            # No such page (Wagtail's walk answers 404), or an unexpected tree: Wagtail's walk.
            return Page.route(served, request, rest)
        if rest:
            # A page that routes its own sub-paths: they are its own, not kept here.
            return served.route(request, rest)
        per_version_entry("routes", key, lambda: served, limit=ROUTES_KEPT)
    return served.route(request, [])


def _walk(root, path_components):
    """(page, the rest of the path, whether Wagtail's walk goes on from that page): the pages on
    the path read at once and linked as each other's parents."""
    prefixes = [
        root.url_path + "".join(f"{slug}/" for slug in path_components[: n + 1])
        for n in range(len(path_components))
    ]
    found = {
        page.url_path: page
        for page in Page.objects.filter(
            url_path__in=prefixes, path__startswith=root.path, depth__lte=root.depth + len(prefixes)
        ).select_related("locale")
    }
    parent = root
    for n, url_path in enumerate(prefixes):
        page = found.get(url_path)
        if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
            return parent, path_components[n:], True
        page._cached_parent_obj = parent
        if n + 1 < len(prefixes) and _routes_itself(page):
            return page.specific, path_components[n + 1 :], False
        parent = page
    served = parent.specific
    # The specific copy is read without select_related: the locale read above serves both.
    if served is not parent and served.locale_id == parent.locale_id:
        served.locale = parent.locale
    return served, [], False


def _site(request):
    site = Site.find_for_request(request)
    if site is not None:
        # Its home in specific form: HomePage.localized, which routing starts from, is kept.
        site.root_page = site.root_page.specific
    return site


def known_site(get_response):
    """Middleware (inside home.visibility.request_memo): a page request finds its Wagtail Site
    once per content version and host, not with a query of its own each time (Wagtail keeps it
    on the request only), and the sites' root paths once per version, not with a cache read.
    A Site saved or deleted moves the version, as does a page moved or translated
    (home.freshness)."""
    prefixes = tuple(f"/{code}/" for code in language_codes())

    def middleware(request):
        if request.path_info.startswith(prefixes) and not hasattr(request, "_wagtail_site"):
            host, port = request.get_host(), request.get_port()
            try:
                site = per_version(("site", host, port), lambda: _site(request))
                # Where Wagtail keeps the sites' root paths for the request's page URLs: read
                # once per version, not from the cache (a Redis round trip) per request.
                roots = per_version("site-root-paths", Site.get_site_root_paths)
            except (OperationalError, InterfaceError):
                pass  # the view meets the outage too, and answers 503 (portal.outage)
            else:
                request._wagtail_site = site
                request._wagtail_cached_site_root_paths = roots
        return get_response(request)

    return middleware


# Page URLs kept per content version in each process (KeptUrlMixin); past this many, the kept
# ones are dropped.
URLS_KEPT = 5000


class KeptUrlMixin:
    """Page types whose URL parts Wagtail computes once per content version in each process.

    `get_url_parts` reverses the page's path under its language (a translation override and a
    URL resolver each time): a listing links dozens of pages, the header and sections the same
    ones on every page. Its answer depends only on the page's `url_path`, the active language,
    the sites' root paths and the request's host: every change to a path or a Site is a new
    content version (docs/architecture.md#caching-and-freshness), and the rest is in the key.
    """

    def get_url_parts(self, request=None):
        if self.pk is None:
            return super().get_url_parts(request)
        # Wagtail reads the request only to choose among several sites by its host.
        host = request._get_raw_host() if isinstance(request, HttpRequest) else None
        key = (self.pk, self.url_path, translation.get_language(), host)
        return per_version_entry(
            "page-url-parts", key, lambda: super(KeptUrlMixin, self).get_url_parts(request),
            limit=URLS_KEPT,
        )  # fmt: skip


class ServedPageMixin(ServedRestrictionsMixin, KeptUrlMixin):
    """What every page type of the portal inherits, just before `Page`: the view-restriction
    check from the one visibility policy (home.visibility) and URLs kept per content version.
    tests/home/test_routing.py holds every page model to it."""
