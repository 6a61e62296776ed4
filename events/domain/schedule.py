"""One schedule per translation group, whatever wagtail-localize has or has not synced.

wagtail-localize copies synchronised fields into a translation only when someone syncs and
republishes it, so a time changed on the English page would leave the French page (and every
surface reading it) on the old time. The rule here (docs/architecture.md#translation-sync):

* the group's *source* page (the locale wagtail-localize translated from, else the first page
  created in the group) is the only one whose schedule fields count;
* saving the source derives the UTC bounds, bumps SEQUENCE on material changes, and writes the
  schedule columns of every translation's row at once (no revision, no re-sync needed);
* saving a translation copies the schedule columns from the source row, so a stale translation
  revision can never bring an old time back.

Drafts do not reach this code: Wagtail saves a live page's drafts as revisions only
(``save(update_fields=[...])``), and writes the page row when a revision is published.
"""

from django.apps import apps
from django.db import models
from django.dispatch import Signal

# Fields an editor sets on the source page; read-only on translations.
SHARED_EDITED_FIELDS = ("start_time", "end_time", "timezone", "audience", "status")
SERIES_EDITED_FIELDS = (
    *SHARED_EDITED_FIELDS,
    "first_date",
    "frequency",
    "interval",
    "until",
    "count",
)
EVENT_EDITED_FIELDS = (
    *SHARED_EDITED_FIELDS,
    "start_date",
    "end_date",
    "all_day",
    "date_tba",
    "occurrence_date",
)
# Columns derived on save from the edited fields.
SERIES_DERIVED_FIELDS = ("starts_at", "ends_at", "sequence", "rrule")
EVENT_DERIVED_FIELDS = ("starts_at", "ends_at", "sequence", "series_key")

# Sent inside the saving transaction when a material change (one that raises SEQUENCE) is
# saved on a group's source page, with `page` (saved, new values) and `before` (a dict of the
# edited and derived schedule fields as they were). The notices app records and announces it.
material_change = Signal()

# Changes that a calendar client must see as a new version (iCalendar SEQUENCE).
SERIES_MATERIAL_FIELDS = ("rrule", "starts_at", "start_time", "end_time", "timezone", "status")
EVENT_MATERIAL_FIELDS = ("starts_at", "ends_at", "all_day", "date_tba", "status")


def synced_fields(page):
    """Every schedule column of this page type: edited plus derived."""
    if hasattr(page, "rrule"):
        return SERIES_EDITED_FIELDS + SERIES_DERIVED_FIELDS
    return EVENT_EDITED_FIELDS + EVENT_DERIVED_FIELDS


def material_fields(page):
    return SERIES_MATERIAL_FIELDS if hasattr(page, "rrule") else EVENT_MATERIAL_FIELDS


def source_pk(page):
    """The pk of the page whose schedule the group follows; None if `page` itself is it."""
    model = type(page)
    others = list(
        model.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .values_list("pk", "locale_id")
    )
    if not others:
        return None
    # Not at the top: events.models imports this module while the app registry is loading,
    # before wagtail_localize's models may be imported.
    from wagtail_localize.models import TranslationSource

    source_locale = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .order_by("created_at")
        .values_list("locale_id", flat=True)
        .first()
    )
    members = others + ([(page.pk, page.locale_id)] if page.pk else [])
    for pk, locale_id in members:
        if locale_id == source_locale:
            return None if pk == page.pk else pk
    first = min(pk for pk, _locale in members)
    return None if first == page.pk else first


def save_scheduled_page(page, save, *args, **kwargs):
    """Save `page` (through Page.save, passed as `save`) keeping its group on one schedule."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & set(synced_fields(page)):
        return save(*args, **kwargs)
    source = source_pk(page)
    before = None
    if source is None:
        page.derive_schedule()
        before = bump_sequence(page)
    else:
        adopt_schedule(page, source)
    result = save(*args, **kwargs)
    if source is None:
        propagate_schedule(page)
        if before is not None:
            material_change.send(sender=type(page), page=page, before=before)
    return result


def adopt_schedule(page, source):
    values = type(page).objects.filter(pk=source).values(*synced_fields(page)).get()
    for name, value in values.items():
        setattr(page, name, value)


def propagate_schedule(page):
    """Write the source's schedule into its translations' rows, and re-time dependants."""
    fields = synced_fields(page)
    values = {name: getattr(page, name) for name in fields}
    model = type(page)
    model.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).update(**values)
    if hasattr(page, "rrule"):
        retime_inheriting_overrides(page)


def retime_inheriting_overrides(series):
    """Overrides that keep the series' time (no date of their own) follow a series time change."""
    # The domain sits below the models (docs/architecture.md#layers-and-import-contracts), so
    # it asks the app registry for the page type instead of importing it.
    EventPage = apps.get_model("events", "EventPage")
    overrides = EventPage.objects.filter(
        series_key=series.translation_key, start_date__isnull=True, locale_id=series.locale_id
    )
    for override in overrides:
        before = (override.starts_at, override.ends_at)
        override.derive_schedule()
        if (override.starts_at, override.ends_at) != before:
            EventPage.objects.filter(translation_key=override.translation_key).update(
                starts_at=override.starts_at,
                ends_at=override.ends_at,
                sequence=models.F("sequence") + 1,
            )


def bump_sequence(page):
    """Raise SEQUENCE when a published page's time or status changes (not for a typo).

    Returns the schedule as it was when the change is one to announce (`material_change`):
    a bump of a published page, or the first publication of an override that moves or
    cancels its series' date (that date as the series gave it); else None.
    """
    fields = material_fields(page)
    new = tuple(getattr(page, name) for name in fields)
    if page.pk:
        snapshot = (*synced_fields(page), "status_reason")
        old = (
            type(page)
            .objects.filter(pk=page.pk)
            .values(*set(snapshot), "first_published_at")
            .first()
        )
        if old and old["first_published_at"] and tuple(old[n] for n in fields) != new:
            page.sequence = old["sequence"] + 1
            return old
        if old and not old["first_published_at"] and page.first_published_at and page.sequence:
            return series_date_before(page)
        return None
    series = page.parent_series() if hasattr(page, "parent_series") else None
    if series is not None and page.occurrence_date and series.start_time:
        original = series.occurrence_start(page.occurrence_date)
        if page.starts_at != original or page.status != series.status:
            page.sequence = 1


def series_date_before(override):
    """The schedule of an override's date as its series gives it (for `material_change`)."""
    series = override.parent_series()
    if series is None or not override.occurrence_date or not series.start_time:
        return None
    start = series.occurrence_start(override.occurrence_date)
    return {
        "starts_at": start,
        "ends_at": start + series.duration,
        "timezone": series.timezone,
        "status": series.status,
        "status_reason": "",
        "all_day": False,
        "date_tba": False,
        "occurrence_date": override.occurrence_date,
        "sequence": 0,
    }
