"""Record what leaves the public schedule without a publication: unpublish, delete, restrict, move.

Wagtail's signals are the only place these happen for every path (admin, bulk actions, shell,
scheduled expiry), so this is the one module that listens to them.

The log is read by API clients that sync with `updated_since` (the `removed` list), so it
names only what an anonymous caller could have held: the id of an event, series or override
page is recorded when a change takes that page off the public schedule, that is when the page
passed the visibility policy (home.visibility: live, in no unpublished branch, behind no
view restriction) just before the change and may not just after. A page that was only ever a
draft, or was already unpublished or hidden by an unpublished or restricted branch when the
change came, was in no anonymous answer, so its id is never written: no API answer can name
it. A page public once and hidden since was recorded when it was hidden, then; a later change
to it, while hidden, takes nothing off the schedule.

A recorded id may still be visible (only its French translation was unpublished, or the move
kept it public); readers check visibility again (events.api.queries.removals_since).
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from events.models import EventPage, EventSeriesPage, ScheduleChange, Speaker
from events.reads.occurrences import occurrence_id
from home.visibility import hidden_paths, in_hidden_branch


def schedule_key(page):
    """(API id, uid) of an event, series or override page."""
    if isinstance(page, EventPage) and page.series_key is not None:
        series = (
            EventSeriesPage.objects.filter(
                translation_key=page.series_key, locale_id=page.locale_id
            ).first()
            or EventSeriesPage.objects.filter(translation_key=page.series_key).first()
        )
        if series is not None and page.occurrence_date and series.start_time:
            original = series.occurrence_start(page.occurrence_date)
            return occurrence_id(page.series_key, original), page.series_key
        return str(page.series_key), page.series_key
    return str(page.translation_key), page.translation_key


def record_removed(pages):
    rows = []
    for page in pages:
        key, uid = schedule_key(page)
        rows.append(ScheduleChange(key=key, uid=uid, kind=ScheduleChange.Kind.REMOVED))
    ScheduleChange.objects.bulk_create(rows)


def scheduled_in_branch(page):
    """The event and series pages at or under `page`."""
    branch = Page.objects.filter(path__startswith=page.path)
    return [
        *EventSeriesPage.objects.filter(pk__in=branch.values("pk")),
        *EventPage.objects.filter(pk__in=branch.values("pk")),
    ]


def were_public(pages, hidden, was_live=()):
    """The pages among `pages` that were public: live (or in `was_live`, ids of pages live
    just before the change) and under none of the `hidden` paths (home.visibility)."""
    return [
        page
        for page in pages
        if (page.live or page.pk in was_live) and not in_hidden_branch(page.path, hidden)
    ]


def on_unpublished(sender, instance, **kwargs):
    """The page and its branch leave the schedule, as far as they were on it.

    Sent after the page's `live` is cleared, or, for a live page being deleted, before (its
    row still live): either way it was live just before, and its own unpublished state (now
    hiding its children) did not yet hide anything.
    """
    hidden = list(hidden_paths(ignoring_unpublished=instance.pk))
    record_removed(were_public(scheduled_in_branch(instance), hidden, was_live={instance.pk}))


def on_page_deleted(sender, instance, **kwargs):
    # pre_delete: an override's series is still there to name the occurrence it overrode, and
    # the tree is still whole. `live` is read from the row: Wagtail's own pre_delete receiver
    # may already have cleared it on this object, unsaved, when it unpublished the page.
    live = Page.objects.filter(pk=instance.pk, live=True).exists()
    if live:
        record_removed(were_public([instance], list(hidden_paths()), was_live={instance.pk}))


def record_restriction_change(restriction):
    """Any change of a page or collection view restriction moves the API's and the feeds'
    freshness state, whether or not an event leaves the schedule (a chapter with no events
    still leaves the chapters list; a collection's images leave the content API)."""
    page_id = getattr(restriction, "page_id", None)
    if page_id is not None:
        key = Page.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
        key = str(key or page_id)
    else:
        key = f"collection-{restriction.collection_id}"
    ScheduleChange.objects.create(key=key, kind=ScheduleChange.Kind.CONTENT)


def on_restriction_saved(sender, instance, created=False, **kwargs):
    """A new restriction hides its page's branch, as far as it was public without it. A
    changed one (its type, its groups) hid the same branch before: nothing leaves."""
    if created:
        hidden = list(hidden_paths(ignoring_restriction=instance.pk))
        record_removed(were_public(scheduled_in_branch(instance.page), hidden))
    record_restriction_change(instance)


def on_restriction_deleted(sender, instance, **kwargs):
    # Events become visible again: a change for the freshness state, not a removal.
    record_restriction_change(instance)


def on_collection_restriction_changed(sender, instance, **kwargs):
    record_restriction_change(instance)


def on_moved(sender, instance, parent_page_before=None, **kwargs):
    """A move can put a branch under an unpublished or restricted page: what in it was public
    at its old place is recorded (readers drop what is still public at the new one)."""
    if parent_page_before is not None:
        old_ancestors = Page.objects.ancestor_of(parent_page_before, inclusive=True)
        if old_ancestors.filter(Q(live=False) | Q(view_restrictions__isnull=False)).exists():
            return  # the whole branch was hidden where it was
    # The branch's own hidden pages moved with it: their paths are under its new path.
    hidden = [path for path in hidden_paths() if path.startswith(instance.path)]
    record_removed(were_public(scheduled_in_branch(instance), hidden))


def on_content_changed(sender, instance, **kwargs):
    key = getattr(instance, "translation_key", instance.pk)
    ScheduleChange.objects.create(key=str(key), kind=ScheduleChange.Kind.CONTENT)


def connect():
    page_unpublished.connect(on_unpublished, dispatch_uid="events-removals-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="events-removals-moved")
    for model in (EventPage, EventSeriesPage):
        pre_delete.connect(
            on_page_deleted, sender=model, dispatch_uid=f"events-removals-{model._meta.label}"
        )
    post_save.connect(
        on_restriction_saved, sender=PageViewRestriction, dispatch_uid="events-removals-restrict"
    )
    post_delete.connect(
        on_restriction_deleted,
        sender=PageViewRestriction,
        dispatch_uid="events-removals-unrestrict",
    )
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"events-removals-collection-restriction-{name}",
        )
    for model in (Speaker, get_image_model()):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            uid = f"events-content-{name}-{model._meta.label}"
            signal.connect(on_content_changed, sender=model, dispatch_uid=uid)
