"""When an event last changed: one definition for the API, the iCalendar feeds and Atom.

An occurrence changed when any page of its translation group was published, and, for a series
date, when any page of the series' group was: a translation's row takes the source's new time
without a publication of its own (events.domain.schedule), so the French copy of a call moved in
English changed when the English page was published. Only pages a public reader may see count
(home.visibility).

The latest publication per group comes one of three ways, whichever the surface already has:
`group_latest(pages)` (one query), `latest_from_translations(groups)` (none: the API's related
records hold every translation), or the `group_published` annotation (`with_group_published`)
on rows a surface reads anyway (the feeds' window, no query of its own). `last_modified` and
`series_last_modified` turn them into the one answer.

The site-wide question (has anything changed at all, and since when) is home.freshness's.
"""

from django.db.models import Max, OuterRef, Subquery

from wagtail.models import Page

from home.visibility import visible


def _groups(**lookup):
    return (
        visible(Page.objects.filter(**lookup))
        .order_by()
        .values("translation_key")
        .annotate(latest=Max("last_published_at"))
    )


def group_latest(pages):
    """{translation key: latest publication of a visible page in the group} of `pages` (and of
    their series, for occurrences' pages): one query, none without pages."""
    keys = {p.translation_key for p in pages}
    if not keys:
        return {}
    rows = _groups(translation_key__in=keys).values_list("translation_key", "latest")
    return dict(rows)


def latest_from_translations(translations):
    """group_latest from already loaded groups ({key: {language: page}}, every visible
    translation of each group): no query."""
    return {
        key: max((p.last_published_at for p in group.values() if p.last_published_at), default=None)
        for key, group in translations.items()
    }


def with_group_published(queryset):
    """`queryset` with `group_published`: its group's latest publication, read in the same
    query (a subquery per row over the translation_key index)."""
    return queryset.annotate(
        group_published=Subquery(
            _groups(translation_key=OuterRef("translation_key")).values("latest")[:1]
        )
    )


def annotated_latest(pages):
    """group_latest from pages read `with_group_published`: no query."""
    return {p.translation_key: p.group_published for p in pages}


def _latest(stamps):
    return max((s for s in stamps if s), default=None)


def last_modified(occ, latest):
    """The last change of an occurrence (events.reads.occurrences.Occurrence), with `latest`
    from one of the readers above covering its page and series."""
    stamps = [latest.get(occ.page.translation_key), occ.page.last_published_at]
    if occ.series is not None:
        stamps += [latest.get(occ.series.translation_key), occ.series.last_published_at]
    return _latest(stamps)


def series_last_modified(series, latest):
    """The last change of a series as a whole (its master VEVENT)."""
    return _latest([latest.get(series.translation_key), series.last_published_at])
