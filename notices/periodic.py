"""Reminders and the weekly digest: what `manage.py notices` queues on each cron run.

Both create their delivery rows first (unique per member, kind and subject: the occurrence
for a reminder, the ISO week for a digest), so a cron run repeated, overlapping or late sends
nothing twice; each row is then sent by its own task, like a change notice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.utils import timezone

from wagtail.models import Page

from chapters.models import ChapterPage, WorkingGroupPage
from events.domain.choices import Status
from events.reads import occurrences
from notices.models import Delivery, Follow, Kind

REMINDER_AHEAD = dt.timedelta(hours=24)
DIGEST_AHEAD = dt.timedelta(days=14)
# The digest goes from this local hour on Monday (until the end of the morning).
DIGEST_HOURS = range(7, 12)


def _host_keys():
    """[(path, translation key)] of every chapter and working group, deepest first."""
    hosts = Page.objects.type(ChapterPage, WorkingGroupPage).values_list("path", "translation_key")
    return sorted(hosts, key=lambda h: -len(h[0]))


def keys_of(occ, hosts):
    """What following makes a member follow `occ`: its host's and its series' keys."""
    keys = {next((key for path, key in hosts if occ.page.path.startswith(path)), None)}
    if occ.series is not None:
        keys.add(occ.series.translation_key)
    keys.discard(None)
    return keys


def followed(occs, flag):
    """{user id: [occurrence]} of the members whose `flag` follows cover each occurrence."""
    hosts = _host_keys()
    wanted = defaultdict(set)  # user id -> keys (None: the whole network)
    for user_id, key in (
        Follow.objects.filter(**{flag: True}, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "key")
    ):
        wanted[user_id].add(key)
    result = {}
    for user_id, keys in wanted.items():
        mine = [o for o in occs if None in keys or keys_of(o, hosts) & keys]
        if mine:
            result[user_id] = mine
    return result


def queue_reminders(now=None):
    """A REMINDER for each member following a call that starts within the next day."""
    now = now or timezone.now()
    occs = occurrences.occurrences_between(now, now + REMINDER_AHEAD, "en")
    occs = [o for o in occs if o.start >= now and not o.all_day and not o.date_tba]
    occs = [o for o in occs if o.status not in (Status.CANCELLED, Status.POSTPONED)]
    deliveries = [
        Delivery(user_id=user_id, kind=Kind.REMINDER, subject_key=occ.id)
        for user_id, mine in followed(occs, "reminders").items()
        for occ in mine
    ]
    return _create_and_send(deliveries, now)


def digest_week(now, zone):
    """The ISO week ("2026-W49") whose digest is due now in `zone`, or None."""
    local = now.astimezone(ZoneInfo(zone))
    if local.weekday() != 0 or local.hour not in DIGEST_HOURS:
        return None
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def queue_digests(now=None):
    """A DIGEST for each member who wants one and for whom it is Monday morning."""
    from notices.services import profile_for

    now = now or timezone.now()
    user_ids = set(Follow.objects.filter(digest=True).values_list("user_id", flat=True))
    due = {}
    for follow in Follow.objects.filter(user_id__in=user_ids).select_related("user"):
        if follow.user_id in due:
            continue
        week = digest_week(now, profile_for(follow.user).timezone)
        if week is not None:
            due[follow.user_id] = week
    if not due:
        return 0
    deliveries = [
        Delivery(user_id=user_id, kind=Kind.DIGEST, subject_key=week)
        for user_id, week in due.items()
    ]
    return _create_and_send(deliveries, now)


def _create_and_send(deliveries, now):
    """Create the rows that do not exist yet and queue a send for each one created now."""
    from notices import tasks

    if not deliveries:
        return 0
    existing = set(
        Delivery.objects.filter(
            kind=deliveries[0].kind,
            subject_key__in={d.subject_key for d in deliveries},
            user_id__in={d.user_id for d in deliveries},
        ).values_list("user_id", "subject_key")
    )
    new = [d for d in deliveries if (d.user_id, d.subject_key) not in existing]
    Delivery.objects.bulk_create(new, ignore_conflicts=True)
    created = Delivery.objects.filter(
        kind=deliveries[0].kind,
        state=Delivery.State.QUEUED,
        attempts=0,
        subject_key__in={d.subject_key for d in new},
        user_id__in={d.user_id for d in new},
    ).values_list("pk", "user_id", "subject_key")
    wanted = {(d.user_id, d.subject_key) for d in new}
    count = 0
    for pk, user_id, key in created:
        if (user_id, key) in wanted:
            tasks.send_delivery.enqueue(pk)
            count += 1
    return count


def digest_occurrences(user_id, now, language):
    """The followed calls of the coming two weeks for one member, soonest first."""
    occs = occurrences.occurrences_between(now, now + DIGEST_AHEAD, language)
    occs = [o for o in occs if not o.date_tba]
    return followed(occs, "digest").get(user_id, [])
