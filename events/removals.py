"""Record what leaves the public schedule without a publication: unpublish, delete, restrict, move.

Wagtail's signals are the only place these happen for every path (admin, bulk actions, shell,
scheduled expiry), so this is the one module that listens to them. A recorded id may still be
visible (only its French translation was unpublished, say); readers check visibility again.
"""

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from events.models import EventPage, EventSeriesPage, ScheduleChange, Speaker


def schedule_key(page):
    """(API id, uid) of an event, series or override page."""
    if isinstance(page, EventPage) and page.series_key is not None:
        from events.occurrences import occurrence_id

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


def on_unpublished(sender, instance, **kwargs):
    record_removed(scheduled_in_branch(instance))


def on_page_deleted(sender, instance, **kwargs):
    # pre_delete: an override's series is still there to name the occurrence it overrode.
    record_removed([instance])


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


def on_restriction_saved(sender, instance, **kwargs):
    record_removed(scheduled_in_branch(instance.page))
    record_restriction_change(instance)


def on_restriction_deleted(sender, instance, **kwargs):
    # Events become visible again: a change for the freshness state, not a removal.
    record_restriction_change(instance)


def on_collection_restriction_changed(sender, instance, **kwargs):
    record_restriction_change(instance)


def on_moved(sender, instance, **kwargs):
    # A move can put a branch under an unpublished or restricted page; readers re-check.
    record_removed(scheduled_in_branch(instance))


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
