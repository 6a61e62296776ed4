"""The one visibility policy (ARCHITECTURE §4): what a requester may see, on every surface.

Every surface (HTML pages and listings, API, feeds, search, sitemap, JSON-LD, e-mails) takes
its pages through `visible()`; none filters `.live()` by itself.
"""

from django.db.models import Q

from wagtail.models import Page


def visible(queryset):
    """Pages a public reader may see: live, not behind a view restriction, not under a
    page that is itself unpublished (Wagtail's router would 404 those, so must every surface)."""
    hidden_branches = Page.objects.not_live().filter(numchild__gt=0).values_list("path", flat=True)
    queryset = queryset.live().public()
    exclusions = Q()
    for path in hidden_branches:
        exclusions |= Q(path__startswith=path)
    return queryset.exclude(exclusions) if exclusions else queryset


def is_visible(page):
    """Whether one page passes `visible()` (for views outside Wagtail's serve path)."""
    return visible(Page.objects.filter(pk=page.pk)).exists()
