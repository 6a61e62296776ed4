"""Reads of the notices app: what can be followed, the public change log."""

from django.db.models import Q

from wagtail.models import Page

from chapters.models import ChapterPage, WorkingGroupPage
from events.models import EventSeriesPage
from events.reads.occurrences import own_or_fallback, prefer_language
from home.visibility import visible
from notices.models import Change, Follow


def followable(language):
    """[(scope, key, label)]: the network, then each visible host and series, in `language`
    where translated."""
    from django.utils.translation import gettext

    targets = [(Follow.Scope.NETWORK, None, gettext("All the network's events"))]
    hosts = own_or_fallback(
        visible(Page.objects.type(ChapterPage, WorkingGroupPage).select_related("locale")),
        language,
    )
    for page in sorted(prefer_language(hosts, language), key=lambda p: p.title):
        targets.append((Follow.Scope.HOST, page.translation_key, page.title))
    series = own_or_fallback(visible(EventSeriesPage.objects.select_related("locale")), language)
    for page in sorted(prefer_language(series, language), key=lambda p: p.title):
        targets.append((Follow.Scope.SERIES, page.translation_key, page.title))
    return targets


def visible_changes(changes):
    """Only the changes whose page is still live and visible to the public."""
    keys = {c.page_key for c in changes}
    shown = set(
        visible(Page.objects.filter(translation_key__in=keys)).values_list(
            "translation_key", flat=True
        )
    )
    return [c for c in changes if c.page_key in shown]


def changes_of(series_key=None, host_keys=(), since=None, limit=None):
    """Public changes, newest first: of one series (its dates' too), of hosts (all of them
    must hold the event), since an instant; two queries."""
    changes = Change.objects.all()
    if series_key is not None:
        changes = changes.filter(Q(series_key=series_key) | Q(uid=series_key))
    for host_key in host_keys:
        changes = changes.filter(host_key=host_key)
    if since is not None:
        changes = changes.filter(changed_at__gte=since)
    changes = list(changes[:limit] if limit else changes)
    return visible_changes(changes)
