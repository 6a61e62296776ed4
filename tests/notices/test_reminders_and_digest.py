"""Reminders a day before and the Monday digest, queued by `manage.py notices` (cron)."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from events.domain.choices import Audience
from notices import periodic
from notices.models import Delivery, Follow, Kind
from tests.access_fixtures import CANARY, canary_details
from tests.factories import event
from tests.helpers import plain
from tests.notices.conftest import publish_change


@pytest.fixture
def tomorrow_call(event_index):
    """A call 20 hours from now (in the reminder window), elected officials only."""
    start = (timezone.now() + dt.timedelta(hours=20)).astimezone(dt.UTC)
    page = event(
        event_index,
        title="Heat pumps",
        start_date=start.date(),
        start_time=start.time().replace(second=0, microsecond=0),
        end_time=None,
        timezone="UTC",
        audience=Audience.ELECTED,
    )
    canary_details(page.translation_key)
    return page


def opt_in(user, **flags):
    Follow.objects.filter(user=user).update(**flags)


def test_a_reminder_goes_once_to_members_who_opted_in(tomorrow_call, elected_en, staff_fr):
    opt_in(elected_en, reminders=True)
    call_command("notices")
    call_command("notices")  # the next cron run: already reminded
    [message] = mail.outbox
    assert message.to == [elected_en.email]
    assert message.subject == "Reminder: Heat pumps"
    assert CANARY in message.body  # entitled: the join details
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.get().kind == Kind.REMINDER


def test_a_reminder_never_carries_details_to_a_member_not_entitled(tomorrow_call, staff_fr):
    opt_in(staff_fr, reminders=True)
    call_command("notices")
    [message] = mail.outbox
    assert message.subject == "Rappel : Heat pumps"
    assert CANARY not in message.body
    assert CANARY not in message.alternatives[0][0]


def test_no_reminder_for_a_cancelled_call(tomorrow_call, elected_en):
    opt_in(elected_en, reminders=True, notices=False)
    publish_change(tomorrow_call, status="cancelled", status_reason="Storm")
    call_command("notices")
    assert mail.outbox == []


def test_digest_is_due_on_monday_morning_in_the_members_zone():
    monday_8_halifax = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)  # 8:00 AST
    assert periodic.digest_week(monday_8_halifax, "America/Halifax") == "2026-W49"
    # Still Monday 4:00 in Vancouver (UTC-7): too early there.
    assert periodic.digest_week(monday_8_halifax, "America/Vancouver") is None
    assert periodic.digest_week(monday_8_halifax + dt.timedelta(days=1), "America/Halifax") is None


def test_the_weekly_digest_lists_followed_calls_once_a_week(
    tomorrow_call, elected_en, staff_fr, monkeypatch
):
    opt_in(staff_fr, digest=True)
    monday = timezone.now()
    monkeypatch.setattr(periodic, "digest_week", lambda now, zone: "2026-W49")
    assert periodic.queue_digests(monday) == 1
    assert periodic.queue_digests(monday) == 0
    [message] = mail.outbox
    assert message.to == [staff_fr.email]
    assert message.subject == "Vos appels des deux prochaines semaines"
    assert "Heat pumps" in plain(message.body)
    assert CANARY not in message.body
