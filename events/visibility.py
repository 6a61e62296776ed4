"""The one visibility policy (ARCHITECTURE §4): what a requester may see, on every surface.

Every surface (HTML pages and listings, API, feeds, search, sitemap, JSON-LD, e-mails) takes
its pages through `visible()`; none filters `.live()` by itself.
"""

from django.db.models import Q

from wagtail.models import Page


def hidden_paths():
    """Paths whose whole branch no public reader may see: unpublished pages with children, and
    pages behind a view restriction (any kind). One query."""
    return (
        Page.objects.filter(Q(live=False, numchild__gt=0) | Q(view_restrictions__isnull=False))
        .values_list("path", flat=True)
        .distinct()
    )


def visible(queryset):
    """Pages a public reader may see: live, not behind a view restriction, not under a
    page that is itself unpublished (Wagtail's router would 404 those, so must every surface).

    The same pages as ``queryset.live().public()`` minus unpublished branches, with one query
    for both exclusions instead of one each.
    """
    exclusions = Q()
    for path in hidden_paths():
        exclusions |= Q(path__startswith=path)
    queryset = queryset.live()
    return queryset.exclude(exclusions) if exclusions else queryset


def is_visible(page):
    """Whether one page passes `visible()` (for views outside Wagtail's serve path)."""
    return visible(Page.objects.filter(pk=page.pk)).exists()
