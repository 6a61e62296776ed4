"""Writes of the notices app: follows, deliveries, sending (HackSoft style: views call these).

Delivery loses nothing and sends nothing twice (docs/notices.md):

* one `Delivery` row per member, kind and subject (unique), created before anything is sent;
* `send()` locks the row, sends only while it is QUEUED and marks it SENT in the same
  transaction; a concurrent or repeated task finds it SENT and does nothing;
* an SMTP failure leaves it QUEUED with the attempt counted and a next attempt time
  (NOTICES_RETRY_DELAYS, growing); the retry is queued for then, and `manage.py notices`
  (cron) queues any delivery whose time has come, so an outage longer than the delays, or a
  worker restart, loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django_tasks import default_task_backend

from members.models import AccessRequest
from notices import audience, messages
from notices.models import DEFAULT_ZONE, PROVINCE_ZONES, Change, Delivery, Follow, Kind, Profile

logger = logging.getLogger(__name__)
FLAGS = {Kind.NOTICE: "notices", Kind.REMINDER: "reminders", Kind.DIGEST: "digest"}


def profile_for(user):
    """The member's profile, created on first use from their access request: their language,
    and their province's zone."""
    try:
        return user.notice_profile
    except Profile.DoesNotExist:
        pass
    request = AccessRequest.objects.filter(user=user).order_by("-created_at").first()
    defaults = {"language": "en", "timezone": DEFAULT_ZONE}
    if request is not None:
        defaults = {
            "language": request.language,
            "timezone": PROVINCE_ZONES.get(request.province, DEFAULT_ZONE),
        }
    profile, _created = Profile.objects.get_or_create(user=user, defaults=defaults)
    return profile


def queue_change_notices(change_id):
    """One NOTICE delivery per member following the change, each sent by its own task."""
    from notices import tasks

    change = Change.objects.get(pk=change_id)
    users = audience.followers(change, FLAGS[Kind.NOTICE])
    Delivery.objects.bulk_create(
        [
            Delivery(user=user, kind=Kind.NOTICE, change=change, subject_key=change.key)
            for user in users
        ],
        ignore_conflicts=True,
    )
    queued = Delivery.objects.filter(
        kind=Kind.NOTICE, subject_key=change.key, state=Delivery.State.QUEUED, attempts=0
    ).values_list("pk", flat=True)
    for pk in queued:
        tasks.send_delivery.enqueue(pk)


def still_wanted(delivery):
    """Whether the member still follows something this mail is about, with its kind on."""
    flag = FLAGS[delivery.kind]
    follows = Follow.objects.filter(user=delivery.user, **{flag: True})
    if delivery.change is not None:
        change = delivery.change
        follows = follows.filter(audience.scope_q([change.host_key, change.series_key, change.uid]))
    return delivery.user.is_active and follows.exists()


def retry_delay(attempts):
    """Seconds before attempt `attempts + 1`: NOTICES_RETRY_DELAYS, its last value repeated."""
    delays = settings.NOTICES_RETRY_DELAYS
    return delays[min(attempts, len(delays)) - 1]


def send(delivery_id):
    """Send one delivery if it is still queued and wanted; True once it is sent."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("user", "change")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state != Delivery.State.QUEUED:
            return False
        if not still_wanted(delivery):
            delivery.state = Delivery.State.SKIPPED
            delivery.save(update_fields=["state"])
            return False
        message = messages.build(delivery, profile_for(delivery.user))
        if message is None:
            # Nothing left to say (the page is no longer public): never send.
            delivery.state = Delivery.State.SKIPPED
            delivery.save(update_fields=["state"])
            return False
        try:
            # Sent while the row is locked: a second worker waits here, then finds it SENT.
            message.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as error:
            delivery.attempts += 1
            delivery.last_error = f"{type(error).__name__}: {error}"[:300]
            delay = retry_delay(delivery.attempts)
            delivery.next_attempt_at = timezone.now() + dt.timedelta(seconds=delay)
            delivery.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning(
                "notice %s not sent (attempt %s): %s", delivery.pk, delivery.attempts, error
            )
            transaction.on_commit(lambda: _queue_retry(delivery))
            return False
        delivery.state = Delivery.State.SENT
        delivery.attempts += 1
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["state", "attempts", "sent_at"])
        return True


def _queue_retry(delivery):
    from notices import tasks

    if default_task_backend.supports_defer:
        tasks.send_delivery.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    # Without a deferring backend (tasks run inline), `manage.py notices` retries when due.


def queue_due(now=None):
    """Queue a send for every delivery still waiting whose retry time has come (cron)."""
    from notices import tasks

    now = now or timezone.now()
    due = Delivery.objects.filter(state=Delivery.State.QUEUED, next_attempt_at__lte=now)
    pks = list(due.values_list("pk", flat=True))
    for pk in pks:
        tasks.send_delivery.enqueue(pk)
    return len(pks)


def unsubscribe(user_id, kind):
    """Stop `kind` mail for the member, for everything they follow; the number changed."""
    flag = FLAGS.get(kind)
    if flag is None:
        return 0
    return Follow.objects.filter(user_id=user_id, **{flag: True}).update(**{flag: False})
