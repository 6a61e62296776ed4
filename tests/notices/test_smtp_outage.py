"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1) that is down when a change is
published: the worker retries with back-off and, once the server is back, delivers each
notice exactly once."""

import datetime as dt
import socket
import time
from email import message_from_bytes

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from aiosmtpd.controller import Controller

from notices.models import Delivery
from tests.notices.conftest import publish_change

# Real commits (the publish queues its notices on commit), the migrations' rows restored after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.fixture
def smtp(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTICES_RETRY_DELAYS = (1,)
    inbox = Inbox()
    started = []

    def start():
        # A stopped controller's event loop is closed: each start is a new server, same port.
        started.append(Controller(inbox, hostname="127.0.0.1", port=port))
        started[-1].start()
        return started[-1]

    yield start, inbox
    for controller in started:
        if not controller.loop.is_closed():
            controller.stop(no_assert=True)


def test_notices_wait_out_an_smtp_outage_and_arrive_once(smtp, call, elected_en, staff_fr):
    start, inbox = smtp
    start().stop()  # the mail server goes down
    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    run_worker()
    waiting = list(Delivery.objects.order_by("pk"))
    assert [d.state for d in waiting] == [Delivery.State.QUEUED] * 2
    assert all(d.attempts == 1 and "Connection" in d.last_error for d in waiting)
    assert all(d.next_attempt_at > timezone.now() - dt.timedelta(seconds=1) for d in waiting)
    assert inbox.messages == [] and mail.outbox == []

    start()  # the server is back
    time.sleep(1.2)  # the back-off (NOTICES_RETRY_DELAYS) passes
    run_worker()
    call_command("notices")  # cron: nothing is due any more
    run_worker()
    recipients = sorted(rcpt for rcpts, _message in inbox.messages for rcpt in rcpts)
    assert recipients == sorted([elected_en.email, staff_fr.email])
    assert all(d.state == Delivery.State.SENT and d.attempts == 2 for d in Delivery.objects.all())
    _rcpts, message = inbox.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    types = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= types
