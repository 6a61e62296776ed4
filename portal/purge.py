"""CDN purging beyond the published page itself: the listings, feeds and API that show it.

Wagtail's frontend_cache app purges a page's own URLs when it is published or unpublished. A
reader also sees an event in its host's listing, the home page, the network and chapter feeds
and the API, in every language: this receiver purges those too, after commit, through the same
backends (WAGTAILFRONTENDCACHE) and background task. It does nothing when no backend is set.
"""

from django.db import transaction

from wagtail import signals as wagtail_signals
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Page

FEED_SUFFIX = "calendar.ics"  # ARCHITECTURE §5: a feed at "<page url>calendar.ics"
API_LISTS = ("/api/v1/events/", "/api/v2/pages/")


def related_urls(page):
    """Absolute URLs that show `page`: it and its ancestors, every translation, their feeds."""
    pages = [page, *page.get_ancestors().filter(depth__gt=1)]
    keys = {p.translation_key for p in pages}
    urls = set()
    for related in Page.objects.live().filter(translation_key__in=keys):
        url = related.get_full_url()
        if url:
            urls.update((url, url + FEED_SUFFIX))
    root = page.get_site().root_url if page.get_site() else None
    if root:
        urls.update(root + path for path in API_LISTS)
    return sorted(urls)


def purge_related(sender=None, instance=None, **kwargs):
    if not get_backends():
        return
    urls = related_urls(instance)
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def connect_signals():
    uid = "portal.purge"
    wagtail_signals.page_published.connect(purge_related, dispatch_uid=f"{uid}.published")
    wagtail_signals.page_unpublished.connect(purge_related, dispatch_uid=f"{uid}.unpublished")
    wagtail_signals.post_page_move.connect(purge_related, dispatch_uid=f"{uid}.moved")
