"""Recording material changes: one Change per SEQUENCE bump, then the notices queued.

`events.domain.schedule` sends `material_change` inside the publishing transaction; the record is
written in it (no record for a publish that rolls back) and the notices are queued when it
commits. The key is the feed's identity of the changed VEVENT (UID, RECURRENCE-ID, SEQUENCE),
so a second publish, which does not raise SEQUENCE, finds nothing to record.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from chapters.models import ChapterPage, WorkingGroupPage
from events.domain.choices import Status
from notices.models import Change

# The schedule fields a record keeps, before and after.
SNAPSHOT = (
    "starts_at",
    "ends_at",
    "timezone",
    "status",
    "all_day",
    "date_tba",
    "start_time",
    "end_time",
    "first_date",
    "frequency",
    "interval",
    "until",
    "count",
    "rrule",
)


def snapshot(values):
    """JSON-safe schedule values (ISO strings) from a dict of field values."""
    encoder = DjangoJSONEncoder()
    result = {}
    for name in SNAPSHOT:
        if name in values:
            value = values[name]
            if isinstance(value, dt.datetime):
                # One form per instant (the page holds it in its zone, the database in UTC).
                value = value.astimezone(dt.UTC)
            if isinstance(value, dt.date | dt.time | dt.datetime):
                value = encoder.default(value)
            result[name] = value
    return result


def what_changed(before, after):
    """[Change.What] between two snapshots: status first, then date, time and zone."""
    what = []
    if before.get("status") != after.get("status"):
        status = after.get("status")
        if status == Status.CANCELLED:
            what.append(Change.What.CANCELLED)
        elif status == Status.POSTPONED:
            what.append(Change.What.POSTPONED)
        elif before.get("status") in (Status.CANCELLED, Status.POSTPONED):
            what.append(Change.What.REINSTATED)
    if before.get("timezone") != after.get("timezone"):
        what.append(Change.What.ZONE)
    old, new = _local(before), _local(after)
    if old and new:
        if old.date() != new.date() or before.get("rrule") != after.get("rrule"):
            what.append(Change.What.DATE)
        if old.time() != new.time() or before.get("ends_at") != after.get("ends_at"):
            what.append(Change.What.TIME)
    elif before.get("starts_at") != after.get("starts_at"):
        what.append(Change.What.DATE)
    return list(dict.fromkeys(what))


def _local(values):
    from zoneinfo import ZoneInfo

    if not values.get("starts_at") or not values.get("timezone"):
        return None
    return dt.datetime.fromisoformat(values["starts_at"]).astimezone(ZoneInfo(values["timezone"]))


def host_key(page):
    """The translation key of the chapter or working group holding `page`, else None."""
    host = page.get_ancestors().type(ChapterPage, WorkingGroupPage).order_by("-depth").first()
    return host.translation_key if host else None


def identity(page):
    """(UID, RECURRENCE-ID, SEQUENCE) of the page's VEVENT, as the feeds write them, and the
    API's id of the event, occurrence or series."""
    from events.reads import occurrences

    if hasattr(page, "rrule"):
        return page.translation_key, None, page.sequence, str(page.translation_key)
    occ = occurrences.occurrence_for_page(page)
    return occ.uid, occ.recurrence_id, occ.sequence, occ.id


def record(page, before):
    """The Change for a material change just saved on `page` (new values), or None if it
    was recorded already or the page is not live."""
    if not page.live:
        return None
    uid, recurrence_id, sequence, event_id = identity(page)
    old = snapshot(before)
    new = snapshot({name: getattr(page, name) for name in SNAPSHOT if hasattr(page, name)})
    group = type(page).objects.filter(translation_key=page.translation_key).select_related("locale")
    titles, reasons = {}, {}
    for member in group:
        titles[member.locale.language_code] = member.title
        reasons[member.locale.language_code] = member.status_reason
    rid = recurrence_id.isoformat() if recurrence_id else ""
    key = f"{uid}/{rid}/{sequence}"
    if Change.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Change.objects.create(
                key=key,
                uid=uid,
                recurrence_id=recurrence_id,
                sequence=sequence,
                event_id=event_id,
                page_key=page.translation_key,
                series_key=page.translation_key
                if hasattr(page, "rrule")
                else getattr(page, "series_key", None),
                host_key=host_key(page),
                is_series=hasattr(page, "rrule"),
                what=what_changed(old, new),
                before=old,
                after=new,
                titles=titles,
                reasons=reasons,
            )
    except IntegrityError:
        # The same change recorded by a concurrent publish since the check.
        return None


def on_material_change(sender, page, before, **kwargs):
    """`events.domain.schedule.material_change` receiver: record, then queue the notices."""
    change = record(page, before)
    if change is not None:
        from notices import tasks

        # The worker creates the deliveries: a publish never waits on a thousand rows.
        transaction.on_commit(lambda: tasks.queue_change_notices.enqueue(change.pk))
