"""Background work through django-tasks (the `db_worker` process in production).

Arguments are primary keys: a task reads the database when it runs, never a stale copy.
"""

from django_tasks import task


@task()
def queue_change_notices(change_id):
    """Create the deliveries of one change and queue one send each."""
    from notices import services

    services.queue_change_notices(change_id)


@task()
def send_delivery(delivery_id):
    """Send one delivery, at most once; on an SMTP failure, schedule a retry (back-off)."""
    from notices import services

    services.send(delivery_id)
