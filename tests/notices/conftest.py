"""Members who follow, and a call they follow, weeks ahead (inside every feed's window)."""

import datetime as dt

from django.test import TestCase
from django.utils import timezone

import pytest

from events.domain.choices import Audience
from events.reads.access import ELECTED_OFFICIALS, MUNICIPAL_STAFF
from members.models import AccessRequest
from notices.models import Follow
from tests.access_fixtures import canary_details, make_user
from tests.factories import event, publish, series

IN_THREE_WEEKS = (timezone.now() + dt.timedelta(days=21)).date()


def publish_change(page, **fields):
    """Publish a change as an editor does, running what waits for the commit (the notices)."""
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return publish(draft)


def member(django_user_model, name, group, language="en", province="BC", follow=None):
    """A member with an approved access request (their language and province) who follows
    `follow` (a page's translation key, or None for the whole network)."""
    user = make_user(django_user_model, name, *([group] if group else []))
    AccessRequest.objects.create(
        name=name,
        email=user.email,
        municipality="Tofino",
        province=province,
        role="elected",
        language=language,
        status=AccessRequest.Status.APPROVED,
        user=user,
    )
    scope = Follow.Scope.NETWORK if follow is None else Follow.Scope.HOST
    Follow.objects.create(user=user, scope=scope, key=follow)
    return user


@pytest.fixture
def call(event_index):
    """An elected-officials call three weeks ahead, 11:00 Pacific, with join details."""
    page = event(
        event_index,
        title="Bee City",
        start_date=IN_THREE_WEEKS,
        audience=Audience.ELECTED,
    )
    canary_details(page.translation_key)
    return page


@pytest.fixture
def calls(event_index):
    return series(event_index, first_date=IN_THREE_WEEKS, interval=1, title="Weekly call")


@pytest.fixture
def elected_en(django_user_model, db):
    return member(django_user_model, "ann", ELECTED_OFFICIALS, "en", "NS")


@pytest.fixture
def staff_fr(django_user_model, db):
    return member(django_user_model, "zoe", MUNICIPAL_STAFF, "fr", "QC")
