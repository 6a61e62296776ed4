"""CDN purging beyond the published page itself: the listings, feeds and API that show it.

Wagtail's frontend_cache app purges a page's own URLs when it is published or unpublished. A
reader also sees an event in its host's listing, the home page, the network listing and feed
(the events index lists every event of the tree), the chapter feeds and the API, in every
language: these receivers purge those too, after commit, through the same backends
(WAGTAILFRONTENDCACHE) and background task. They do nothing when no backend is set.

A change that hides or shows a whole branch (unpublish, move, a page view restriction created,
changed or deleted) purges every page below it as well, and a move its old URLs and old host.
A collection view restriction changes who may fetch its documents and which images the
content API lists: those URLs are purged.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from wagtail import signals as wagtail_signals
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

FEED_SUFFIX = "calendar.ics"  # docs/architecture.md#surfaces: a feed at "<page url>calendar.ics"
API_LISTS = ("/api/v1/events/", "/api/v2/pages/", "/api/v2/images/")
IMAGES_API = "/api/v2/images/"


def _site_roots():
    return {site.root_url for site in Site.objects.all() if site.root_url}


def related_urls(page, branch=False):
    """Absolute URLs that show `page`: it, its ancestors and the event indexes, in every
    translation, and their feeds; with `branch`, every page below it (and theirs) too."""
    pages = [page, *page.get_ancestors().filter(depth__gt=1)]
    keys = {p.translation_key for p in pages}
    related = Q(translation_key__in=keys)
    if branch:
        below = Page.objects.descendant_of(page).values("translation_key")
        related |= Q(translation_key__in=below)
    # The events index lists every event of the tree, wherever it lives, and so does its feed.
    index = apps.get_model("events", "EventIndexPage")
    related |= Q(pk__in=index.objects.values("pk"))
    urls = set()
    for shown in [page, *Page.objects.live().filter(related)]:
        url = shown.get_full_url()
        if url:
            urls.update((url, url + FEED_SUFFIX))
    root = page.get_site().root_url if page.get_site() else None
    if root:
        urls.update(root + path for path in API_LISTS)
    return sorted(urls)


def collection_urls(collection):
    """Absolute URLs of what a collection's view restriction governs: its documents and the
    content API's images (it lists no image of a restricted collection), subcollections too."""
    inside = Collection.objects.descendant_of(collection, inclusive=True)
    documents = list(get_document_model().objects.filter(collection__in=inside))
    images = get_image_model().objects.filter(collection__in=inside).values_list("pk", flat=True)
    paths = [IMAGES_API, *(f"{IMAGES_API}{pk}/" for pk in images)]
    # A document's URL is Wagtail's serve view, or its storage's own (absolute) URL when
    # WAGTAILDOCS_SERVE_METHOD is "direct".
    urls = {url for url in (d.url for d in documents) if url.startswith(("http://", "https://"))}
    paths += [d.url for d in documents if d.url.startswith("/")]
    return sorted(urls | {root + path for root in _site_roots() for path in paths})


def _purge_on_commit(urls):
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def purge_related(sender=None, instance=None, **kwargs):
    if get_backends():
        _purge_on_commit(related_urls(instance))


def purge_branch(sender=None, instance=None, **kwargs):
    if get_backends():
        _purge_on_commit(related_urls(instance, branch=True))


def purge_moved(sender=None, instance=None, parent_page_before=None, **kwargs):
    """A moved branch: where it is now, where it was (its old URLs and its old host)."""
    if not get_backends():
        return
    urls = set(related_urls(instance, branch=True))
    if parent_page_before is not None:
        urls.update(related_urls(parent_page_before))
    before, after = kwargs.get("url_path_before"), kwargs.get("url_path_after")
    if before and after and before != after:
        for moved in Page.objects.descendant_of(instance, inclusive=True).live():
            old = Page(id=moved.pk, url_path=before + moved.url_path[len(after) :])
            old.locale_id = moved.locale_id
            url = old.get_full_url()
            if url:
                urls.update((url, url + FEED_SUFFIX))
    _purge_on_commit(sorted(urls))


def purge_restricted_page(sender=None, instance=None, **kwargs):
    """A page view restriction was created, changed or deleted: its page's whole branch."""
    if not get_backends():
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # None: the restriction went with its page, which purged itself
        _purge_on_commit(related_urls(page, branch=True))


def purge_restricted_collection(sender=None, instance=None, **kwargs):
    if not get_backends():
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is not None:
        _purge_on_commit(collection_urls(collection))


def connect_signals():
    uid = "portal.purge"
    wagtail_signals.page_published.connect(purge_related, dispatch_uid=f"{uid}.published")
    wagtail_signals.page_unpublished.connect(purge_branch, dispatch_uid=f"{uid}.unpublished")
    wagtail_signals.post_page_move.connect(purge_moved, dispatch_uid=f"{uid}.moved")
    for model, receiver in (
        (PageViewRestriction, purge_restricted_page),
        (CollectionViewRestriction, purge_restricted_collection),
    ):
        name = model._meta.model_name
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.{name}-saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.{name}-deleted")
