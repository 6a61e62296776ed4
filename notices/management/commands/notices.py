"""`manage.py notices`: the periodic work of the notices app, for cron (docs/notices.md).

Run it every five minutes. Each run queues, for the `db_worker` process to send:

- the deliveries whose retry time has come (an SMTP outage longer than NOTICES_RETRY_DELAYS,
  or a task lost with a worker, loses nothing);
- a reminder for each member following a call that starts within the next day (once per
  member and call);
- the weekly digest of each member for whom it is Monday morning in their zone (once per
  member and week).
"""

from django.core.management.base import BaseCommand

from notices import periodic, services


class Command(BaseCommand):
    help = "Queue due retries, reminders and weekly digests (run from cron every five minutes)."

    def handle(self, *args, **options):
        retried = services.queue_due()
        reminders = periodic.queue_reminders()
        digests = periodic.queue_digests()
        self.stdout.write(
            f"{retried} deliveries queued for another attempt, "
            f"{reminders} reminders, {digests} digests."
        )
