"""The sitemap: every page a public reader may open, in every language, with hreflang
alternates linking each page to its translations.

Wagtail's own Sitemap lists only the default site root's tree (the English one here) and
filters `.live().public()` alone; this one spans the root's translations and applies the one
visibility policy (home.visibility), so unpublished branches stay out too.
"""

from collections import defaultdict

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.visibility import visible


class VisiblePagesSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        scope = Q()
        for path in roots.values_list("path", flat=True):
            scope |= Q(path__startswith=path)
        return (
            visible(Page.objects.filter(scope))
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        urls, by_key = [], defaultdict(list)
        for item in items:
            info = {
                "item": item,
                "location": item.get_full_url(self.request),
                "lastmod": item.last_published_at or item.latest_revision_created_at,
            }
            urls.append(info)
            by_key[item.translation_key].append(
                {"lang_code": item.locale.language_code, "location": info["location"]}
            )
        for info in urls:
            alternates = by_key[info["item"].translation_key]
            info["alternates"] = alternates if len(alternates) > 1 else []
        stamps = [info["lastmod"] for info in urls]
        if stamps and None not in stamps:
            self.latest_lastmod = max(stamps)
        return urls
