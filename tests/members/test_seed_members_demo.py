"""seed_members_demo: demo access details and members, development only, idempotent."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from events.domain.choices import Audience
from events.models import AccessDetails
from events.reads.access import access_details_for
from tests.factories import event, series

pytestmark = pytest.mark.django_db


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_members_demo")
    assert not AccessDetails.objects.exists()


def test_demo_member_sees_demo_series_details(settings, event_index, django_user_model):
    settings.DEBUG = True
    calls = series(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    event(event_index, title="Open", audience=Audience.PUBLIC)
    out = StringIO()
    call_command("seed_members_demo", password="demo-pass-1234", stdout=out)
    call_command("seed_members_demo", stdout=StringIO())
    # The restricted series' details, and the open event's link published openly; the second
    # run adds nothing.
    assert AccessDetails.objects.count() == 2
    assert AccessDetails.objects.filter(publish_openly=True).count() == 1
    elected = django_user_model.objects.get(username="elected@example.org")
    staff = django_user_model.objects.get(username="staff@example.org")
    assert elected.check_password("demo-pass-1234")
    assert access_details_for(elected, [calls])[str(calls.translation_key)].join_url.endswith(
        calls.slug
    )
    assert access_details_for(staff, [calls]) == {}
    assert "elected@example.org (Elected officials) password: demo-pass-1234" in out.getvalue()
